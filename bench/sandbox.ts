import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runJob, sandboxAvailable, type JobLanguage } from '../src/modules/workspace/sandbox/index.js';
import type { BenchmarkResult, SummaryRow } from './summary.js';

/** Jobs per language and way of running; `SALUS_BENCH_SANDBOX_RUNS=50` for steadier percentiles. */
const runs = Number(process.env.SALUS_BENCH_SANDBOX_RUNS ?? 20);
const aimMs = 300;

const trivial: Readonly<Record<JobLanguage, { script: string; direct: (file: string) => string[] }>> = {
  python: { script: 'print(1)\n', direct: (file) => ['/usr/bin/python3', '-I', '-u', '-B', file] },
  r: { script: 'cat(1, "\\n")\n', direct: (file) => ['/usr/bin/Rscript', '--vanilla', file] },
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The interpreter started directly, as a child of the node, output read: what a job costs at the least. */
async function direct(argv: readonly string[]): Promise<number> {
  const [file, ...args] = argv;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file ?? '', args, {
      env: { PATH: '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
  });
  return performance.now() - t0;
}

/**
 * The time from asking for a job to having its result, for a trivial Python and a trivial R script:
 * through `runJob` (checks, bwrap, limits, watchdog, output scan) against the same interpreter run
 * directly, alternating the two in the same run.
 */
export async function sandboxBench(): Promise<BenchmarkResult> {
  const availability = await sandboxAvailable();
  if (!availability.ready) throw new Error(`the sandbox cannot run here: ${availability.problems.join(' ')}`);
  const root = mkdtempSync(path.join(tmpdir(), 'salus-bench-sandbox-'));
  chmodSync(root, 0o711);
  const rows: SummaryRow[] = [];
  const notes: string[] = [];
  try {
    const extractDir = path.join(root, 'extract');
    mkdirSync(extractDir);
    writeFileSync(path.join(extractDir, 'person.csv'), 'person_id,age\n1,50\n');
    for (const language of ['python', 'r'] as const) {
      if (!availability.languages[language].available) {
        notes.push(`${language}: skipped, ${availability.languages[language].interpreter} is missing`);
        continue;
      }
      const { script, direct: argv } = trivial[language];
      const scriptFile = path.join(root, `trivial-${language}`);
      writeFileSync(scriptFile, script);
      const sandboxed: number[] = [];
      const plain: number[] = [];
      for (let i = -2; i < runs; i++) {
        const t0 = performance.now();
        const result = await runJob({
          language,
          script,
          extractDir,
          outputDir: path.join(root, 'output'),
          logFile: path.join(root, 'logs', `${language}-${i}.log`),
        });
        const sandboxMs = performance.now() - t0;
        if (result.status !== 'succeeded')
          throw new Error(`${language} job ${result.status}: ${result.reason}`);
        const plainMs = await direct(argv(scriptFile));
        if (i < 0) continue; // warm-up: page cache, first fontconfig and R start-up
        sandboxed.push(sandboxMs);
        plain.push(plainMs);
      }
      sandboxed.sort((a, b) => a - b);
      plain.sort((a, b) => a - b);
      const label = language === 'python' ? 'Python' : 'R';
      for (const p of [50, 95]) {
        rows.push({
          benchmark: 'sandbox',
          measure: `trivial ${label} job, start to result, p${p}`,
          unit: 'ms',
          salus: percentile(sandboxed, p),
          baseline: percentile(plain, p),
          baselineLabel: `${label} run directly`,
        });
      }
      const overhead = percentile(sandboxed, 50) - percentile(plain, 50);
      const line =
        `${label}: p50 ${percentile(sandboxed, 50).toFixed(0)} ms in the sandbox, ${percentile(plain, 50).toFixed(0)} ms directly, ` +
        `p95 ${percentile(sandboxed, 95).toFixed(0)} / ${percentile(plain, 95).toFixed(0)} ms; the sandbox adds ${overhead.toFixed(0)} ms ` +
        `(aim: under ${aimMs} ms)`;
      console.log(`  ${line}`);
      notes.push(line);
    }
    notes.push(
      `${runs} jobs per language and way, after 2 warm-up runs; sandbox runs alternate with direct runs`,
    );
    return { name: 'sandbox', rows, notes };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
