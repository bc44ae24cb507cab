import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingestDelivery } from '../src/modules/ingest/index.js';
import { cdmTableNames, openLake, type Lake } from '../src/modules/lake/index.js';
import { loadDqdCatalogue, runQualityChecks } from '../src/modules/quality/index.js';
import { synthesize } from '../src/modules/synth/index.js';
import { loadPseudonymKey } from '../src/platform/pseudonym/index.js';
import { collectGarbage } from './bench-node.js';
import type { BenchmarkResult } from './summary.js';

export interface QualityBenchResult extends BenchmarkResult {
  readonly persons: number;
  readonly lakeRows: number;
  readonly checks: number;
  readonly checksRun: number;
  readonly checkSeconds: number;
  readonly scanSeconds: number;
}

const holders = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;
/** `SALUS_BENCH_PERSONS=1000000 npm run bench -- quality` for the size the issue aims at (under 60 s). */
const persons = Number(process.env.SALUS_BENCH_PERSONS ?? 100_000);
/** The DQD control files (OMOP_CDMv5.4_*.csv). */
const dqdDir = process.env.SALUS_DQD_DIR ?? path.resolve('../shared/data/dqd');

/**
 * Every quality check over a lake of `persons` synthetic persons from three holders (default noise), next
 * to one full scan of the same tables in the same run: `count(*)` and a count of every column of each table,
 * so that every column of every row is read once. The checks read each table once for their row checks and
 * once for the concept-level rules, and join persons, deaths, visits and referenced ids: the ratio of the two
 * times is what the checks cost over reading the data.
 */
export async function qualityBench(): Promise<QualityBenchResult> {
  if (!existsSync(dqdDir)) throw new Error(`no DQD catalogue at ${dqdDir} (set SALUS_DQD_DIR)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-quality-'));
  let lake: Lake | null = null;
  try {
    const synthDir = path.join(dir, 'synth');
    await synthesize({ persons, seed: 2025, outDir: synthDir, noise: 'default' });
    lake = await openLake({ dir: path.join(dir, 'lake'), vocabularyDir: null });
    const key = loadPseudonymKey(path.join(dir, 'secrets'));
    const t0 = performance.now();
    for (const [folder, holderId] of Object.entries(holders)) {
      await ingestDelivery({
        lake,
        holderId,
        paths: [path.join(synthDir, folder)],
        pseudonymKey: key,
        acceptValidPart: true,
      });
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    rmSync(synthDir, { recursive: true, force: true });
    const counts = await lake.rowCounts();
    const lakeRows = Object.values(counts).reduce((s, n) => s + n, 0);
    console.log(
      `  lake: ${persons.toLocaleString('en-GB')} persons, ${lakeRows.toLocaleString('en-GB')} rows (ingested in ${ingestSeconds.toFixed(1)} s)`,
    );

    const catalogue = loadDqdCatalogue(dqdDir);
    collectGarbage();
    const c0 = performance.now();
    const run = await runQualityChecks(lake, { kind: 'lake' }, { catalogue });
    const checkSeconds = (performance.now() - c0) / 1000;
    const ran = run.results.filter((r) => r.status === 'passed' || r.status === 'failed').length;
    const errors = run.results.filter((r) => r.status === 'error');
    console.log(
      `  checks: ${run.results.length.toLocaleString('en-GB')} (${ran.toLocaleString('en-GB')} ran, ${String(errors.length)} errors) in ${checkSeconds.toFixed(1)} s`,
    );

    collectGarbage();
    const s0 = performance.now();
    for (const table of cdmTableNames) {
      if (counts[table] === 0) continue;
      await lake.query(`SELECT count(*), count(COLUMNS(*)) FROM ${table}`);
    }
    const scanSeconds = (performance.now() - s0) / 1000;
    console.log(`  baseline full scan of the same tables: ${scanSeconds.toFixed(1)} s`);
    const measure = `${persons.toLocaleString('en-GB')} persons, whole lake`;
    return {
      name: 'quality',
      persons,
      lakeRows,
      checks: run.results.length,
      checksRun: ran,
      checkSeconds,
      scanSeconds,
      rows: [
        {
          benchmark: 'quality',
          measure,
          unit: 'rows/s',
          salus: lakeRows / checkSeconds,
          baseline: lakeRows / scanSeconds,
          baselineLabel: 'one full scan of every column',
        },
        {
          benchmark: 'quality',
          measure,
          unit: 's',
          salus: checkSeconds,
          baseline: scanSeconds,
          baselineLabel: 'one full scan of every column',
        },
      ],
      notes: [
        `${run.results.length.toLocaleString('en-GB')} checks, ${ran.toLocaleString('en-GB')} ran (the rest not applicable: no rows, no CONCEPT table)`,
        ...errors.slice(0, 3).map((e) => `error in ${e.id}: ${e.reason ?? ''}`),
        'lake without the OHDSI vocabulary: concept-level DQD rules find no standard concepts; the LOINC source-code rules run',
      ],
    };
  } finally {
    await lake?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
