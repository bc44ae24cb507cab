import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestDelivery, type DeliveryReport } from '../src/modules/ingest/index.js';
import { openLake } from '../src/modules/lake/index.js';
import { synthesize } from '../src/modules/synth/index.js';
import { loadPseudonymKey } from '../src/platform/pseudonym/index.js';
import { sampleTreeRss } from './process-tree-rss.js';
import type { BenchmarkResult } from './summary.js';

export interface IngestBenchResult extends BenchmarkResult {
  readonly persons: number;
  readonly resources: number;
  readonly synthResourcesPerSecond: number;
  readonly ingestResourcesPerSecond: number;
  readonly ingestPeakRssMiB: number;
  readonly parseResourcesPerSecond: number;
}

/** What the ingesting child process reports back on its last stdout line. */
interface ChildResult {
  readonly seconds: number;
  /** Peak summed RSS of the ingesting process and its staging processes, sampled by the parent. */
  treePeakKiB?: number;
  readonly resources: number;
  readonly maxRssKiB: number;
  readonly rows: number;
  readonly reports: readonly (Pick<DeliveryReport, 'holderId' | 'status' | 'rejectedTotal' | 'elapsedMs'> & {
    /** Seconds spent in each phase (checksum, staging, building, committing), for profiling. */
    readonly phases: Readonly<Record<string, number>>;
  })[];
}

const allHolders = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;
/** `SALUS_BENCH_HOLDERS=insurer` measures a subset of the holders. */
const holders = Object.fromEntries(
  Object.entries(allHolders).filter(
    ([folder]) =>
      process.env.SALUS_BENCH_HOLDERS === undefined ||
      process.env.SALUS_BENCH_HOLDERS.split(',').includes(folder),
  ),
);
const mib = 2 ** 20;
/** `SALUS_BENCH_PERSONS=1000000 npm run bench -- ingest` for the large run. */
const persons = Number(process.env.SALUS_BENCH_PERSONS ?? 100_000);
/**
 * `SALUS_BENCH_SYNTH_DIR=DIR` reuses a population that `salus synth --seed 2025 --out DIR` wrote (a million
 * persons take 49 GB and some minutes to write); it is generated there if absent, and kept.
 */
const keptSynthDir = process.env.SALUS_BENCH_SYNTH_DIR;
/** The lake's DuckDB memory cap during the bench (the node's default is 512 MB). */
const lakeMemoryLimit = process.env.SALUS_BENCH_LAKE_MEMORY ?? '128MB';

/**
 * Generation of a population with synth (resources/s), then its ingestion, all three holders one after the
 * other into one lake, in a child process so that its peak resident memory (worker threads and DuckDB
 * included) is measured alone: resources/s and peak RSS. The baseline is the floor of any ingestion: raw
 * `JSON.parse` of every line of the same NDJSON files, read in the same 4 MiB chunks, on one core.
 */
export async function ingestBench(): Promise<IngestBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-ingest-'));
  try {
    const synthDir = keptSynthDir ?? path.join(dir, 'synth');
    // No import of bench-node here: the child runs this file, and its memory should be ingestion's alone.
    (globalThis as { gc?: () => void }).gc?.();
    const synth = existsSync(path.join(synthDir, 'manifest.json'))
      ? reuse(synthDir)
      : await synthesize({
          persons,
          seed: 2025,
          outDir: synthDir,
          noise: 'default',
          holders: Object.keys(holders) as (keyof typeof allHolders)[],
        });
    const synthSeconds = synth.elapsedMs / 1000;
    const synthResourcesPerSecond = synth.resources / synthSeconds;
    console.log(
      synth.elapsedMs === 0
        ? `  synthesize: reused ${synthDir} (${synth.resources.toLocaleString('en-GB')} resources), not timed`
        : `  synthesize: ${persons.toLocaleString('en-GB')} persons, ${synth.resources.toLocaleString('en-GB')} resources, ${(synth.bytes / mib).toFixed(0)} MiB in ${synthSeconds.toFixed(1)} s: ${Math.round(synthResourcesPerSecond).toLocaleString('en-GB')} resources/s`,
    );

    const parse = await parseAll(synthDir);
    const parseResourcesPerSecond = parse.lines / parse.seconds;
    console.log(
      `  baseline JSON.parse of ${parse.lines.toLocaleString('en-GB')} lines: ${parse.seconds.toFixed(1)} s, ${Math.round(parseResourcesPerSecond).toLocaleString('en-GB')} lines/s`,
    );

    const child = await runChild(dir, synthDir);
    const ingestResourcesPerSecond = child.resources / child.seconds;
    const peakMiB = (child.treePeakKiB ?? child.maxRssKiB) / 1024;
    console.log(
      `  ingest: ${child.resources.toLocaleString('en-GB')} resources into ${child.rows.toLocaleString('en-GB')} rows in ${child.seconds.toFixed(1)} s: ${Math.round(ingestResourcesPerSecond).toLocaleString('en-GB')} resources/s, peak RSS ${peakMiB.toFixed(0)} MiB (process and staging processes together; the ingesting process alone ${(child.maxRssKiB / 1024).toFixed(0)} MiB)`,
    );
    for (const r of child.reports) {
      const phases = Object.entries(r.phases)
        .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`)
        .join(', ');
      console.log(
        `    ${r.holderId}: ${r.status}, ${(r.elapsedMs / 1000).toFixed(1)} s (${phases}), ${String(r.rejectedTotal)} rejected`,
      );
    }
    const measure = `${persons.toLocaleString('en-GB')} persons, ${Object.keys(holders).join(', ')}`;
    return {
      name: 'ingest',
      persons,
      resources: child.resources,
      synthResourcesPerSecond,
      ingestResourcesPerSecond,
      ingestPeakRssMiB: peakMiB,
      parseResourcesPerSecond,
      rows: [
        ...(synth.elapsedMs === 0
          ? []
          : [
              {
                benchmark: 'ingest',
                measure: `synth, ${measure}`,
                unit: 'resources/s',
                salus: synthResourcesPerSecond,
                baseline: null,
                baselineLabel: null,
              },
            ]),
        {
          benchmark: 'ingest',
          measure: `ingest FHIR NDJSON into the lake, ${measure}`,
          unit: 'resources/s',
          salus: ingestResourcesPerSecond,
          baseline: parseResourcesPerSecond,
          baselineLabel: 'raw JSON.parse of the same lines, 1 core',
        },
        {
          benchmark: 'ingest',
          measure: 'peak resident memory of the ingestion (its process and staging processes together)',
          unit: 'MiB',
          salus: peakMiB,
          baseline: null,
          baselineLabel: null,
        },
      ],
      notes: [
        `${synth.resources.toLocaleString('en-GB')} resources, ${(synth.bytes / mib).toFixed(0)} MiB of NDJSON on ${tmpdir()}`,
        `ingestion includes SHA-256 of every file, staging in 2 child processes, DuckDB build (${lakeMemoryLimit} memory limit, spilling) and commit`,
        `set SALUS_BENCH_PERSONS for another size (this run: ${persons.toLocaleString('en-GB')})`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figures of a population written earlier (its Bulk Data manifest and file sizes), for SALUS_BENCH_SYNTH_DIR. */
function reuse(synthDir: string): { resources: number; bytes: number; elapsedMs: number } {
  const manifest = JSON.parse(readFileSync(path.join(synthDir, 'manifest.json'), 'utf8')) as {
    output: { url: string; count: number }[];
  };
  const wanted = manifest.output.filter((o) => (o.url.split('/')[0] ?? '') in holders);
  return {
    resources: wanted.reduce((n, o) => n + o.count, 0),
    bytes: wanted.reduce((n, o) => n + statSync(path.join(synthDir, o.url)).size, 0),
    elapsedMs: 0,
  };
}

/** Every line of every holder's NDJSON through JSON.parse, nothing else. */
async function parseAll(synthDir: string): Promise<{ lines: number; seconds: number }> {
  const { readLines } = await import('../src/modules/ingest/line-reader.js');
  let lines = 0;
  let sink = 0;
  const t0 = performance.now();
  for (const holder of Object.keys(holders)) {
    const folder = path.join(synthDir, holder);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ndjson') && f !== 'bundles.ndjson')) {
      await readLines(path.join(folder, file), 64 * mib, {
        onLine: (text) => {
          const value = JSON.parse(text) as { id?: string };
          sink += value.id?.length ?? 0;
          lines++;
        },
        onTooLong: () => undefined,
      });
    }
  }
  if (sink < 0) console.log(sink);
  return { lines, seconds: (performance.now() - t0) / 1000 };
}

function runChild(dir: string, synthDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child', dir, synthDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SALUS_BENCH_LAKE_MEMORY: lakeMemoryLimit },
    });
    const rss = child.pid === undefined ? null : sampleTreeRss(child.pid);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const treePeakKiB = rss?.stop() ?? 0;
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`ingestion child exited with ${String(code)}: ${out.slice(-2000)}`));
      else {
        const result = JSON.parse(last) as ChildResult;
        result.treePeakKiB = Math.max(treePeakKiB, result.maxRssKiB);
        resolve(result);
      }
    });
  });
}

/** The child: ingests the three holders' folders into a fresh lake and prints its figures as JSON. */
async function child(dir: string, synthDir: string): Promise<void> {
  const lake = await openLake({
    dir: path.join(dir, 'lake'),
    vocabularyDir: null,
    memoryLimit: process.env.SALUS_BENCH_LAKE_MEMORY ?? '128MB',
  });
  const key = loadPseudonymKey(path.join(dir, 'secrets'));
  const reports: DeliveryReport[] = [];
  const phases: Record<string, number>[] = [];
  const t0 = performance.now();
  for (const [folder, holderId] of Object.entries(holders)) {
    const times: Record<string, number> = {};
    let phase: string | null = null;
    let since = performance.now();
    const enter = (next: string | null): void => {
      const now = performance.now();
      if (phase !== null) times[phase] = (times[phase] ?? 0) + (now - since) / 1000;
      phase = next;
      since = now;
    };
    reports.push(
      await ingestDelivery({
        lake,
        holderId,
        paths: [path.join(synthDir, folder)],
        pseudonymKey: key,
        onProgress: (p) => {
          if (p.phase !== phase) enter(p.phase);
        },
      }),
    );
    enter(null);
    phases.push(times);
  }
  const seconds = (performance.now() - t0) / 1000;
  await lake.close();
  const result: ChildResult = {
    seconds,
    resources: reports.reduce((n, r) => n + r.resources, 0),
    rows: reports.reduce((n, r) => n + Object.values(r.rowsPerTable).reduce((a, b) => a + b, 0), 0),
    maxRssKiB: process.resourceUsage().maxRSS,
    reports: reports.map((r, i) => ({
      holderId: r.holderId,
      phases: phases[i] ?? {},
      status: r.status,
      rejectedTotal: r.rejectedTotal,
      elapsedMs: r.elapsedMs,
    })),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[2] === 'child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  await child(process.argv[3] ?? '', process.argv[4] ?? '');
}
