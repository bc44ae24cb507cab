import type { Migration } from 'kysely';
import { auditMigrations } from '../modules/audit/index.js';
import { identityMigrations } from '../modules/identity/index.js';
import { catalogueMigrations } from '../modules/catalogue/migrations.js';
import { accessMigrations } from '../modules/access/migrations.js';
import { deliveryMigrations } from '../modules/deliveries/migrations.js';
import { qualityMigrations } from '../modules/quality/index.js';
import { workspaceMigrations } from '../modules/workspace/index.js';

/** Every module's migrations, applied in name order (the number prefix is global across modules). */
export const migrations: Readonly<Record<string, Migration>> = {
  ...identityMigrations,
  ...auditMigrations,
  ...catalogueMigrations,
  ...accessMigrations,
  ...deliveryMigrations,
  ...qualityMigrations,
  ...workspaceMigrations,
};
