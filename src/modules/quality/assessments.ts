/**
 * Quality on the node: who may see and start which runs, the queue that runs them next to ingestion with
 * their progress, what each run measured beside its checks (the lake's facts, value distributions), the
 * Art 78 label awarded for a dataset and published into its catalogue record as W3C DQV, the holder's
 * declarations, and the report. Data holders see their own datasets' quality; the HDAB's staff see all.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../../platform/auth/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { AccessLevel, CatalogueService, DatasetRecord } from '../catalogue/index.js';
import type { CommittedDelivery } from '../deliveries/index.js';
import type { IdentityService } from '../identity/index.js';
import type { Lake, LakeScope } from '../lake/index.js';
import {
  completenessByField,
  failingChecks,
  resultsByCategory,
  type CategoryCounts,
  type FieldCompleteness,
} from './breakdown.js';
import type { CheckResult } from './check.js';
import { loadDqdCatalogue, type DqdCatalogue } from './dqd-catalogue.js';
import { measureDistributions, type Distribution } from './distributions.js';
import { dqvQuads } from './dqv.js';
import type { HolderDeclarations, QualityLabel, Requirement } from './label.js';
import type { LakeFacts } from './lake-facts.js';
import { QualityRepository, type RunDetails, type RunFilter, type RunRow } from './repository.js';
import { QualityService } from './service.js';

/** What the deliveries module lends: its lake, its queue, and the lake's names for holders. */
export interface LakeOwner {
  lake(): Promise<Lake>;
  exclusive<T>(work: (lake: Lake) => Promise<T>): Promise<T>;
  /** Whether deliveries are being ingested: runs after deliveries wait until none is. */
  busy(): boolean;
  holderIdOf(organisationId: string): Promise<string>;
}

export interface QualityAssessmentOptions {
  readonly database: Database;
  readonly catalogue: CatalogueService;
  /** The HealthDCAT-AP requirements per access level (throws when the artefacts are not installed). */
  readonly profile: () => Readonly<Record<AccessLevel, Readonly<Record<string, Requirement>>>>;
  readonly identity: IdentityService;
  readonly audit: AuditLog;
  readonly lakeOwner: LakeOwner;
  /** The DQD's control files; null: this node runs no checks. */
  readonly dqdDir: string | null;
  readonly nationalPopulation: number | null;
  /** The node's public URL: Salus's DQV metrics live under `<url>/quality`. */
  readonly publicUrl: string;
  readonly logger: FastifyBaseLogger;
}

export type JobPhase = 'queued' | 'checking' | 'measuring' | 'labelling' | 'publishing' | 'done' | 'failed';

/** A run asked for and not yet finished (or just finished): what the dashboard follows. */
export interface QualityJob {
  readonly id: string;
  readonly scope: LakeScope;
  readonly datasetId: string | null;
  readonly holderId: string | null;
  readonly phase: JobPhase;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Lake queries answered so far, and how many the last run of the same scope took (null: none yet). */
  readonly queries: number;
  readonly expectedQueries: number | null;
  readonly runId: string | null;
  readonly error: string | null;
}

/** What a run is for: one of a catalogue dataset (its holder's data), a holder, a delivery, or the lake. */
export type RunTarget =
  | { readonly datasetId: string }
  | { readonly holderId: string }
  | { readonly deliveryId: string }
  | { readonly lake: true };

export interface DatasetRef {
  readonly id: string;
  readonly title: string;
  readonly holder: { readonly id: string; readonly name: string } | null;
  readonly published: boolean;
  /** The label the catalogue record carries now. */
  readonly qualityLabel: string | null;
}

export interface DatasetQuality {
  readonly dataset: DatasetRef;
  /** The latest finished run, with its label. */
  readonly latest: RunRow | null;
  readonly job: QualityJob | null;
}

export interface DatasetQualityDetail extends DatasetQuality {
  /** Every kept run of the dataset, oldest first: the trend. */
  readonly runs: readonly RunRow[];
  readonly declarations: HolderDeclarations;
  /** Whether the caller may change the declarations (the dataset's own holder). */
  readonly mayDeclare: boolean;
}

export interface RunView {
  readonly run: RunRow;
  readonly dataset: { readonly id: string; readonly title: string } | null;
  readonly holderName: string | null;
  readonly byCategory: readonly CategoryCounts[];
  readonly completeness: readonly FieldCompleteness[];
  readonly distributions: readonly Distribution[];
  readonly failing: readonly CheckResult[];
  readonly facts: LakeFacts | null;
  readonly publication: RunDetails['publication'];
  readonly checks: number;
}

/** The downloadable report: the run's view and every check's result (counts only, never a row). */
export interface QualityReport extends RunView {
  readonly generatedAt: string;
  readonly node: string;
  readonly results: readonly CheckResult[];
}

type Viewer =
  | { readonly staff: true; readonly userId: string | null }
  | {
      readonly staff: false;
      readonly userId: string;
      readonly organisationId: string;
      readonly holderId: string;
      readonly datasets: ReadonlySet<string>;
    };

const staffRoles = ['data_steward', 'access_officer', 'admin'] as const;
const isStaff = (p: Principal): boolean => p.roles.some((r) => (staffRoles as readonly string[]).includes(r));
const titleOf = (record: DatasetRecord): string =>
  record.title.en ?? Object.values(record.title)[0] ?? record.identifier;
const scopeKey = (scope: LakeScope, datasetId: string | null): string =>
  `${scope.kind}|${scope.kind === 'holder' ? scope.holderId : scope.kind === 'delivery' ? scope.deliveryId : ''}|${datasetId ?? ''}`;
const keepFinishedJobs = 200;
/** How long the lake must be free of deliveries before the runs they call for start. */
const settleMs = 1000;

export class QualityAssessments {
  private readonly repository: QualityRepository;
  private service: QualityService | null = null;
  private readonly jobs = new Map<string, QualityJob>();
  /** Runs called for by deliveries, waiting for the deliveries to settle (one per dataset however many). */
  private readonly afterDeliveries = new Map<string, { job: QualityJob; context: AuditContext }>();
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: QualityAssessmentOptions) {
    this.repository = new QualityRepository(options.database);
  }

  /** Whether this node can run checks (it was given the DQD's control files). */
  get available(): boolean {
    return this.options.dqdDir !== null;
  }

  /** The check engine and run history, with the DQD read on first use (start-up does not pay for it). */
  private checks(): QualityService {
    if (this.service !== null) return this.service;
    const dir = this.options.dqdDir;
    if (dir === null)
      throw new AppError(
        'unavailable',
        'quality.unavailable',
        "This node has no data quality checks: set SALUS_DQD_DIR to the folder of the OHDSI Data Quality Dashboard's check catalogue.",
      );
    const catalogue: DqdCatalogue = loadDqdCatalogue(dir);
    this.service = new QualityService({
      database: this.options.database,
      lake: () => this.options.lakeOwner.lake(),
      catalogue,
      nationalPopulation: this.options.nationalPopulation,
    });
    return this.service;
  }

  // ---- Starting runs ----------------------------------------------------------------------------

  /**
   * After a delivery reaches the lake: a run over its holder's data, for the dataset it feeds. It starts once
   * no delivery is being ingested, so that several deliveries in a row (the demo's three holders, a holder's
   * batch) are checked once each, with every holder's data already linked, and never hold up ingestion.
   */
  afterDelivery(delivery: CommittedDelivery): void {
    if (!this.available) return;
    const scope: LakeScope = { kind: 'holder', holderId: delivery.holderId };
    const key = scopeKey(scope, delivery.datasetId);
    if (!this.afterDeliveries.has(key))
      this.afterDeliveries.set(key, {
        job: this.newJob(scope, delivery.datasetId),
        context: delivery.context,
      });
    this.settle();
  }

  /** Starts the runs deliveries called for, and waits for every run in progress: before the lake closes. */
  async close(): Promise<void> {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.startAfterDeliveries(true);
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private settle(): void {
    if (this.settleTimer !== null) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.startAfterDeliveries(false);
    }, settleMs);
    this.settleTimer.unref();
  }

  private startAfterDeliveries(now: boolean): void {
    if (!now && this.options.lakeOwner.busy()) {
      this.settle();
      return;
    }
    for (const [key, { job, context }] of this.afterDeliveries) {
      this.afterDeliveries.delete(key);
      this.track(this.execute(job, context));
    }
  }

  /** Keeps a run in progress known until it ends, so that closing waits for it. */
  private track(run: Promise<QualityJob>): void {
    const tracked: Promise<unknown> = run
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'quality run failed');
      })
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Queues a run; `principal` null is the node itself (the CLI). The same run already waiting is reused. */
  async start(principal: Principal | null, target: RunTarget, context: AuditContext): Promise<QualityJob> {
    const viewer = await this.viewer(principal);
    const { scope, datasetId, holderId } = await this.resolve(viewer, target);
    this.checks();
    const waiting = [...this.jobs.values()].find(
      (j) => j.phase === 'queued' && scopeKey(j.scope, j.datasetId) === scopeKey(scope, datasetId),
    );
    if (waiting !== undefined) return waiting;
    const job = this.newJob(scope, datasetId, holderId);
    await auditAs(this.options.audit, context, {
      action: 'quality.run.start',
      outcome: 'success',
      target: { type: 'quality_job', id: job.id },
      details: { scope, datasetId },
    });
    this.track(this.execute(job, context));
    return job;
  }

  /**
   * Runs to the end and gives the finished run (the CLI): the same queue and steps as `start`. `onJob` hears
   * of each change of the job (its progress).
   */
  async runNow(
    target: RunTarget,
    context: AuditContext,
    onJob?: (job: QualityJob) => void,
  ): Promise<{ readonly job: QualityJob; readonly report: QualityReport }> {
    const { scope, datasetId, holderId } = await this.resolve({ staff: true, userId: null }, target);
    this.checks();
    const job = await this.execute(this.newJob(scope, datasetId, holderId), context, onJob);
    if (job.phase === 'failed' || job.runId === null)
      throw new AppError('unavailable', 'quality.run_failed', `The quality run failed: ${job.error ?? ''}`);
    return { job, report: await this.report(null, job.runId) };
  }

  async job(principal: Principal, id: string): Promise<QualityJob> {
    const job = this.jobs.get(id);
    const viewer = await this.viewer(principal);
    if (job === undefined || !this.mayView(viewer, job.holderId, job.datasetId))
      throw new AppError('not_found', 'quality.job_unknown', `There is no quality run in progress ${id}.`);
    return job;
  }

  private newJob(
    scope: LakeScope,
    datasetId: string | null,
    holderId: string | null = scope.kind === 'holder' ? scope.holderId : null,
  ): QualityJob {
    const job: QualityJob = {
      id: randomUUID(),
      scope,
      datasetId,
      holderId,
      phase: 'queued',
      queuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      queries: 0,
      expectedQueries: null,
      runId: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    const finished = [...this.jobs.values()].filter((j) => j.phase === 'done' || j.phase === 'failed');
    for (const old of finished.slice(0, Math.max(0, finished.length - keepFinishedJobs)))
      this.jobs.delete(old.id);
    return job;
  }

  /** The run's steps in the lake's queue: checks, facts and distributions, label, publication. */
  private async execute(
    queued: QualityJob,
    context: AuditContext,
    onJob?: (job: QualityJob) => void,
  ): Promise<QualityJob> {
    let job = queued;
    const set = (change: Partial<QualityJob>): void => {
      job = { ...job, ...change };
      this.jobs.set(job.id, job);
      onJob?.(job);
    };
    const onQuery = (): void => {
      set({ queries: job.queries + 1 });
    };
    onJob?.(job);
    const service = this.checks();
    try {
      await this.options.lakeOwner.exclusive(async (lake) => {
        const scope = job.scope;
        const holderId =
          scope.kind === 'delivery'
            ? (lake.deliveries().find((m) => m.deliveryId === scope.deliveryId)?.holderId ?? null)
            : job.holderId;
        set({
          phase: 'checking',
          startedAt: new Date().toISOString(),
          holderId,
          expectedQueries: await this.expectedQueries(job.scope, job.datasetId),
        });
        const { run, results } = await service.run({
          scope: job.scope,
          ...(job.datasetId === null ? {} : { datasetId: job.datasetId }),
          onQuery,
        });
        set({ phase: 'measuring', runId: run.id });
        const facts = await service.facts(job.scope, onQuery);
        const distributions = await measureDistributions(lake, job.scope, { asOf: run.asOf });
        onQuery();
        let label: QualityLabel | null = null;
        let publication: RunDetails['publication'] = null;
        if (job.datasetId !== null) {
          set({ phase: 'labelling' });
          label = await this.award(run.id, job.datasetId, facts);
          set({ phase: 'publishing' });
          publication = await this.publish(job.datasetId, run, results, label, facts, context);
        }
        await this.repository.setDetails(run.id, {
          facts,
          distributions,
          queries: job.queries,
          publication,
        });
        await auditAs(this.options.audit, context, {
          action: 'quality.run',
          outcome: 'success',
          target: { type: 'quality_run', id: run.id },
          details: {
            scope: job.scope,
            datasetId: job.datasetId,
            counts: run.counts,
            label: label?.level ?? null,
            catalogueVersion: publication?.version ?? null,
          },
        });
      });
      set({ phase: 'done', finishedAt: new Date().toISOString() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      set({ phase: 'failed', finishedAt: new Date().toISOString(), error: message });
      await auditAs(this.options.audit, context, {
        action: 'quality.run',
        outcome: 'failure',
        target: { type: 'quality_job', id: job.id },
        details: { scope: job.scope, datasetId: job.datasetId, error: message },
      });
    }
    return job;
  }

  /** Queries the last run of the same kind took; the bar of a run that has never run before stays open. */
  private async expectedQueries(scope: LakeScope, datasetId: string | null): Promise<number | null> {
    const filter: RunFilter =
      datasetId !== null
        ? { datasetId }
        : scope.kind === 'holder'
          ? { holderId: scope.holderId }
          : scope.kind === 'delivery'
            ? { deliveryId: scope.deliveryId }
            : {};
    const previous = (await this.repository.runs({ ...filter, limit: 5 }))
      .filter((r) => r.scope.kind === scope.kind)
      .at(-1);
    if (previous === undefined) return null;
    return (await this.repository.details(previous.id))?.queries ?? null;
  }

  /** The label of a dataset's run, from its results, the facts measured, the record and the declarations. */
  private async award(runId: string, datasetId: string, facts: LakeFacts): Promise<QualityLabel> {
    const copy = await this.options.catalogue.workingCopy(datasetId);
    let requirements: Readonly<Record<string, Requirement>> = {};
    try {
      requirements = this.options.profile()[copy.record.accessRights];
    } catch {
      // Without the HealthDCAT-AP artefacts the record cannot be measured against its profile.
    }
    return this.checks().label(runId, {
      record: copy.record,
      requirements,
      declarations: await this.repository.declarations(datasetId),
      facts,
    });
  }

  /** The level as the record's certificate and the measurements as DQV; a refusal is kept, not thrown. */
  private async publish(
    datasetId: string,
    run: RunRow,
    results: readonly CheckResult[],
    label: QualityLabel,
    facts: LakeFacts | null,
    context: AuditContext,
  ): Promise<NonNullable<RunDetails['publication']>> {
    const copy = await this.options.catalogue.workingCopy(datasetId);
    const quads = dqvQuads({
      datasetIri: copy.iri,
      vocabularyBase: `${this.options.publicUrl}/quality`,
      label,
      results,
      facts,
      generatedAt: run.finishedAt,
    });
    try {
      const applied = await this.options.catalogue.applyQualityAnnotation(
        datasetId,
        { label: label.level, quads },
        context,
      );
      return { version: applied.version, changed: applied.changed, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ err: error, dataset: datasetId }, 'quality label not published');
      return { version: null, changed: false, error: message };
    }
  }

  // ---- Reading ----------------------------------------------------------------------------------

  /** The datasets the caller may see, each with its latest run and any run in progress. */
  async datasets(principal: Principal): Promise<DatasetQuality[]> {
    const viewer = await this.viewer(principal);
    const ids = viewer.staff ? await this.allDatasetIds() : [...viewer.datasets];
    return Promise.all(ids.map((id) => this.overview(id)));
  }

  async dataset(principal: Principal, id: string): Promise<DatasetQualityDetail> {
    const viewer = await this.viewer(principal);
    await this.visibleDataset(viewer, id);
    const overview = await this.overview(id);
    return {
      ...overview,
      runs: await this.repository.runs({ datasetId: id }),
      declarations: await this.repository.declarations(id),
      mayDeclare: !viewer.staff && viewer.datasets.has(id),
    };
  }

  /** The label a dataset's latest labelled run was awarded, with its breakdown. */
  async label(
    principal: Principal,
    datasetId: string,
  ): Promise<{ readonly runId: string; readonly awardedAt: string; readonly label: QualityLabel }> {
    const viewer = await this.viewer(principal);
    await this.visibleDataset(viewer, datasetId);
    const labelled = (await this.repository.runs({ datasetId })).filter((r) => r.label !== null).at(-1);
    if (labelled?.label === null || labelled === undefined)
      throw new AppError(
        'not_found',
        'quality.no_label',
        'No quality run has awarded this dataset a label yet; run the quality checks first.',
      );
    return { runId: labelled.id, awardedAt: labelled.finishedAt, label: labelled.label };
  }

  async runs(principal: Principal, filter: RunFilter): Promise<RunRow[]> {
    const viewer = await this.viewer(principal);
    if (filter.datasetId !== undefined) await this.visibleDataset(viewer, filter.datasetId);
    if (!viewer.staff && filter.holderId !== undefined && filter.holderId !== viewer.holderId)
      throw new AppError(
        'not_found',
        'quality.holder_unknown',
        `There is no data holder ${filter.holderId}.`,
      );
    const scoped: RunFilter =
      viewer.staff || filter.datasetId !== undefined ? filter : { ...filter, holderId: viewer.holderId };
    return this.repository.runs(scoped);
  }

  async run(principal: Principal | null, runId: string): Promise<RunView> {
    const { view } = await this.runWithResults(principal, runId);
    return view;
  }

  async report(principal: Principal | null, runId: string): Promise<QualityReport> {
    const { view, results } = await this.runWithResults(principal, runId);
    return {
      ...view,
      generatedAt: new Date().toISOString(),
      node: this.options.publicUrl,
      results,
    };
  }

  private async runWithResults(
    principal: Principal | null,
    runId: string,
  ): Promise<{ view: RunView; results: CheckResult[] }> {
    const viewer = await this.viewer(principal);
    const run = /^[0-9a-f-]{36}$/.test(runId) ? await this.repository.run(runId) : null;
    if (run === null || !this.mayView(viewer, run.holderId, run.datasetId))
      throw new AppError('not_found', 'quality.run_unknown', `There is no quality run ${runId}.`);
    const results = await this.repository.results(runId);
    const details = await this.repository.details(runId);
    const dataset =
      run.datasetId === null
        ? null
        : await this.options.catalogue.workingCopy(run.datasetId).then(
            (c) => ({ id: c.id, title: titleOf(c.record) }),
            () => null,
          );
    return {
      results,
      view: {
        run,
        dataset,
        holderName: run.holderId === null ? null : await this.holderName(run.holderId),
        byCategory: resultsByCategory(results),
        completeness: completenessByField(results),
        distributions: details?.distributions ?? [],
        failing: failingChecks(results),
        facts: details?.facts ?? null,
        publication: details?.publication ?? null,
        checks: results.length,
      },
    };
  }

  // ---- The holder's declarations ----------------------------------------------------------------

  /**
   * A holder's declarations for its dataset: kept, and the label of the dataset's latest run awarded again
   * with them (from the facts that run measured: no new checks) and published.
   */
  async declare(
    principal: Principal,
    datasetId: string,
    declarations: HolderDeclarations,
    context: AuditContext,
  ): Promise<DatasetQualityDetail> {
    const viewer = await this.viewer(principal);
    await this.visibleDataset(viewer, datasetId);
    if (viewer.staff || !viewer.datasets.has(datasetId))
      throw new AppError(
        'forbidden',
        'quality.not_your_dataset',
        'Only the data holder of this dataset declares its quality process.',
      );
    await this.repository.setDeclarations(datasetId, declarations, viewer.userId);
    await auditAs(this.options.audit, context, {
      action: 'quality.declarations.update',
      outcome: 'success',
      target: { type: 'dataset', id: datasetId },
      details: { declarations },
    });
    const latest = (await this.repository.runs({ datasetId })).at(-1);
    if (latest !== undefined && this.available) {
      const details = await this.repository.details(latest.id);
      if (details?.facts !== null && details?.facts !== undefined) {
        const label = await this.award(latest.id, datasetId, details.facts);
        const publication = await this.publish(
          datasetId,
          latest,
          await this.repository.results(latest.id),
          label,
          details.facts,
          context,
        );
        await this.repository.setDetails(latest.id, { ...details, publication });
      }
    }
    return this.dataset(principal, datasetId);
  }

  // ---- Who sees what ----------------------------------------------------------------------------

  private async viewer(principal: Principal | null): Promise<Viewer> {
    if (principal === null) return { staff: true, userId: null };
    if (isStaff(principal)) return { staff: true, userId: principal.userId };
    const user = await this.options.identity.user(principal.userId);
    if (user.organisation === null || !principal.roles.includes('data_holder'))
      throw new AppError(
        'forbidden',
        'quality.no_organisation',
        'You belong to no data holder, so there is no data quality for you to see; ask an administrator to add you to your organisation.',
      );
    const organisationId = user.organisation.id;
    return {
      staff: false,
      userId: principal.userId,
      organisationId,
      holderId: await this.options.lakeOwner.holderIdOf(organisationId),
      datasets: new Set((await this.options.catalogue.datasetsOfHolder(organisationId)).map((d) => d.id)),
    };
  }

  private mayView(viewer: Viewer, holderId: string | null, datasetId: string | null): boolean {
    if (viewer.staff) return true;
    return (
      (holderId !== null && holderId === viewer.holderId) ||
      (datasetId !== null && viewer.datasets.has(datasetId))
    );
  }

  /** A dataset the caller may see; an unknown one and another holder's are the same not-found to a holder. */
  private async visibleDataset(viewer: Viewer, id: string): Promise<void> {
    const unknown = new AppError('not_found', 'quality.dataset_unknown', `There is no dataset ${id}.`);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw unknown;
    if (!viewer.staff) {
      if (!viewer.datasets.has(id)) throw unknown;
      return;
    }
    await this.options.catalogue.workingCopy(id).catch(() => {
      throw unknown;
    });
  }

  /** The scope and dataset a target names, once the caller may run it and there is data to check. */
  private async resolve(
    viewer: Viewer,
    target: RunTarget,
  ): Promise<{
    readonly scope: LakeScope;
    readonly datasetId: string | null;
    readonly holderId: string | null;
  }> {
    const lake = await this.options.lakeOwner.lake();
    const delivered = new Set(lake.deliveries().map((m) => m.holderId));
    if ('datasetId' in target) {
      await this.visibleDataset(viewer, target.datasetId);
      const copy = await this.options.catalogue.workingCopy(target.datasetId);
      if (copy.holderOrganisationId === null)
        throw new AppError(
          'conflict',
          'quality.dataset_without_holder',
          `Dataset "${titleOf(copy.record)}" is not described by a data holder of this node, so the lake holds no data of it.`,
        );
      const holderId = await this.options.lakeOwner.holderIdOf(copy.holderOrganisationId).catch(() => null);
      if (holderId === null || !delivered.has(holderId))
        throw new AppError(
          'conflict',
          'quality.no_data',
          `No delivery for dataset "${titleOf(copy.record)}" has reached the lake yet: there is nothing to check.`,
        );
      return { scope: { kind: 'holder', holderId }, datasetId: target.datasetId, holderId };
    }
    if ('holderId' in target) {
      if (!delivered.has(target.holderId) || (!viewer.staff && viewer.holderId !== target.holderId))
        throw new AppError(
          'not_found',
          'quality.holder_unknown',
          `No delivery of a data holder ${target.holderId} is in the lake.`,
        );
      return {
        scope: { kind: 'holder', holderId: target.holderId },
        datasetId: null,
        holderId: target.holderId,
      };
    }
    if ('deliveryId' in target) {
      const delivery = lake.deliveries().find((m) => m.deliveryId === target.deliveryId);
      if (delivery === undefined || (!viewer.staff && viewer.holderId !== delivery.holderId))
        throw new AppError(
          'not_found',
          'quality.delivery_unknown',
          `There is no delivery ${target.deliveryId} in the lake.`,
        );
      return {
        scope: { kind: 'delivery', deliveryId: target.deliveryId },
        datasetId: null,
        holderId: delivery.holderId,
      };
    }
    if (!viewer.staff)
      throw new AppError(
        'forbidden',
        'quality.lake_staff_only',
        "Only the HDAB's staff check the whole lake.",
      );
    if (delivered.size === 0)
      throw new AppError(
        'conflict',
        'quality.no_data',
        'The lake holds no delivery yet: there is nothing to check.',
      );
    return { scope: { kind: 'lake' }, datasetId: null, holderId: null };
  }

  private async allDatasetIds(): Promise<string[]> {
    const holders = (await this.options.identity.organisations()).filter((o) => o.kind === 'data_holder');
    const lists = await Promise.all(holders.map((h) => this.options.catalogue.datasetsOfHolder(h.id)));
    return lists.flat().map((d) => d.id);
  }

  private async overview(id: string): Promise<DatasetQuality> {
    const copy = await this.options.catalogue.workingCopy(id);
    const organisations = await this.options.identity.organisations();
    const holder = organisations.find((o) => o.id === copy.holderOrganisationId);
    const job =
      [...this.jobs.values()]
        .filter((j) => j.datasetId === id && j.phase !== 'done')
        .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
        .at(-1) ?? null;
    return {
      dataset: {
        id,
        title: titleOf(copy.record),
        holder: holder === undefined ? null : { id: holder.id, name: holder.name },
        published: copy.published,
        qualityLabel: copy.record.qualityLabel ?? null,
      },
      latest: (await this.repository.runs({ datasetId: id, limit: 1 })).at(-1) ?? null,
      job,
    };
  }

  private async holderName(holderId: string): Promise<string | null> {
    for (const o of await this.options.identity.organisations()) {
      if (o.kind !== 'data_holder') continue;
      if (o.identifier === holderId || o.id === holderId) return o.name;
    }
    return null;
  }
}
