export { openDatabase } from './database.js';
export type { Database } from './database.js';
export { migrate } from './migrate.js';
export type { MigrationReport } from './migrate.js';
