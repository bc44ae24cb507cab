import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NdjsonSink, synthesize, type SynthReport } from '../src/modules/synth/index.js';
import { collectGarbage } from './bench-node.js';
import type { BenchmarkResult } from './summary.js';

export interface SynthBenchResult extends BenchmarkResult {
  readonly persons: number;
  readonly resources: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly resourcesPerSecond: number;
  readonly mebibytesPerSecond: number;
  readonly peakRssMiB: number;
  readonly baselineResourcesPerSecond: number;
  readonly baselineMebibytesPerSecond: number;
  readonly baselinePeakRssMiB: number;
}

const persons = 100_000;
/** How many resources of the real output the baseline serialises over and over. */
const poolSize = 20_000;
const mib = 2 ** 20;

/**
 * `salus synth` for 100,000 persons (all three holders, default noise, no Bundles) into a temporary
 * directory: resources and MiB written per second, and the peak resident memory while it runs. The baseline
 * does only the last step of the same work: `JSON.stringify` of as many pre-built resources (a pool sampled
 * from the generated files, so the mix of types and sizes is the same) written through the same buffered
 * stream. The ratio is what simulating the population and building the resources costs on top.
 */
export async function synthBench(): Promise<SynthBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-synth-'));
  try {
    collectGarbage();
    let peak = process.memoryUsage().rss;
    const startRss = peak;
    const report: SynthReport = await synthesize({
      persons,
      seed: 2025,
      outDir: path.join(dir, 'synth'),
      noise: 'default',
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    const seconds = report.elapsedMs / 1000;
    const resourcesPerSecond = report.resources / seconds;
    const mebibytesPerSecond = report.bytes / mib / seconds;
    console.log(
      `  synthesize: ${persons.toLocaleString('en-GB')} persons, ${report.resources.toLocaleString('en-GB')} resources, ${(report.bytes / mib).toFixed(0)} MiB in ${seconds.toFixed(1)} s: ${Math.round(resourcesPerSecond).toLocaleString('en-GB')} resources/s, ${mebibytesPerSecond.toFixed(0)} MiB/s, peak RSS ${(peak / mib).toFixed(0)} MiB (${(startRss / mib).toFixed(0)} MiB before)`,
    );

    const pool = samplePool(report);
    rmSync(path.join(dir, 'synth'), { recursive: true, force: true });
    collectGarbage();
    const baseline = await stringifyAndWrite(pool, report.resources, path.join(dir, 'baseline.ndjson'));
    const baselineResourcesPerSecond = report.resources / baseline.seconds;
    const baselineMebibytesPerSecond = baseline.bytes / mib / baseline.seconds;
    console.log(
      `  baseline JSON.stringify + write of ${report.resources.toLocaleString('en-GB')} pre-built resources: ${Math.round(baselineResourcesPerSecond).toLocaleString('en-GB')} resources/s, ${baselineMebibytesPerSecond.toFixed(0)} MiB/s, peak RSS ${(baseline.peakRss / mib).toFixed(0)} MiB`,
    );
    const p = report.population;
    return {
      name: 'synth',
      persons,
      resources: report.resources,
      bytes: report.bytes,
      seconds,
      resourcesPerSecond,
      mebibytesPerSecond,
      peakRssMiB: peak / mib,
      baselineResourcesPerSecond,
      baselineMebibytesPerSecond,
      baselinePeakRssMiB: baseline.peakRss / mib,
      rows: [
        {
          benchmark: 'synth',
          measure: `${persons.toLocaleString('en-GB')} persons, 3 holders, default noise`,
          unit: 'resources/s',
          salus: resourcesPerSecond,
          baseline: baselineResourcesPerSecond,
          baselineLabel: 'JSON.stringify + write, pre-built',
        },
        {
          benchmark: 'synth',
          measure: `${persons.toLocaleString('en-GB')} persons, 3 holders, default noise`,
          unit: 'MiB/s',
          salus: mebibytesPerSecond,
          baseline: baselineMebibytesPerSecond,
          baselineLabel: 'JSON.stringify + write, pre-built',
        },
        {
          benchmark: 'synth',
          measure: 'peak resident memory while writing',
          unit: 'MiB',
          salus: peak / mib,
          baseline: baseline.peakRss / mib,
          baselineLabel: 'JSON.stringify + write, pre-built',
        },
      ],
      notes: [
        `${report.resources.toLocaleString('en-GB')} resources (${(report.resources / persons).toFixed(1)} a person), ${(report.bytes / mib).toFixed(0)} MiB on ${tmpdir()}`,
        `population: type 2 diabetes ${((100 * p.type2Diabetes) / p.adultsAtStart).toFixed(1)}% of adults, breast cancer ${((100 * p.breastCancer) / p.womenAged40AtStart).toFixed(1)}% of women 40+, ${p.deaths.toLocaleString('en-GB')} deaths`,
        `baseline pool: ${poolSize.toLocaleString('en-GB')} resources sampled from the output in proportion to each file, written through the same NdjsonSink`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Resources taken from every output file in proportion to its line count, parsed back into objects. The
 * lines come from the head of each file (its first 32 MiB: the biggest files exceed what one string holds).
 */
function samplePool(report: SynthReport): object[] {
  const pool: object[] = [];
  for (const holder of report.holders) {
    const folder = path.join(report.outDir, holder);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ndjson'))) {
      const type = file.slice(0, -'.ndjson'.length) as keyof SynthReport['counts'][typeof holder];
      const want = Math.max(
        1,
        Math.round((poolSize * (report.counts[holder][type] ?? 0)) / report.resources),
      );
      const lines = head(path.join(folder, file), 32 * mib)
        .split('\n')
        .slice(0, -1);
      const step = Math.max(1, Math.floor(lines.length / want));
      for (let i = 0, taken = 0; i < lines.length && taken < want; i += step, taken++) {
        pool.push(JSON.parse(lines[i] ?? '{}') as object);
      }
    }
  }
  return pool;
}

function head(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

async function stringifyAndWrite(
  pool: readonly object[],
  count: number,
  file: string,
): Promise<{ seconds: number; bytes: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const sink = new NdjsonSink(file);
  for (let i = 0; i < count; i++) {
    sink.add(JSON.stringify(pool[i % pool.length]));
    if (i % 1000 === 999) {
      if (sink.needsDrain) await sink.drained();
      if (i % 100_000 === 99_999) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  await sink.close();
  return { seconds: (performance.now() - t0) / 1000, bytes: sink.bytes, peakRss };
}
