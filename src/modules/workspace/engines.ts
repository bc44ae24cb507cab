import { randomUUID } from 'node:crypto';
import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors/index.js';
import type { CatalogueService } from '../catalogue/index.js';
import type { DeliveryService } from '../deliveries/index.js';
import {
  buildExtract,
  defaultSqlConsoleLimits,
  openSqlConsole,
  type CohortCriteria,
  type ConsoleErrorCode,
  type ExtractSource,
  type SqlConsoleLimits,
} from '../lake/index.js';
import { languageSupport, runJob, sandboxAvailable, type SandboxLimits } from './sandbox/index.js';
import type { ExtractBuilder, JobRunner, SqlConsoles } from './ports.js';

/** What the data steward sets when preparing: the cohort and date shift the work order's words describe. */
export interface PreparationChoices {
  readonly cohort?: CohortCriteria | null;
  readonly dateShift?: { readonly enabled: boolean; readonly maxDays: number };
}

/**
 * The extract of a permit from the lake: each dataset of the work order is the deliveries of its data
 * holder, cut to the permitted variables, period and cohort, opted-out persons left out. Built in the
 * ingestion queue, so it never sees a half-committed delivery.
 */
export function lakeExtracts(
  deliveries: DeliveryService,
  catalogue: CatalogueService,
  defaults: { dateShiftDays: number },
): ExtractBuilder {
  return {
    async build(request) {
      const order = request.order as {
        datasets?: { datasetId: string; title: string; variables: string[] }[];
        period?: { from: string; to: string } | null;
        choices?: PreparationChoices;
      };
      const sources: ExtractSource[] = [];
      for (const d of order.datasets ?? []) {
        const dataset = await catalogue.view(null, d.datasetId);
        if (dataset.holder === null)
          throw new AppError(
            'invalid',
            'workspace.dataset_without_holder',
            `The dataset "${d.title}" names no data holder, so the lake has nothing of it.`,
          );
        sources.push({
          holderId: await deliveries.holderIdOf(dataset.holder.id),
          datasetId: d.datasetId,
          variables: d.variables,
        });
      }
      const choices = order.choices ?? {};
      const dateShift = choices.dateShift ?? {
        enabled: defaults.dateShiftDays > 0,
        maxDays: defaults.dateShiftDays,
      };
      const result = await deliveries.exclusive((lake) =>
        buildExtract(
          lake,
          {
            permitId: request.permitId,
            sources,
            period: order.period ?? null,
            cohort: choices.cohort ?? null,
            optedOutPseudonyms: request.optedOut,
            rekeySecret: request.secret,
            dateShift: { enabled: dateShift.enabled, maxDays: Math.max(1, dateShift.maxDays) },
          },
          request.outDir,
        ),
      );
      return result.report as unknown as Record<string, unknown>;
    },
  };
}

/** The SQL console: DuckDB over the extract alone, locked down (see the lake's sql-console). */
export function lakeConsoles(limits: Partial<SqlConsoleLimits>): SqlConsoles {
  return {
    async query(extractDir, sql) {
      const console = await openSqlConsole(extractDir, { ...defaultSqlConsoleLimits, ...limits });
      try {
        const outcome = await console.run(sql);
        if (!outcome.ok)
          throw new AppError(
            refused.has(outcome.code) ? 'forbidden' : 'invalid',
            outcome.code,
            outcome.message,
          );
        return outcome;
      } finally {
        await console.close();
      }
    },
  };
}

/** Console failures that are a refusal of what the query tried (audited as denied), not a mistake. */
const refused = new Set<ConsoleErrorCode>([
  'console.function_refused',
  'console.file_access_refused',
  'console.network_refused',
  'console.extension_refused',
  'console.settings_locked',
]);

/** Python and R in the bubblewrap sandbox; each job's log is kept beside the workspace's folders. */
export function sandboxJobs(limits: Partial<SandboxLimits>): JobRunner {
  let ready: Promise<string | null> | null = null;
  return {
    async unavailable(language) {
      ready ??= sandboxAvailable().then((a) => (a.ready ? null : a.problems.join(' ')));
      const problem = await ready;
      if (problem !== null) return `The sandbox cannot start on this node: ${problem}`;
      const support = languageSupport(language);
      return support.available
        ? null
        : `${language === 'r' ? 'R' : 'Python'} is not installed on this node (${support.interpreter}).`;
    },
    async run(job) {
      await reachableBySandbox(job.extractDir);
      const result = await runJob({
        language: job.language,
        script: job.script,
        extractDir: job.extractDir,
        outputDir: job.workDir,
        logFile: path.join(path.dirname(job.workDir), 'logs', `${randomUUID()}.log`),
        limits,
      });
      return {
        status: result.status === 'cancelled' ? 'failed' : result.status,
        exitCode: result.exitCode,
        durationMs: Math.round(result.durationMs),
        message: result.reason,
        logTail: result.log.tail,
        outputs: result.outputs.map((o) => o.path),
      };
    },
  };
}

/**
 * A node running as root starts jobs as an unprivileged account (see the sandbox), which must be able to
 * reach the workspace's folders to mount them: every folder above them gets search permission (o+x, not
 * read: nothing can be listed). Inside the sandbox only the two mounted folders are visible.
 */
async function reachableBySandbox(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) await chmod(d, (mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) break;
  }
}
