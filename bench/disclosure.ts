import { parse } from 'csv-parse/sync';
import {
  checkFile,
  defaultDisclosureSettings,
  suppress,
  type OutputFile,
} from '../src/modules/disclosure/index.js';
import type { BenchmarkResult } from './summary.js';

const rows = 5000;
const runs = 5;

/**
 * A table at the airlock's row cap: 5,000 rows of region × age band with counts for men, women and their
 * total, a total row per region, and about one small count in twenty. Deterministic, so runs compare.
 */
function crosstab(): OutputFile {
  const lines = ['region,age_band,male,female,Total'];
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const bands = Array.from({ length: 9 }, (_, i) => `${i * 10}-${i * 10 + 9}`);
  const regions = Math.floor(rows / (bands.length + 1));
  for (let r = 0; r < regions; r++) {
    let men = 0;
    let women = 0;
    for (const band of bands) {
      const m = next() < 0.05 ? Math.floor(next() * 10) : 10 + Math.floor(next() * 500);
      const f = next() < 0.05 ? Math.floor(next() * 10) : 10 + Math.floor(next() * 500);
      men += m;
      women += f;
      lines.push(`region ${r},${band},${m},${f},${m + f}`);
    }
    lines.push(`region ${r},Total,${men},${women},${men + women}`);
  }
  return {
    name: 'regions.csv',
    bytes: new TextEncoder().encode(`${lines.join('\n')}\n`),
    context: {
      description: 'persons with type 2 diabetes by region, age band and sex',
      table: { kind: 'frequency', countColumns: ['male', 'female', 'Total'] },
    },
  };
}

const best = (f: () => void): number => {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    seconds.push((performance.now() - t0) / 1000);
  }
  return Math.min(...seconds);
};

/** The automatic checks and suppression on a table at the row cap, against parsing the same CSV alone. */
export async function disclosureBench(): Promise<BenchmarkResult> {
  const file = crosstab();
  const settings = defaultDisclosureSettings;
  const text = new TextDecoder().decode(file.bytes);
  const verdict = checkFile(file, settings);
  const failing = verdict.cells.filter((c) => c.status === 'fail').length;
  const result = suppress(file, 'failing', settings);
  console.log(
    `  ${verdict.cells.length.toLocaleString('en-GB')} cells, ${failing} failing; suppression hides ${result.changes.length} cells, after which the table ${result.verdict.status === 'pass' ? 'passes' : `is "${result.verdict.status}"`}`,
  );
  const parseSeconds = best(() => parse(text, { trim: true, skip_empty_lines: true }));
  const checkSeconds = best(() => checkFile(file, settings));
  const suppressSeconds = best(() => suppress(file, 'failing', settings));
  console.log(
    `  csv-parse alone ${(parseSeconds * 1000).toFixed(1)} ms; checkFile ${(checkSeconds * 1000).toFixed(1)} ms; suppress ${(suppressSeconds * 1000).toFixed(1)} ms (best of ${runs})`,
  );
  return {
    name: 'disclosure',
    rows: [
      {
        benchmark: 'disclosure',
        measure: `checkFile, ${rows.toLocaleString('en-GB')}-row cross-tabulation with totals`,
        unit: 'tables/s',
        salus: 1 / checkSeconds,
        baseline: 1 / parseSeconds,
        baselineLabel: 'csv-parse of the same file',
      },
      {
        benchmark: 'disclosure',
        measure: `suppress (primary and secondary), same table`,
        unit: 'tables/s',
        salus: 1 / suppressSeconds,
        baseline: 1 / parseSeconds,
        baselineLabel: 'csv-parse of the same file',
      },
    ],
    notes: [],
  };
}
