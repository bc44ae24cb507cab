export {
  loadPseudonymKey,
  normaliseNationalId,
  pseudonymOf,
  localPseudonymOf,
  patientRefSaltOf,
  personIdOf,
} from './pseudonym.js';
export type { PseudonymKey } from './pseudonym.js';
