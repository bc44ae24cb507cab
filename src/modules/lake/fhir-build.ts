/**
 * Turns the rows ingestion staged for a FHIR delivery (see staging-rows.ts) into the delivery's Parquet
 * files. Everything here is set-based in DuckDB: holder-local patient references are resolved by a join
 * with the staged patients (the anti-join gives the 'unknown patient' rejects), codes are mapped through the
 * vocabulary view, row ids are `eid(holder|key)` so a re-run gives identical rows.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { cdmTables, type CdmTableName } from './cdm-schema.js';
import { all, lit, litList, scalarNumber } from './duck.js';
import {
  columnsStruct,
  stagedEventColumns,
  stagedPatientColumns,
  stagedTargets,
  type StagedTarget,
} from './staging-rows.js';
import { vocabularyView } from './vocabulary.js';

export interface StagedReject {
  readonly src: number;
  readonly line: number;
  readonly rid: string | null;
  readonly rtype: string | null;
  readonly path: string;
  readonly reason: string;
}

export interface BuildResult {
  /** Rows written per OMOP table (empty when the delivery is rejected). */
  readonly rows: Readonly<Partial<Record<CdmTableName, number>>>;
  readonly unmapped: { readonly rows: number; readonly distinctCodes: number };
  /** The first `rejectCap` rejects found by the lake (unknown patients, bad CSV values). */
  readonly rejects: readonly StagedReject[];
  readonly rejectedTotal: number;
  /** Rejected resources (or CSV lines) per resource type (or table). */
  readonly rejectedByType: Readonly<Record<string, number>>;
  readonly codingSystems: readonly string[];
}

export interface BuildOptions {
  readonly holderId: string;
  readonly acceptValidPart: boolean;
  readonly rejectCap: number;
  /** Rows staged per target: when every row finds its patient, the search for rejects is skipped. */
  readonly stagedRows: Readonly<Record<string, number>>;
  /** OMOP vocabulary ids of the staged codes (recorded for the catalogue). */
  readonly codingSystems: readonly string[];
  /** The holder's secret salt for patient reference keys (hex; see `refKey`). */
  readonly refSalt: string;
  /**
   * `patient_refs.parquet` of the holder's earlier deliveries, most recent first: events may refer to patients
   * delivered before.
   */
  readonly earlierPatientRefs: readonly string[];
}

/** A SELECT list in CDM column order: every column cast to its type, NULL where no expression is given. */
export function cdmSelect(table: CdmTableName, exprs: Readonly<Record<string, string>>): string {
  return cdmTables[table]
    .map((column) => `CAST(${exprs[column.name] ?? 'NULL'} AS ${column.type}) AS ${column.name}`)
    .join(',\n  ');
}

/** Runs a COPY and returns how many rows it wrote. */
async function copyCount(connection: DuckDBConnection, sql: string): Promise<number> {
  const rows = await all(connection, sql);
  const first = rows[0];
  return first === undefined ? 0 : Number(Object.values(first)[0]);
}

export const parquetCopy = (select: string, file: string): string =>
  `COPY (${select}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 32768)`;

const tsvRead = (
  files: readonly string[],
  columns: typeof stagedEventColumns | typeof stagedPatientColumns,
) =>
  `read_csv(${litList(files)}, delim = '\t', quote = '', escape = '', header = false, nullstr = '',
    auto_detect = false, max_line_size = 1048576, buffer_size = 2097152, columns = ${columnsStruct(columns)})`;

/** A staged row's position in the delivery, as one orderable number: file, then line. */
const stagedOrder = (alias: string): string => `((CAST(${alias}.src AS BIGINT) << 40) | ${alias}.line)`;

/**
 * The join key of a local patient reference: the MD5 of the holder's secret salt and the reference, as a
 * 128-bit number. Events find their patient by it, so a join's hash table holds 16 bytes per patient
 * instead of the reference's text (`Patient/` and a UUID, 44 bytes and a pointer); with a million patients
 * that decides whether the join fits the lake's memory. Two references meet by chance with a probability of
 * about 2^-88 at a million patients. Each delivery keeps its keys with their person ids
 * (`patient_refs.parquet`), never the references themselves.
 */
const refKeyOf =
  (salt: string) =>
  (ref: string): string =>
    `md5_number(${lit(salt)} || ${ref})`;

/** The file of a delivery that maps its patient reference keys to person ids. */
export const patientRefsFile = 'patient_refs.parquet';

/**
 * The delivery's patients, one row per local reference (the first one staged wins), written to a Parquet
 * file that the view `pat` reads. A million patients do not fit a temporary table or a window under the
 * lake's memory limit; the duplicates are found by an aggregate, which spills, and are usually few.
 */
async function writePatients(
  connection: DuckDBConnection,
  files: readonly string[],
  file: string,
  refKey: (ref: string) => string,
): Promise<void> {
  const staged =
    files.length === 0
      ? `(SELECT * FROM (SELECT ${stagedPatientColumns
          .map(([n, t]) => `CAST(NULL AS ${t}) AS ${n}`)
          .join(', ')}) WHERE false)`
      : tsvRead(files, stagedPatientColumns);
  await connection.run(`CREATE OR REPLACE TEMP TABLE pat_first AS
    SELECT local_ref, min(${stagedOrder('s')}) AS k FROM ${staged} s GROUP BY local_ref HAVING count(*) > 1`);
  await connection.run(`COPY (SELECT s.*, ${refKey('s.local_ref')} AS ref_key
      FROM ${staged} s LEFT JOIN pat_first f ON f.local_ref = s.local_ref
      WHERE f.k IS NULL OR f.k = ${stagedOrder('s')})
    TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 32768)`);
  await connection.run(`DROP TABLE pat_first;
    CREATE OR REPLACE TEMP VIEW pat AS SELECT * FROM read_parquet(${lit(file)})`);
}

/**
 * Keeps, of the patient rows that satisfy `where`, each person's first one (a holder may know one person
 * under two local ids). The few persons with more than one row go to a small table `name`; the clause
 * returned joins it and filters, so no window over all patients is needed.
 */
async function firstRowPerPerson(connection: DuckDBConnection, name: string, where: string): Promise<string> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT person_id, min(${stagedOrder('p')}) AS k
    FROM pat p WHERE ${where} GROUP BY person_id HAVING count(*) > 1`);
  return `LEFT JOIN ${name} f ON f.person_id = p.person_id
    WHERE ${where} AND (f.k IS NULL OR f.k = ${stagedOrder('p')})`;
}

/** Address → location id, shared by all holders (a location is a place, not a holder's record). */
const addressId = (a: string): string =>
  `CASE WHEN coalesce(${a}.city, ${a}.region, ${a}.postcode, ${a}.country) IS NULL THEN NULL ELSE
    eid('address|' || coalesce(${a}.city, '') || '|' || coalesce(${a}.region, '') || '|' ||
      coalesce(${a}.postcode, '') || '|' || coalesce(${a}.country, '')) END`;

const currencyConcept = `CASE e.currency WHEN 'EUR' THEN 44818568 WHEN 'USD' THEN 44818668 END`;

/** Per target: the column expressions over `e` (staged row), `p` (patient), `v` (code), `vv` (value code),
 * `u` (unit), `h` (the holder prefix). */
function targetExpressions(target: StagedTarget, h: string): Record<string, string> {
  const id = `eid(${h} || e.key)`;
  const ref = (column: string): string =>
    `CASE WHEN e.${column} IS NULL THEN NULL ELSE eid(${h} || e.${column}) END`;
  const concept = 'coalesce(e.concept, v.concept_id, 0)';
  const sourceConcept = 'coalesce(v.source_concept_id, 0)';
  const unitConcept = 'CASE WHEN e.unit IS NULL THEN NULL ELSE coalesce(u.concept_id, 0) END';
  const valueConcept = 'CASE WHEN e.value_code IS NULL THEN NULL ELSE coalesce(vv.concept_id, 0) END';
  switch (target) {
    case 'visit_occurrence':
      return {
        visit_occurrence_id: id,
        person_id: 'p.person_id',
        visit_concept_id: 'coalesce(e.concept, 0)',
        visit_start_date: 'e.start_date',
        visit_start_datetime: 'e.start_dt',
        visit_end_date: 'coalesce(e.end_date, e.start_date)',
        visit_end_datetime: 'e.end_dt',
        visit_type_concept_id: 'e.type_concept',
        provider_id: ref('provider_ref'),
        care_site_id: ref('care_site_ref'),
        visit_source_value: 'e.code',
        visit_source_concept_id: sourceConcept,
        discharged_to_source_value: 'e.label',
      };
    case 'condition_occurrence':
      return {
        condition_occurrence_id: id,
        person_id: 'p.person_id',
        condition_concept_id: concept,
        condition_start_date: 'e.start_date',
        condition_start_datetime: 'e.start_dt',
        condition_end_date: 'e.end_date',
        condition_end_datetime: 'e.end_dt',
        condition_type_concept_id: 'e.type_concept',
        condition_status_source_value: 'e.label',
        provider_id: ref('provider_ref'),
        visit_occurrence_id: ref('visit_ref'),
        condition_source_value: 'e.code',
        condition_source_concept_id: sourceConcept,
      };
    case 'drug_exposure':
      return {
        drug_exposure_id: id,
        person_id: 'p.person_id',
        drug_concept_id: concept,
        drug_exposure_start_date: 'e.start_date',
        drug_exposure_start_datetime: 'e.start_dt',
        drug_exposure_end_date:
          'coalesce(e.end_date, CASE WHEN e.days_supply > 0 THEN e.start_date + (e.days_supply - 1) END, e.start_date)',
        drug_exposure_end_datetime: 'e.end_dt',
        drug_type_concept_id: 'e.type_concept',
        quantity: 'e.quantity',
        days_supply: 'e.days_supply',
        provider_id: ref('provider_ref'),
        visit_occurrence_id: ref('visit_ref'),
        drug_source_value: 'e.code',
        drug_source_concept_id: sourceConcept,
        dose_unit_source_value: 'e.unit',
      };
    case 'procedure_occurrence':
      return {
        procedure_occurrence_id: id,
        person_id: 'p.person_id',
        procedure_concept_id: concept,
        procedure_date: 'e.start_date',
        procedure_datetime: 'e.start_dt',
        procedure_end_date: 'e.end_date',
        procedure_end_datetime: 'e.end_dt',
        procedure_type_concept_id: 'e.type_concept',
        provider_id: ref('provider_ref'),
        visit_occurrence_id: ref('visit_ref'),
        procedure_source_value: 'e.code',
        procedure_source_concept_id: sourceConcept,
      };
    case 'measurement':
      return {
        measurement_id: id,
        person_id: 'p.person_id',
        measurement_concept_id: concept,
        measurement_date: 'e.start_date',
        measurement_datetime: 'e.start_dt',
        measurement_type_concept_id: 'e.type_concept',
        value_as_number: 'e.value_num',
        value_as_concept_id: valueConcept,
        unit_concept_id: unitConcept,
        range_low: 'e.range_low',
        range_high: 'e.range_high',
        provider_id: ref('provider_ref'),
        visit_occurrence_id: ref('visit_ref'),
        measurement_source_value: 'e.code',
        measurement_source_concept_id: sourceConcept,
        unit_source_value: 'e.unit',
        unit_source_concept_id:
          'CASE WHEN e.unit IS NULL THEN NULL ELSE coalesce(u.source_concept_id, 0) END',
        value_source_value: 'coalesce(e.value_code, CAST(e.value_num AS VARCHAR))',
      };
    case 'observation':
      return {
        observation_id: id,
        person_id: 'p.person_id',
        observation_concept_id: concept,
        observation_date: 'e.start_date',
        observation_datetime: 'e.start_dt',
        observation_type_concept_id: 'e.type_concept',
        value_as_number: 'e.value_num',
        value_as_concept_id: valueConcept,
        unit_concept_id: unitConcept,
        provider_id: ref('provider_ref'),
        visit_occurrence_id: ref('visit_ref'),
        observation_source_value: 'e.code',
        observation_source_concept_id: sourceConcept,
        unit_source_value: 'e.unit',
        value_source_value: 'coalesce(e.value_code, CAST(e.value_num AS VARCHAR))',
      };
    case 'payer_plan_period':
      return {
        payer_plan_period_id: id,
        person_id: 'p.person_id',
        payer_plan_period_start_date: 'e.start_date',
        payer_plan_period_end_date: 'e.end_date',
        payer_concept_id: '0',
        payer_source_value: 'e.label',
        plan_concept_id: '0',
        plan_source_value: 'e.code',
      };
    case 'cost':
      return {
        cost_id: id,
        cost_event_id: ref('visit_ref'),
        cost_domain_id: `'Visit'`,
        cost_type_concept_id: 'e.type_concept',
        currency_concept_id: currencyConcept,
        total_charge: 'e.amount',
        total_paid: 'e.paid',
        revenue_code_source_value: 'e.code',
      };
    case 'location':
      return {
        location_id: id,
        city: 'e.city',
        state: 'e.region',
        zip: 'e.postcode',
        country_source_value: 'e.country',
      };
    case 'care_site':
      return {
        care_site_id: id,
        care_site_name: 'e.label',
        place_of_service_concept_id: '0',
        location_id: addressId('e'),
        place_of_service_source_value: 'e.code',
      };
    case 'provider':
      return {
        provider_id: id,
        specialty_concept_id: concept,
        care_site_id: ref('care_site_ref'),
        year_of_birth: 'year(e.start_date)',
        gender_concept_id: `CASE e.label WHEN 'male' THEN 8507 WHEN 'female' THEN 8532 ELSE 0 END`,
        specialty_source_value: 'e.code',
        specialty_source_concept_id: sourceConcept,
        gender_source_value: 'e.label',
      };
  }
}

/** Targets whose rows belong to a person: they need the patient join. */
const personTargets = new Set<StagedTarget>([
  'visit_occurrence',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'measurement',
  'observation',
  'payer_plan_period',
]);

/** Date columns that span a person's observation period, per table. */
export const eventSpans: readonly (readonly [CdmTableName, string, string])[] = [
  ['visit_occurrence', 'visit_start_date', 'visit_end_date'],
  ['condition_occurrence', 'condition_start_date', 'coalesce(condition_end_date, condition_start_date)'],
  ['drug_exposure', 'drug_exposure_start_date', 'drug_exposure_end_date'],
  ['procedure_occurrence', 'procedure_date', 'coalesce(procedure_end_date, procedure_date)'],
  ['measurement', 'measurement_date', 'measurement_date'],
  ['observation', 'observation_date', 'observation_date'],
  ['death', 'death_date', 'death_date'],
];

/** Concept column and source value column of each table whose codes are mapped, for the unmapped count. */
export const codedColumns: readonly (readonly [CdmTableName, string, string])[] = [
  ['condition_occurrence', 'condition_concept_id', 'condition_source_value'],
  ['drug_exposure', 'drug_concept_id', 'drug_source_value'],
  ['procedure_occurrence', 'procedure_concept_id', 'procedure_source_value'],
  ['measurement', 'measurement_concept_id', 'measurement_source_value'],
  ['observation', 'observation_concept_id', 'observation_source_value'],
];

export async function buildFhirDelivery(
  connection: DuckDBConnection,
  dir: string,
  options: BuildOptions,
): Promise<BuildResult> {
  const names = readdirSync(dir);
  const filesOf = (target: string): string[] =>
    names
      .filter((n) => n.endsWith(`.${target}.tsv`))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((n) => path.join(dir, n));
  const h = lit(`${options.holderId}|`);

  const refKey = refKeyOf(options.refSalt);
  await writePatients(connection, filesOf('patient'), path.join(dir, 'patients.parquet'), refKey);
  // Which patient each reference key is: this delivery's patients, and those of the holder's earlier
  // deliveries that this one does not deliver again (the most recent delivery wins).
  await connection.run(
    `COPY (SELECT ref_key, person_id FROM pat) TO ${lit(path.join(dir, patientRefsFile))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  if (options.earlierPatientRefs.length === 0) {
    await connection.run('CREATE OR REPLACE TEMP VIEW refs AS SELECT ref_key, person_id FROM pat');
  } else {
    const earlier = options.earlierPatientRefs.map(
      (f, i) => `SELECT ref_key, person_id, ${String(i + 1)} AS rank FROM read_parquet(${lit(f)})`,
    );
    const all = path.join(dir, 'refs.parquet');
    await connection.run(`COPY (SELECT ref_key, arg_min(person_id, rank) AS person_id FROM (
        SELECT ref_key, person_id, 0 AS rank FROM pat UNION ALL ${earlier.join(' UNION ALL ')})
      GROUP BY ref_key) TO ${lit(all)} (FORMAT parquet, COMPRESSION zstd)`);
    await connection.run(`CREATE OR REPLACE TEMP VIEW refs AS SELECT * FROM read_parquet(${lit(all)})`);
  }

  // The vocabulary rows of the codes this delivery stages, in a small table: the joins below then build
  // their hash tables on it, not on a whole vocabulary. Without a vocabulary the (empty) view is used.
  const eventFiles = stagedTargets.flatMap((t) => filesOf(t));
  let codes: string = vocabularyView;
  if (
    eventFiles.length > 0 &&
    (await scalarNumber(connection, `SELECT count(*) FROM ${vocabularyView}`)) > 0
  ) {
    await connection.run(`CREATE OR REPLACE TEMP TABLE codes AS SELECT m.* FROM ${vocabularyView} m
      SEMI JOIN (SELECT DISTINCT x.v, x.c FROM (
        SELECT unnest([{'v': vocab, 'c': code}, {'v': value_vocab, 'c': value_code},
          {'v': 'UCUM', 'c': unit}]) AS x
        FROM ${tsvRead(eventFiles, stagedEventColumns)}) WHERE x.c IS NOT NULL) s
      ON m.vocabulary_id = s.v AND m.concept_code = s.c`);
    codes = 'codes';
  }

  const written: CdmTableName[] = [];
  const copied: Partial<Record<CdmTableName, number>> = {};
  const out = (table: CdmTableName): string => path.join(dir, `${table}.parquet`);
  // DuckDB guesses a few hundred rows for a staged TSV file, so left to itself it builds the joins' hash
  // tables on the staged rows (wide, millions, spilling) and probes them with the patients. The joins are
  // written with the small side (patients, codes) on the right, and the right side is the one built.
  await connection.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
  try {
    for (const target of stagedTargets) {
      const files = filesOf(target);
      if (files.length === 0) continue;
      const onPatient = `p.ref_key = ${refKey('e.patient_ref')}`;
      const joinPatient = personTargets.has(target)
        ? `JOIN refs p ON ${onPatient}`
        : target === 'cost'
          ? `LEFT JOIN refs p ON ${onPatient}`
          : '';
      const costFilter = target === 'cost' ? 'WHERE e.patient_ref IS NULL OR p.ref_key IS NOT NULL' : '';
      // No ORDER BY: sorting millions of wide rows within the memory limit is what ran out of memory. A
      // re-run writes the same rows with the same ids; their order within the file may differ.
      const select = `SELECT ${cdmSelect(target, targetExpressions(target, h))}
        FROM ${tsvRead(files, stagedEventColumns)} e ${joinPatient}
        LEFT JOIN ${codes} v ON v.vocabulary_id = e.vocab AND v.concept_code = e.code
        LEFT JOIN ${codes} vv ON vv.vocabulary_id = e.value_vocab AND vv.concept_code = e.value_code
        LEFT JOIN ${codes} u ON u.vocabulary_id = 'UCUM' AND u.concept_code = e.unit
        ${costFilter}`;
      copied[target] = await copyCount(connection, parquetCopy(select, out(target)));
      written.push(target);
    }
  } finally {
    await connection.run('RESET disabled_optimizers');
  }

  // Rejects: rows whose patient reference names no Patient of this delivery or of the holder's earlier
  // ones. Only searched for when the
  // copies above lost rows (the join drops exactly those), so a clean delivery reads its rows once.
  await connection.run(`CREATE OR REPLACE TEMP TABLE rejects (src INTEGER, line BIGINT, rid VARCHAR,
    rtype VARCHAR, path VARCHAR, reason VARCHAR)`);
  const lost = written.some((t) => (copied[t] ?? 0) < (options.stagedRows[t] ?? 0));
  for (const target of lost ? stagedTargets : []) {
    const files = filesOf(target);
    if (files.length === 0 || target === 'location' || target === 'care_site' || target === 'provider')
      continue;
    await connection.run(`INSERT INTO rejects
      SELECT DISTINCT e.src, e.line, e.rid, e.rtype,
        coalesce(e.jpath, '') || CASE WHEN e.rtype IN ('Immunization', 'Claim', 'ExplanationOfBenefit') THEN 'patient'
          WHEN e.rtype = 'Coverage' THEN 'beneficiary' ELSE 'subject' END || '.reference',
        'reference to an unknown patient: ' || e.patient_ref
      FROM ${tsvRead(files, stagedEventColumns)} e
      WHERE e.patient_ref IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM refs WHERE refs.ref_key = ${refKey('e.patient_ref')})`);
  }
  const rejectedTotal = await scalarNumber(connection, 'SELECT count(*) FROM rejects');
  const rejects = (
    await all(connection, `SELECT * FROM rejects ORDER BY src, line LIMIT ${String(options.rejectCap)}`)
  ).map(toReject);
  const rejectedByType = Object.fromEntries(
    (await all(connection, 'SELECT rtype, count(*) AS n FROM rejects GROUP BY rtype')).map((r) => [
      String(r.rtype),
      Number(r.n),
    ]),
  );
  const result = { rejects, rejectedTotal, rejectedByType, codingSystems: options.codingSystems };
  if (rejectedTotal > 0 && !options.acceptValidPart) {
    return { ...result, rows: {}, unmapped: { rows: 0, distinctCodes: 0 } };
  }

  // Addresses of patients and care sites become shared location rows (city, region, postcode, country).
  await connection.run(
    parquetCopy(
      `SELECT ${cdmSelect('location', {
        location_id: addressId('a'),
        city: 'a.city',
        state: 'a.region',
        zip: 'a.postcode',
        country_source_value: 'a.country',
      })} FROM (SELECT DISTINCT city, region, postcode, country FROM pat
        ${filesOf('care_site').length > 0 ? `UNION SELECT DISTINCT city, region, postcode, country FROM ${tsvRead(filesOf('care_site'), stagedEventColumns)}` : ''}
      ) a WHERE coalesce(a.city, a.region, a.postcode, a.country) IS NOT NULL
      ${written.includes('location') ? `UNION ALL SELECT * FROM read_parquet(${lit(out('location'))})` : ''}
      ORDER BY location_id`,
      path.join(dir, 'location.parquet.tmp'),
    ),
  );
  await connection.run(`COPY (SELECT * FROM read_parquet(${lit(path.join(dir, 'location.parquet.tmp'))}))
    TO ${lit(out('location'))} (FORMAT parquet, COMPRESSION zstd)`);
  if (!written.includes('location')) written.push('location');

  const firstPerson = await firstRowPerPerson(connection, 'person_first', 'true');
  await connection.run(
    parquetCopy(
      `SELECT ${cdmSelect('person', {
        person_id: 'p.person_id',
        gender_concept_id: `CASE p.gender WHEN 'male' THEN 8507 WHEN 'female' THEN 8532 ELSE 0 END`,
        year_of_birth: 'p.year_of_birth',
        month_of_birth: 'p.month_of_birth',
        day_of_birth: 'p.day_of_birth',
        birth_datetime: 'p.birth_dt',
        race_concept_id: '0',
        ethnicity_concept_id: '0',
        location_id: addressId('p'),
        person_source_value: 'p.pseudonym',
        gender_source_value: 'p.gender',
        gender_source_concept_id: '0',
        race_source_concept_id: '0',
        ethnicity_source_concept_id: '0',
      })} FROM pat p ${firstPerson}
      ORDER BY person_id`,
      out('person'),
    ),
  );
  written.push('person');
  const firstDeath = await firstRowPerPerson(connection, 'death_first', 'p.death_date IS NOT NULL');
  await connection.run(
    parquetCopy(
      `SELECT ${cdmSelect('death', {
        person_id: 'p.person_id',
        death_date: 'p.death_date',
        death_datetime: 'p.death_dt',
        death_type_concept_id: '32817',
      })} FROM pat p ${firstDeath}
      ORDER BY person_id`,
      out('death'),
    ),
  );
  written.push('death');
  await writeObservationPeriods(connection, dir, written, options.holderId, '32817');
  written.push('observation_period');

  const rows: Partial<Record<CdmTableName, number>> = {};
  for (const table of written) {
    rows[table] = await scalarNumber(connection, `SELECT count(*) FROM read_parquet(${lit(out(table))})`);
  }
  const unmapped = await countUnmapped(connection, dir, written);
  await connection.run(
    'DROP VIEW IF EXISTS refs; DROP VIEW IF EXISTS pat; DROP TABLE IF EXISTS rejects; DROP TABLE IF EXISTS codes; DROP TABLE IF EXISTS person_first; DROP TABLE IF EXISTS death_first',
  );
  return { ...result, rows, unmapped };
}

/** Each person's observation period in this delivery: from the first to the last event date. */
export async function writeObservationPeriods(
  connection: DuckDBConnection,
  dir: string,
  written: readonly CdmTableName[],
  holderId: string,
  periodType: string,
): Promise<void> {
  const spans = eventSpans
    .filter(([table]) => written.includes(table))
    .map(
      ([table, start, end]) =>
        `SELECT person_id, ${start} AS s, ${end} AS e FROM read_parquet(${lit(path.join(dir, `${table}.parquet`))})`,
    );
  spans.push('SELECT CAST(NULL AS BIGINT) AS person_id, CAST(NULL AS DATE) AS s, CAST(NULL AS DATE) AS e');
  await connection.run(
    parquetCopy(
      `SELECT ${cdmSelect('observation_period', {
        observation_period_id: `eid(${lit(`${holderId}|observation_period/`)} || CAST(person_id AS VARCHAR))`,
        person_id: 'person_id',
        observation_period_start_date: 'min(s)',
        observation_period_end_date: 'greatest(max(e), max(s))',
        period_type_concept_id: periodType,
      })} FROM (${spans.join(' UNION ALL ')}) WHERE person_id IS NOT NULL AND s IS NOT NULL
      GROUP BY person_id ORDER BY person_id`,
      path.join(dir, 'observation_period.parquet'),
    ),
  );
}

export async function countUnmapped(
  connection: DuckDBConnection,
  dir: string,
  written: readonly CdmTableName[],
): Promise<{ rows: number; distinctCodes: number }> {
  const parts = codedColumns
    .filter(([table]) => written.includes(table))
    .map(
      ([table, concept, source]) =>
        `SELECT '${table}' AS t, ${source} AS code FROM read_parquet(${lit(path.join(dir, `${table}.parquet`))})
         WHERE ${concept} = 0 AND ${source} IS NOT NULL`,
    );
  if (parts.length === 0) return { rows: 0, distinctCodes: 0 };
  const [row] = await all(
    connection,
    `SELECT count(*) AS n, count(DISTINCT (t, code)) AS d FROM (${parts.join(' UNION ALL ')})`,
  );
  return { rows: Number(row?.n ?? 0), distinctCodes: Number(row?.d ?? 0) };
}

function toReject(r: Record<string, unknown>): StagedReject {
  return {
    src: Number(r.src),
    line: Number(r.line),
    rid: typeof r.rid === 'string' ? r.rid : null,
    rtype: typeof r.rtype === 'string' ? r.rtype : null,
    path: String(r.path),
    reason: String(r.reason),
  };
}
