import type { Command } from 'commander';
import type { Config } from '../../platform/config/index.js';
import type { AuditContext } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import type { IngestProgress } from '../ingest/index.js';
import type { DeliveryService, IngestOutcome } from './service.js';

interface CliDeps {
  readonly loadConfig: () => Config;
  readonly withServices: <T>(
    config: Config,
    run: (services: { deliveries: DeliveryService; identity: IdentityService }) => Promise<T>,
  ) => Promise<T>;
  readonly cliContext: () => AuditContext;
}

const phases: Readonly<Record<IngestProgress['phase'], string>> = {
  checksum: 'checking files',
  staging: 'reading',
  building: 'building the lake tables',
  committing: 'committing',
};

/** A one-line progress bar on a terminal; nothing when standard error is not one (logs stay clean). */
function progressBar(stream: NodeJS.WriteStream): ((p: IngestProgress) => void) & { done: () => void } {
  let last = 0;
  const draw = (p: IngestProgress) => {
    const now = Date.now();
    if (!stream.isTTY || now - last < 100) return;
    last = now;
    const share = p.bytesTotal === 0 ? 1 : Math.min(1, p.bytesDone / p.bytesTotal);
    const width = 30;
    const filled = Math.round(share * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${phases[p.phase]}, ${p.resources.toLocaleString('en-GB')} records   `,
    );
  };
  return Object.assign(draw, {
    done: () => {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  });
}

export function summaryLines(outcome: IngestOutcome): string[] {
  const { report } = outcome;
  const lines = [
    `Delivery ${report.deliveryId} of ${report.holderId}: ${report.status} (${report.resources.toLocaleString('en-GB')} records read in ${(report.elapsedMs / 1000).toFixed(1)} s)`,
  ];
  for (const f of report.files)
    lines.push(`  file ${f.path}  ${f.format}  ${f.bytes} bytes  sha256 ${f.sha256}`);
  const tables = Object.entries(report.rowsPerTable).filter(([, n]) => n > 0);
  if (tables.length > 0) lines.push(`  rows: ${tables.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  for (const [type, s] of Object.entries(report.skipped))
    lines.push(`  skipped ${s.count} ${type}: ${s.reason}`);
  if (report.unmappedCodes.rows > 0)
    lines.push(
      `  unmapped codes: ${report.unmappedCodes.rows} rows, ${report.unmappedCodes.distinctCodes} distinct codes (concept id 0)`,
    );
  if (report.rejectedTotal > 0) {
    lines.push(`  rejected ${report.rejectedTotal} record(s):`);
    for (const r of report.rejected)
      lines.push(
        `    ${r.file}:${r.line}${r.resourceId === null ? '' : ` ${r.resourceId}`}${r.path ? ` ${r.path}` : ''}: ${r.reason}`,
      );
    if (report.rejected.length < report.rejectedTotal)
      lines.push(`    … and ${report.rejectedTotal - report.rejected.length} more`);
  }
  if (outcome.catalogue !== null)
    lines.push(
      `  catalogue dataset ${outcome.catalogue.datasetId}: facts refreshed${outcome.catalogue.version === null ? ' (in its working copy)' : `, published as version ${outcome.catalogue.version}`}`,
    );
  return lines;
}

export function registerIngestCommand(program: Command, deps: CliDeps): void {
  program
    .command('ingest')
    .description("load a data holder's delivery into the lake: FHIR R4 NDJSON or Bundles, or OMOP CDM CSV")
    .argument('<paths...>', 'files or folders of the delivery')
    .requiredOption('--holder <organisation>', "the data holder: its name or identifier (e.g. 'DH-HOSPITAL')")
    .option('--accept-valid-part', 'commit the valid records of a delivery that has rejected ones')
    .option('--dataset <id>', 'the catalogue dataset the delivery feeds (default: the holder’s only one)')
    .option('--json', 'print the delivery report as JSON')
    .action(
      async (
        paths: string[],
        opts: { holder: string; acceptValidPart?: boolean; dataset?: string; json?: boolean },
      ) => {
        const bar = progressBar(process.stderr);
        const outcome = await deps.withServices(deps.loadConfig(), async ({ deliveries, identity }) => {
          const holder = (await identity.organisations()).find(
            (o) => o.name === opts.holder || o.identifier === opts.holder,
          );
          if (holder === undefined)
            throw new Error(`there is no organisation named or identified "${opts.holder}"`);
          return deliveries.ingest(
            {
              organisationId: holder.id,
              paths,
              acceptValidPart: opts.acceptValidPart === true,
              datasetId: opts.dataset ?? null,
              onProgress: bar,
            },
            deps.cliContext(),
          );
        });
        bar.done();
        if (opts.json === true) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        else process.stdout.write(`${summaryLines(outcome).join('\n')}\n`);
        if (outcome.report.status === 'rejected') process.exitCode = 1;
      },
    );
}
