/** The SQL of quality history: runs and their results in the operational store. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { CheckResult } from './check.js';
import type { Distribution } from './distributions.js';
import type { HolderDeclarations, QualityLabel } from './label.js';
import type { LakeFacts } from './lake-facts.js';
import type { QualityTables } from './tables.js';

export interface RunRow {
  readonly id: string;
  readonly scope:
    | { readonly kind: 'lake' }
    | { readonly kind: 'holder'; readonly holderId: string }
    | { readonly kind: 'delivery'; readonly deliveryId: string };
  readonly holderId: string | null;
  readonly deliveryId: string | null;
  readonly datasetId: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly asOf: string;
  readonly deathGraceDays: number;
  readonly deliveryIds: readonly string[];
  readonly counts: {
    readonly passed: number;
    readonly failed: number;
    readonly notApplicable: number;
    readonly errors: number;
  };
  readonly label: QualityLabel | null;
}

/** What a run measured besides its check results. */
export interface RunDetails {
  /** Persons, years, delivery lag and linkage of the run's scope (the label's measured facts). */
  readonly facts: LakeFacts | null;
  readonly distributions: readonly Distribution[];
  /** Lake queries the run took: the next run's progress estimate. */
  readonly queries: number;
  /** The label and measurements written into the dataset's catalogue record. */
  readonly publication: {
    readonly version: number | null;
    readonly changed: boolean;
    readonly error: string | null;
  } | null;
}

export interface RunFilter {
  readonly datasetId?: string;
  readonly holderId?: string;
  readonly deliveryId?: string;
  readonly limit?: number;
}

/** A run's row without its details (distributions can be large; lists do not need them). */
const runColumns = [
  'id',
  'scope_kind',
  'holder_id',
  'delivery_id',
  'dataset_id',
  'started_at',
  'finished_at',
  'as_of',
  'death_grace_days',
  'delivery_ids',
  'passed',
  'failed',
  'not_applicable',
  'errors',
  'label',
] as const;

const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());
const day = (d: Date | string): string =>
  typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export class QualityRepository {
  private readonly db: Kysely<QualityTables>;

  constructor(database: Database) {
    this.db = database.kysely.withTables<QualityTables>();
  }

  async insertRun(run: RunRow, results: readonly CheckResult[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('quality_run')
        .values({
          id: run.id,
          scope_kind: run.scope.kind,
          holder_id: run.holderId,
          delivery_id: run.deliveryId,
          dataset_id: run.datasetId,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          as_of: run.asOf,
          death_grace_days: run.deathGraceDays,
          delivery_ids: JSON.stringify(run.deliveryIds),
          passed: run.counts.passed,
          failed: run.counts.failed,
          not_applicable: run.counts.notApplicable,
          errors: run.counts.errors,
          label: JSON.stringify(run.label),
          details: JSON.stringify(null),
        })
        .execute();
      for (let i = 0; i < results.length; i += 400) {
        await tx
          .insertInto('quality_result')
          .values(
            results.slice(i, i + 400).map((r) => ({
              run_id: run.id,
              check_id: r.id,
              check_name: r.checkName,
              origin: r.origin,
              check_level: r.level,
              table_name: r.table,
              field_name: r.field,
              concept_id: r.conceptId,
              source_code: r.sourceCode,
              unit: r.unit,
              kahn_context: r.context,
              category: r.category,
              subcategory: r.subcategory,
              severity: r.severity,
              description: r.description,
              threshold_pct: r.thresholdPct,
              status: r.status,
              violating: r.violating,
              total: r.total,
              pct_violating: r.pctViolating,
              reason: r.reason,
            })),
          )
          .execute();
      }
    });
  }

  async setDetails(runId: string, details: RunDetails): Promise<void> {
    await this.db
      .updateTable('quality_run')
      .set({ details: JSON.stringify(details) })
      .where('id', '=', runId)
      .execute();
  }

  async details(runId: string): Promise<RunDetails | null> {
    const row = await this.db
      .selectFrom('quality_run')
      .select('details')
      .where('id', '=', runId)
      .executeTakeFirst();
    return row === undefined ? null : json<RunDetails | null>(row.details);
  }

  async declarations(datasetId: string): Promise<HolderDeclarations> {
    const row = await this.db
      .selectFrom('quality_declaration')
      .select('declarations')
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst();
    return row === undefined ? {} : json<HolderDeclarations>(row.declarations);
  }

  async setDeclarations(
    datasetId: string,
    declarations: HolderDeclarations,
    updatedBy: string | null,
  ): Promise<void> {
    const values = {
      declarations: JSON.stringify(declarations),
      updated_at: new Date(),
      updated_by: updatedBy,
    };
    await this.db
      .insertInto('quality_declaration')
      .values({ dataset_id: datasetId, ...values })
      .onConflict((oc) => oc.column('dataset_id').doUpdateSet(values))
      .execute();
  }

  async setLabel(runId: string, label: QualityLabel): Promise<boolean> {
    const result = await this.db
      .updateTable('quality_run')
      .set({ label: JSON.stringify(label) })
      .where('id', '=', runId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Runs, oldest first (the order of a trend). */
  async runs(filter: RunFilter): Promise<RunRow[]> {
    let q = this.db.selectFrom('quality_run').select(runColumns);
    if (filter.datasetId !== undefined) q = q.where('dataset_id', '=', filter.datasetId);
    if (filter.holderId !== undefined) q = q.where('holder_id', '=', filter.holderId);
    if (filter.deliveryId !== undefined) q = q.where('delivery_id', '=', filter.deliveryId);
    const rows = await q
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.reverse().map((r) => this.toRun(r));
  }

  async run(id: string): Promise<RunRow | null> {
    const row = await this.db
      .selectFrom('quality_run')
      .select(runColumns)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : this.toRun(row);
  }

  private toRun(r: Omit<Selectable<QualityTables['quality_run']>, 'details'>): RunRow {
    return {
      id: r.id,
      scope:
        r.scope_kind === 'holder'
          ? { kind: 'holder', holderId: r.holder_id ?? '' }
          : r.scope_kind === 'delivery'
            ? { kind: 'delivery', deliveryId: r.delivery_id ?? '' }
            : { kind: 'lake' },
      holderId: r.holder_id,
      deliveryId: r.delivery_id,
      datasetId: r.dataset_id,
      startedAt: iso(r.started_at),
      finishedAt: iso(r.finished_at),
      asOf: day(r.as_of),
      deathGraceDays: r.death_grace_days,
      deliveryIds: json<string[]>(r.delivery_ids),
      counts: { passed: r.passed, failed: r.failed, notApplicable: r.not_applicable, errors: r.errors },
      label: json<QualityLabel | null>(r.label),
    };
  }

  async results(runId: string): Promise<CheckResult[]> {
    const rows = await this.db
      .selectFrom('quality_result')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('check_id')
      .execute();
    return rows.map((r) => ({
      id: r.check_id,
      checkName: r.check_name,
      origin: r.origin as CheckResult['origin'],
      level: r.check_level as CheckResult['level'],
      table: r.table_name,
      field: r.field_name,
      conceptId: r.concept_id,
      sourceCode: r.source_code,
      unit: r.unit,
      context: r.kahn_context as CheckResult['context'],
      category: r.category as CheckResult['category'],
      subcategory: r.subcategory as CheckResult['subcategory'],
      severity: r.severity,
      description: r.description,
      thresholdPct: r.threshold_pct,
      status: r.status,
      violating: r.violating,
      total: r.total,
      pctViolating: r.pct_violating,
      reason: r.reason,
    }));
  }

  /** One check across runs (of the runs given), oldest first. */
  async history(
    checkId: string,
    runIds: readonly string[],
  ): Promise<{ runId: string; status: string; violating: number; total: number }[]> {
    if (runIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('quality_result')
      .select(['run_id', 'status', 'violating', 'total'])
      .where('check_id', '=', checkId)
      .where('run_id', 'in', runIds)
      .execute();
    const order = new Map(runIds.map((id, i) => [id, i]));
    return rows
      .sort((a, b) => (order.get(a.run_id) ?? 0) - (order.get(b.run_id) ?? 0))
      .map((r) => ({
        runId: r.run_id,
        status: r.status,
        violating: r.violating,
        total: r.total,
      }));
  }
}
