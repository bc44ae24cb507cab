import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery } from '../ingest/index.js';
import { synthesize } from '../synth/index.js';
import { buildExtract } from './extract.js';
import { openLake, type Lake } from './index.js';
import {
  defaultSqlConsoleLimits,
  hardenedInstance,
  openSqlConsole,
  type ConsoleOutcome,
  type ConsoleResult,
  type SqlConsole,
  type SqlConsoleLimits,
} from './sql-console.js';

let root: string;
let lake: Lake;
let extractDir: string;
let lakeFile: string;
let sqlConsole: SqlConsole;
const limits: SqlConsoleLimits = { memoryLimit: '256MB', threads: 2, timeoutMs: 1_500, maxRows: 500 };

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'salus-console-'));
  const synthDir = path.join(root, 'synth');
  await synthesize({ persons: 300, seed: 5, outDir: synthDir, noise: 'none', holders: ['hospital'] });
  lake = await openLake({ dir: path.join(root, 'lake'), vocabularyDir: null });
  const key = loadPseudonymKey(path.join(root, 'secrets'));
  await ingestDelivery({
    lake,
    holderId: 'DH-HOSPITAL',
    paths: [path.join(synthDir, 'hospital')],
    pseudonymKey: key,
  });
  const delivery = lake.deliveries()[0]?.deliveryId ?? '';
  lakeFile = path.join(lake.dir, 'deliveries', delivery, 'person.parquet');
  const built = await buildExtract(
    lake,
    {
      permitId: 'permit-console',
      sources: [
        {
          holderId: 'DH-HOSPITAL',
          variables: ['person', 'condition_occurrence', 'measurement', 'visit_occurrence'],
        },
      ],
      period: null,
      cohort: null,
      optedOutPseudonyms: [],
      rekeySecret: 'a permit secret of at least 16 bytes',
      dateShift: { enabled: false, maxDays: 0 },
    },
    path.join(root, 'workspace', 'extract'),
  );
  extractDir = built.dir;
  sqlConsole = await openSqlConsole(extractDir, limits);
}, 120_000);

afterAll(async () => {
  await sqlConsole.close();
  await lake.close();
  rmSync(root, { recursive: true, force: true });
});

function ok(outcome: ConsoleOutcome): ConsoleResult {
  if (!outcome.ok) throw new Error(`expected rows, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

describe('the workspace SQL console', { timeout: 30_000 }, () => {
  it('answers a cohort query: diabetes patients by age band', async () => {
    expect(sqlConsole.tables).toEqual(['condition_occurrence', 'measurement', 'person', 'visit_occurrence']);
    const result = ok(
      await sqlConsole.run(`
        -- persons with type 2 diabetes, by age band in 2020
        SELECT CASE WHEN 2020 - p.year_of_birth < 40 THEN '<40'
                    WHEN 2020 - p.year_of_birth < 65 THEN '40-64' ELSE '65+' END AS age_band,
               count(DISTINCT p.person_id) AS patients
        FROM person p JOIN condition_occurrence c USING (person_id)
        WHERE c.condition_source_value = '44054006'
        GROUP BY age_band ORDER BY age_band`),
    );
    expect(result.columns).toEqual([
      { name: 'age_band', type: 'VARCHAR' },
      { name: 'patients', type: 'BIGINT' },
    ]);
    const total = result.rows.reduce((sum, r) => sum + Number(r[1]), 0);
    const [expected] = await lake.query(
      `SELECT count(DISTINCT person_id) AS n FROM read_parquet('${path.join(extractDir, 'condition_occurrence.parquet')}')
       WHERE condition_source_value = '44054006'`,
    );
    expect(total).toBe(Number(expected?.n));
    expect(total).toBeGreaterThan(5);
    expect(typeof result.rows[0]?.[1]).toBe('number');
    expect(result.truncated).toBe(false);
    expect(result.rowCount).toBe(result.rows.length);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses to read a file outside the extract: read_csv of /etc/passwd', async () => {
    const outcome = await sqlConsole.run(`SELECT * FROM read_csv('/etc/passwd')`);
    expect(outcome).toMatchObject({ ok: false, code: 'console.file_access_refused' });
    expect(!outcome.ok && outcome.message).toMatch(/\/etc\/passwd" is out of reach/);
  });

  it("refuses to read the lake's own Parquet files", async () => {
    expect(existsSync(lakeFile)).toBe(true);
    for (const sql of [
      `SELECT count(*) FROM read_parquet('${lakeFile}')`,
      `SELECT count(*) FROM '${lakeFile}'`,
    ]) {
      expect(await sqlConsole.run(sql)).toMatchObject({ ok: false, code: 'console.file_access_refused' });
    }
    // A path that walks out of the extract's folder does not get through either.
    const escape = path.join(
      extractDir,
      '..',
      '..',
      'lake',
      path.relative(path.join(root, 'lake'), lakeFile),
    );
    expect(await sqlConsole.run(`SELECT count(*) FROM read_parquet('${escape}')`)).toMatchObject({
      ok: false,
      code: 'console.file_access_refused',
    });
  });

  it('refuses ATTACH', async () => {
    for (const sql of [
      `ATTACH '${path.join(root, 'other.duckdb')}' AS other`,
      `ATTACH ':memory:' AS scratch`,
    ]) {
      const outcome = await sqlConsole.run(sql);
      expect(outcome).toMatchObject({ ok: false, code: 'console.file_access_refused' });
      expect(!outcome.ok && outcome.message).toMatch(
        /ATTACH reads or writes files or databases outside the extract/,
      );
    }
    expect(existsSync(path.join(root, 'other.duckdb'))).toBe(false);
  });

  it('refuses COPY ... TO, whatever the folder', async () => {
    for (const target of [path.join(root, 'stolen.csv'), path.join(extractDir, 'stolen.csv'), 'stolen.csv']) {
      const outcome = await sqlConsole.run(`COPY person TO '${target}' (HEADER)`);
      expect(outcome).toMatchObject({ ok: false, code: 'console.file_access_refused' });
      expect(existsSync(target)).toBe(false);
    }
    expect(readdirSync(extractDir).filter((f) => f.startsWith('stolen'))).toEqual([]);
  });

  it('refuses to install or load an extension, and loads none by itself', async () => {
    for (const sql of ['INSTALL httpfs', 'LOAD httpfs', "FORCE INSTALL spatial FROM 'http://example.com'"]) {
      const outcome = await sqlConsole.run(sql);
      expect(outcome).toMatchObject({ ok: false, code: 'console.extension_refused' });
      expect(!outcome.ok && outcome.message).toBe(
        'Extensions cannot be installed or loaded in the workspace console.',
      );
    }
    // A function of a known extension does not auto-install or auto-load it.
    const outcome = await sqlConsole.run('SELECT ST_Point(1, 2)');
    expect(outcome).toMatchObject({ ok: false, code: 'console.query_failed' });
    expect(!outcome.ok && outcome.message).toMatch(/spatial/);
  });

  it('refuses SET enable_external_access = true after the lock, and every other setting', async () => {
    for (const sql of [
      'SET enable_external_access = true',
      'RESET enable_external_access',
      "SET memory_limit = '64GB'",
      'SET lock_configuration = false',
      'PRAGMA enable_profiling',
    ]) {
      expect(await sqlConsole.run(sql)).toMatchObject({ ok: false, code: 'console.settings_locked' });
    }
    const settings = ok(
      await sqlConsole.run(`SELECT name, value FROM duckdb_settings() WHERE name IN
        ('enable_external_access', 'lock_configuration', 'autoinstall_known_extensions', 'autoload_known_extensions',
         'allow_community_extensions', 'temp_directory', 'allowed_directories', 'threads', 'memory_limit') ORDER BY name`),
    );
    expect(Object.fromEntries(settings.rows.map((r) => [r[0], r[1]]))).toMatchObject({
      enable_external_access: 'false',
      lock_configuration: 'true',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      temp_directory: '',
      allowed_directories: '[]',
      threads: '2',
      memory_limit: '244.1 MiB',
    });
  });

  it('has no network: an http URL is refused', async () => {
    for (const sql of [
      "SELECT * FROM 'http://example.com/x.csv'",
      "SELECT * FROM read_csv('https://example.com/x.csv')",
      "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
    ]) {
      const outcome = await sqlConsole.run(sql);
      expect(outcome).toMatchObject({ ok: false, code: 'console.network_refused' });
      expect(!outcome.ok && outcome.message).toMatch(/no network access/);
    }
  });

  it('interrupts a runaway query at the time limit, and keeps working', async () => {
    const started = performance.now();
    const outcome = await sqlConsole.run(
      'SELECT count(*) FROM measurement a, measurement b, measurement c WHERE a.value_as_number + b.value_as_number = c.value_as_number * 1000',
    );
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, code: 'console.timeout' });
    expect(!outcome.ok && outcome.message).toBe(
      'The query ran longer than the limit of 1.5 s and was stopped.',
    );
    expect(elapsed).toBeGreaterThanOrEqual(limits.timeoutMs - 50);
    expect(elapsed).toBeLessThan(limits.timeoutMs + 5_000);
    expect(ok(await sqlConsole.run('SELECT count(*) AS n FROM person')).rows[0]?.[0]).toBeGreaterThan(0);
  });

  it('truncates a huge result at the row limit and says so', async () => {
    const big = ok(await sqlConsole.run("SELECT range AS n, repeat('x', 20) AS filler FROM range(10000000)"));
    expect(big.rowCount).toBe(limits.maxRows);
    expect(big.rows).toHaveLength(limits.maxRows);
    expect(big.truncated).toBe(true);
    const exact = ok(await sqlConsole.run(`SELECT * FROM range(${String(limits.maxRows)})`));
    expect(exact.rowCount).toBe(limits.maxRows);
    expect(exact.truncated).toBe(false);
  });

  it('refuses two statements in one call, and empty input', async () => {
    const outcome = await sqlConsole.run('SELECT 1; SELECT 2');
    expect(outcome).toMatchObject({ ok: false, code: 'console.multiple_statements' });
    expect(!outcome.ok && outcome.message).toBe('Run one statement at a time: this text holds 2.');
    expect(await sqlConsole.run("SELECT ';' AS semicolon;")).toMatchObject({ ok: true, rows: [[';']] });
    expect(await sqlConsole.run(' -- nothing\n ; ')).toMatchObject({ ok: false, code: 'console.empty' });
    // The engine reads a C string: text after a NUL is never run unseen.
    expect(await sqlConsole.run('SELECT 1\u0000; INSTALL httpfs')).toMatchObject({
      ok: false,
      code: 'console.syntax',
    });
  });

  it('refuses the functions the configuration lock does not cover, and the node keeps running', async () => {
    for (const sql of [
      'CALL enable_logging()',
      "SELECT * FROM enable_logging(storage = 'file', storage_path = '/tmp')",
      'SELECT * FROM person WHERE person_id IN (SELECT 1 FROM enable_profiling())',
      "SELECT * FROM query('SELECT 1')",
      "SELECT write_log('x')",
      'FROM duckdb_logs',
      'SELECT * FROM checkpoint()',
    ]) {
      const outcome = await sqlConsole.run(sql);
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && ['console.function_refused', 'console.not_a_query']).toContain(
        !outcome.ok && outcome.code,
      );
    }
    expect(ok(await sqlConsole.run('SELECT 42 AS answer')).rows).toEqual([[42]]);
  });

  it('answers with JSON-safe values and clear errors', async () => {
    const values = ok(
      await sqlConsole.run(
        "SELECT 42::BIGINT AS small, 12345678901234567890::HUGEINT AS huge, 2.50::DECIMAL(5,2) AS price, DATE '2020-02-29' AS day, NULL AS nothing",
      ),
    );
    expect(values.rows).toEqual([[42, '12345678901234567890', 2.5, '2020-02-29', null]]);
    const unknown = await sqlConsole.run('SELECT * FROM nope');
    expect(unknown).toMatchObject({ ok: false, code: 'console.query_failed' });
    expect(!unknown.ok && unknown.message).toMatch(/^Catalog Error: Table with name nope does not exist/);
    expect(await sqlConsole.run('SELEC 1')).toMatchObject({ ok: false, code: 'console.syntax' });
    expect(await sqlConsole.run('DROP VIEW person')).toMatchObject({
      ok: false,
      code: 'console.not_a_query',
    });
    expect(ok(await sqlConsole.run('SHOW TABLES')).rowCount).toBe(4);
  });

  it('fails a query that needs more memory than the limit with a clear message', async () => {
    const small = await openSqlConsole(extractDir, { ...limits, memoryLimit: '32MB', timeoutMs: 20_000 });
    try {
      const outcome = await small.run(
        "SELECT count(*) FROM (SELECT DISTINCT range::VARCHAR || '-padding' FROM range(20000000))",
      );
      expect(outcome).toMatchObject({ ok: false, code: 'console.out_of_memory' });
    } finally {
      await small.close();
    }
  });
});

describe('the console engine alone, without the statement check', { timeout: 30_000 }, () => {
  it('still refuses files, COPY TO, ATTACH, extensions and changing its settings', async () => {
    const instance = await hardenedInstance(defaultSqlConsoleLimits, async (c) => {
      await c.run(
        `CREATE VIEW person AS SELECT * FROM read_parquet('${path.join(extractDir, 'person.parquet')}')`,
      );
      return [path.join(extractDir, 'person.parquet')];
    });
    const connection = await instance.connect();
    const refusal = async (sql: string): Promise<string> => {
      try {
        await connection.run(sql);
        return 'ran';
      } catch (e) {
        return (e as Error).message;
      }
    };
    try {
      expect(
        Number((await connection.runAndReadAll('SELECT count(*) FROM person')).getRowsJson()[0]?.[0]),
      ).toBeGreaterThan(0);
      expect(await refusal(`SELECT * FROM read_csv('/etc/passwd')`)).toMatch(/^Permission Error/);
      expect(await refusal(`SELECT * FROM read_parquet('${lakeFile}')`)).toMatch(/^Permission Error/);
      expect(await refusal(`COPY person TO '${path.join(root, 'engine.csv')}'`)).toMatch(/^Permission Error/);
      expect(await refusal(`ATTACH '${path.join(root, 'engine.duckdb')}'`)).toMatch(/^Permission Error/);
      expect(await refusal('INSTALL httpfs')).toMatch(/^Permission Error/);
      expect(await refusal('LOAD httpfs')).toMatch(/^Permission Error/);
      expect(await refusal("SELECT * FROM 'http://example.com/x.csv'")).toMatch(/^Permission Error/);
      expect(await refusal('SET enable_external_access = true')).toMatch(/the configuration has been locked/);
      expect(await refusal("SET allowed_directories = ['/']")).toMatch(/locked|enable_external_access/);
      expect(await refusal("SET temp_directory = '/tmp'")).toMatch(/the configuration has been locked/);
      expect(existsSync(path.join(root, 'engine.csv'))).toBe(false);
      expect(existsSync(path.join(root, 'engine.duckdb'))).toBe(false);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
