import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildExtract,
  openLake,
  openSqlConsole,
  type ExtractSpec,
  type Lake,
  type SqlConsoleLimits,
} from '../src/modules/lake/index.js';
import { synthesize } from '../src/modules/synth/index.js';
import { loadPseudonymKey } from '../src/platform/pseudonym/index.js';
import { collectGarbage } from './bench-node.js';
import { benchHolders, deliverPopulation } from './deliver-population.js';
import type { BenchmarkResult } from './summary.js';

export interface ExtractBenchResult extends BenchmarkResult {
  readonly persons: number;
  readonly extractRows: number;
  readonly extractSeconds: number;
  readonly copySeconds: number;
  readonly consoleMs: number;
  readonly rawMs: number;
  readonly overheadPercent: number;
}

const holders = benchHolders;
/** `SALUS_BENCH_PERSONS=1000000 npm run bench -- extract` for a bigger lake. */
const persons = Number(process.env.SALUS_BENCH_PERSONS ?? 100_000);
/** The node's default lake memory (SALUS_LAKE_MEMORY_LIMIT). */
const lakeMemory = '512MB';
const repetitions = 9;
const consoleLimits: SqlConsoleLimits = {
  memoryLimit: '512MB',
  threads: 2,
  timeoutMs: 300_000,
  maxRows: 5_000,
};

/** Everything the lake has of every holder: the biggest extract a permit can ask for. */
const everything: ExtractSpec['sources'] = [
  {
    holderId: holders.hospital,
    variables: [
      'person',
      'observation_period',
      'visit_occurrence',
      'condition_occurrence',
      'drug_exposure',
      'procedure_occurrence',
      'measurement',
      'death',
      'location',
      'care_site',
    ],
  },
  { holderId: holders.laboratory, variables: ['person', 'measurement', 'observation_period'] },
  {
    holderId: holders.insurer,
    variables: ['person', 'visit_occurrence', 'drug_exposure', 'payer_plan_period', 'cost', 'death'],
  },
];

/** Cohort questions a data user asks of a diabetes extract. */
const cohortQueries: readonly { readonly name: string; readonly sql: string }[] = [
  {
    name: 'diabetes patients by age band',
    sql: `SELECT CASE WHEN 2024 - p.year_of_birth < 40 THEN '<40' WHEN 2024 - p.year_of_birth < 65 THEN '40-64'
        ELSE '65+' END AS age_band, count(DISTINCT p.person_id) AS patients
      FROM person p JOIN condition_occurrence c USING (person_id)
      WHERE c.condition_source_value = '44054006' GROUP BY ALL ORDER BY ALL`,
  },
  {
    name: 'mean HbA1c per year among diabetes patients',
    sql: `SELECT year(m.measurement_date) AS year, round(avg(m.value_as_number), 2) AS mean_hba1c, count(*) AS tests
      FROM measurement m WHERE m.measurement_source_value = '4548-4'
        AND m.person_id IN (SELECT person_id FROM condition_occurrence WHERE condition_source_value = '44054006')
      GROUP BY ALL ORDER BY ALL`,
  },
  {
    name: 'metformin within 90 days of diagnosis',
    sql: `WITH dx AS (SELECT person_id, min(condition_start_date) AS d FROM condition_occurrence
        WHERE condition_source_value = '44054006' GROUP BY person_id)
      SELECT count(DISTINCT dx.person_id) AS treated, (SELECT count(*) FROM dx) AS diagnosed
      FROM dx JOIN drug_exposure x ON x.person_id = dx.person_id AND x.drug_source_value = 'A10BA02'
        AND x.drug_exposure_start_date BETWEEN dx.d AND dx.d + 90`,
  },
  {
    name: 'visits per person, distribution',
    sql: `SELECT visits, count(*) AS persons FROM (SELECT person_id, count(*) AS visits FROM visit_occurrence
        GROUP BY person_id) GROUP BY visits ORDER BY visits`,
  },
  {
    name: 'top drugs by ATC, women and men',
    sql: `SELECT d.drug_source_value AS atc, p.gender_concept_id AS gender, count(*) AS exposures
      FROM drug_exposure d JOIN person p USING (person_id) GROUP BY ALL ORDER BY exposures DESC LIMIT 20`,
  },
  {
    name: 'measurements per test and decade of birth',
    sql: `SELECT m.measurement_source_value AS loinc, (p.year_of_birth // 10) * 10 AS decade, count(*) AS n,
        round(median(m.value_as_number), 2) AS median_value
      FROM measurement m JOIN person p USING (person_id) GROUP BY ALL ORDER BY ALL`,
  },
];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * The per-permit extract and the workspace SQL console over a lake of `persons` synthetic persons.
 * - Extract build throughput: every table of every holder (no cohort, date shift on), rows written per
 *   second, against a plain copy of the same tables from the lake's views to Parquet and CSV (what any
 *   export costs, without opt-out, re-keying, shifting and minimisation).
 * - Console overhead: cohort queries over a diabetes extract through the hardened console against the same
 *   queries on plain DuckDB (same memory and threads) over the same Parquet files, in the same run,
 *   alternating, median of nine runs each.
 */
export async function extractBench(): Promise<ExtractBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-extract-'));
  let lake: Lake | null = null;
  let raw: Lake | null = null;
  try {
    const synthDir = path.join(dir, 'synth');
    await synthesize({ persons, seed: 2025, outDir: synthDir, noise: 'default' });
    lake = await openLake({ dir: path.join(dir, 'lake'), vocabularyDir: null, memoryLimit: lakeMemory });
    const key = loadPseudonymKey(path.join(dir, 'secrets'));
    const t0 = performance.now();
    await deliverPopulation(lake, synthDir, key);
    rmSync(synthDir, { recursive: true, force: true });
    const counts = await lake.rowCounts();
    const lakeRows = Object.values(counts).reduce((s, n) => s + n, 0);
    console.log(
      `  lake: ${persons.toLocaleString('en-GB')} persons, ${lakeRows.toLocaleString('en-GB')} rows (ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s, memory limit ${lakeMemory})`,
    );
    const workspaces = path.join(dir, 'workspaces');
    mkdirSync(workspaces);

    collectGarbage();
    const e0 = performance.now();
    const full = await buildExtract(
      lake,
      {
        permitId: 'bench-full',
        sources: everything,
        period: null,
        cohort: null,
        optedOutPseudonyms: [],
        rekeySecret: 'bench permit secret, 32 bytes long',
        dateShift: { enabled: true, maxDays: 30 },
      },
      path.join(workspaces, 'full'),
    );
    const extractSeconds = (performance.now() - e0) / 1000;
    const extractRows = full.report.tables.reduce((s, t) => s + t.rowsKept, 0);
    console.log(
      `  extract, every table: ${extractRows.toLocaleString('en-GB')} rows of ${full.report.persons.extracted.toLocaleString('en-GB')} persons in ${extractSeconds.toFixed(1)} s: ${Math.round(extractRows / extractSeconds).toLocaleString('en-GB')} rows/s (Parquet and CSV)`,
    );

    collectGarbage();
    const copyDir = path.join(workspaces, 'plain-copy');
    mkdirSync(copyDir);
    const c0 = performance.now();
    for (const t of full.report.tables) {
      const parquet = path.join(copyDir, `${t.table}.parquet`);
      await lake.query(`COPY (SELECT * FROM ${t.table}) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd)`);
      await lake.query(
        `COPY (SELECT * FROM read_parquet('${parquet}')) TO '${path.join(copyDir, `${t.table}.csv`)}' (FORMAT csv, HEADER)`,
      );
    }
    const copySeconds = (performance.now() - c0) / 1000;
    console.log(
      `  baseline plain copy of the same tables from the lake's views: ${copySeconds.toFixed(1)} s: ${Math.round(extractRows / copySeconds).toLocaleString('en-GB')} rows/s`,
    );

    const c1 = performance.now();
    const cohort = await buildExtract(
      lake,
      {
        permitId: 'bench-diabetes',
        sources: everything,
        period: { from: '2012-01-01', to: '2025-12-31' },
        cohort: { codes: ['44054006', 'A10*'] },
        optedOutPseudonyms: [],
        rekeySecret: 'bench permit secret, 32 bytes long',
        dateShift: { enabled: true, maxDays: 30 },
      },
      path.join(workspaces, 'diabetes'),
    );
    const cohortSeconds = (performance.now() - c1) / 1000;
    const cohortRows = cohort.report.tables.reduce((s, t) => s + t.rowsKept, 0);
    console.log(
      `  extract, diabetes cohort 2012-2025: ${cohort.report.persons.extracted.toLocaleString('en-GB')} persons, ${cohortRows.toLocaleString('en-GB')} rows in ${cohortSeconds.toFixed(1)} s`,
    );
    await lake.close();
    lake = null;

    // The console and plain DuckDB over the same files; plain DuckDB through a lake of its own (the lake is
    // the one module that talks to DuckDB), its views replaced by views over the extract.
    const sqlConsole = await openSqlConsole(cohort.dir, consoleLimits);
    raw = await openLake({
      dir: path.join(dir, 'raw'),
      vocabularyDir: null,
      memoryLimit: consoleLimits.memoryLimit,
      threads: consoleLimits.threads,
    });
    for (const table of sqlConsole.tables) {
      await raw.query(
        `CREATE OR REPLACE VIEW ${table} AS SELECT * FROM read_parquet('${path.join(cohort.dir, `${table}.parquet`)}')`,
      );
    }
    const consoleTimes = new Map<string, number[]>();
    const rawTimes = new Map<string, number[]>();
    try {
      for (let rep = 0; rep <= repetitions; rep++) {
        for (const q of cohortQueries) {
          const s0 = performance.now();
          const outcome = await sqlConsole.run(q.sql);
          const s1 = performance.now();
          await raw.query(q.sql);
          const s2 = performance.now();
          if (!outcome.ok) throw new Error(`${q.name}: ${outcome.message}`);
          if (rep === 0) continue; // warm-up: file metadata and caches
          consoleTimes.set(q.name, [...(consoleTimes.get(q.name) ?? []), s1 - s0]);
          rawTimes.set(q.name, [...(rawTimes.get(q.name) ?? []), s2 - s1]);
        }
      }
    } finally {
      await sqlConsole.close();
    }
    let consoleMs = 0;
    let rawMs = 0;
    for (const q of cohortQueries) {
      const c = median(consoleTimes.get(q.name) ?? []);
      const r = median(rawTimes.get(q.name) ?? []);
      consoleMs += c;
      rawMs += r;
      console.log(`    ${q.name}: console ${c.toFixed(1)} ms, plain DuckDB ${r.toFixed(1)} ms`);
    }
    const overheadPercent = (consoleMs / rawMs - 1) * 100;
    console.log(
      `  console: ${String(cohortQueries.length)} cohort queries in ${consoleMs.toFixed(0)} ms, plain DuckDB ${rawMs.toFixed(0)} ms: overhead ${overheadPercent.toFixed(1)}% (aim: under 20%)`,
    );
    const opens: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const o0 = performance.now();
      const c = await openSqlConsole(cohort.dir, consoleLimits);
      await c.close();
      opens.push(performance.now() - o0);
    }
    const openMs = median(opens);
    console.log(`  console open and close: ${openMs.toFixed(1)} ms (median of ${String(repetitions)})`);

    const measure = `${persons.toLocaleString('en-GB')} persons`;
    return {
      name: 'extract',
      persons,
      extractRows,
      extractSeconds,
      copySeconds,
      consoleMs,
      rawMs,
      overheadPercent,
      rows: [
        {
          benchmark: 'extract',
          measure: `build, every table, ${measure}`,
          unit: 'rows/s',
          salus: extractRows / extractSeconds,
          baseline: extractRows / copySeconds,
          baselineLabel: 'plain copy of the same tables (Parquet + CSV)',
        },
        {
          benchmark: 'extract',
          measure: `SQL console, ${String(cohortQueries.length)} cohort queries, ${measure}`,
          unit: 'ms',
          salus: consoleMs,
          baseline: rawMs,
          baselineLabel: 'the same queries on plain DuckDB',
        },
        {
          benchmark: 'extract',
          measure: 'SQL console open + close',
          unit: 'ms',
          salus: openMs,
          baseline: null,
          baselineLabel: null,
        },
      ],
      notes: [
        `extract of every table: ${extractRows.toLocaleString('en-GB')} rows in ${extractSeconds.toFixed(1)} s (plain copy ${copySeconds.toFixed(1)} s); diabetes cohort extract ${cohortSeconds.toFixed(1)} s`,
        `console overhead ${overheadPercent.toFixed(1)}% over plain DuckDB (aim: under 20%), median of ${String(repetitions)} alternating runs`,
      ],
    };
  } finally {
    await lake?.close();
    await raw?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
