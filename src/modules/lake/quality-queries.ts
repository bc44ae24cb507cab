/**
 * What the quality checks need from the lake: the rows of one scope (the whole lake, one data holder, one
 * delivery) as a SQL source per OMOP table, and a way to run a batch of read-only count queries over them.
 * The checks themselves are written in the quality module; only this file knows where a scope's rows live.
 */
import { AppError } from '../../platform/errors/index.js';
import { cdmTables, type CdmTableName } from './cdm-schema.js';
import { DeliveryStore, assertHolderId, type DeliveryManifest } from './delivery-store.js';
import { litList, type Row } from './duck.js';
import type { Lake } from './lake.js';

/** Which rows a quality run looks at. */
export type LakeScope =
  | { readonly kind: 'lake' }
  | { readonly kind: 'holder'; readonly holderId: string }
  | { readonly kind: 'delivery'; readonly deliveryId: string };

/** Tables whose rows several deliveries may repeat by design: one row per id across files, as the views do. */
const sharedByDesign: ReadonlySet<CdmTableName> = new Set([
  'person',
  'death',
  'observation_period',
  'location',
  'care_site',
  'provider',
]);

/** The committed deliveries a scope covers, oldest first. */
export function deliveriesInScope(lake: Lake, scope: LakeScope): readonly DeliveryManifest[] {
  const all = lake.deliveries();
  switch (scope.kind) {
    case 'lake':
      return all;
    case 'holder':
      assertHolderId(scope.holderId);
      return all.filter((m) => m.holderId === scope.holderId);
    case 'delivery': {
      const found = all.filter((m) => m.deliveryId === scope.deliveryId);
      if (found.length === 0) {
        throw new AppError(
          'not_found',
          'lake.delivery_unknown',
          `No committed delivery ${scope.deliveryId}.`,
        );
      }
      return found;
    }
  }
}

/**
 * A SQL source (`(SELECT …)`, usable after FROM) with the rows of `table` in the scope, or null when no
 * delivery of the scope has the table. The whole lake is its views (what a data user sees: one person row
 * per person). A holder or delivery is its Parquet files: event rows as delivered (a row repeated in one
 * file stays repeated, so duplicates show), person, death and reference rows once per id across files.
 */
export function scopedTableSource(lake: Lake, scope: LakeScope, table: CdmTableName): string | null {
  if (scope.kind === 'lake') return `(SELECT * FROM ${table})`;
  const store = new DeliveryStore(lake.dir);
  const files = deliveriesInScope(lake, scope)
    .filter((m) => (m.tables[table] ?? 0) > 0)
    .map((m) => store.tableFile(m.deliveryId, table));
  if (files.length === 0) return null;
  const columns = cdmTables[table].map((c) => c.name).join(', ');
  if (!sharedByDesign.has(table) || files.length === 1) {
    return `(SELECT ${columns} FROM read_parquet(${litList(files)}))`;
  }
  const id = table === 'death' ? 'person_id' : (cdmTables[table][0]?.name ?? 'person_id');
  // Every row of the first file that has the id: repeats inside one delivery stay visible.
  return `(SELECT ${columns} FROM read_parquet(${litList(files)}, filename = true)
    QUALIFY dense_rank() OVER (PARTITION BY ${id} ORDER BY filename) = 1)`;
}

/** One named read-only query of a batch. */
export interface CountQuery {
  readonly name: string;
  readonly sql: string;
}

/** The outcome of one query: its rows (and the first of them), or the engine's error message. */
export type CountQueryOutcome =
  | { readonly name: string; readonly row: Row; readonly rows: readonly Row[] }
  | { readonly name: string; readonly error: string };

/**
 * Runs the queries one after another on the lake's session; a failing query is reported, not thrown, so
 * one broken check does not stop the others.
 */
export async function runCountQueries(
  lake: Lake,
  queries: readonly CountQuery[],
): Promise<readonly CountQueryOutcome[]> {
  const outcomes: CountQueryOutcome[] = [];
  for (const q of queries) {
    try {
      const rows = await lake.query(q.sql);
      outcomes.push({ name: q.name, row: rows[0] ?? {}, rows });
    } catch (e) {
      outcomes.push({ name: q.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return outcomes;
}

let temporaryCounter = 0;

/** A temporary table of a run: its name and the query that fills it (which may read the tables before it). */
export interface TemporaryTable {
  readonly name: string;
  readonly sql: string | ((tableOf: (name: string) => string) => string);
}

/**
 * Runs `work` with temporary tables built once in the lake's session, in order (lookups many queries join,
 * such as each person's birth and death), named `<prefix>_<n>_<name>`; `release` drops one as soon as
 * nothing reads it any more (its memory then serves the queries after it), the rest are dropped at the end.
 */
export async function withTemporaryTables<T>(
  lake: Lake,
  definitions: readonly TemporaryTable[],
  work: (tableOf: (name: string) => string, release: (name: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const prefix = `salus_tmp_${String(++temporaryCounter)}`;
  const names = new Map<string, string>();
  const tableOf = (name: string): string => {
    const table = names.get(name);
    if (table === undefined) throw new AppError('invalid', 'lake.temporary_unknown', `No temporary ${name}.`);
    return table;
  };
  const release = async (name: string): Promise<void> => {
    const table = names.get(name);
    if (table === undefined) return;
    names.delete(name);
    await lake.query(`DROP TABLE IF EXISTS ${table}`);
  };
  try {
    for (const d of definitions) {
      if (!/^[a-z][a-z0-9_]*$/.test(d.name)) {
        throw new AppError('invalid', 'lake.temporary_name_invalid', `Bad temporary table name ${d.name}.`);
      }
      const table = `${prefix}_${d.name}`;
      await lake.query(`CREATE TEMP TABLE ${table} AS ${typeof d.sql === 'string' ? d.sql : d.sql(tableOf)}`);
      names.set(d.name, table);
    }
    return await work(tableOf, release);
  } finally {
    for (const table of names.values()) await lake.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
