import os from 'node:os';
import { auditAppend } from './audit-append.js';
import { auditVerify } from './audit-verify.js';
import { catalogueBench } from './catalogue.js';
import { httpAuthRead } from './http-auth-read.js';
import { renderSummary, type BenchmarkResult } from './summary.js';
import { synthBench } from './synth.js';

// `npm run bench` runs every benchmark; `node dist/bench/run.js audit-append audit-verify` runs those only.

interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(): Promise<BenchmarkResult>;
}

const benchmarks: readonly Benchmark[] = [
  {
    name: 'http-auth-read',
    title: 'authenticated read throughput against a bare Fastify route',
    run: httpAuthRead,
  },
  { name: 'audit-append', title: 'audit appends per second', run: auditAppend },
  { name: 'audit-verify', title: 'audit verification per second', run: auditVerify },
  {
    name: 'catalogue',
    title: 'catalogue search, export and validation with 10,000 datasets',
    run: catalogueBench,
  },
  { name: 'synth', title: 'synthetic population, 100,000 persons as FHIR NDJSON', run: synthBench },
  { name: 'ingest', title: 'FHIR ingestion', run: async () => (await import('./ingest.js')).ingestBench() },
  {
    name: 'access',
    title: 'listing and searching 10,000 access cases',
    run: async () => (await import('./access.js')).accessBench(),
  },
  {
    name: 'quality',
    title: 'data quality checks over the lake',
    run: async () => (await import('./quality.js')).qualityBench(),
  },
  {
    name: 'extract',
    title: 'per-permit extract build and the workspace SQL console',
    run: async () => (await import('./extract.js')).extractBench(),
  },
  {
    name: 'sandbox',
    title: 'Python and R job start-up in the bubblewrap sandbox',
    run: async () => (await import('./sandbox.js')).sandboxBench(),
  },
  {
    name: 'disclosure',
    title: 'airlock disclosure checks on a table at the 5,000-row cap',
    run: async () => (await import('./disclosure.js')).disclosureBench(),
  },
];

const requested = process.argv.slice(2);
const unknown = requested.filter((n) => !benchmarks.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; choose from: ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = requested.length === 0 ? benchmarks : benchmarks.filter((b) => requested.includes(b.name));

const cpus = os.cpus();
console.log('Salus benchmarks');
console.log(`  node ${process.version} on ${os.platform()} ${os.arch()}`);
console.log(`  CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`);
console.log(
  `  memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; gc between phases: ${globalThis.gc ? 'yes' : 'no (run with --expose-gc)'}`,
);

const results: BenchmarkResult[] = [];
const failures: string[] = [];
const started = performance.now();
for (const b of selected) {
  console.log(`\n${b.name}: ${b.title}`);
  const t0 = performance.now();
  try {
    const result = await b.run();
    results.push(result);
    for (const note of result.notes) console.log(`  note: ${note}`);
  } catch (e) {
    // One broken benchmark should not cost the figures of the others.
    failures.push(`${b.name}: ${(e as Error).stack ?? String(e)}`);
    console.error(`  FAILED: ${(e as Error).message}`);
  }
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

console.log(
  `\nSummary (ratio = salus / baseline; ${((performance.now() - started) / 1000).toFixed(0)} s in all)\n`,
);
console.log(renderSummary(results));
if (failures.length > 0) {
  console.error(`\n${failures.length} benchmark(s) failed:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
