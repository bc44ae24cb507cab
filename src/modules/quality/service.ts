/**
 * Quality over time: runs the checks for a scope of the lake (the whole lake, a data holder, a delivery),
 * keeps each run and its results, lists a dataset's, holder's or delivery's runs in order, and awards the
 * Art 78 label from a run's results, the lake's facts, the catalogue record and the holder's declarations.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { DatasetRecord } from '../catalogue/index.js';
import type { Lake, LakeScope } from '../lake/index.js';
import type { CheckResult } from './check.js';
import type { DqdCatalogue } from './dqd-catalogue.js';
import { runQualityChecks } from './engine.js';
import {
  computeLabel,
  documentationFacts,
  technicalFacts,
  type HolderDeclarations,
  type QualityLabel,
  type Requirement,
} from './label.js';
import { measureLakeFacts, type LakeFacts } from './lake-facts.js';
import { QualityRepository, type RunFilter, type RunRow } from './repository.js';

export type QualityRunSummary = RunRow;

export interface QualityServiceOptions {
  readonly database: Database;
  /** The node's lake (opened once by whoever owns it). */
  readonly lake: () => Promise<Lake>;
  /** The DQD control files (`loadDqdCatalogue`). */
  readonly catalogue: DqdCatalogue;
  /** The country's population, for the coverage element of the label; null when not configured. */
  readonly nationalPopulation: number | null;
}

export interface RunRequest {
  readonly scope: LakeScope;
  /** The catalogue dataset the run is for (its holder's data). */
  readonly datasetId?: string;
  readonly asOf?: string;
  readonly deathGraceDays?: number;
  /** Called after each query the run sends to the lake: the progress of a long run. */
  readonly onQuery?: () => void;
}

export interface LabelRequest {
  /** The dataset's catalogue record (DatasetRecord) and the HealthDCAT-AP requirements of its access level. */
  readonly record: DatasetRecord | null;
  readonly requirements: Readonly<Record<string, Requirement>>;
  readonly declarations: HolderDeclarations;
  /** The lake's facts for the run's scope when already measured; otherwise they are measured now. */
  readonly facts?: LakeFacts;
}

export class QualityService {
  private readonly repository: QualityRepository;

  constructor(private readonly options: QualityServiceOptions) {
    this.repository = new QualityRepository(options.database);
  }

  /** Runs every check over the scope and keeps the run. */
  async run(
    request: RunRequest,
  ): Promise<{ readonly run: QualityRunSummary; readonly results: readonly CheckResult[] }> {
    const lake = countingQueries(await this.options.lake(), request.onQuery);
    const outcome = await runQualityChecks(lake, request.scope, {
      catalogue: this.options.catalogue,
      ...(request.asOf === undefined ? {} : { asOf: request.asOf }),
      ...(request.deathGraceDays === undefined ? {} : { deathGraceDays: request.deathGraceDays }),
    });
    const count = (status: CheckResult['status']): number =>
      outcome.results.filter((r) => r.status === status).length;
    const scope = request.scope;
    const holderId =
      scope.kind === 'holder'
        ? scope.holderId
        : scope.kind === 'delivery'
          ? (lake.deliveries().find((m) => m.deliveryId === scope.deliveryId)?.holderId ?? null)
          : null;
    const run: RunRow = {
      id: randomUUID(),
      scope,
      holderId,
      deliveryId: scope.kind === 'delivery' ? scope.deliveryId : null,
      datasetId: request.datasetId ?? null,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      asOf: outcome.asOf,
      deathGraceDays: outcome.deathGraceDays,
      deliveryIds: outcome.deliveryIds,
      counts: {
        passed: count('passed'),
        failed: count('failed'),
        notApplicable: count('not_applicable'),
        errors: count('error'),
      },
      label: null,
    };
    await this.repository.insertRun(run, outcome.results);
    return { run, results: outcome.results };
  }

  /** Runs of a dataset, holder or delivery, oldest first: the trend a holder follows. */
  async runs(filter: RunFilter): Promise<readonly QualityRunSummary[]> {
    return this.repository.runs(filter);
  }

  async results(runId: string): Promise<readonly CheckResult[]> {
    await this.find(runId);
    return this.repository.results(runId);
  }

  /** One check's counts across the runs of a filter, oldest first. */
  async history(checkId: string, filter: RunFilter) {
    const runs = await this.repository.runs(filter);
    return this.repository.history(
      checkId,
      runs.map((r) => r.id),
    );
  }

  /**
   * Awards the label for a run: technical quality from its results, coverage, delivery lag and linkage
   * measured in the lake for its scope, documentation from the catalogue record, quality management from
   * the runs kept for the same dataset (or holder), the rest from the holder's declarations. Kept with the run.
   */
  async label(runId: string, request: LabelRequest): Promise<QualityLabel> {
    const run = await this.find(runId);
    const facts = request.facts ?? (await this.facts(run.scope));
    const history = await this.repository.runs(
      run.datasetId !== null
        ? { datasetId: run.datasetId }
        : run.holderId !== null
          ? { holderId: run.holderId }
          : {},
    );
    const label = computeLabel({
      documentation:
        request.record === null ? null : documentationFacts(request.record, request.requirements),
      technical: technicalFacts(await this.repository.results(runId)),
      deliveryLagDays: facts.medianDeliveryLagDays,
      qualityRuns: history.length,
      coverage: facts.coverage,
      linkedShare: facts.linkedShare,
      inCommonDataModel: run.deliveryIds.length > 0,
      declarations: request.declarations,
    });
    await this.repository.setLabel(runId, label);
    return label;
  }

  /** Persons, years, delivery lag and linkage of a scope, as the label measures them. */
  async facts(scope: LakeScope, onQuery?: () => void): Promise<LakeFacts> {
    const lake = countingQueries(await this.options.lake(), onQuery);
    return measureLakeFacts(lake, scope, { nationalPopulation: this.options.nationalPopulation });
  }

  /** One run's summary; not_found when there is none. */
  async runOf(runId: string): Promise<QualityRunSummary> {
    return this.find(runId);
  }

  private async find(runId: string): Promise<RunRow> {
    const run = /^[0-9a-f-]{36}$/.test(runId) ? await this.repository.run(runId) : null;
    if (run === null) throw new AppError('not_found', 'quality.run_unknown', `No quality run ${runId}.`);
    return run;
  }
}

/** The lake, telling `onQuery` of each query it answers (the engine's own code stays unaware of progress). */
function countingQueries(lake: Lake, onQuery: (() => void) | undefined): Lake {
  if (onQuery === undefined) return lake;
  return new Proxy(lake, {
    get(target, property) {
      if (property === 'query') {
        return async (sql: string) => {
          const rows = await target.query(sql);
          onQuery();
          return rows;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
