export {
  loadPseudonymKey,
  normaliseNationalId,
  pseudonymOf,
  localPseudonymOf,
  personIdOf,
} from './pseudonym.js';
export type { PseudonymKey } from './pseudonym.js';
