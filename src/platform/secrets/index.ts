export { loadNodeSecrets } from './node-secrets.js';
export type { NodeSecrets } from './node-secrets.js';
