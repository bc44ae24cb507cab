/**
 * The contract between ingestion and the lake for FHIR deliveries. Ingestion parses resources in JavaScript
 * and writes staged rows as tab-separated files into the delivery's staging folder; the lake reads them with
 * DuckDB, resolves holder-local patient references by a set-based join, maps codes to concepts and writes
 * the Parquet files. Keeping patients out of a JavaScript map is what keeps memory flat for any input size.
 *
 * File names: `<fileIndex>.<target>.tsv` for events and `<fileIndex>.patient.tsv` for patients, so that each
 * input file (possibly staged by its own worker) writes files of its own. No quoting: strings are cleaned of
 * tabs and line breaks before they are written (see `tsvField`), and an empty field is NULL.
 */
import type { CdmTableName } from './cdm-schema.js';

type StagedType = 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';

/** Columns of a staged event row, in file order. Provenance columns (src, line, rid, rtype, jpath) are for
 * reject reports only and never reach a lake file. */
export const stagedEventColumns = [
  ['src', 'INTEGER'],
  ['line', 'BIGINT'],
  ['rid', 'VARCHAR'],
  ['rtype', 'VARCHAR'],
  ['jpath', 'VARCHAR'],
  /** `Type/id`, or `Type/id#n` when one resource gives several rows: hashed (with the holder) to the row id. */
  ['key', 'VARCHAR'],
  ['patient_ref', 'VARCHAR'],
  ['visit_ref', 'VARCHAR'],
  ['provider_ref', 'VARCHAR'],
  ['care_site_ref', 'VARCHAR'],
  ['start_date', 'DATE'],
  ['start_dt', 'TIMESTAMP'],
  ['end_date', 'DATE'],
  ['end_dt', 'TIMESTAMP'],
  ['type_concept', 'INTEGER'],
  /** A concept id the mapper knows without a vocabulary (visit class, gender); else NULL. */
  ['concept', 'INTEGER'],
  /** OMOP vocabulary id and code of the source code, e.g. LOINC / 4548-4. */
  ['vocab', 'VARCHAR'],
  ['code', 'VARCHAR'],
  ['value_num', 'DOUBLE'],
  ['value_vocab', 'VARCHAR'],
  ['value_code', 'VARCHAR'],
  ['unit', 'VARCHAR'],
  ['range_low', 'DOUBLE'],
  ['range_high', 'DOUBLE'],
  ['quantity', 'DOUBLE'],
  ['days_supply', 'INTEGER'],
  ['amount', 'DOUBLE'],
  ['paid', 'DOUBLE'],
  ['currency', 'VARCHAR'],
  /** A non-personal label: care site name, discharge disposition, plan type. */
  ['label', 'VARCHAR'],
  ['city', 'VARCHAR'],
  ['region', 'VARCHAR'],
  ['postcode', 'VARCHAR'],
  ['country', 'VARCHAR'],
] as const satisfies readonly (readonly [string, StagedType])[];

export type StagedEventColumn = (typeof stagedEventColumns)[number][0];
export type StagedEvent = { readonly [K in StagedEventColumn]?: string | number | null };

/**
 * A staged event row with every column declared up front: one object shape for all rows, which keeps the
 * mapping loop fast (object spreads with many keys were most of the staging time).
 */
export class StagedEventRow {
  src: number | null = null;
  line: number | null = null;
  rid: string | null = null;
  rtype: string | null = null;
  jpath: string | null = null;
  key: string | null = null;
  patient_ref: string | null = null;
  visit_ref: string | null = null;
  provider_ref: string | null = null;
  care_site_ref: string | null = null;
  start_date: string | null = null;
  start_dt: string | null = null;
  end_date: string | null = null;
  end_dt: string | null = null;
  type_concept: number | null = null;
  concept: number | null = null;
  vocab: string | null = null;
  code: string | null = null;
  value_num: number | null = null;
  value_vocab: string | null = null;
  value_code: string | null = null;
  unit: string | null = null;
  range_low: number | null = null;
  range_high: number | null = null;
  quantity: number | null = null;
  days_supply: number | null = null;
  amount: number | null = null;
  paid: number | null = null;
  currency: string | null = null;
  label: string | null = null;
  city: string | null = null;
  region: string | null = null;
  postcode: string | null = null;
  country: string | null = null;

  /** The row as one TSV line. An array join gives a flat string (a chain of `+` would leave dozens of
   * string fragments per row for the garbage collector). */
  toTsv(): string {
    return (
      [
        tsvField(this.src),
        tsvField(this.line),
        tsvField(this.rid),
        tsvField(this.rtype),
        tsvField(this.jpath),
        tsvField(this.key),
        tsvField(this.patient_ref),
        tsvField(this.visit_ref),
        tsvField(this.provider_ref),
        tsvField(this.care_site_ref),
        tsvField(this.start_date),
        tsvField(this.start_dt),
        tsvField(this.end_date),
        tsvField(this.end_dt),
        tsvField(this.type_concept),
        tsvField(this.concept),
        tsvField(this.vocab),
        tsvField(this.code),
        tsvField(this.value_num),
        tsvField(this.value_vocab),
        tsvField(this.value_code),
        tsvField(this.unit),
        tsvField(this.range_low),
        tsvField(this.range_high),
        tsvField(this.quantity),
        tsvField(this.days_supply),
        tsvField(this.amount),
        tsvField(this.paid),
        tsvField(this.currency),
        tsvField(this.label),
        tsvField(this.city),
        tsvField(this.region),
        tsvField(this.postcode),
        tsvField(this.country),
      ].join('\t') + '\n'
    );
  }
}

export const stagedPatientColumns = [
  ['src', 'INTEGER'],
  ['line', 'BIGINT'],
  ['rid', 'VARCHAR'],
  /** `Patient/<id>` as the holder's other resources refer to it. */
  ['local_ref', 'VARCHAR'],
  ['pseudonym', 'VARCHAR'],
  ['person_id', 'BIGINT'],
  ['gender', 'VARCHAR'],
  ['year_of_birth', 'INTEGER'],
  ['month_of_birth', 'INTEGER'],
  ['day_of_birth', 'INTEGER'],
  ['birth_dt', 'TIMESTAMP'],
  ['death_date', 'DATE'],
  ['death_dt', 'TIMESTAMP'],
  ['city', 'VARCHAR'],
  ['region', 'VARCHAR'],
  ['postcode', 'VARCHAR'],
  ['country', 'VARCHAR'],
] as const satisfies readonly (readonly [string, StagedType])[];

export type StagedPatientColumn = (typeof stagedPatientColumns)[number][0];
export type StagedPatient = { readonly [K in StagedPatientColumn]?: string | number | bigint | null };

/** The OMOP tables a FHIR delivery stages rows for (person and observation_period are derived). */
export const stagedTargets = [
  'visit_occurrence',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'measurement',
  'observation',
  'payer_plan_period',
  'cost',
  'location',
  'care_site',
  'provider',
] as const satisfies readonly CdmTableName[];
export type StagedTarget = (typeof stagedTargets)[number];

export const stagedFileName = (fileIndex: number, target: StagedTarget | 'patient'): string =>
  `${String(fileIndex)}.${target}.tsv`;

const unsafe = /[\t\n\r]/g;
const hasUnsafe = /[\t\n\r]/;

/** One TSV field: NULL is empty; strings lose tabs and line breaks (codes and labels never need them). */
export function tsvField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return hasUnsafe.test(value) ? value.replace(unsafe, ' ') : value;
  return String(value);
}

export function tsvLine<C extends string>(
  columns: readonly (readonly [C, StagedType])[],
  row: { readonly [K in C]?: string | number | bigint | null },
): string {
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    if (column === undefined) continue;
    if (i > 0) out += '\t';
    out += tsvField(row[column[0]]);
  }
  return out + '\n';
}

/** The DuckDB `columns={...}` struct literal for read_csv. */
export function columnsStruct(columns: readonly (readonly [string, StagedType])[]): string {
  return `{${columns.map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
}
