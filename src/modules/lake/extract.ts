/**
 * The per-permit extract: the workspace's data, built from the lake in set-based SQL on the lake's own DuckDB
 * session (so under its memory limit, spilling to its tmp/). Only the permitted tables, columns, period and
 * cohort; opted-out persons left out through `lake.eligiblePersons`; every id re-keyed with the permit's
 * secret, so two permits' extracts share no id; dates optionally shifted per person; the pseudonym never
 * written. One Parquet file and one CSV copy per table, and a minimisation report saying what was kept and
 * dropped, written to a temporary folder next to `outDir` and renamed into place.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import { cdmTableNames, cdmTables, type CdmColumn, type CdmTableName } from './cdm-schema.js';
import { DeliveryStore, assertHolderId } from './delivery-store.js';
import { lit, litList } from './duck.js';
import type { Lake } from './lake.js';

/** One dataset of the permit: the holder whose deliveries it is, and the variables the permit grants. */
export interface ExtractSource {
  /** The lake's name of the data holder (the deliveries' holderId). */
  readonly holderId: string;
  /** The catalogue dataset, for the report. */
  readonly datasetId?: string;
  /**
   * The basket's variables: `table` or `table.*` for every column the rules allow, `table.column` for one
   * column (OMOP CDM names, case-insensitive). See `parseVariables`.
   */
  readonly variables: readonly string[];
}

/** Inclusive calendar dates, YYYY-MM-DD. */
export interface ExtractPeriod {
  readonly from: string;
  readonly to: string;
}

/**
 * Who is in the extract, beyond opt-out and period. Both parts must hold when both are given.
 * - `codes`/`conceptIds`: persons with at least one condition, drug, procedure, measurement, observation or
 *   device record (of the permit's holders, inside the period when there is one) whose source code equals a
 *   code (a code ending in `*` matches by prefix: `E11*`, `A10*`) or whose concept or source concept id is
 *   listed.
 * - `age`: age in whole years at `at` (calendar year minus year of birth) within `min`..`max`.
 */
export interface CohortCriteria {
  readonly codes?: readonly string[];
  readonly conceptIds?: readonly number[];
  readonly age?: { readonly min?: number; readonly max?: number; readonly at: string };
}

export interface DateShift {
  readonly enabled: boolean;
  /** Each person's dates move by the same whole number of days, between 1 and maxDays, earlier or later. */
  readonly maxDays: number;
}

export interface ExtractSpec {
  readonly permitId: string;
  readonly sources: readonly ExtractSource[];
  /** Events starting outside are dropped; periods (observation, payer plan) are clipped to it. */
  readonly period: ExtractPeriod | null;
  readonly cohort: CohortCriteria | null;
  /** The opt-out register's pseudonyms (the access module's `excludedPseudonyms()`). */
  readonly optedOutPseudonyms: Iterable<string>;
  /** The permit's own secret (at least 16 bytes), never shown to its users: ids and date shifts derive from it. */
  readonly rekeySecret: string | Uint8Array;
  readonly dateShift: DateShift;
}

export interface DroppedColumn {
  readonly column: string;
  readonly reason: string;
}

export interface TransformedColumn {
  readonly column: string;
  readonly how: string;
}

export interface TableMinimisation {
  readonly table: CdmTableName;
  readonly holders: readonly string[];
  readonly columnsKept: readonly string[];
  readonly columnsDropped: readonly DroppedColumn[];
  readonly columnsTransformed: readonly TransformedColumn[];
  /** Rows of the permit's holders before cohort, opt-out and period. */
  readonly rowsInScope: number;
  readonly rowsKept: number;
}

export interface PersonFunnel {
  /** Distinct persons the permit's holders delivered. */
  readonly inScope: number;
  readonly excludedByOptOut: number;
  /** Not observed at all during the period (0 without a period). */
  readonly outsidePeriod: number;
  /** Left out by the cohort criteria. */
  readonly notInCohort: number;
  readonly extracted: number;
}

export interface MinimisationReport {
  readonly permitId: string;
  readonly builtAt: string;
  readonly sources: readonly { readonly holderId: string; readonly datasetId: string | null }[];
  readonly period: ExtractPeriod | null;
  readonly periodRule: string;
  readonly cohort: CohortCriteria | null;
  readonly persons: PersonFunnel;
  readonly dateShift: { readonly enabled: boolean; readonly maxDays: number | null; readonly rule: string };
  readonly identifiers: string;
  readonly tables: readonly TableMinimisation[];
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly elapsedMs: number;
}

export interface ExtractResult {
  readonly dir: string;
  readonly report: MinimisationReport;
}

export const minimisationReportFile = 'minimisation-report.json';

// ------------------------------------------------------------------------------------------------- variables

/** Per table: every allowed column (`table`, `table.*`) and the columns named one by one. */
export interface TableGrant {
  readonly all: boolean;
  readonly named: ReadonlySet<string>;
}

export interface PermittedVariables {
  readonly tables: ReadonlyMap<CdmTableName, TableGrant>;
  /** Variables that name no OMOP table or column: the order needs a person to look at it. */
  readonly unknown: readonly string[];
}

const isCdmTable = (name: string): name is CdmTableName =>
  (cdmTableNames as readonly string[]).includes(name);

/** Reads the basket's variables (`person`, `measurement.*`, `measurement.value_as_number`). */
export function parseVariables(variables: readonly string[]): PermittedVariables {
  const tables = new Map<CdmTableName, { all: boolean; named: Set<string> }>();
  const unknown: string[] = [];
  for (const raw of variables) {
    const variable = raw.trim().toLowerCase();
    const [table = '', column, ...rest] = variable.split('.');
    if (!isCdmTable(table) || rest.length > 0) {
      unknown.push(raw);
      continue;
    }
    const grant = tables.get(table) ?? { all: false, named: new Set<string>() };
    if (column === undefined || column === '*') grant.all = true;
    else if (cdmTables[table].some((c) => c.name === column)) grant.named.add(column);
    else {
      unknown.push(raw);
      continue;
    }
    tables.set(table, grant);
  }
  return { tables, unknown };
}

// ----------------------------------------------------------------------------------------- column rules

/** Never in an extract, whatever the permit says. */
const neverReleased: Readonly<Record<string, string>> = {
  'person.person_source_value':
    'the pseudonym never leaves the lake (person ids are re-keyed per permit instead)',
  'person.month_of_birth': 'finer than the year of birth, which the extract keeps',
  'person.day_of_birth': 'finer than the year of birth, which the extract keeps',
  'person.birth_datetime': 'finer than the year of birth, which the extract keeps',
  'location.address_1': 'a street address identifies a home',
  'location.address_2': 'a street address identifies a home',
  'location.latitude': 'coordinates identify a home',
  'location.longitude': 'coordinates identify a home',
};

/** Kept only when the permit names the column itself, not through `table` or `table.*`. */
const onlyWhenNamed: Readonly<Record<string, string>> = {
  'location.city': 'finer than region and country: kept only when the permit names location.city',
  'location.zip': 'finer than region and country: kept only when the permit names location.zip',
  'location.county': 'finer than region and country: kept only when the permit names location.county',
  'location.location_source_value':
    'finer than region and country: kept only when the permit names location.location_source_value',
  'provider.provider_name': 'identifies a health professional: kept only when the permit names it',
  'provider.npi': 'identifies a health professional: kept only when the permit names it',
  'provider.dea': 'identifies a health professional: kept only when the permit names it',
  'provider.provider_source_value': 'identifies a health professional: kept only when the permit names it',
};

/** Ids with few distinct values behind many rows. */
const fewDistinct: ReadonlySet<string> = new Set(['care_site_id', 'provider_id']);
/** Tables of intervals: kept when they overlap the period, and clipped to it. */
const periodTables: ReadonlySet<CdmTableName> = new Set(['observation_period', 'payer_plan_period']);

/** The code columns the cohort criteria search, per table. */
const codedTables: readonly {
  readonly table: CdmTableName;
  readonly code: string;
  readonly concepts: readonly string[];
}[] = [
  {
    table: 'condition_occurrence',
    code: 'condition_source_value',
    concepts: ['condition_concept_id', 'condition_source_concept_id'],
  },
  {
    table: 'drug_exposure',
    code: 'drug_source_value',
    concepts: ['drug_concept_id', 'drug_source_concept_id'],
  },
  {
    table: 'procedure_occurrence',
    code: 'procedure_source_value',
    concepts: ['procedure_concept_id', 'procedure_source_concept_id'],
  },
  {
    table: 'measurement',
    code: 'measurement_source_value',
    concepts: ['measurement_concept_id', 'measurement_source_concept_id'],
  },
  {
    table: 'observation',
    code: 'observation_source_value',
    concepts: ['observation_concept_id', 'observation_source_concept_id'],
  },
  {
    table: 'device_exposure',
    code: 'device_source_value',
    concepts: ['device_concept_id', 'device_source_concept_id'],
  },
];

/** cost.cost_domain_id → the table whose id cost_event_id is. */
const costDomains: readonly (readonly [string, CdmTableName])[] = [
  ['Visit', 'visit_occurrence'],
  ['Condition', 'condition_occurrence'],
  ['Drug', 'drug_exposure'],
  ['Procedure', 'procedure_occurrence'],
  ['Device', 'device_exposure'],
  ['Measurement', 'measurement'],
  ['Observation', 'observation'],
];

/** How a kept column is written. */
type ColumnTreatment = 'person' | 'id' | 'location' | 'date' | 'timestamp' | 'plain';

interface OutColumn {
  readonly column: CdmColumn;
  readonly treatment: ColumnTreatment;
  /** Holders whose rows carry this column (event tables); the others' rows get NULL. */
  readonly holders: ReadonlySet<string>;
}

interface TablePlan {
  readonly table: CdmTableName;
  /** Holders whose rows of this table the permit grants. */
  readonly holders: readonly string[];
  readonly columns: readonly OutColumn[];
  readonly dropped: readonly DroppedColumn[];
}

function grantsColumn(grant: TableGrant, table: CdmTableName, column: string): boolean {
  const key = `${table}.${column}`;
  if (neverReleased[key] !== undefined) return false;
  if (grant.named.has(column)) return true;
  return grant.all && onlyWhenNamed[key] === undefined;
}

function planTables(
  grants: readonly { readonly holderId: string; readonly tables: PermittedVariables['tables'] }[],
): TablePlan[] {
  const locationPermitted = grants.some((g) => g.tables.has('location'));
  const plans: TablePlan[] = [];
  for (const table of cdmTableNames) {
    const permitting = grants.filter((g) => g.tables.has(table));
    if (permitting.length === 0) continue;
    const columns: OutColumn[] = [];
    const dropped: DroppedColumn[] = [];
    for (const column of cdmTables[table]) {
      const key = `${table}.${column.name}`;
      const holders = new Set(
        permitting
          .filter((g) => {
            const grant = g.tables.get(table);
            return grant !== undefined && grantsColumn(grant, table, column.name);
          })
          .map((g) => g.holderId),
      );
      const never = neverReleased[key];
      if (never !== undefined) {
        dropped.push({ column: column.name, reason: never });
        continue;
      }
      if (holders.size === 0) {
        const named = onlyWhenNamed[key];
        const all = permitting.some((g) => g.tables.get(table)?.all === true);
        dropped.push({ column: column.name, reason: named !== undefined && all ? named : 'not permitted' });
        continue;
      }
      if (column.name === 'location_id' && table !== 'location' && !locationPermitted) {
        dropped.push({
          column: column.name,
          reason: 'the location table is not permitted: the id would group persons by address',
        });
        continue;
      }
      columns.push({ column, treatment: treatmentOf(table, column), holders });
    }
    plans.push({ table, holders: permitting.map((g) => g.holderId), columns, dropped });
  }
  return plans;
}

function treatmentOf(table: CdmTableName, column: CdmColumn): ColumnTreatment {
  if (column.name === 'person_id') return 'person';
  if (column.name === 'location_id') return 'location';
  if (column.type === 'BIGINT') return 'id';
  if (table === 'location' || table === 'care_site' || table === 'provider' || table === 'cost')
    return 'plain';
  if (column.type === 'DATE') return 'date';
  if (column.type === 'TIMESTAMP') return 'timestamp';
  return 'plain';
}

// ----------------------------------------------------------------------------------------------- validation

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string): boolean => {
  if (!datePattern.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

function validate(spec: ExtractSpec): PermittedVariables['tables'][] {
  const errors: FieldError[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(spec.permitId))
    errors.push({ path: 'permitId', message: 'is not a plain identifier' });
  if (spec.sources.length === 0) errors.push({ path: 'sources', message: 'name at least one dataset' });
  const grants = spec.sources.map((source, i) => {
    try {
      assertHolderId(source.holderId);
    } catch {
      errors.push({ path: `sources/${i}/holderId`, message: 'is not a plain identifier' });
    }
    const parsed = parseVariables(source.variables);
    for (const v of parsed.unknown)
      errors.push({ path: `sources/${i}/variables`, message: `"${v}" names no OMOP CDM table or column` });
    if (parsed.tables.size === 0 && parsed.unknown.length === 0)
      errors.push({ path: `sources/${i}/variables`, message: 'grant at least one table or column' });
    return parsed.tables;
  });
  if (new Set(spec.sources.map((s) => s.holderId)).size !== spec.sources.length)
    errors.push({ path: 'sources', message: 'name each holder once' });
  if (spec.period !== null) {
    if (!isDate(spec.period.from)) errors.push({ path: 'period/from', message: 'is not a YYYY-MM-DD date' });
    if (!isDate(spec.period.to)) errors.push({ path: 'period/to', message: 'is not a YYYY-MM-DD date' });
    if (spec.period.from > spec.period.to) errors.push({ path: 'period', message: 'ends before it starts' });
  }
  const cohort = spec.cohort;
  if (cohort !== null) {
    for (const [i, code] of (cohort.codes ?? []).entries())
      if (!/^[\w.\-:/]{1,64}\*?$/.test(code))
        errors.push({ path: `cohort/codes/${i}`, message: 'is not a code (letters, digits, . - : / _)' });
    for (const [i, id] of (cohort.conceptIds ?? []).entries())
      if (!Number.isSafeInteger(id))
        errors.push({ path: `cohort/conceptIds/${i}`, message: 'is not an integer' });
    const age = cohort.age;
    if (age !== undefined) {
      if (!isDate(age.at)) errors.push({ path: 'cohort/age/at', message: 'is not a YYYY-MM-DD date' });
      for (const [name, value] of [
        ['min', age.min],
        ['max', age.max],
      ] as const)
        if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 150))
          errors.push({ path: `cohort/age/${name}`, message: 'is not a whole number of years (0-150)' });
    }
  }
  if (
    spec.dateShift.enabled &&
    !(
      Number.isInteger(spec.dateShift.maxDays) &&
      spec.dateShift.maxDays >= 1 &&
      spec.dateShift.maxDays <= 3650
    )
  )
    errors.push({ path: 'dateShift/maxDays', message: 'is not a whole number of days (1-3650)' });
  const secretBytes =
    typeof spec.rekeySecret === 'string' ? Buffer.byteLength(spec.rekeySecret) : spec.rekeySecret.byteLength;
  if (secretBytes < 16) errors.push({ path: 'rekeySecret', message: 'is shorter than 16 bytes' });
  if (errors.length > 0)
    throw new AppError('invalid', 'extract.spec_invalid', 'The extract cannot be built as ordered.', errors);
  return grants;
}

// ------------------------------------------------------------------------------------------------------ SQL

/** The permit's keys: one for ids, one for date shifts, each an HMAC of the permit's secret. */
interface PermitKeys {
  readonly ids: string;
  readonly shift: string;
}

function deriveKeys(spec: ExtractSpec): PermitKeys {
  const derive = (purpose: string): string =>
    createHmac('sha256', spec.rekeySecret).update(`salus/extract/${purpose}/${spec.permitId}`).digest('hex');
  return { ids: derive('ids'), shift: derive('date-shift') };
}

/**
 * A 63-bit id from a secret-keyed SHA-256 of the value: a pseudo-random function of the value under the
 * permit's key (the digest is truncated, which takes away the length extension a bare key-prefix hash
 * would have), so another permit's ids, or the lake's, tell nothing about these.
 */
const keyedId = (key: string, expr: string): string =>
  `CAST(('0x' || left(sha256(${lit(key)} || CAST(${expr} AS VARCHAR)), 16))::UBIGINT >> 1 AS BIGINT)`;

const dateLit = (d: string): string => `DATE ${lit(d)}`;

/** The first DATE column: the event's date, the one the period is applied to. */
const eventDate = (table: CdmTableName): string | null =>
  cdmTables[table].find((c) => c.type === 'DATE')?.name ?? null;
/** The second DATE column of an interval table: its end. */
const intervalEnd = (table: CdmTableName): string | null =>
  cdmTables[table].filter((c) => c.type === 'DATE')[1]?.name ?? null;

const columnList = (table: CdmTableName): string => cdmTables[table].map((c) => c.name).join(', ');

class ExtractSql {
  private readonly store: DeliveryStore;

  constructor(
    private readonly lake: Lake,
    private readonly holders: readonly string[],
    private readonly prefix: string,
  ) {
    this.store = new DeliveryStore(lake.dir);
  }

  temp(name: string): string {
    return `${this.prefix}_${name}`;
  }

  files(table: CdmTableName, holders: readonly string[] = this.holders): string[] {
    return this.lake
      .deliveries()
      .filter((m) => holders.includes(m.holderId) && (m.tables[table] ?? 0) > 0)
      .map((m) => this.store.tableFile(m.deliveryId, table));
  }

  /** Every CDM column of the holders' rows of a table, plus the file each row came from. */
  rows(table: CdmTableName, holders: readonly string[] = this.holders): string {
    const files = this.files(table, holders);
    if (files.length === 0) {
      return `(SELECT ${cdmTables[table].map((c) => `NULL::${c.type} AS ${c.name}`).join(', ')},
        NULL::VARCHAR AS filename WHERE false)`;
    }
    return `(SELECT ${columnList(table)}, filename FROM read_parquet(${litList(files)}, filename = true))`;
  }
}

/** The rows of a table in scope, before cohort and period, with `__pid`, `__d` and `__e` for the filters. */
function scopedRows(sql: ExtractSql, plan: TablePlan): string {
  const { table } = plan;
  const d = eventDate(table);
  const e = intervalEnd(table);
  const helpers = (alias: string): string =>
    [
      cdmTables[table].some((c) => c.name === 'person_id')
        ? `${alias}.person_id AS __pid`
        : 'NULL::BIGINT AS __pid',
      d === null ? 'NULL::DATE AS __d' : `${alias}.${d} AS __d`,
      e === null ? 'NULL::DATE AS __e' : `${alias}.${e} AS __e`,
    ].join(', ');
  switch (table) {
    case 'person':
      // As the lake's view: the most complete row, then the first file.
      return `(SELECT r.*, ${helpers('r')} FROM ${sql.rows(table, plan.holders)} r
        QUALIFY row_number() OVER (PARTITION BY person_id
          ORDER BY (year_of_birth IS NULL), (gender_concept_id = 0), filename) = 1)`;
    case 'death':
      return `(SELECT r.*, ${helpers('r')} FROM ${sql.rows(table, plan.holders)} r
        QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY death_date, filename) = 1)`;
    case 'observation_period':
      // One period per person from the first to the last event any of the holders delivered.
      return `(SELECT r.*, ${helpers('r')} FROM (SELECT person_id AS observation_period_id, person_id,
          min(observation_period_start_date) AS observation_period_start_date,
          max(observation_period_end_date) AS observation_period_end_date,
          min(period_type_concept_id) AS period_type_concept_id
        FROM ${sql.rows(table, plan.holders)} GROUP BY person_id) r)`;
    case 'location':
    case 'care_site':
    case 'provider': {
      const id = cdmTables[table][0]?.name ?? '';
      return `(SELECT r.*, ${helpers('r')} FROM ${sql.rows(table, plan.holders)} r
        QUALIFY row_number() OVER (PARTITION BY ${id} ORDER BY filename) = 1)`;
    }
    case 'visit_occurrence':
    case 'visit_detail':
    case 'condition_occurrence':
    case 'drug_exposure':
    case 'procedure_occurrence':
    case 'device_exposure':
    case 'measurement':
    case 'observation':
    case 'payer_plan_period':
    case 'cost': {
      // Event rows as delivered; a column a holder's dataset does not grant is NULL in that holder's rows.
      const parts = plan.holders.map((holder) => {
        const columns = cdmTables[table].map((c) => {
          const out = plan.columns.find((o) => o.column.name === c.name);
          return out === undefined || out.holders.has(holder)
            ? `r.${c.name}`
            : `NULL::${c.type} AS ${c.name}`;
        });
        return `SELECT ${columns.join(', ')}, ${helpers('r')} FROM ${sql.rows(table, [holder])} r`;
      });
      return `(${parts.join(' UNION ALL ')})`;
    }
  }
}

// --------------------------------------------------------------------------------------------------- build

let extractCounter = 0;

/**
 * Builds the extract of a permit into `outDir` (which must not exist yet). Nothing is left behind when it
 * fails: the files are written to a sibling temporary folder, fsynced, and renamed into place at the end.
 */
export async function buildExtract(lake: Lake, spec: ExtractSpec, outDir: string): Promise<ExtractResult> {
  const started = performance.now();
  const grantsPerSource = validate(spec);
  const target = path.resolve(outDir);
  if (existsSync(target))
    throw new AppError(
      'conflict',
      'extract.exists',
      'The extract folder exists already: an extract is built once.',
    );
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  mkdirSync(partial);

  const holders = spec.sources.map((s) => s.holderId);
  const keys = deriveKeys(spec);
  const prefix = `salus_extract_${String(++extractCounter)}_${randomBytes(3).toString('hex')}`;
  const sql = new ExtractSql(lake, holders, prefix);
  const plans = planTables(
    spec.sources.map((s, i) => ({ holderId: s.holderId, tables: grantsPerSource[i] ?? new Map() })),
  );
  const temps: string[] = [];
  const eligible = await lake.eligiblePersons(spec.optedOutPseudonyms);
  try {
    const persons = await selectCohort(lake, sql, spec, keys, eligible.table, temps);
    const cohort = sql.temp('cohort');
    const locations = plans.some((p) => p.table === 'location')
      ? await mapLocations(lake, sql, plans, keys, temps)
      : null;

    const tables: TableMinimisation[] = [];
    for (const plan of plans) {
      tables.push(await writeTable(lake, sql, spec, keys, plan, cohort, locations, partial));
    }
    for (const t of tables) {
      await lake.query(`COPY (SELECT * FROM read_parquet(${lit(path.join(partial, `${t.table}.parquet`))}))
        TO ${lit(path.join(partial, `${t.table}.csv`))} (FORMAT csv, HEADER)`);
    }
    const files = readdirSync(partial)
      .sort()
      .map((name) => ({ name, bytes: statSync(path.join(partial, name)).size }));
    const report: MinimisationReport = {
      permitId: spec.permitId,
      builtAt: new Date().toISOString(),
      sources: spec.sources.map((s) => ({ holderId: s.holderId, datasetId: s.datasetId ?? null })),
      period: spec.period,
      periodRule:
        spec.period === null
          ? 'no period: every date kept'
          : 'events kept when their (first) date falls in the period; observation and payer plan periods kept when they overlap it, clipped to it; deaths kept when in it',
      cohort: spec.cohort,
      persons,
      dateShift: {
        enabled: spec.dateShift.enabled,
        maxDays: spec.dateShift.enabled ? spec.dateShift.maxDays : null,
        rule: spec.dateShift.enabled
          ? `every date and datetime of a person moved by the same number of days (1 to ${String(spec.dateShift.maxDays)}, earlier or later, from the permit's secret); the year of birth is not shifted; the period is applied before the shift`
          : 'dates as recorded',
      },
      identifiers:
        "every id (person, visit, event, provider, care site, location, cost) re-keyed with the permit's secret: no id is shared with the lake or another permit's extract",
      tables,
      files,
      elapsedMs: Math.round(performance.now() - started),
    };
    writeFileSync(path.join(partial, minimisationReportFile), JSON.stringify(report, null, 2) + '\n');
    for (const name of readdirSync(partial)) fsyncPath(path.join(partial, name));
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(path.dirname(target));
    return { dir: target, report };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw sanitised(e, keys);
  } finally {
    for (const t of temps.reverse()) await lake.query(`DROP TABLE IF EXISTS ${t}`);
    await lake.dropEligiblePersons(eligible);
  }
}

/** The persons of the extract: a temp table (person_id, new_id, shift) and the funnel that led to it. */
async function selectCohort(
  lake: Lake,
  sql: ExtractSql,
  spec: ExtractSpec,
  keys: PermitKeys,
  eligibleTable: string,
  temps: string[],
): Promise<PersonFunnel> {
  const period = spec.period;
  const inPeriod = (column: string): string =>
    period === null ? 'true' : `${column} BETWEEN ${dateLit(period.from)} AND ${dateLit(period.to)}`;
  const observed =
    period === null
      ? 'true'
      : `s.person_id IN (SELECT person_id FROM ${sql.rows('observation_period')}
          WHERE observation_period_start_date <= ${dateLit(period.to)}
            AND observation_period_end_date >= ${dateLit(period.from)})`;
  const conditions: string[] = [];
  const cohort = spec.cohort;
  const codes = cohort?.codes ?? [];
  const concepts = cohort?.conceptIds ?? [];
  if (codes.length > 0 || concepts.length > 0) {
    const exact = codes.filter((c) => !c.endsWith('*'));
    const prefixes = codes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));
    const parts = codedTables
      .filter((t) => sql.files(t.table).length > 0)
      .map((t) => {
        const match = [
          ...(exact.length > 0 ? [`${t.code} IN (${exact.map(lit).join(', ')})`] : []),
          ...prefixes.map((p) => `starts_with(${t.code}, ${lit(p)})`),
          ...(concepts.length > 0 ? t.concepts.map((c) => `${c} IN (${concepts.join(', ')})`) : []),
        ].join(' OR ');
        return `SELECT person_id FROM ${sql.rows(t.table)} WHERE (${match}) AND ${inPeriod(eventDate(t.table) ?? 'NULL')}`;
      });
    conditions.push(parts.length === 0 ? 'false' : `s.person_id IN (${parts.join(' UNION ALL ')})`);
  }
  const age = cohort?.age;
  if (age !== undefined) {
    conditions.push(
      `coalesce((year(${dateLit(age.at)}) - s.year_of_birth) BETWEEN ${String(age.min ?? 0)} AND ${String(age.max ?? 150)}, false)`,
    );
  }
  const candidates = sql.temp('candidates');
  temps.push(candidates);
  await lake.query(`CREATE TEMP TABLE ${candidates} AS
    SELECT s.person_id,
      s.person_id IN (SELECT person_id FROM ${eligibleTable}) AS eligible,
      ${observed} AS observed,
      ${conditions.length === 0 ? 'true' : conditions.join(' AND ')} AS matches
    FROM (SELECT person_id, max(year_of_birth) AS year_of_birth FROM ${sql.rows('person')} GROUP BY person_id) s`);

  const maxDays = spec.dateShift.enabled ? spec.dateShift.maxDays : 0;
  const m = String(maxDays);
  const cohortTable = sql.temp('cohort');
  temps.push(cohortTable);
  // A shift of 1 to maxDays days, earlier or later, never 0: no person's dates stay as recorded.
  await lake.query(`CREATE TEMP TABLE ${cohortTable} AS
    SELECT person_id, new_id,
      CAST(CASE WHEN ${m} = 0 THEN 0 WHEN h < ${m} THEN h - ${m} ELSE h - ${m} + 1 END AS INTEGER) AS shift
    FROM (SELECT person_id, ${keyedId(keys.ids, 'person_id')} AS new_id,
        ${
          maxDays === 0
            ? '0'
            : `CAST(('0x' || left(sha256(${lit(keys.shift)} || CAST(person_id AS VARCHAR)), 8))::UBIGINT % ${String(2 * maxDays)} AS INTEGER)`
        } AS h
      FROM ${candidates} WHERE eligible AND observed AND matches)`);
  const [funnel] = await lake.query(`SELECT count(*) AS n,
      count(*) FILTER (WHERE NOT eligible) AS opted_out,
      count(*) FILTER (WHERE eligible AND NOT observed) AS outside,
      count(*) FILTER (WHERE eligible AND observed AND NOT matches) AS not_cohort,
      count(*) FILTER (WHERE eligible AND observed AND matches) AS kept
    FROM ${candidates}`);
  return {
    inScope: Number(funnel?.n ?? 0),
    excludedByOptOut: Number(funnel?.opted_out ?? 0),
    outsidePeriod: Number(funnel?.outside ?? 0),
    notInCohort: Number(funnel?.not_cohort ?? 0),
    extracted: Number(funnel?.kept ?? 0),
  };
}

/**
 * Locations at the granularity the permit allows: a location's new id is a keyed hash of the columns kept,
 * so that two persons share a location id only when they share what the extract shows of their address.
 * Returns the temp table (location_id, new_id, kept columns…).
 */
async function mapLocations(
  lake: Lake,
  sql: ExtractSql,
  plans: readonly TablePlan[],
  keys: PermitKeys,
  temps: string[],
): Promise<string> {
  const plan = plans.find((p) => p.table === 'location');
  const kept = (plan?.columns ?? []).filter((c) => c.column.name !== 'location_id').map((c) => c.column.name);
  const granularity =
    kept.length === 0
      ? `'location'`
      : `concat_ws('|', ${kept.map((c) => `coalesce(CAST(${c} AS VARCHAR), '-')`).join(', ')})`;
  const table = sql.temp('locations');
  temps.push(table);
  await lake.query(`CREATE TEMP TABLE ${table} AS
    SELECT location_id, ${keyedId(keys.ids, `'location|' || ${granularity}`)} AS new_id
      ${kept.map((c) => `, ${c}`).join('')}
    FROM ${sql.rows('location')}
    QUALIFY row_number() OVER (PARTITION BY location_id ORDER BY filename) = 1`);
  return table;
}

/** Writes one table's Parquet file and says what was kept. */
async function writeTable(
  lake: Lake,
  sql: ExtractSql,
  spec: ExtractSpec,
  keys: PermitKeys,
  plan: TablePlan,
  cohort: string,
  locations: string | null,
  dir: string,
): Promise<TableMinimisation> {
  const { table } = plan;
  const period = spec.period;
  const shift = spec.dateShift.enabled;
  const personal = cdmTables[table].some((c) => c.name === 'person_id');
  const interval = periodTables.has(table);
  const transformed: TransformedColumn[] = [];
  const rows = scopedRows(sql, plan);
  const joins: string[] = [];
  const select = plan.columns.map(({ column, treatment }) => {
    const name = column.name;
    let expr = `t.${name}`;
    switch (treatment) {
      case 'person':
        expr = 'c.new_id';
        transformed.push({ column: name, how: "re-keyed with the permit's secret" });
        break;
      case 'id':
        if (fewDistinct.has(name)) {
          // A handful of care sites or providers behind millions of rows: hash each once, then join.
          const alias = `m_${name}`;
          joins.push(`LEFT JOIN (SELECT raw, ${keyedId(keys.ids, 'raw')} AS new_id FROM (SELECT DISTINCT ${name} AS raw
            FROM ${sql.rows(table, plan.holders)} WHERE ${name} IS NOT NULL)) ${alias} ON ${alias}.raw = t.${name}`);
          expr = `${alias}.new_id`;
        } else expr = keyedId(keys.ids, `t.${name}`);
        transformed.push({ column: name, how: "re-keyed with the permit's secret" });
        break;
      case 'location':
        expr = 'l.new_id';
        transformed.push({
          column: name,
          how: "re-keyed from the location columns the permit allows, with the permit's secret",
        });
        break;
      case 'date':
      case 'timestamp': {
        const isStart = name === eventDate(table);
        const isEnd = name === intervalEnd(table);
        if (interval && period !== null && (isStart || isEnd)) {
          expr = isStart
            ? `greatest(t.${name}, ${dateLit(period.from)})`
            : `CASE WHEN t.${name} IS NULL THEN NULL ELSE least(t.${name}, ${dateLit(period.to)}) END`;
          transformed.push({ column: name, how: 'clipped to the period' });
        }
        if (shift && personal) {
          expr = treatment === 'date' ? `(${expr} + c.shift)` : `(${expr} + to_days(c.shift))`;
          transformed.push({ column: name, how: "shifted by the person's date shift" });
        }
        break;
      }
      case 'plain':
        break;
    }
    return `${expr} AS ${name}`;
  });

  const where: string[] = [];
  // Rows in an order of the permit's own (its new ids), never the lake's: two permits' files cannot be
  // lined up row by row.
  const order: string[] = [];
  if (personal) {
    joins.push(`JOIN ${cohort} c ON c.person_id = t.__pid`);
    order.push('c.new_id');
    if (eventDate(table) !== null) order.push('t.__d');
  } else if (plan.columns[0]?.treatment === 'id') order.push('1');
  else order.push(keyedId(keys.ids, `t.${cdmTables[table][0]?.name ?? ''}`));
  if (plan.columns.some((c) => c.treatment === 'location') && locations !== null)
    joins.push(`LEFT JOIN ${locations} l ON l.location_id = t.location_id`);
  if (period !== null && personal) {
    const from = dateLit(period.from);
    const to = dateLit(period.to);
    if (interval) where.push(`t.__d <= ${to} AND coalesce(t.__e, t.__d) >= ${from}`);
    else if (eventDate(table) !== null) where.push(`t.__d BETWEEN ${from} AND ${to}`);
  }
  let body: string;
  if (table === 'location') {
    // Only the locations of the extract's persons and of the holders' care sites, at the allowed grain.
    const personLocations = `SELECT p.location_id FROM ${sql.rows('person')} p JOIN ${cohort} c ON c.person_id = p.person_id`;
    const siteLocations = `SELECT location_id FROM ${sql.rows('care_site')}`;
    const columns = plan.columns.map((c) =>
      c.column.name === 'location_id' ? 'l.new_id AS location_id' : `l.${c.column.name}`,
    );
    body = `SELECT DISTINCT ${columns.join(', ')}
      FROM ${locations ?? '(SELECT NULL::BIGINT AS location_id, NULL::BIGINT AS new_id WHERE false)'} l
      WHERE l.location_id IN (${personLocations} UNION ALL ${siteLocations})
      ORDER BY ALL`;
  } else {
    if (table === 'cost') where.push(costInScope(sql, spec, cohort));
    body = `SELECT ${select.join(', ')} FROM ${rows} t ${joins.join(' ')}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order.join(', ')}`;
  }
  const [written] = await lake.query(
    `COPY (${body}) TO ${lit(path.join(dir, `${table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  const [scope] = await lake.query(`SELECT count(*) AS n FROM ${rows}`);
  return {
    table,
    holders: plan.holders,
    columnsKept: plan.columns.map((c) => c.column.name),
    columnsDropped: plan.dropped,
    columnsTransformed: transformed,
    rowsInScope: Number(scope?.n ?? 0),
    rowsKept: Number(written?.Count ?? Object.values(written ?? {})[0] ?? 0),
  };
}

/** Cost rows have no person: they are kept when the event they cost is in the extract's scope. */
function costInScope(sql: ExtractSql, spec: ExtractSpec, cohort: string): string {
  const period = spec.period;
  const parts = costDomains
    .filter(([, table]) => sql.files(table).length > 0)
    .map(([domain, table]) => {
      const id = cdmTables[table][0]?.name ?? '';
      const date = eventDate(table) ?? '';
      const inPeriod =
        period === null ? '' : `WHERE e.${date} BETWEEN ${dateLit(period.from)} AND ${dateLit(period.to)}`;
      return `(t.cost_domain_id = ${lit(domain)} AND t.cost_event_id IN (SELECT e.${id} FROM ${sql.rows(table)} e
        JOIN ${cohort} c ON c.person_id = e.person_id ${inPeriod}))`;
    });
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The engine's message without the SQL around it (which holds the permit's keys). */
function sanitised(e: unknown, keys: PermitKeys): unknown {
  if (e instanceof AppError) return e;
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return new AppError(
    'internal',
    'extract.failed',
    `The extract could not be built: ${message.replaceAll(keys.ids, '…').replaceAll(keys.shift, '…')}`,
  );
}
