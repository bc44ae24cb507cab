import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from './index.js';
import { removeTempDirs, sharedData, tempDir, tempLake, testKey } from './test-support.js';

afterAll(removeTempDirs);

const eunomia = path.join(sharedData, 'eunomia-synthea27nj');

/** Data rows of a CSV (records, not lines: quoted fields may span lines), counted by DuckDB in the lake. */
const sourceCounts = {
  person: 28,
  observation_period: 28,
  death: 3,
  visit_occurrence: 1791,
  visit_detail: 1791,
  condition_occurrence: 470,
  drug_exposure: 883,
  procedure_occurrence: 1649,
  measurement: 10040,
  observation: 8099,
  device_exposure: 1,
  provider: 67,
} as const;

describe('ingestion of an OMOP CDM CSV extract (Eunomia Synthea27Nj)', { timeout: 60_000 }, () => {
  it('loads every table with the row count of its source file, re-keyed and pseudonymised', async () => {
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'EUNOMIA',
      paths: [eunomia],
      pseudonymKey: testKey(),
    });
    expect(report.rejected).toEqual([]);
    expect(report.status).toBe('committed');
    const counts = await lake.rowCounts();
    for (const [table, n] of Object.entries(sourceCounts)) {
      expect(counts[table as keyof typeof counts], table).toBe(n);
    }
    expect(report.files.find((f) => f.path === 'CONCEPT.csv')?.note).toMatch(/vocabulary/);
    const [person] = await lake.query('SELECT person_source_value, person_id FROM person LIMIT 1');
    expect(String(person?.person_source_value)).toMatch(/^[0-9a-f]{64}$/);
    const [names] = await lake.query('SELECT count(provider_name) AS n FROM provider');
    expect(Number(names?.n)).toBe(0);
    // Events still reach their visit and person after re-keying.
    const [orphans] = await lake.query(`SELECT count(*) AS n FROM condition_occurrence c
      LEFT JOIN visit_occurrence v USING (visit_occurrence_id) WHERE c.visit_occurrence_id IS NOT NULL AND v.visit_occurrence_id IS NULL`);
    expect(Number(orphans?.n)).toBe(0);
    await lake.close();
  });

  it('names the coding systems of the extract from the configured vocabulary', async () => {
    const withVocabulary = await tempLake(eunomia);
    await ingestDelivery({
      lake: withVocabulary,
      holderId: 'EUNOMIA',
      paths: [eunomia],
      pseudonymKey: testKey(),
    });
    const named = (await withVocabulary.datasetMetadata('EUNOMIA')).codingSystems;
    // Synthea's OMOP export codes conditions in SNOMED, measurements in LOINC and drugs in RxNorm.
    expect(named).toEqual(expect.arrayContaining(['SNOMED', 'LOINC', 'RxNorm']));
    expect(named).not.toContain('OMOP');
    await withVocabulary.close();

    const without = await tempLake();
    await ingestDelivery({ lake: without, holderId: 'EUNOMIA', paths: [eunomia], pseudonymKey: testKey() });
    expect((await without.datasetMetadata('EUNOMIA')).codingSystems).toEqual(['OMOP']);
    await without.close();
  });

  it('rejects a CSV with a missing column, with file, line and column', async () => {
    const dir = tempDir();
    for (const f of ['PERSON.csv']) copyFileSync(path.join(eunomia, f), path.join(dir, f));
    const { writeFileSync, readFileSync } = await import('node:fs');
    const death = readFileSync(path.join(eunomia, 'DEATH.csv'), 'utf8').split('\n');
    const header = (death[0] ?? '').split(',');
    const at = header.indexOf('death_date');
    const cut = (line: string): string =>
      line
        .split(',')
        .filter((_, i) => i !== at)
        .join(',');
    writeFileSync(
      path.join(dir, 'DEATH.csv'),
      death
        .filter((l) => l !== '')
        .map(cut)
        .join('\n') + '\n',
    );
    const lake = await tempLake();
    const report = await ingestDelivery({ lake, holderId: 'EUNOMIA', paths: [dir], pseudonymKey: testKey() });
    expect(report.status).toBe('rejected');
    expect(report.rejected).toContainEqual({
      file: 'DEATH.csv',
      line: 1,
      resourceId: null,
      path: 'death_date',
      reason: 'missing column death_date',
    });
    expect((await lake.rowCounts()).person).toBe(0);
    const partial = await ingestDelivery({
      lake,
      holderId: 'EUNOMIA',
      paths: [dir],
      pseudonymKey: testKey(),
      acceptValidPart: true,
    });
    expect(partial.status).toBe('committed');
    expect((await lake.rowCounts()).person).toBe(28);
    expect((await lake.rowCounts()).death).toBe(0);
    await lake.close();
  });

  it('maps FHIR codes to standard concepts with the Eunomia vocabulary subset and counts the unmapped', async () => {
    const lake = await tempLake(eunomia);
    const report = await ingestDelivery({
      lake,
      holderId: 'SYNTHEA-R4',
      paths: [path.join(sharedData, 'synthea-r4')],
      pseudonymKey: testKey(),
    });
    expect(report.status).toBe('committed');
    // HbA1c (LOINC 4548-4) is standard itself: concept 3004410.
    const [hba1c] = await lake.query(`SELECT any_value(measurement_concept_id) AS c, count(*) AS n,
      any_value(measurement_source_concept_id) AS s FROM measurement WHERE measurement_source_value = '4548-4'`);
    expect(Number(hba1c?.n)).toBeGreaterThan(0);
    expect(Number(hba1c?.c)).toBe(3004410);
    const [mapped] = await lake.query(
      'SELECT count(*) FILTER (WHERE measurement_concept_id <> 0) AS m, count(*) AS n FROM measurement',
    );
    expect(Number(mapped?.m)).toBeGreaterThan(Number(mapped?.n) / 2);
    const [units] = await lake.query(
      `SELECT count(*) FILTER (WHERE unit_concept_id <> 0) AS m FROM measurement WHERE unit_source_value IS NOT NULL`,
    );
    expect(Number(units?.m)).toBeGreaterThan(0);
    const [unmapped] = await lake.query(`SELECT
      (SELECT count(*) FROM condition_occurrence WHERE condition_concept_id = 0) +
      (SELECT count(*) FROM drug_exposure WHERE drug_concept_id = 0) +
      (SELECT count(*) FROM procedure_occurrence WHERE procedure_concept_id = 0) +
      (SELECT count(*) FROM measurement WHERE measurement_concept_id = 0) +
      (SELECT count(*) FROM observation WHERE observation_concept_id = 0) AS n`);
    expect(report.unmappedCodes.rows).toBe(Number(unmapped?.n));
    expect(report.unmappedCodes.rows).toBeGreaterThan(0);
    console.log(
      `concept mapping: ${String(mapped?.m)}/${String(mapped?.n)} measurements mapped; unmapped rows ${String(report.unmappedCodes.rows)} (${String(report.unmappedCodes.distinctCodes)} codes)`,
    );
    expect(readdirSync(path.join(lake.dir, 'vocabulary'))).toContain('concept-map.parquet');
    await lake.close();
  });
});
