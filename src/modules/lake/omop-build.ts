/**
 * Loads an OMOP CDM CSV extract (one CSV per table, as in Eunomia) into a delivery's Parquet files. Values
 * are checked against the CDM types (a bad value rejects its line), the holder's own ids are re-keyed to
 * `eid(holder|table/id)` so that two holders' extracts never collide, persons get pseudonyms from the
 * holder-local person_source_value (OMOP extracts carry no national identifier), and the columns that hold
 * direct identifiers (provider names and numbers, street addresses) are emptied.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { cdmTables, type CdmColumn, type CdmTableName } from './cdm-schema.js';
import { all, lit, scalarNumber } from './duck.js';
import { vocabularyView } from './vocabulary.js';
import {
  cdmSelect,
  codedColumns,
  countUnmapped,
  parquetCopy,
  writeObservationPeriods,
  type BuildResult,
  type StagedReject,
} from './fhir-build.js';

export interface OmopFile {
  readonly table: CdmTableName;
  readonly path: string;
  /** Index of the file in the delivery, for reject reports. */
  readonly src: number;
}

export interface OmopBuildOptions {
  readonly holderId: string;
  readonly acceptValidPart: boolean;
  readonly rejectCap: number;
  /** The pseudonym of a holder-local person key (person_source_value, else person_id). */
  readonly pseudonymOf: (localKey: string) => string;
  readonly personIdOf: (pseudonym: string) => bigint;
}

/** Columns never copied: direct identifiers of persons and practitioners. */
const blanked: Readonly<Partial<Record<CdmTableName, readonly string[]>>> = {
  provider: ['provider_name', 'npi', 'dea'],
  location: ['address_1', 'address_2', 'latitude', 'longitude'],
  care_site: [],
};

/** Foreign-key columns that carry the holder's own ids, and the table whose ids they are. */
const foreignKeys: Readonly<Record<string, CdmTableName>> = {
  visit_occurrence_id: 'visit_occurrence',
  preceding_visit_occurrence_id: 'visit_occurrence',
  visit_detail_id: 'visit_detail',
  preceding_visit_detail_id: 'visit_detail',
  parent_visit_detail_id: 'visit_detail',
  provider_id: 'provider',
  care_site_id: 'care_site',
  location_id: 'location',
  payer_plan_period_id: 'payer_plan_period',
  observation_period_id: 'observation_period',
};

/** The header of a CSV file, lower-cased (read from its first 64 KiB). */
export function csvHeader(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = first.includes('\t') ? '\t' : ',';
    return first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  } finally {
    closeSync(fd);
  }
}

export function missingColumns(table: CdmTableName, header: readonly string[]): string[] {
  return cdmTables[table].map((c) => c.name).filter((name) => !header.includes(name));
}

const q = (name: string): string => `"${name}"`;
const bad = (c: CdmColumn): string =>
  `(${q(c.name)} IS NOT NULL AND ${q(c.name)} <> '' AND TRY_CAST(${q(c.name)} AS ${c.type}) IS NULL)`;
const value = (c: CdmColumn): string => `TRY_CAST(NULLIF(t.${q(c.name)}, '') AS ${c.type})`;

export async function buildOmopDelivery(
  connection: DuckDBConnection,
  dir: string,
  delivered: readonly OmopFile[],
  options: OmopBuildOptions,
): Promise<BuildResult> {
  const h = `${options.holderId}|`;
  // A file without every column of its table cannot be loaded at all: each missing column is a reject.
  const missing: StagedReject[] = [];
  const files = delivered.filter((file) => {
    const absent = missingColumns(file.table, csvHeader(file.path));
    for (const column of absent) {
      missing.push({
        src: file.src,
        line: 1,
        rid: null,
        rtype: file.table,
        path: column,
        reason: `missing column ${column}`,
      });
    }
    return absent.length === 0;
  });
  const read = (file: OmopFile): string =>
    // One reading thread, so that row_number() is the line number (insertion order is not kept otherwise).
    `(SELECT *, row_number() OVER () + 1 AS __line FROM read_csv(${lit(file.path)}, header = true,
      all_varchar = true, normalize_names = true, parallel = false))`;
  await connection.run(`CREATE OR REPLACE TEMP TABLE rejects (src INTEGER, line BIGINT, rid VARCHAR,
    rtype VARCHAR, path VARCHAR, reason VARCHAR)`);

  // Persons first: their pseudonyms are computed here, in JavaScript, with the node's key.
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE person_map (local_id BIGINT, pseudonym VARCHAR, person_id BIGINT)',
  );
  const personFile = files.find((f) => f.table === 'person');
  if (personFile !== undefined) {
    const result = await connection.stream(
      `SELECT DISTINCT TRY_CAST(person_id AS BIGINT) AS local_id,
        coalesce(NULLIF(person_source_value, ''), person_id) AS local_key
       FROM ${read(personFile)} WHERE TRY_CAST(person_id AS BIGINT) IS NOT NULL`,
    );
    const appender = await connection.createAppender('person_map');
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      for (const [localId, localKey] of chunk.getRows()) {
        const pseudonym = options.pseudonymOf(String(localKey));
        appender.appendBigInt(localId as bigint);
        appender.appendVarchar(pseudonym);
        appender.appendBigInt(options.personIdOf(pseudonym));
        appender.endRow();
      }
    }
    appender.closeSync();
  }

  for (const file of files) {
    const columns = cdmTables[file.table];
    const hasPerson = columns.some((c) => c.name === 'person_id');
    await connection.run(`INSERT INTO rejects
      SELECT ${String(file.src)}, __line, NULL, ${lit(file.table)},
        CASE ${columns.map((c) => `WHEN ${bad(c)} THEN ${lit(c.name)}`).join(' ')} END,
        'not a valid ' || CASE ${columns.map((c) => `WHEN ${bad(c)} THEN ${lit(`${c.type}: `)} || ${q(c.name)}`).join(' ')} END
      FROM ${read(file)} WHERE ${columns.map(bad).join(' OR ')}`);
    if (hasPerson) {
      await connection.run(`INSERT INTO rejects
        SELECT ${String(file.src)}, t.__line, NULL, ${lit(file.table)}, 'person_id',
          'reference to an unknown person: ' || coalesce(t.person_id, '(empty)')
        FROM ${read(file)} t WHERE NOT EXISTS
          (SELECT 1 FROM person_map m WHERE m.local_id = TRY_CAST(t.person_id AS BIGINT))`);
    }
  }
  for (const m of missing) {
    await connection.run(
      `INSERT INTO rejects VALUES (${String(m.src)}, 1, NULL, ${lit(m.rtype ?? '')}, ${lit(m.path)}, ${lit(m.reason)})`,
    );
  }
  const rejectedTotal = await scalarNumber(connection, 'SELECT count(*) FROM rejects');
  const rejects: StagedReject[] = (
    await all(connection, `SELECT * FROM rejects ORDER BY src, line LIMIT ${String(options.rejectCap)}`)
  ).map((r) => ({
    src: Number(r.src),
    line: Number(r.line),
    rid: null,
    rtype: String(r.rtype),
    path: String(r.path),
    reason: String(r.reason),
  }));
  const rejectedByType = Object.fromEntries(
    (await all(connection, 'SELECT rtype, count(DISTINCT (src, line)) AS n FROM rejects GROUP BY rtype')).map(
      (r) => [String(r.rtype), Number(r.n)],
    ),
  );
  if (rejectedTotal > 0 && !options.acceptValidPart) {
    return {
      rows: {},
      unmapped: { rows: 0, distinctCodes: 0 },
      rejects,
      rejectedTotal,
      rejectedByType,
      codingSystems: [],
    };
  }

  const written: CdmTableName[] = [];
  for (const file of files) {
    const table = file.table;
    const columns = cdmTables[table];
    const exprs: Record<string, string> = {};
    for (const c of columns) {
      if (blanked[table]?.includes(c.name) === true) continue;
      const fk = c.name === `${table}_id` ? table : foreignKeys[c.name];
      exprs[c.name] =
        fk !== undefined
          ? `CASE WHEN ${value(c)} IS NULL THEN NULL ELSE eid(${lit(`${h}${fk}/`)} || CAST(${value(c)} AS VARCHAR)) END`
          : value(c);
    }
    if (table === 'cost') {
      exprs.cost_event_id = `CASE WHEN ${value({ name: 'cost_event_id', type: 'BIGINT', required: false })} IS NULL THEN NULL
        ELSE eid(${lit(h)} || CASE t.cost_domain_id WHEN 'Visit' THEN 'visit_occurrence' WHEN 'Drug' THEN 'drug_exposure'
          WHEN 'Procedure' THEN 'procedure_occurrence' WHEN 'Measurement' THEN 'measurement'
          WHEN 'Observation' THEN 'observation' WHEN 'Device' THEN 'device_exposure' ELSE lower(t.cost_domain_id) END
          || '/' || t.cost_event_id) END`;
    }
    const hasPerson = columns.some((c) => c.name === 'person_id');
    if (hasPerson) exprs.person_id = 'm.person_id';
    if (table === 'person') exprs.person_source_value = 'm.pseudonym';
    const badRows = `EXISTS (SELECT 1 FROM rejects r WHERE r.src = ${String(file.src)} AND r.line = t.__line)`;
    await connection.run(
      parquetCopy(
        `SELECT ${cdmSelect(table, exprs)} FROM ${read(file)} t
         ${hasPerson ? 'JOIN person_map m ON m.local_id = TRY_CAST(t.person_id AS BIGINT)' : ''}
         WHERE NOT ${badRows}
         ${table === 'person' ? 'QUALIFY row_number() OVER (PARTITION BY m.person_id ORDER BY t.__line) = 1' : ''}
         ORDER BY ${hasPerson ? 'person_id, ' : ''}${columns[0]?.name ?? '1'}`,
        path.join(dir, `${table}.parquet`),
      ),
    );
    written.push(table);
  }
  if (!written.includes('observation_period')) {
    await writeObservationPeriods(connection, dir, written, options.holderId, '32817');
    written.push('observation_period');
  }
  const rows: Partial<Record<CdmTableName, number>> = {};
  for (const table of written) {
    rows[table] = await scalarNumber(
      connection,
      `SELECT count(*) FROM read_parquet(${lit(path.join(dir, `${table}.parquet`))})`,
    );
  }
  const unmapped = await countUnmapped(connection, dir, written);
  const codingSystems = await omopCodingSystems(connection, dir, written);
  await connection.run('DROP TABLE IF EXISTS person_map; DROP TABLE IF EXISTS rejects');
  return { rows, unmapped, rejects, rejectedTotal, rejectedByType, codingSystems };
}

/**
 * The vocabularies (ICD10CM, SNOMED, LOINC, RxNorm, ...) of the concepts an OMOP extract uses, source and
 * standard, found through the configured vocabulary. Without one, the extract's concepts cannot be
 * placed and it is reported as 'OMOP' (OMOP concept ids).
 */
async function omopCodingSystems(
  connection: DuckDBConnection,
  dir: string,
  written: readonly CdmTableName[],
): Promise<string[]> {
  const parts = codedColumns
    .filter(([table]) => written.includes(table))
    .flatMap(([table, concept]) => {
      const file = lit(path.join(dir, `${table}.parquet`));
      const source = concept.replace(/_concept_id$/, '_source_concept_id');
      return [
        `SELECT DISTINCT ${concept} AS id FROM read_parquet(${file})`,
        `SELECT DISTINCT ${source} AS id FROM read_parquet(${file})`,
      ];
    });
  if (parts.length === 0) return ['OMOP'];
  const found = (
    await all(
      connection,
      `SELECT DISTINCT m.vocabulary_id AS v FROM (${parts.join(' UNION ')}) c
        JOIN ${vocabularyView} m ON m.source_concept_id = c.id WHERE c.id <> 0 ORDER BY 1`,
    )
  ).map((r) => String(r.v));
  return found.length === 0 ? ['OMOP'] : found;
}
