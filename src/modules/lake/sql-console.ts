/**
 * The workspace's SQL console: a DuckDB of its own over one extract's Parquet files and nothing else.
 *
 * Two layers, each enough on its own for files, network and extensions:
 * 1. The engine. Views over the extract's files are created, `allowed_paths` lists exactly those files, then
 *    external access is switched off (no other file, no COPY TO, no ATTACH of a file, no http/s3, no
 *    extension directory), extension auto-install and auto-load are off, and the configuration is locked so
 *    that no statement can undo it. Spilling to disk is off: DuckDB 1.5 adds the temp directory to the
 *    allowed directories when external access is off, which would let a user write and read files there.
 * 2. The statement. One statement per call, and only a query: it must serialise as a SELECT (DESCRIBE,
 *    SUMMARIZE, SHOW and FROM-first queries do), and it may not call the functions the lock does not cover
 *    (`enable_logging` writes through the lock and crashes the process when it cannot, `enable_profiling`
 *    prints to the node's output, `query`/`json_execute_serialized_sql` run SQL the check never saw,
 *    `arrow_scan` reads raw memory). Table functions are allowed by name, scalar functions refused by name.
 * A query runs under a time limit (DuckDB has no statement timeout: the connection is interrupted), and its
 * rows are streamed until the displayed-row limit. Errors come back as values with a plain message.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  StatementType,
  type DuckDBConnection,
  type DuckDBExtractedStatements,
  type DuckDBPreparedStatement,
  type Json,
} from '@duckdb/node-api';
import { AppError } from '../../platform/errors/index.js';
import { lit, litList } from './duck.js';

export interface SqlConsoleLimits {
  /** DuckDB's memory cap, e.g. '512MB'; a query that needs more fails (nothing spills to disk). */
  readonly memoryLimit: string;
  readonly threads: number;
  /** A statement still running after this is interrupted. */
  readonly timeoutMs: number;
  /** At most this many rows are returned; `truncated` says there were more. */
  readonly maxRows: number;
}

export const defaultSqlConsoleLimits: SqlConsoleLimits = {
  memoryLimit: '512MB',
  threads: 2,
  timeoutMs: 30_000,
  maxRows: 5_000,
};

export interface ConsoleColumn {
  readonly name: string;
  /** DuckDB's name of the type: BIGINT, VARCHAR, DATE, DECIMAL(18,3)… */
  readonly type: string;
}

/** A JSON-safe cell: integers beyond 2^53 come as strings, dates and timestamps as ISO-like strings. */
export type ConsoleValue = Json;

export interface ConsoleResult {
  readonly ok: true;
  readonly columns: readonly ConsoleColumn[];
  readonly rows: readonly (readonly ConsoleValue[])[];
  /** Rows returned (at most the limit). */
  readonly rowCount: number;
  /** The query had more rows than the limit. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export type ConsoleErrorCode =
  | 'console.empty'
  | 'console.multiple_statements'
  | 'console.syntax'
  | 'console.not_a_query'
  | 'console.function_refused'
  | 'console.file_access_refused'
  | 'console.network_refused'
  | 'console.extension_refused'
  | 'console.settings_locked'
  | 'console.timeout'
  | 'console.out_of_memory'
  | 'console.query_failed'
  | 'console.closed';

export interface ConsoleFailure {
  readonly ok: false;
  readonly code: ConsoleErrorCode;
  readonly message: string;
  readonly elapsedMs: number;
}

export type ConsoleOutcome = ConsoleResult | ConsoleFailure;

export interface SqlConsole {
  /** The extract's tables, as views. */
  readonly tables: readonly string[];
  /** Runs one query; calls are served one at a time. */
  run(sql: string): Promise<ConsoleOutcome>;
  /** Stops a running query and closes the DuckDB. */
  close(): Promise<void>;
}

/**
 * Table functions a query may use: generators, unnesting, JSON, the catalogue's own description, and the
 * file readers (for the engine to refuse anything but the extract's files: the tests show it does).
 */
const allowedTableFunctions: ReadonlySet<string> = new Set([
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'repeat_row',
  'json_each',
  'json_tree',
  'histogram',
  'histogram_values',
  'summary',
  'duckdb_columns',
  'duckdb_tables',
  'duckdb_views',
  'duckdb_schemas',
  'duckdb_types',
  'duckdb_functions',
  'duckdb_keywords',
  'duckdb_settings',
  'pragma_table_info',
  'pragma_show',
  'pragma_version',
  'read_parquet',
  'parquet_scan',
  'parquet_metadata',
  'parquet_schema',
  'read_csv',
  'read_csv_auto',
  'read_json',
  'read_json_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_text',
  'read_blob',
  'glob',
  'sniff_csv',
]);

/** Scalar functions and tables with effects beyond the query, or that run SQL the check has not seen. */
const refusedNames: ReadonlySet<string> = new Set([
  'write_log',
  'enable_logging',
  'disable_logging',
  'truncate_duckdb_logs',
  'duckdb_logs',
  'duckdb_log_contexts',
  'duckdb_logs_parsed',
  'enable_profiling',
  'disable_profiling',
  'query',
  'query_table',
  'json_execute_serialized_sql',
  'checkpoint',
  'force_checkpoint',
  'enable_peg_parser',
  'disable_peg_parser',
  'arrow_scan',
  'arrow_scan_dumb',
]);

const tableNamePattern = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Opens a console over the extract in `extractDir` (one view per `<table>.parquet`). The DuckDB behind it
 * is the caller's to close with `close()`.
 */
export async function openSqlConsole(
  extractDir: string,
  limits: SqlConsoleLimits = defaultSqlConsoleLimits,
): Promise<SqlConsole> {
  if (!(Number.isInteger(limits.threads) && limits.threads >= 1))
    throw new AppError('invalid', 'console.limits_invalid', 'threads must be a whole number of at least 1.');
  if (!(Number.isInteger(limits.maxRows) && limits.maxRows >= 1 && limits.timeoutMs > 0))
    throw new AppError('invalid', 'console.limits_invalid', 'maxRows and timeoutMs must be positive.');
  const dir = path.resolve(extractDir);
  const tables = readdirSync(dir)
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => f.slice(0, -'.parquet'.length))
    .filter((t) => tableNamePattern.test(t))
    .sort();
  const files = tables.map((t) => path.join(dir, `${t}.parquet`));
  const instance = await hardenedInstance(limits, async (connection) => {
    for (const [i, table] of tables.entries()) {
      await connection.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet(${lit(files[i] ?? '')})`);
    }
    return files;
  });
  const connection = await instance.connect();
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    tables,
    run(sql: string): Promise<ConsoleOutcome> {
      const next = chain.then(() =>
        closed ? failure('console.closed', 'The console is closed.', 0) : runQuery(connection, sql, limits),
      );
      chain = next.catch(() => undefined);
      return next;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      connection.interrupt();
      await chain;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * A DuckDB with the console's settings: `prepare` runs first (creating the views) and returns the files
 * the instance may read; then external access goes off and the configuration is locked. Exported for the
 * tests that show the engine alone refuses what the statement check also refuses.
 */
export async function hardenedInstance(
  limits: SqlConsoleLimits,
  prepare: (connection: DuckDBConnection) => Promise<readonly string[]>,
): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    // No spilling: see the top of this file.
    temp_directory: '',
    // As in the lake: rows without ORDER BY come in any order, which saves memory in big scans.
    preserve_insertion_order: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    allow_persistent_secrets: 'false',
  });
  try {
    const setup = await instance.connect();
    try {
      const files = await prepare(setup);
      if (files.length > 0) await setup.run(`SET allowed_paths = ${litList(files)}`);
      for (const statement of [
        'SET enable_external_access = false',
        'SET autoinstall_known_extensions = false',
        'SET autoload_known_extensions = false',
        'SET allow_community_extensions = false',
        'SET lock_configuration = true',
      ]) {
        await setup.run(statement);
      }
    } finally {
      setup.closeSync();
    }
  } catch (e) {
    instance.closeSync();
    throw e;
  }
  return instance;
}

const failure = (code: ConsoleErrorCode, message: string, elapsedMs: number): ConsoleFailure => ({
  ok: false,
  code,
  message,
  elapsedMs,
});

async function runQuery(
  connection: DuckDBConnection,
  sql: string,
  limits: SqlConsoleLimits,
): Promise<ConsoleOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  if (sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|[\s;]/g, '') === '')
    return failure('console.empty', 'Write a query: the console received no SQL.', elapsed());

  // The engine reads the text as a C string: what follows a NUL would be checked and run differently.
  if (sql.includes('\u0000'))
    return failure('console.syntax', 'The SQL holds a NUL character; remove it.', elapsed());
  let extracted: DuckDBExtractedStatements;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (e) {
    return failure('console.syntax', `The SQL does not parse: ${engineMessage(e)}`, elapsed());
  }
  if (extracted.count !== 1)
    return failure(
      'console.multiple_statements',
      `Run one statement at a time: this text holds ${String(extracted.count)}.`,
      elapsed(),
    );

  const refusal = await checkStatement(connection, sql);
  if (refusal !== null) return { ...refusal, elapsedMs: elapsed() };

  const state = { timedOut: false };
  const timer = setTimeout(() => {
    state.timedOut = true;
    connection.interrupt();
  }, limits.timeoutMs);
  let prepared: DuckDBPreparedStatement | null = null;
  try {
    prepared = await extracted.prepare(0);
    if (prepared.statementType !== StatementType.SELECT)
      return failure('console.not_a_query', notAQuery(sql), elapsed());
    const result = await prepared.stream();
    const types = result.columnTypes();
    const columns = result.columnNames().map((name, i) => ({ name, type: types[i]?.toString() ?? '' }));
    const rows: ConsoleValue[][] = [];
    let truncated = false;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const room = limits.maxRows - rows.length;
      const converted = chunk.convertRows(JsonDuckDBValueConverter);
      for (const row of converted.slice(0, room)) rows.push(row.map((v, i) => jsonSafe(v, types[i]?.typeId)));
      if (converted.length > room) {
        truncated = true;
        break;
      }
    }
    return { ok: true, columns, rows, rowCount: rows.length, truncated, elapsedMs: elapsed() };
  } catch (e) {
    if (state.timedOut)
      return failure(
        'console.timeout',
        `The query ran longer than the limit of ${formatSeconds(limits.timeoutMs)} and was stopped.`,
        elapsed(),
      );
    return { ...classify(e), elapsedMs: elapsed() };
  } finally {
    clearTimeout(timer);
    prepared?.destroySync();
  }
}

/** Refuses what is not one plain query, or calls what the console does not offer. */
async function checkStatement(
  connection: DuckDBConnection,
  sql: string,
): Promise<Omit<ConsoleFailure, 'elapsedMs'> | null> {
  // A literal rather than a parameter: one round trip to the engine instead of two.
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${lit(sql)}) AS tree`);
  const cell = reader.getRowsJson()[0]?.[0];
  const tree = JSON.parse(typeof cell === 'string' ? cell : '{}') as { error?: boolean };
  if (tree.error === true) return { ok: false, ...kindOfRefusal(sql) };
  for (const name of calledNames(tree)) {
    if (name.kind === 'table-function' ? !allowedTableFunctions.has(name.name) : refusedNames.has(name.name))
      return {
        ok: false,
        code: 'console.function_refused',
        message: `${name.name} is not available in the workspace console.`,
      };
  }
  return null;
}

interface CalledName {
  readonly kind: 'table-function' | 'function' | 'table';
  readonly name: string;
}

/** Every table function, function and table a serialised statement names, at any depth. */
function calledNames(tree: unknown): CalledName[] {
  const names: CalledName[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TABLE_FUNCTION') {
      const fn = record.function as Record<string, unknown> | undefined;
      if (typeof fn?.function_name === 'string')
        names.push({ kind: 'table-function', name: fn.function_name.toLowerCase() });
    } else if (typeof record.function_name === 'string') {
      names.push({ kind: 'function', name: record.function_name.toLowerCase() });
    }
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string')
      names.push({ kind: 'table', name: record.table_name.toLowerCase() });
    for (const value of Object.values(record)) walk(value);
  };
  walk(tree);
  return names;
}

const firstWord = (sql: string): string =>
  (/^[\s(]*(\w+)/.exec(sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' '))?.[1] ?? '').toUpperCase();

function kindOfRefusal(sql: string): Omit<ConsoleFailure, 'elapsedMs' | 'ok'> {
  switch (firstWord(sql)) {
    case 'INSTALL':
    case 'LOAD':
    case 'FORCE':
    case 'UPDATE':
      if (/^\s*(FORCE\s+INSTALL|INSTALL|LOAD|UPDATE\s+EXTENSIONS)\b/i.test(sql))
        return {
          code: 'console.extension_refused',
          message: 'Extensions cannot be installed or loaded in the workspace console.',
        };
      return { code: 'console.not_a_query', message: notAQuery(sql) };
    case 'SET':
    case 'RESET':
    case 'PRAGMA':
      return {
        code: 'console.settings_locked',
        message: "The console's settings are locked: SET, RESET and PRAGMA are not available.",
      };
    case 'COPY':
    case 'EXPORT':
    case 'IMPORT':
    case 'ATTACH':
    case 'DETACH':
      return {
        code: 'console.file_access_refused',
        message: `${firstWord(sql)} reads or writes files or databases outside the extract: the console offers the extract's tables only. To take a result out, save it and file an output request.`,
      };
    default:
      return { code: 'console.not_a_query', message: notAQuery(sql) };
  }
}

const notAQuery = (sql: string): string =>
  `Only queries run in the workspace console (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, SHOW)${
    firstWord(sql) === '' ? '' : `: ${firstWord(sql)} is not one`
  }.`;

/** The engine's refusal in the console's words. */
function classify(e: unknown): Omit<ConsoleFailure, 'elapsedMs'> {
  const message = engineMessage(e);
  if (/^Permission Error|"exception_type":"Permission"|file system operations are disabled/i.test(message)) {
    const target = /Cannot access (?:file|directory) "([^"]*)"/.exec(message)?.[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target))
      return {
        ok: false,
        code: 'console.network_refused',
        message: `The workspace console has no network access: ${target} cannot be read.`,
      };
    if (/extension/i.test(message) || /extensions/.test(target))
      return {
        ok: false,
        code: 'console.extension_refused',
        message: 'Extensions cannot be installed or loaded in the workspace console.',
      };
    return {
      ok: false,
      code: 'console.file_access_refused',
      message: `The workspace console reads the extract's tables only${target === '' ? '' : `: "${target}" is out of reach`}. Query the tables by name (SHOW TABLES lists them).`,
    };
  }
  if (/lock|configuration has been locked/i.test(message) && /configuration/i.test(message))
    return {
      ok: false,
      code: 'console.settings_locked',
      message: "The console's settings are locked and cannot be changed.",
    };
  if (/^Out of Memory Error/i.test(message))
    return {
      ok: false,
      code: 'console.out_of_memory',
      message: `The query needs more memory than the console's limit. Aggregate earlier, select fewer columns or add filters. (${message})`,
    };
  if (/^INTERRUPT/i.test(message))
    return { ok: false, code: 'console.timeout', message: 'The query was stopped.' };
  if (/^Parser Error/i.test(message)) return { ok: false, code: 'console.syntax', message };
  return { ok: false, code: 'console.query_failed', message };
}

/** DuckDB's message without the "LINE 1: …" excerpt it appends. */
function engineMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n\nLINE')[0] ?? text).replace(/^Failed to extract statements: /, '').trim();
}

const integerTypes: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);

/** BIGINT and friends become numbers when exact, DECIMAL a number; everything else is JSON already. */
function jsonSafe(value: Json, type: DuckDBTypeId | undefined): Json {
  if (typeof value !== 'string' || type === undefined) return value;
  if (integerTypes.has(type)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (type === DuckDBTypeId.DECIMAL) {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

const formatSeconds = (ms: number): string =>
  ms % 1000 === 0 ? `${String(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
