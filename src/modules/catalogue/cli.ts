import { once } from 'node:events';
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Config } from '../../platform/config/index.js';
import type { AuditContext } from '../audit/index.js';
import { violations } from './findings.js';
import type { Catalogue } from './index.js';
import type { RdfFormat } from './rdf-port.js';

interface CliDeps {
  readonly loadConfig: () => Config;
  readonly withServices: <T>(
    config: Config,
    run: (s: {
      catalogue: Catalogue;
      identity: import('../identity/index.js').IdentityService;
    }) => Promise<T>,
  ) => Promise<T>;
  readonly cliContext: () => AuditContext;
}

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export const formatOfFile = (file: string): RdfFormat => {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ttl' || ext === '.turtle') return 'turtle';
  if (ext === '.jsonld' || ext === '.json') return 'jsonld';
  if (ext === '.rdf' || ext === '.xml' || ext === '.owl') return 'rdfxml';
  throw new Error(`${file}: cannot tell the RDF format from "${ext}"; use .ttl, .jsonld or .rdf`);
};

/** `salus catalogue export | import | validate`. */
export function registerCatalogueCommands(program: Command, deps: CliDeps): void {
  const catalogue = program
    .command('catalogue')
    .description('the national dataset catalogue (HealthDCAT-AP)');

  catalogue
    .command('export')
    .description('write the published catalogue as DCAT-AP')
    .addOption(
      new Option('--format <format>', 'RDF format').choices(['turtle', 'jsonld', 'rdfxml']).default('turtle'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { format: RdfFormat; out?: string }) => {
      // Written to a temporary file beside the target and renamed, so a failed export leaves no half file.
      const target = opts.out;
      const temporary = target === undefined ? undefined : `${target}.${process.pid}.partial`;
      const out = temporary === undefined ? process.stdout : createWriteStream(temporary);
      let bytes = 0;
      try {
        const { datasets } = await deps.withServices(deps.loadConfig(), ({ catalogue: c }) =>
          c.service.exportCatalogue(opts.format, (chunk) => {
            bytes += Buffer.byteLength(chunk);
            return chunk === '' || out.write(chunk) ? undefined : once(out, 'drain');
          }),
        );
        if (temporary !== undefined && target !== undefined) {
          await new Promise<void>((resolve, reject) => {
            out.end((error?: Error | null) => (error ? reject(error) : resolve()));
          });
          renameSync(temporary, target);
          process.stderr.write(`Wrote ${target}: ${datasets} datasets, ${bytes} bytes.\n`);
        }
      } catch (e) {
        if (temporary !== undefined) rmSync(temporary, { force: true });
        throw e;
      }
    });

  catalogue
    .command('import')
    .description('import HealthDCAT-AP documents: one draft per dataset, for a data holder')
    .argument('<files...>', '.ttl, .jsonld or .rdf files')
    .requiredOption('--holder <organisation>', 'the data holder organisation (its name)')
    .option('--publish', 'publish each imported dataset at once (only when it passes the mandatory shapes)')
    .option(
      '--keep-incomplete',
      'keep descriptions that break mandatory shapes as drafts instead of refusing',
    )
    .action(
      async (files: string[], opts: { holder: string; publish?: boolean; keepIncomplete?: boolean }) => {
        await deps.withServices(deps.loadConfig(), async ({ catalogue: c, identity }) => {
          const holder = (await identity.organisations()).find((o) => o.name === opts.holder);
          if (holder === undefined) throw new Error(`there is no organisation named "${opts.holder}"`);
          for (const file of files) {
            const { ids, findings } = await c.service.importFor(
              holder.id,
              readFileSync(file, 'utf8'),
              formatOfFile(file),
              deps.cliContext(),
              { keepIncomplete: opts.keepIncomplete === true },
            );
            for (const id of ids) {
              const blocking = violations(findings[id] ?? []);
              let note = `${blocking.length} violation(s), ${(findings[id] ?? []).length - blocking.length} warning(s)`;
              if (opts.publish === true) {
                if (blocking.length > 0) note += '; not published';
                else
                  note += `; published as version ${await c.service.publishVersion(id, null, deps.cliContext())}`;
              }
              out(`${file}: dataset ${id}: ${note}`);
            }
          }
        });
      },
    );

  catalogue
    .command('validate')
    .description(
      'validate HealthDCAT-AP documents against the official shapes; exit 1 if a mandatory one fails',
    )
    .argument('<files...>', '.ttl, .jsonld or .rdf files')
    .action(async (files: string[]) => {
      const { catalogueRdf } = await import('./index.js');
      const rdf = await catalogueRdf(deps.loadConfig());
      let failed = 0;
      for (const file of files) {
        const quads = await rdf.parse(
          readFileSync(file, 'utf8'),
          formatOfFile(file),
          `file://${path.resolve(file)}`,
        );
        const datasets = rdf.datasets(quads);
        if (datasets.length === 0) out(`${file}: no dcat:Dataset found`);
        for (const d of datasets) {
          const { record } = rdf.toRecord(d.iri, d.quads);
          const findings = await rdf.validate(d.quads, record.accessRights);
          const blocking = violations(findings);
          if (blocking.length > 0) failed++;
          out(
            `${file}: ${d.iri} (${record.accessRights}): ${blocking.length} violation(s), ${findings.length - blocking.length} warning(s)`,
          );
          for (const f of findings)
            out(
              `  ${f.severity.toUpperCase()} ${f.field ?? f.path}${f.value === null ? '' : ` = ${f.value}`}: ${f.message}`,
            );
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
}
