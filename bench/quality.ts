import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { cdmTableNames, openLake, type Lake } from '../src/modules/lake/index.js';
import { loadDqdCatalogue, runQualityChecks } from '../src/modules/quality/index.js';
import { synthesize } from '../src/modules/synth/index.js';
import { loadPseudonymKey } from '../src/platform/pseudonym/index.js';
import { collectGarbage } from './bench-node.js';
import { deliverPopulation } from './deliver-population.js';
import type { BenchmarkResult } from './summary.js';

export interface QualityBenchResult extends BenchmarkResult {
  readonly persons: number;
  readonly lakeRows: number;
  readonly checks: number;
  readonly checksRun: number;
  readonly checkSeconds: number;
  readonly scanSeconds: number;
  /** Peak resident memory of the process while the checks ran (DuckDB's memory is in the process). */
  readonly checkPeakRssMiB: number;
}

/** `SALUS_BENCH_PERSONS=1000000 npm run bench -- quality` for the size the issue aims at (under 60 s). */
const persons = Number(process.env.SALUS_BENCH_PERSONS ?? 100_000);
/**
 * Persons per synthetic extract (default: all at once). A million persons are about 49 GB of NDJSON;
 * `SALUS_BENCH_BATCH=100000` synthesizes and ingests them ten extracts at a time (other seeds), so the
 * disk holds one extract at a time and each holder delivers ten times.
 */
const batch = Math.min(persons, Number(process.env.SALUS_BENCH_BATCH ?? persons));
/** A lake folder to check as it is (kept afterwards) instead of synthesizing and ingesting one. */
const existingLake = process.env.SALUS_BENCH_LAKE;
/** DuckDB's memory cap as a node runs the lake (SALUS_LAKE_MEMORY_LIMIT, default 512MB). */
const memoryLimit = process.env.SALUS_LAKE_MEMORY_LIMIT ?? '512MB';
/** The DQD control files (OMOP_CDMv5.4_*.csv). */
const dqdDir = process.env.SALUS_DQD_DIR ?? path.resolve('../shared/data/dqd');

const mib = 2 ** 20;

/** Wall and CPU seconds of `work`, the peak RSS sampled while it runs, and the load average around it. */
async function measured<T>(work: () => Promise<T>): Promise<{
  readonly value: T;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly load: string;
}> {
  collectGarbage();
  let peak = process.memoryUsage().rss;
  // DuckDB works on its own threads, so the event loop is free to sample while the query runs.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const before = os.loadavg()[0] ?? 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await work();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    const after = os.loadavg()[0] ?? 0;
    return {
      value,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: peak / mib,
      load: `${before.toFixed(1)} → ${after.toFixed(1)}`,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Every quality check over a lake of `persons` synthetic persons from three holders (default noise), next
 * to one full scan of the same tables in the same run: `count(*)` and a count of every column of each table,
 * so that every column of every row is read once. The checks read each table for its row checks, again for
 * the few columns they join to persons and referenced ids, group its ids and source values, and meet all
 * tables' visit references in one join: the ratio of the two times is what the checks cost over reading
 * the data. CPU seconds are printed too: on a shared machine they move less than wall time.
 * `SALUS_BENCH_LAKE=<folder>` checks an existing lake instead (kept as it is).
 */
export async function qualityBench(): Promise<QualityBenchResult> {
  if (!existsSync(dqdDir)) throw new Error(`no DQD catalogue at ${dqdDir} (set SALUS_DQD_DIR)`);
  if (!Number.isInteger(persons) || persons < 1 || !Number.isInteger(batch) || batch < 1) {
    throw new Error('SALUS_BENCH_PERSONS and SALUS_BENCH_BATCH must be whole numbers of persons');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-quality-'));
  let lake: Lake | null = null;
  try {
    const opened = await openLake({
      dir: existingLake ?? path.join(dir, 'lake'),
      vocabularyDir: null,
      memoryLimit,
    });
    lake = opened;
    let built = '';
    if (existingLake !== undefined && opened.deliveries().length === 0) {
      throw new Error(`no committed deliveries in the lake at ${existingLake} (SALUS_BENCH_LAKE)`);
    }
    if (existingLake === undefined) {
      const seconds = await synthesizeAndIngest(opened, dir);
      built = ` (synthesized in ${seconds.synth.toFixed(0)} s, ingested in ${seconds.ingest.toFixed(0)} s)`;
    }
    const counts = await opened.rowCounts();
    const lakeRows = Object.values(counts).reduce((s, n) => s + n, 0);
    const lakePersons = counts.person;
    console.log(
      `  lake${existingLake === undefined ? '' : ` ${existingLake}`}: ${lakePersons.toLocaleString('en-GB')} persons, ${lakeRows.toLocaleString('en-GB')} rows in ${String(opened.deliveries().length)} deliveries${built}; DuckDB memory limit ${memoryLimit}, ${String(os.cpus().length)} cores`,
    );
    console.log(
      `  rows per table: ${cdmTableNames
        .filter((t) => counts[t] > 0)
        .map((t) => `${t} ${counts[t].toLocaleString('en-GB')}`)
        .join(', ')}`,
    );

    const catalogue = loadDqdCatalogue(dqdDir);
    const checks = await measured(() => runQualityChecks(opened, { kind: 'lake' }, { catalogue }));
    const run = checks.value;
    const ran = run.results.filter((r) => r.status === 'passed' || r.status === 'failed').length;
    const errors = run.results.filter((r) => r.status === 'error');
    console.log(
      `  checks: ${run.results.length.toLocaleString('en-GB')} (${ran.toLocaleString('en-GB')} ran, ${String(errors.length)} errors) in ${checks.seconds.toFixed(1)} s (${checks.cpuSeconds.toFixed(1)} CPU s), peak RSS ${checks.peakRssMiB.toFixed(0)} MiB, load ${checks.load}`,
    );

    const scan = await measured(async () => {
      for (const table of cdmTableNames) {
        if (counts[table] === 0) continue;
        await opened.query(`SELECT count(*), count(COLUMNS(*)) FROM ${table}`);
      }
    });
    console.log(
      `  baseline full scan of the same tables: ${scan.seconds.toFixed(1)} s (${scan.cpuSeconds.toFixed(1)} CPU s), peak RSS ${scan.peakRssMiB.toFixed(0)} MiB, load ${scan.load}`,
    );
    console.log(
      `  ratio checks / full scan: ${(checks.seconds / scan.seconds).toFixed(2)} (CPU ${(checks.cpuSeconds / scan.cpuSeconds).toFixed(2)}); peak RSS of the whole run ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
    const measure = `${lakePersons.toLocaleString('en-GB')} persons, whole lake`;
    return {
      name: 'quality',
      persons: lakePersons,
      lakeRows,
      checks: run.results.length,
      checksRun: ran,
      checkSeconds: checks.seconds,
      scanSeconds: scan.seconds,
      checkPeakRssMiB: checks.peakRssMiB,
      rows: [
        {
          benchmark: 'quality',
          measure,
          unit: 'rows/s',
          salus: lakeRows / checks.seconds,
          baseline: lakeRows / scan.seconds,
          baselineLabel: 'one full scan of every column',
        },
        {
          benchmark: 'quality',
          measure,
          unit: 's',
          salus: checks.seconds,
          baseline: scan.seconds,
          baselineLabel: 'one full scan of every column',
        },
        {
          benchmark: 'quality',
          measure,
          unit: 'CPU s',
          salus: checks.cpuSeconds,
          baseline: scan.cpuSeconds,
          baselineLabel: 'one full scan of every column',
        },
      ],
      notes: [
        `${run.results.length.toLocaleString('en-GB')} checks, ${ran.toLocaleString('en-GB')} ran (the rest not applicable: no rows, no CONCEPT table)`,
        ...errors.slice(0, 3).map((e) => `error in ${e.id}: ${e.reason ?? ''}`),
        'lake without the OHDSI vocabulary: concept-level DQD rules find no standard concepts; the LOINC source-code rules run',
        `load average during the checks ${checks.load} on ${String(os.cpus().length)} cores: on a shared machine the CPU seconds are the steadier figure`,
      ],
    };
  } finally {
    await lake?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Synthesizes `persons` in extracts of `batch` persons and ingests each holder's part as a delivery. */
async function synthesizeAndIngest(
  lake: Lake,
  dir: string,
): Promise<{ readonly synth: number; readonly ingest: number }> {
  const key = loadPseudonymKey(path.join(dir, 'secrets'));
  let synth = 0;
  let ingest = 0;
  for (let done = 0, seed = 2025; done < persons; done += batch, seed++) {
    const synthDir = path.join(dir, 'synth');
    const s0 = performance.now();
    await synthesize({ persons: Math.min(batch, persons - done), seed, outDir: synthDir, noise: 'default' });
    const t0 = performance.now();
    synth += (t0 - s0) / 1000;
    await deliverPopulation(lake, synthDir, key);
    ingest += (performance.now() - t0) / 1000;
    rmSync(synthDir, { recursive: true, force: true });
  }
  return { synth, ingest };
}
