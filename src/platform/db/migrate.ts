import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly error: string | null;
}

/** Applies every pending migration in name order; the outcome is a value, not an exception. */
export async function migrate(
  db: Database,
  migrations: Readonly<Record<string, Migration>>,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    migrationTableName: 'salus_migration',
    migrationLockTableName: 'salus_migration_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const failed = (result.results ?? []).find((r) => r.status === 'Error');
  const error =
    result.error === undefined
      ? null
      : `${failed === undefined ? 'migration' : `migration ${failed.migrationName}`} failed: ${
          result.error instanceof Error ? result.error.message : JSON.stringify(result.error)
        }`;
  return { applied, error };
}
