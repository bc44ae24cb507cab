import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery } from '../ingest/index.js';
import { synthesize } from '../synth/index.js';
import {
  buildExtract,
  minimisationReportFile,
  type ExtractSpec,
  type MinimisationReport,
} from './extract.js';
import { openLake, type Lake } from './index.js';

const holders = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;
const period = { from: '2015-01-01', to: '2022-12-31' };
/** Type 2 diabetes (SNOMED CT) or any blood glucose lowering drug (ATC A10). */
const diabetes = { codes: ['44054006', 'A10*'] };

let root: string;
let lake: Lake;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'salus-extract-'));
  const synthDir = path.join(root, 'synth');
  await synthesize({ persons: 300, seed: 11, outDir: synthDir, noise: 'none' });
  lake = await openLake({ dir: path.join(root, 'lake'), vocabularyDir: null });
  const key = loadPseudonymKey(path.join(root, 'secrets'));
  for (const [folder, holderId] of Object.entries(holders)) {
    await ingestDelivery({ lake, holderId, paths: [path.join(synthDir, folder)], pseudonymKey: key });
  }
}, 120_000);

afterAll(async () => {
  await lake.close();
  rmSync(root, { recursive: true, force: true });
});

let outCounter = 0;
const outDir = (): string => path.join(root, 'workspaces', `extract-${String(++outCounter)}`);

function spec(overrides: Partial<ExtractSpec> = {}): ExtractSpec {
  return {
    permitId: 'permit-a',
    sources: [
      {
        holderId: holders.hospital,
        variables: ['person', 'condition_occurrence', 'visit_occurrence', 'death', 'observation_period'],
      },
      {
        holderId: holders.laboratory,
        variables: [
          'person',
          'measurement.measurement_id',
          'measurement.person_id',
          'measurement.measurement_date',
          'measurement.measurement_datetime',
          'measurement.measurement_source_value',
          'measurement.value_as_number',
          'measurement.unit_source_value',
          'measurement.visit_occurrence_id',
        ],
      },
      { holderId: holders.insurer, variables: ['person', 'drug_exposure', 'visit_occurrence', 'cost'] },
    ],
    period,
    cohort: diabetes,
    optedOutPseudonyms: [],
    rekeySecret: 'the secret of permit a, 32 bytes!',
    dateShift: { enabled: false, maxDays: 0 },
    ...overrides,
  };
}

type Row = Record<string, unknown>;
const read = async (dir: string, table: string): Promise<Row[]> =>
  lake.query(`SELECT * FROM read_parquet('${path.join(dir, `${table}.parquet`)}')`);
const columnsOf = async (dir: string, table: string): Promise<string[]> =>
  (
    await lake.query(
      `SELECT name FROM parquet_schema('${path.join(dir, `${table}.parquet`)}') WHERE name <> 'duckdb_schema'`,
    )
  ).map((r) => String(r.name));
const idsOf = async (dir: string, table: string, column: string): Promise<Set<string>> =>
  new Set((await read(dir, table)).map((r) => String(r[column])));
const reportOf = (dir: string): MinimisationReport =>
  JSON.parse(readFileSync(path.join(dir, minimisationReportFile), 'utf8')) as MinimisationReport;

/** The cohort worked out independently over the lake's views (all three holders are in scope). */
const cohortSql = `SELECT DISTINCT person_id FROM (
    SELECT person_id FROM condition_occurrence WHERE condition_source_value = '44054006'
      AND condition_start_date BETWEEN DATE '${period.from}' AND DATE '${period.to}'
    UNION ALL SELECT person_id FROM drug_exposure WHERE starts_with(drug_source_value, 'A10')
      AND drug_exposure_start_date BETWEEN DATE '${period.from}' AND DATE '${period.to}')
  WHERE person_id IN (SELECT person_id FROM observation_period
    WHERE observation_period_start_date <= DATE '${period.to}' AND observation_period_end_date >= DATE '${period.from}')`;

describe('the per-permit extract', { timeout: 60_000 }, () => {
  it('keeps only the permitted tables, columns, period and cohort, and reports what it dropped', async () => {
    const dir = outDir();
    const { report } = await buildExtract(lake, spec(), dir);
    expect(reportOf(dir)).toEqual(report);

    const expectedPersons = (await lake.query(cohortSql)).length;
    expect(expectedPersons).toBeGreaterThan(10);
    expect(report.persons.extracted).toBe(expectedPersons);
    expect(report.persons.inScope).toBe(Number((await lake.query('SELECT count(*) AS n FROM person'))[0]?.n));
    expect(
      report.persons.excludedByOptOut +
        report.persons.outsidePeriod +
        report.persons.notInCohort +
        report.persons.extracted,
    ).toBe(report.persons.inScope);

    const tables = [
      'condition_occurrence',
      'cost',
      'death',
      'drug_exposure',
      'measurement',
      'observation_period',
      'person',
      'visit_occurrence',
    ];
    expect(readdirSync(dir).sort()).toEqual(
      [...tables.flatMap((t) => [`${t}.csv`, `${t}.parquet`]), minimisationReportFile].sort(),
    );
    expect(await columnsOf(dir, 'measurement')).toEqual([
      'measurement_id',
      'person_id',
      'measurement_date',
      'measurement_datetime',
      'value_as_number',
      'visit_occurrence_id',
      'measurement_source_value',
      'unit_source_value',
    ]);
    expect(await columnsOf(dir, 'person')).not.toContain('person_source_value');
    expect(await columnsOf(dir, 'person')).not.toContain('month_of_birth');
    const person = report.tables.find((t) => t.table === 'person');
    expect(person?.columnsDropped.find((d) => d.column === 'person_source_value')?.reason).toMatch(
      /pseudonym never leaves the lake/,
    );
    const measurement = report.tables.find((t) => t.table === 'measurement');
    expect(measurement?.columnsDropped.map((d) => d.column)).toContain('measurement_concept_id');
    expect(measurement?.rowsKept).toBe((await read(dir, 'measurement')).length);
    // In scope: the laboratory's rows only (the hospital's dataset does not grant its measurements).
    expect(measurement?.rowsInScope).toBe(
      lake.deliveries().find((m) => m.holderId === holders.laboratory)?.tables.measurement,
    );

    // Every event starts in the period; every person of every table is in the cohort.
    for (const [table, date] of [
      ['measurement', 'measurement_date'],
      ['condition_occurrence', 'condition_start_date'],
      ['drug_exposure', 'drug_exposure_start_date'],
      ['visit_occurrence', 'visit_start_date'],
    ] as const) {
      const [span] = await lake.query(
        `SELECT CAST(min(${date}) AS VARCHAR) AS lo, CAST(max(${date}) AS VARCHAR) AS hi, count(*) AS n
         FROM read_parquet('${path.join(dir, `${table}.parquet`)}')`,
      );
      expect(Number(span?.n)).toBeGreaterThan(0);
      expect(String(span?.lo) >= period.from && String(span?.hi) <= period.to).toBe(true);
    }
    const persons = await idsOf(dir, 'person', 'person_id');
    expect(persons.size).toBe(expectedPersons);
    for (const table of [
      'measurement',
      'condition_occurrence',
      'drug_exposure',
      'visit_occurrence',
      'observation_period',
    ]) {
      for (const id of await idsOf(dir, table, 'person_id')) expect(persons.has(id)).toBe(true);
    }
    const [clipped] = await lake.query(
      `SELECT CAST(min(observation_period_start_date) AS VARCHAR) AS lo, CAST(max(observation_period_end_date) AS VARCHAR) AS hi
       FROM read_parquet('${path.join(dir, 'observation_period.parquet')}')`,
    );
    expect(String(clipped?.lo) >= period.from && String(clipped?.hi) <= period.to).toBe(true);
    // Costs only of the extract's visits.
    const visits = await idsOf(dir, 'visit_occurrence', 'visit_occurrence_id');
    const costs = await read(dir, 'cost');
    expect(costs.length).toBeGreaterThan(0);
    for (const c of costs) expect(visits.has(String(c.cost_event_id))).toBe(true);
  });
});

describe('the per-permit extract and the persons', { timeout: 60_000 }, () => {
  it('excludes opted-out persons through the lake opt-out gate, and counts them', async () => {
    const cohort = (
      await lake.query(
        `SELECT p.person_source_value AS pseudonym FROM person p WHERE p.person_id IN (${cohortSql}) ORDER BY 1 LIMIT 4`,
      )
    ).map((r) => String(r.pseudonym));
    const outside = (
      await lake.query(
        `SELECT person_source_value AS pseudonym FROM person WHERE person_id NOT IN (${cohortSql}) ORDER BY 1 LIMIT 3`,
      )
    ).map((r) => String(r.pseudonym));
    const all = await buildExtract(lake, spec(), outDir());
    const less = await buildExtract(lake, spec({ optedOutPseudonyms: [...cohort, ...outside] }), outDir());
    expect(less.report.persons.excludedByOptOut).toBe(7);
    expect(less.report.persons.extracted).toBe(all.report.persons.extracted - cohort.length);
    expect((await read(less.dir, 'person')).length).toBe(all.report.persons.extracted - cohort.length);
  });

  it('re-keys every id per permit: two permits over the same persons share no id', async () => {
    const a = await buildExtract(lake, spec(), outDir());
    const b = await buildExtract(
      lake,
      spec({ permitId: 'permit-b', rekeySecret: 'the secret of permit b, 32 bytes!' }),
      outDir(),
    );
    expect(b.report.persons.extracted).toBe(a.report.persons.extracted);
    const lakeIds = new Set(
      (await lake.query('SELECT CAST(person_id AS VARCHAR) AS id FROM person')).map((r) => String(r.id)),
    );
    for (const [table, column] of [
      ['person', 'person_id'],
      ['measurement', 'person_id'],
      ['visit_occurrence', 'visit_occurrence_id'],
      ['measurement', 'measurement_id'],
      ['drug_exposure', 'drug_exposure_id'],
      ['cost', 'cost_id'],
    ] as const) {
      const idsA = await idsOf(a.dir, table, column);
      const idsB = await idsOf(b.dir, table, column);
      expect(idsA.size).toBeGreaterThan(0);
      expect(idsA.size).toBe(idsB.size);
      expect([...idsA].filter((id) => idsB.has(id))).toEqual([]);
      expect([...idsA].filter((id) => lakeIds.has(id))).toEqual([]);
    }
    // The same permit built again gives the same ids: the re-keying is a function of the permit's secret.
    const again = await buildExtract(lake, spec(), outDir());
    expect(await idsOf(again.dir, 'person', 'person_id')).toEqual(await idsOf(a.dir, 'person', 'person_id'));
    // Rows of the person table are ordered by the new id, not in the lake's order.
    const order = (await read(a.dir, 'person')).map((r) => BigInt(String(r.person_id)));
    expect(order).toEqual([...order].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it("shifts every date of a person by the same number of days, so each person's intervals are kept", async () => {
    const plain = await buildExtract(lake, spec({ permitId: 'permit-c' }), outDir());
    const shifted = await buildExtract(
      lake,
      spec({ permitId: 'permit-c', dateShift: { enabled: true, maxDays: 30 } }),
      outDir(),
    );
    const shifts = new Map<string, number>();
    const check = async (table: string, id: string, dates: readonly string[]): Promise<number> => {
      const [pairs] = await lake.query(`SELECT list({person: CAST(p.person_id AS VARCHAR), diffs: [${dates
        .map((d) => `datediff('day', CAST(p.${d} AS DATE), CAST(s.${d} AS DATE))`)
        .join(', ')}]}) AS l, count(*) AS n
        FROM read_parquet('${path.join(plain.dir, `${table}.parquet`)}') p
        JOIN read_parquet('${path.join(shifted.dir, `${table}.parquet`)}') s USING (${id})`);
      const list = pairs?.l as { person: string; diffs: (number | null)[] }[];
      for (const { person, diffs } of list) {
        for (const diff of diffs) {
          if (diff === null) continue;
          const known = shifts.get(person);
          if (known === undefined) shifts.set(person, diff);
          else expect(diff).toBe(known);
        }
      }
      return Number(pairs?.n);
    };
    expect(
      await check('measurement', 'measurement_id', ['measurement_date', 'measurement_datetime']),
    ).toBeGreaterThan(0);
    await check('visit_occurrence', 'visit_occurrence_id', [
      'visit_start_date',
      'visit_end_date',
      'visit_start_datetime',
    ]);
    await check('drug_exposure', 'drug_exposure_id', ['drug_exposure_start_date', 'drug_exposure_end_date']);
    await check('condition_occurrence', 'condition_occurrence_id', ['condition_start_date']);
    await check('observation_period', 'person_id', [
      'observation_period_start_date',
      'observation_period_end_date',
    ]);
    expect(shifts.size).toBe(shifted.report.persons.extracted);
    for (const days of shifts.values()) {
      expect(days).not.toBe(0);
      expect(Math.abs(days)).toBeLessThanOrEqual(30);
    }
    expect(new Set(shifts.values()).size).toBeGreaterThan(5);
    // The year of birth is not shifted.
    expect(await read(shifted.dir, 'person')).toEqual(await read(plain.dir, 'person'));
    expect(shifted.report.dateShift).toMatchObject({ enabled: true, maxDays: 30 });
  });

  it('never writes a pseudonym: no CSV holds any person_source_value of the lake', async () => {
    const { dir } = await buildExtract(
      lake,
      spec({
        cohort: null,
        period: null,
        sources: [
          {
            holderId: holders.hospital,
            variables: ['person', 'person.person_source_value', 'visit_occurrence', 'location', 'care_site'],
          },
          { holderId: holders.insurer, variables: ['person', 'payer_plan_period', 'drug_exposure'] },
        ],
      }),
      outDir(),
    );
    const pseudonyms = (await lake.query('SELECT person_source_value AS p FROM person')).map((r) =>
      String(r.p),
    );
    expect(pseudonyms.length).toBeGreaterThan(100);
    const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThan(4);
    for (const csv of csvs) {
      const text = readFileSync(path.join(dir, csv), 'utf8');
      expect(pseudonyms.filter((p) => text.includes(p))).toEqual([]);
    }
    expect(await columnsOf(dir, 'person')).not.toContain('person_source_value');
  });

  it('writes a permitted table the holders never delivered as an empty table with its columns', async () => {
    const { dir, report } = await buildExtract(
      lake,
      spec({ sources: [{ holderId: holders.laboratory, variables: ['person', 'observation'] }] }),
      outDir(),
    );
    expect(await read(dir, 'observation')).toEqual([]);
    expect(await columnsOf(dir, 'observation')).toContain('observation_concept_id');
    expect(readFileSync(path.join(dir, 'observation.csv'), 'utf8')).toMatch(/^observation_id,person_id,/);
    expect(report.tables.find((t) => t.table === 'observation')).toMatchObject({
      rowsInScope: 0,
      rowsKept: 0,
    });
  });

  it('keeps location at region and country unless the permit names city or postcode', async () => {
    const coarse = await buildExtract(
      lake,
      spec({ cohort: null, sources: [{ holderId: holders.hospital, variables: ['person', 'location'] }] }),
      outDir(),
    );
    expect(await columnsOf(coarse.dir, 'location')).toEqual([
      'location_id',
      'state',
      'country_concept_id',
      'country_source_value',
    ]);
    const dropped = coarse.report.tables.find((t) => t.table === 'location')?.columnsDropped ?? [];
    expect(dropped.find((d) => d.column === 'zip')?.reason).toMatch(/names location.zip/);
    expect(dropped.find((d) => d.column === 'address_1')?.reason).toMatch(/street address/);
    const locations = await read(coarse.dir, 'location');
    const personLocations = await idsOf(coarse.dir, 'person', 'location_id');
    // Persons share a location id exactly when they share what is shown of it: one country, so a few ids.
    expect(locations.length).toBeLessThanOrEqual(2);
    expect(personLocations.size).toBeLessThanOrEqual(2);
    for (const id of personLocations) expect(locations.some((l) => String(l.location_id) === id)).toBe(true);

    const fine = await buildExtract(
      lake,
      spec({
        cohort: null,
        sources: [{ holderId: holders.hospital, variables: ['person', 'location', 'location.city'] }],
      }),
      outDir(),
    );
    expect(await columnsOf(fine.dir, 'location')).toContain('city');
    expect((await read(fine.dir, 'location')).length).toBeGreaterThan(locations.length);
  });

  it('refuses what it cannot build as ordered, before writing anything', async () => {
    const dir = outDir();
    await expect(
      buildExtract(
        lake,
        spec({ sources: [{ holderId: holders.laboratory, variables: ['hba1c', 'measurement.nope'] }] }),
        dir,
      ),
    ).rejects.toMatchObject({
      code: 'extract.spec_invalid',
      errors: [
        { message: expect.stringContaining('hba1c') as unknown as string },
        { message: expect.stringContaining('measurement.nope') as unknown as string },
      ],
    });
    await expect(buildExtract(lake, spec({ rekeySecret: 'short' }), dir)).rejects.toMatchObject({
      code: 'extract.spec_invalid',
    });
    expect(
      existsSync(path.dirname(dir))
        ? readdirSync(path.dirname(dir)).filter((f) => f.startsWith(path.basename(dir)))
        : [],
    ).toEqual([]);
    const built = await buildExtract(lake, spec(), dir);
    await expect(buildExtract(lake, spec(), built.dir)).rejects.toMatchObject({ code: 'extract.exists' });
  });

  it('is atomic: a failure half-way leaves no folder, complete or partial', async () => {
    const lab = lake.deliveries().find((m) => m.holderId === holders.laboratory);
    const file = path.join(lake.dir, 'deliveries', lab?.deliveryId ?? '', 'measurement.parquet');
    const dir = outDir();
    renameSync(file, `${file}.away`);
    try {
      await expect(buildExtract(lake, spec(), dir)).rejects.toMatchObject({ code: 'extract.failed' });
    } finally {
      renameSync(`${file}.away`, file);
    }
    expect(readdirSync(path.dirname(dir)).filter((f) => f.startsWith(path.basename(dir)))).toEqual([]);
    // The lake's session is left clean: no temporary table of the failed build remains.
    const temps = await lake.query(`SELECT table_name FROM duckdb_tables() WHERE temporary`);
    expect(temps).toEqual([]);
  });
});
