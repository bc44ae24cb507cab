import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from '../ingest/index.js';
import { cdmTableNames, type Lake } from '../lake/index.js';
import { parseCsv } from './dqd-catalogue.js';
import { runQualityChecks, type QualityRun } from './engine.js';
import { supersededCheckTypes } from './plan.js';
import { dqd, dqdDir, eunomiaDir, removeTempDirs, tempLake, testKey } from './test-support.js';

let lake: Lake;
let run: QualityRun;

beforeAll(async () => {
  lake = await tempLake(eunomiaDir);
  const report = await ingestDelivery({
    lake,
    holderId: 'EUNOMIA',
    paths: [eunomiaDir],
    pseudonymKey: testKey(),
  });
  expect(report.status).toBe('committed');
  run = await runQualityChecks(
    lake,
    { kind: 'delivery', deliveryId: report.deliveryId },
    { catalogue: dqd() },
  );
}, 120_000);

afterAll(async () => {
  await lake.close();
  removeTempDirs();
});

/** The DQD file read independently of the engine: header → column index, rows as records. */
function csvRecords(name: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path.join(dqdDir, `OMOP_CDMv5.4_${name}.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

describe('checks on the Eunomia OMOP sample', { timeout: 60_000 }, () => {
  it('runs every applicable check with a status, and none ends in error', () => {
    expect(run.results.length).toBeGreaterThan(800);
    for (const r of run.results) {
      expect(['passed', 'failed', 'not_applicable'], r.id).toContain(r.status);
      if (r.status === 'not_applicable') expect(r.reason, r.id).not.toBeNull();
      else {
        expect(r.violating, r.id).toBeLessThanOrEqual(r.total);
        expect(r.status === 'failed', r.id).toBe((r.pctViolating ?? 0) > r.thresholdPct);
      }
    }
    // Every field check the DQD declares for a table the lake holds is planned (bar the superseded types).
    const fields = csvRecords('Field_Level').filter((f) =>
      (cdmTableNames as readonly string[]).includes(f.cdmTableName?.toLowerCase() ?? ''),
    );
    const ids = new Set(run.results.map((r) => r.id));
    for (const f of fields) {
      const at = `${f.cdmTableName?.toLowerCase() ?? ''}.${f.cdmFieldName?.toLowerCase() ?? ''}`;
      expect(ids.has(`cdmField.${at}`), at).toBe(true);
      for (const check of ['isRequired', 'isPrimaryKey', 'isForeignKey', 'measureValueCompleteness']) {
        if (f[check] === 'Yes') expect(ids.has(`${check}.${at}`), `${check}.${at}`).toBe(true);
      }
    }
    const ran = run.results.filter((r) => r.status === 'passed' || r.status === 'failed');
    expect(ran.length).toBeGreaterThan(300);
    // Each Kahn category has checks that ran.
    for (const category of ['conformance', 'completeness', 'plausibility']) {
      expect(
        ran.some((r) => r.category === category),
        category,
      ).toBe(true);
    }
    expect(run.results.some((r) => r.checkName.startsWith('plausibleDuring'))).toBe(false);
    expect(supersededCheckTypes.has('plausibleDuringLife')).toBe(true);
  });

  it('holds every DQD check to the threshold of the DQD catalogue', () => {
    const tables = new Map(csvRecords('Table_Level').map((t) => [t.cdmTableName?.toLowerCase(), t]));
    const fields = new Map(
      csvRecords('Field_Level').map((f) => [
        `${f.cdmTableName?.toLowerCase() ?? ''}.${f.cdmFieldName?.toLowerCase() ?? ''}`,
        f,
      ]),
    );
    const concepts = csvRecords('Concept_Level');
    let compared = 0;
    for (const r of run.results.filter((x) => x.origin === 'dqd')) {
      const column = `${r.checkName}Threshold`;
      let expected: string | undefined;
      if (r.level === 'table') expected = tables.get(r.table ?? '')?.[column];
      else if (r.level === 'field') expected = fields.get(`${r.table ?? ''}.${r.field ?? ''}`)?.[column];
      else {
        expected = concepts.find(
          (c) =>
            c.cdmTableName?.toLowerCase() === r.table &&
            c.conceptId === String(r.conceptId) &&
            (c[column] ?? '') !== '',
        )?.[column];
      }
      expect(r.thresholdPct, r.id).toBe(expected === undefined || expected === '' ? 0 : Number(expected));
      compared++;
    }
    expect(compared).toBeGreaterThan(800);
    const byId = (id: string) => run.results.find((r) => r.id === id);
    expect(byId('measurePersonCompleteness.visit_occurrence')?.thresholdPct).toBe(95);
    expect(byId('measureValueCompleteness.care_site.care_site_name')?.thresholdPct).toBe(100);
    expect(byId('plausibleUnitConceptIds.measurement.measurement_concept_id.3004410')?.thresholdPct).toBe(5);
  });

  it('adds what ingestion found as conformance results', () => {
    const rejected = run.results.find((r) => r.id === 'ingestionRejectedRecords');
    expect(rejected?.category).toBe('conformance');
    expect(rejected?.status).toBe('passed');
    expect(rejected?.total).toBeGreaterThan(20_000);
    const unmapped = run.results.find((r) => r.id === 'ingestionUnmappedCodes');
    expect(unmapped?.status).not.toBe('not_applicable');
  });
});
