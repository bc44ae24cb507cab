import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../platform/config/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AuditContext } from '../audit/index.js';
import type { QualityAssessments, QualityJob, QualityReport, RunTarget } from './assessments.js';
import { elementNames, reportHtml } from './report-html.js';

interface CliDeps {
  readonly loadConfig: () => Config;
  readonly withServices: <T>(
    config: Config,
    run: (services: { quality: QualityAssessments }) => Promise<T>,
  ) => Promise<T>;
  readonly cliContext: () => AuditContext;
}

const phases: Readonly<Record<QualityJob['phase'], string>> = {
  queued: 'waiting for the lake',
  checking: 'running the checks',
  measuring: 'measuring coverage and distributions',
  labelling: 'awarding the label',
  publishing: 'publishing to the catalogue',
  done: 'done',
  failed: 'failed',
};

/** A one-line progress bar on a terminal (queries answered against the last run's count); nothing otherwise. */
function progressLine(stream: NodeJS.WriteStream): ((job: QualityJob) => void) & { done: () => void } {
  let last = 0;
  const draw = (job: QualityJob) => {
    const now = Date.now();
    if (!stream.isTTY || now - last < 100) return;
    last = now;
    const width = 30;
    const share =
      job.expectedQueries === null || job.expectedQueries === 0
        ? null
        : Math.min(0.99, job.queries / job.expectedQueries);
    const bar =
      share === null
        ? ''
        : `[${'#'.repeat(Math.round(share * width))}${'.'.repeat(width - Math.round(share * width))}] ${(share * 100).toFixed(0).padStart(3)}%  `;
    stream.write(`\r${bar}${phases[job.phase]}, ${job.queries.toLocaleString('en-GB')} lake queries   `);
  };
  return Object.assign(draw, {
    done: () => {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  });
}

const level = (l: string | null): string => l ?? 'none';

export function summaryLines(report: QualityReport): string[] {
  const { run } = report;
  const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  const what = report.dataset?.title ?? report.holderName ?? 'the lake';
  const lines = [
    `Quality run ${run.id} of ${what}: ${run.counts.passed} passed, ${run.counts.failed} failed, ${run.counts.notApplicable} not applicable, ${run.counts.errors} errors (checks took ${seconds.toFixed(1)} s)`,
  ];
  if (run.label !== null) {
    lines.push(
      `  label: ${level(run.label.level)} (${run.label.elements.map((e) => `${elementNames[e.element].toLowerCase()} ${level(e.level)}`).join(', ')})`,
    );
    for (const r of run.label.toRaise)
      lines.push(`  to raise ${elementNames[r.element].toLowerCase()}: ${r.criteria.join('; ')}`);
  }
  const failing = report.failing.slice(0, 10);
  if (failing.length > 0) lines.push(`  failing checks (${report.failing.length}):`);
  for (const r of failing) {
    const where = [r.table, r.field, r.sourceCode, r.unit].filter((x) => x !== null).join('.');
    lines.push(
      r.status === 'error'
        ? `    ${r.checkName} ${where}: error: ${r.reason ?? ''}`
        : `    ${r.checkName} ${where}: ${r.violating} of ${r.total} (${(r.pctViolating ?? 0).toFixed(2)}%, ${r.thresholdPct}% allowed)`,
    );
  }
  if (report.failing.length > failing.length)
    lines.push(`    … and ${report.failing.length - failing.length} more in the report`);
  const p = report.publication;
  if (p !== null && report.dataset !== null)
    lines.push(
      p.error !== null
        ? `  catalogue: the label was not published: ${p.error}`
        : !p.changed
          ? `  catalogue dataset ${report.dataset.id}: label unchanged`
          : `  catalogue dataset ${report.dataset.id}: label and measurements ${p.version === null ? 'in its working copy' : `published as version ${p.version}`}`,
    );
  return lines;
}

/** Writes the whole file or nothing: a temporary file beside it, then one rename. */
export function writeAtomically(file: string, content: string): void {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, { mode: 0o644 });
    renameSync(temporary, target);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerQualityCommands(program: Command, deps: CliDeps): void {
  const quality = program
    .command('quality')
    .description('data quality checks over the lake and the EHDS quality and utility label (Art 78)');
  quality
    .command('run')
    .description(
      "run the data quality checks: for a catalogue dataset (its holder's data; awards and publishes its label), a holder, a delivery, or by default the whole lake",
    )
    .option('--dataset <id>', 'the catalogue dataset (its id)')
    .option('--holder <id>', "a data holder's lake name, e.g. DH-LAB")
    .option('--delivery <id>', 'one delivery in the lake')
    .option('--out <file>', 'write the report: HTML when the name ends in .html or .htm, JSON otherwise')
    .option('--json', 'print the report as JSON')
    .action(
      async (opts: {
        dataset?: string;
        holder?: string;
        delivery?: string;
        out?: string;
        json?: boolean;
      }) => {
        const given = [opts.dataset, opts.holder, opts.delivery].filter((x) => x !== undefined);
        if (given.length > 1) throw new Error('give at most one of --dataset, --holder and --delivery');
        if (opts.dataset !== undefined && !uuid.test(opts.dataset))
          throw new AppError(
            'invalid',
            'quality.dataset_unknown',
            `--dataset takes a dataset's id (a UUID), not "${opts.dataset}"`,
          );
        const target: RunTarget =
          opts.dataset !== undefined
            ? { datasetId: opts.dataset }
            : opts.holder !== undefined
              ? { holderId: opts.holder }
              : opts.delivery !== undefined
                ? { deliveryId: opts.delivery }
                : { lake: true };
        const bar = progressLine(process.stderr);
        const { report } = await deps.withServices(deps.loadConfig(), ({ quality: assessments }) =>
          assessments.runNow(target, deps.cliContext(), bar),
        );
        bar.done();
        if (opts.out !== undefined) {
          const html = /\.html?$/i.test(opts.out);
          writeAtomically(opts.out, html ? reportHtml(report) : `${JSON.stringify(report, null, 2)}\n`);
        }
        if (opts.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          const lines = summaryLines(report);
          if (opts.out !== undefined) lines.push(`  report written to ${opts.out}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
      },
    );
}
