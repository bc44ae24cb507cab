/**
 * The thin layer over @duckdb/node-api that the rest of the lake uses. Only the lake imports DuckDB, so that
 * the engine can change (Trino or Spark over the same Parquet files) without the rest of Salus noticing.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

export interface DuckSettings {
  /** DuckDB's own memory cap; past it, joins and sorts spill to `tempDirectory`. */
  readonly memoryLimit: string;
  readonly threads: number;
  readonly tempDirectory: string;
}

export async function createInstance(settings: DuckSettings): Promise<DuckDBInstance> {
  return DuckDBInstance.create(':memory:', {
    memory_limit: settings.memoryLimit,
    threads: String(settings.threads),
    temp_directory: settings.tempDirectory,
    // Give memory back to the system soon after a delivery's build, so the node's footprint stays small:
    // threads flush their caches past 16 MB, and jemalloc's background threads return freed pages within
    // seconds (without them a million-person build left the node 110-180 MiB larger until its next build).
    allocator_flush_threshold: '16MB',
    allocator_background_threads: 'true',
    // Keeping rows in input order costs memory in big COPYs; the lake's files are ordered explicitly instead.
    preserve_insertion_order: 'false',
  });
}

/** A connection with the lake's macros: `eid(text)` is the deterministic 63-bit row id of a source key. */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run('CREATE OR REPLACE TEMP MACRO eid(x) AS CAST(md5_number(x) >> 65 AS BIGINT)');
  return connection;
}

export async function all(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson();
}

export async function scalarNumber(connection: DuckDBConnection, sql: string): Promise<number> {
  const rows = await all(connection, sql);
  const first = rows[0];
  const value = first === undefined ? undefined : Object.values(first)[0];
  return value === null || value === undefined ? 0 : Number(value);
}

/** A SQL string literal. */
export const lit = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** A SQL list of string literals, e.g. for read_parquet([...]). */
export const litList = (values: readonly string[]): string => `[${values.map(lit).join(', ')}]`;
