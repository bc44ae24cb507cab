/**
 * The lake: OMOP CDM v5.4 tables as DuckDB views over the Parquet files of committed deliveries. Ingestion
 * stages a delivery, asks the lake to build it, then to commit it; readers see tables, counts, the linkage
 * report, a holder's catalogue metadata and the set of persons an extract may use.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../platform/errors/index.js';
import { cdmTableNames, cdmTables, type CdmTableName } from './cdm-schema.js';
import { DeliveryStore, assertHolderId, type DeliveryManifest, type StagingArea } from './delivery-store.js';
import { all, connect, createInstance, lit, litList, scalarNumber, type Row } from './duck.js';
import { buildFhirDelivery, cdmSelect, type BuildOptions, type BuildResult } from './fhir-build.js';
import { buildOmopDelivery, type OmopBuildOptions, type OmopFile } from './omop-build.js';
import { prepareVocabulary } from './vocabulary.js';

export interface LakeOptions {
  /** The lake's folder: deliveries/, staging/, tmp/ (DuckDB spill) and vocabulary/ (concept map cache). */
  readonly dir: string;
  /** Folder of an OHDSI vocabulary export (CONCEPT.csv, CONCEPT_RELATIONSHIP.csv), or null for none. */
  readonly vocabularyDir: string | null;
  /** DuckDB memory cap (default 128MB; DuckDB takes up to about twice its limit in all): joins and sorts
   * past it spill to tmp/. */
  readonly memoryLimit?: string;
  /** DuckDB threads (default 2). */
  readonly threads?: number;
}

export interface LinkagePair {
  readonly holderA: string;
  readonly holderB: string;
  /** Persons both holders delivered (same pseudonym, hence same person_id). */
  readonly sharedPersons: number;
}

export interface LinkageReport {
  readonly personsPerHolder: Readonly<Record<string, number>>;
  readonly pairs: readonly LinkagePair[];
  /** Distinct persons in the lake. */
  readonly persons: number;
}

/** What the catalogue record of a holder's dataset is filled with. */
export interface DatasetMetadata {
  readonly numberOfRecords: number;
  readonly numberOfUniqueIndividuals: number;
  readonly minTypicalAge: number | null;
  readonly maxTypicalAge: number | null;
  readonly temporalCoverage: { readonly start: string; readonly end: string } | null;
  readonly codingSystems: readonly string[];
}

/** The persons an extract may use: a table in the lake's session holding one column, person_id. */
export interface EligiblePersons {
  /** Name of the temporary table (use it in the extract's SQL: `JOIN <table> USING (person_id)`). */
  readonly table: string;
  readonly count: number;
  /** Persons in the lake left out because they opted out. */
  readonly excluded: number;
}

/** Tables whose rows describe places and practitioners; several deliveries may carry the same row. */
const referenceTables: readonly CdmTableName[] = ['location', 'care_site', 'provider'];
/** Tables that count as a dataset's records in its catalogue metadata. */
const recordTables: readonly CdmTableName[] = [
  'visit_occurrence',
  'visit_detail',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'device_exposure',
  'measurement',
  'observation',
  'death',
  'payer_plan_period',
  'cost',
];

export type { BuildOptions, BuildResult, DeliveryManifest, StagingArea };

export class Lake {
  private manifests: DeliveryManifest[];
  private eligibleCounter = 0;
  /** Serialises commits and view refreshes. */
  private commitChain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly store: DeliveryStore,
    readonly hasVocabulary: boolean,
  ) {
    this.manifests = store.readManifests();
  }

  static async open(options: LakeOptions): Promise<Lake> {
    const store = new DeliveryStore(options.dir);
    mkdirSync(options.dir, { recursive: true });
    store.prepare();
    const instance = await createInstance({
      memoryLimit: options.memoryLimit ?? '128MB',
      threads: options.threads ?? 2,
      tempDirectory: store.tempDir,
    });
    const connection = await connect(instance);
    await prepareVocabulary(connection, options.dir, options.vocabularyDir);
    const lake = new Lake(options.dir, instance, connection, store, options.vocabularyDir !== null);
    await lake.refreshViews();
    return lake;
  }

  /** Committed deliveries, oldest first. */
  deliveries(): readonly DeliveryManifest[] {
    return this.manifests;
  }

  hasDelivery(deliveryId: string): boolean {
    return this.store.has(deliveryId);
  }

  /** A fresh staging folder for one delivery; removed by commit or discard, or when the lake next opens. */
  beginDelivery(holderId: string): StagingArea {
    assertHolderId(holderId);
    return this.store.createStaging();
  }

  discardDelivery(area: StagingArea): void {
    this.store.discard(area);
  }

  async buildFhirDelivery(
    area: StagingArea,
    options: Omit<BuildOptions, 'earlierPatientRefs'>,
  ): Promise<BuildResult> {
    assertHolderId(options.holderId);
    const earlierPatientRefs = this.manifests
      .filter((m) => m.holderId === options.holderId)
      .map((m) => this.store.tableFile(m.deliveryId, 'patient_refs'))
      .filter((f) => existsSync(f))
      .reverse();
    return this.withConnection((c) => buildFhirDelivery(c, area.dir, { ...options, earlierPatientRefs }));
  }

  async buildOmopDelivery(
    area: StagingArea,
    files: readonly OmopFile[],
    options: OmopBuildOptions,
  ): Promise<BuildResult> {
    assertHolderId(options.holderId);
    return this.withConnection((c) => buildOmopDelivery(c, area.dir, files, options));
  }

  /** Makes a built delivery part of the lake, atomically. 'unchanged' if it was already there. */
  async commitDelivery(area: StagingArea, manifest: DeliveryManifest): Promise<'committed' | 'unchanged'> {
    const run = this.commitChain.then(async () => {
      const committed = this.store.commit(area, manifest);
      if (committed) {
        this.manifests = this.store.readManifests();
        await this.refreshViews();
      }
      return committed ? ('committed' as const) : ('unchanged' as const);
    });
    this.commitChain = run.catch(() => undefined);
    return run;
  }

  /** Rows per OMOP table as the views show them (person and reference tables deduplicated). */
  async rowCounts(): Promise<Record<CdmTableName, number>> {
    const counts = {} as Record<CdmTableName, number>;
    for (const table of cdmTableNames) {
      counts[table] = await scalarNumber(this.connection, `SELECT count(*) FROM ${table}`);
    }
    return counts;
  }

  /** Read-only SQL over the lake's views; values as JSON (BIGINT as string, DATE as 'YYYY-MM-DD'). */
  async query(sql: string): Promise<Row[]> {
    return all(this.connection, sql);
  }

  /** Per pair of holders, how many persons both delivered. */
  async linkageReport(): Promise<LinkageReport> {
    const holders = [...new Set(this.manifests.map((m) => m.holderId))].sort();
    const perHolder = holders
      .map((holder) => {
        const files = this.filesOf('person', holder);
        return files.length === 0
          ? null
          : `SELECT DISTINCT ${lit(holder)} AS holder, person_id FROM read_parquet(${litList(files)})`;
      })
      .filter((s): s is string => s !== null);
    if (perHolder.length === 0) return { personsPerHolder: {}, pairs: [], persons: 0 };
    const hp = `(${perHolder.join(' UNION ALL ')})`;
    const personsPerHolder = Object.fromEntries(
      (
        await all(this.connection, `SELECT holder, count(*) AS n FROM ${hp} GROUP BY holder ORDER BY holder`)
      ).map((r) => [String(r.holder), Number(r.n)]),
    );
    const shared = await all(
      this.connection,
      `SELECT a.holder AS a, b.holder AS b, count(*) AS n FROM ${hp} a JOIN ${hp} b
        ON a.person_id = b.person_id AND a.holder < b.holder GROUP BY ALL`,
    );
    const pairs: LinkagePair[] = [];
    for (let i = 0; i < holders.length; i++) {
      for (let j = i + 1; j < holders.length; j++) {
        const a = holders[i] ?? '';
        const b = holders[j] ?? '';
        const row = shared.find((r) => r.a === a && r.b === b);
        pairs.push({ holderA: a, holderB: b, sharedPersons: row === undefined ? 0 : Number(row.n) });
      }
    }
    const persons = await scalarNumber(this.connection, 'SELECT count(*) FROM person');
    return { personsPerHolder, pairs, persons };
  }

  /**
   * The catalogue metadata of a holder's dataset, from its committed deliveries: records (event rows),
   * unique individuals, the typical age range (1st to 99th percentile of the age at the end of each
   * person's observation period, so one implausible birth date does not stretch it), the time covered and
   * the coding systems (OMOP vocabulary ids) of its source codes.
   */
  async datasetMetadata(holderId: string): Promise<DatasetMetadata> {
    assertHolderId(holderId);
    let numberOfRecords = 0;
    for (const table of recordTables) {
      const files = this.filesOf(table, holderId);
      if (files.length > 0) {
        numberOfRecords += await scalarNumber(
          this.connection,
          `SELECT count(*) FROM read_parquet(${litList(files)})`,
        );
      }
    }
    const persons = this.filesOf('person', holderId);
    const periods = this.filesOf('observation_period', holderId);
    const numberOfUniqueIndividuals =
      persons.length === 0
        ? 0
        : await scalarNumber(
            this.connection,
            `SELECT count(DISTINCT person_id) FROM read_parquet(${litList(persons)})`,
          );
    let minTypicalAge: number | null = null;
    let maxTypicalAge: number | null = null;
    let temporalCoverage: DatasetMetadata['temporalCoverage'] = null;
    if (persons.length > 0 && periods.length > 0) {
      const [ages] = await all(
        this.connection,
        `WITH ends AS (SELECT person_id, max(observation_period_end_date) AS d FROM read_parquet(${litList(periods)})
           GROUP BY person_id),
         born AS (SELECT person_id, any_value(year_of_birth) AS y FROM read_parquet(${litList(persons)}) GROUP BY person_id)
         SELECT quantile_disc(year(e.d) - b.y, 0.01) AS lo, quantile_disc(year(e.d) - b.y, 0.99) AS hi
         FROM ends e JOIN born b USING (person_id) WHERE b.y IS NOT NULL`,
      );
      minTypicalAge = ages?.lo === null || ages?.lo === undefined ? null : Number(ages.lo);
      maxTypicalAge = ages?.hi === null || ages?.hi === undefined ? null : Number(ages.hi);
      const [span] = await all(
        this.connection,
        `SELECT CAST(min(observation_period_start_date) AS VARCHAR) AS s,
           CAST(max(observation_period_end_date) AS VARCHAR) AS e FROM read_parquet(${litList(periods)})`,
      );
      if (span !== undefined && typeof span.s === 'string' && typeof span.e === 'string') {
        temporalCoverage = { start: span.s, end: span.e };
      }
    }
    const codingSystems = [
      ...new Set(this.manifests.filter((m) => m.holderId === holderId).flatMap((m) => m.codingSystems)),
    ].sort();
    return {
      numberOfRecords,
      numberOfUniqueIndividuals,
      minTypicalAge,
      maxTypicalAge,
      temporalCoverage,
      codingSystems,
    };
  }

  /**
   * THE opt-out gate: every extract must take its persons from this set. Persons whose pseudonym is in the
   * opt-out register stay in the lake but are left out here. Creates a temporary table of the eligible
   * person ids in the lake's session; drop it with `dropEligiblePersons` when the extract is built.
   */
  async eligiblePersons(optedOutPseudonyms: Iterable<string>): Promise<EligiblePersons> {
    const table = `eligible_persons_${String(++this.eligibleCounter)}`;
    const optedOut = `${table}_opted_out`;
    await this.connection.run(`CREATE TEMP TABLE ${optedOut} (pseudonym VARCHAR)`);
    const appender = await this.connection.createAppender(optedOut);
    for (const pseudonym of optedOutPseudonyms) {
      if (!/^[0-9a-f]{64}$/.test(pseudonym)) {
        appender.closeSync();
        await this.connection.run(`DROP TABLE ${optedOut}`);
        throw new AppError(
          'invalid',
          'lake.pseudonym_invalid',
          'An opt-out pseudonym is not 64 hex characters.',
        );
      }
      appender.appendVarchar(pseudonym);
      appender.endRow();
    }
    appender.closeSync();
    await this.connection.run(`CREATE TEMP TABLE ${table} AS
      SELECT DISTINCT person_id FROM person
      WHERE person_source_value NOT IN (SELECT pseudonym FROM ${optedOut}) ORDER BY person_id`);
    const count = await scalarNumber(this.connection, `SELECT count(*) FROM ${table}`);
    const total = await scalarNumber(this.connection, 'SELECT count(*) FROM person');
    await this.connection.run(`DROP TABLE ${optedOut}`);
    return { table, count, excluded: total - count };
  }

  async dropEligiblePersons(set: EligiblePersons): Promise<void> {
    if (!/^eligible_persons_\d+$/.test(set.table)) return;
    await this.connection.run(`DROP TABLE IF EXISTS ${set.table}`);
  }

  async close(): Promise<void> {
    await this.commitChain;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private filesOf(table: CdmTableName, holderId?: string): string[] {
    return this.manifests
      .filter((m) => (holderId === undefined || m.holderId === holderId) && (m.tables[table] ?? 0) > 0)
      .map((m) => this.store.tableFile(m.deliveryId, table));
  }

  private async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await connect(this.instance);
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  /** (Re)creates one view per CDM table over the committed files. */
  private async refreshViews(): Promise<void> {
    for (const table of cdmTableNames) {
      const files = this.filesOf(table);
      const empty = `SELECT ${cdmSelect(table, {})} WHERE false`;
      const columns = cdmTables[table].map((c) => c.name).join(', ');
      const source = `read_parquet(${litList(files)}, filename = true)`;
      let body: string;
      if (files.length === 0) body = empty;
      else if (table === 'person') {
        // One row per person however many holders delivered them: the most complete, then the first file.
        body = `SELECT ${columns} FROM ${source} QUALIFY row_number() OVER (PARTITION BY person_id
          ORDER BY (year_of_birth IS NULL), (gender_concept_id = 0), filename) = 1`;
      } else if (table === 'death') {
        body = `SELECT ${columns} FROM ${source} QUALIFY row_number() OVER (PARTITION BY person_id
          ORDER BY death_date, filename) = 1`;
      } else if (table === 'observation_period') {
        // One period per person, from the first to the last event any holder delivered.
        body = `SELECT ${cdmSelect('observation_period', {
          observation_period_id: 'person_id',
          person_id: 'person_id',
          observation_period_start_date: 'min(observation_period_start_date)',
          observation_period_end_date: 'max(observation_period_end_date)',
          period_type_concept_id: 'min(period_type_concept_id)',
        })} FROM ${source} GROUP BY person_id`;
      } else if (referenceTables.includes(table)) {
        const id = cdmTables[table][0]?.name ?? '';
        body = `SELECT ${columns} FROM ${source} QUALIFY row_number() OVER (PARTITION BY ${id} ORDER BY filename) = 1`;
      } else body = `SELECT ${columns} FROM read_parquet(${litList(files)})`;
      await this.connection.run(`CREATE OR REPLACE VIEW ${table} AS ${body}`);
    }
  }
}

export async function openLake(options: LakeOptions): Promise<Lake> {
  return Lake.open(options);
}
