/**
 * The checks against a synthetic population whose faults are known one by one: for each injected class
 * that shows in lake rows, the violations a check reports equal what the generator injected.
 *
 * Class → check (per data holder):
 * - missing-value, Observation → measureValueCompleteness on measurement.value_as_number
 * - missing-value, Patient → isRequired on person.year_of_birth
 * - unit-variant → plausibleSourceUnit on measurement LOINC 1558-6 (mmol/L for a [Mass/volume] code)
 * - impossible-value → plausibleSourceValueLow + plausibleSourceValueHigh per LOINC code
 * - duplicate → isPrimaryKey of the table the resource maps to (surplus rows: a blood pressure panel is two
 *   rows); duplicate Patients are merged by ingestion (a person is keyed by pseudonym), so no row shows them
 * - event-after-death → plausibleBeforeDeath on the event's start date (measurement_date,
 *   drug_exposure_start_date, visit_start_date): with the DQD's 60-day grace the injections more than 60
 *   days after the death, with no grace all of them
 * - late-delivery → none: meta.lastUpdated does not reach the lake; lateness is a fact of the delivery
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from '../ingest/index.js';
import { runCountQueries, type Lake } from '../lake/index.js';
import { synthesize } from '../synth/index.js';
import type { CheckResult } from './check.js';
import { runQualityChecks, type QualityRun } from './engine.js';
import { measureLakeFacts } from './lake-facts.js';
import { dqd, removeTempDirs, tempDir, tempLake, testKey } from './test-support.js';

const holders = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;
type Holder = keyof typeof holders;

interface Injection {
  readonly class: string;
  readonly holder: Holder;
  readonly resourceType: string;
  readonly id: string;
  readonly detail: Readonly<Record<string, string | number | null>>;
}

const tableOfType: Readonly<Record<string, string>> = {
  Encounter: 'visit_occurrence',
  Condition: 'condition_occurrence',
  Procedure: 'procedure_occurrence',
  Observation: 'measurement',
  Immunization: 'drug_exposure',
  MedicationDispense: 'drug_exposure',
  Coverage: 'payer_plan_period',
};

let synthDir: string;
let lake: Lake;
let injections: Injection[];
const runs = new Map<Holder, QualityRun>();
const strictRuns = new Map<Holder, QualityRun>();

beforeAll(async () => {
  synthDir = path.join(tempDir(), 'synth');
  await synthesize({ persons: 300, seed: 7, outDir: synthDir, noise: 'default' });
  injections = readFileSync(path.join(synthDir, 'injected-errors.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Injection);
  lake = await tempLake();
  const key = testKey();
  for (const [folder, holderId] of Object.entries(holders)) {
    const report = await ingestDelivery({
      lake,
      holderId,
      paths: [path.join(synthDir, folder)],
      pseudonymKey: key,
      acceptValidPart: true,
    });
    expect(report.status).toBe('committed');
  }
  for (const [holder, holderId] of Object.entries(holders) as [Holder, string][]) {
    const scope = { kind: 'holder', holderId } as const;
    runs.set(holder, await runQualityChecks(lake, scope, { catalogue: dqd(), asOf: '2025-03-31' }));
    strictRuns.set(
      holder,
      await runQualityChecks(lake, scope, { catalogue: dqd(), asOf: '2025-03-31', deathGraceDays: 0 }),
    );
  }
}, 120_000);

afterAll(async () => {
  await lake.close();
  removeTempDirs();
});

const injected = (holder: Holder, cls: string, filter: (i: Injection) => boolean = () => true): Injection[] =>
  injections.filter((i) => i.holder === holder && i.class === cls && filter(i));

function result(run: QualityRun | undefined, id: string): CheckResult {
  const found = run?.results.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no result ${id}`);
  return found;
}

const violating = (run: QualityRun | undefined, id: string): number => {
  const r = result(run, id);
  return r.status === 'not_applicable' ? 0 : r.violating;
};

/** Rows one resource becomes: a panel without a value of its own gives one row per component. */
const files = new Map<string, string[]>();
function rowsOfResource(holder: Holder, type: string, id: string): number {
  const file = path.join(synthDir, holder, `${type}.ndjson`);
  let lines = files.get(file);
  if (lines === undefined) {
    lines = readFileSync(file, 'utf8').split('\n');
    files.set(file, lines);
  }
  const line = lines.find((l) => l.includes(`"id":"${id}"`));
  const resource = JSON.parse(line ?? '{}') as { valueQuantity?: unknown; component?: unknown[] };
  return resource.valueQuantity === undefined && Array.isArray(resource.component)
    ? resource.component.length
    : 1;
}

describe('checks on a synthetic population with injected faults', { timeout: 60_000 }, () => {
  it('runs every check with a status and no errors', () => {
    for (const run of runs.values()) {
      expect(run.results.filter((r) => r.status === 'error')).toEqual([]);
      expect(run.results.some((r) => r.status === 'failed')).toBe(true);
      expect(run.results.some((r) => r.status === 'passed')).toBe(true);
    }
  });

  it('finds every missing value: Observation values and Patient birth dates', () => {
    for (const holder of Object.keys(holders) as Holder[]) {
      const run = runs.get(holder);
      const observations = injected(holder, 'missing-value', (i) => i.resourceType === 'Observation').length;
      const patients = injected(holder, 'missing-value', (i) => i.resourceType === 'Patient').length;
      expect(violating(run, 'measureValueCompleteness.measurement.value_as_number'), holder).toBe(
        observations,
      );
      expect(violating(run, 'isRequired.person.year_of_birth'), holder).toBe(patients);
    }
    expect(injected('laboratory', 'missing-value').length).toBeGreaterThan(5);
  });

  it('finds every glucose reported in the wrong unit', () => {
    const n = injected('laboratory', 'unit-variant').length;
    expect(n).toBeGreaterThan(5);
    const check = result(
      runs.get('laboratory'),
      'plausibleSourceUnit.measurement.measurement_source_value.1558-6',
    );
    expect(check.violating).toBe(n);
    expect(check.category).toBe('plausibility');
    expect(check.subcategory).toBe('atemporal');
  });

  it('finds every impossible value, code by code', () => {
    const run = runs.get('laboratory');
    const all = injected('laboratory', 'impossible-value');
    expect(all.length).toBeGreaterThan(2);
    for (const code of new Set(all.map((i) => String(i.detail.code)))) {
      const expected = all.filter((i) => i.detail.code === code).length;
      const found = run?.results
        .filter((r) => r.sourceCode === code && r.checkName.startsWith('plausibleSourceValue'))
        .reduce((s, r) => s + r.violating, 0);
      expect(found, code).toBe(expected);
    }
  });

  it('finds every duplicated record as a surplus row of its table', () => {
    for (const holder of Object.keys(holders) as Holder[]) {
      const expected = new Map<string, number>();
      for (const i of injected(holder, 'duplicate')) {
        // A claim is a cost row and the visit it bills; a duplicate Patient is merged into one person.
        const tables =
          i.resourceType === 'Claim' ? ['cost', 'visit_occurrence'] : [tableOfType[i.resourceType]];
        for (const table of tables) {
          if (table === undefined) continue;
          expected.set(table, (expected.get(table) ?? 0) + rowsOfResource(holder, i.resourceType, i.id));
        }
      }
      const run = runs.get(holder);
      for (const r of run?.results.filter((x) => x.checkName === 'isPrimaryKey') ?? []) {
        expect(r.status === 'not_applicable' ? 0 : r.violating, `${holder} ${r.table ?? ''}`).toBe(
          expected.get(r.table ?? '') ?? 0,
        );
      }
    }
    expect(injected('insurer', 'duplicate').length).toBeGreaterThan(10);
  });

  it('finds every event moved after death (beyond the DQD grace of 60 days, and all without it)', () => {
    const startFields = [
      'plausibleBeforeDeath.measurement.measurement_date',
      'plausibleBeforeDeath.drug_exposure.drug_exposure_start_date',
      'plausibleBeforeDeath.visit_occurrence.visit_start_date',
    ];
    const days = (i: Injection): number =>
      (Date.parse(String(i.detail.date)) - Date.parse(String(i.detail.death))) / 86_400_000;
    let total = 0;
    for (const holder of Object.keys(holders) as Holder[]) {
      const all = injected(holder, 'event-after-death');
      total += all.length;
      const sum = (run: QualityRun | undefined): number =>
        startFields.reduce((s, id) => s + violating(run, id), 0);
      expect(sum(strictRuns.get(holder)), holder).toBe(all.length);
      expect(sum(runs.get(holder)), holder).toBe(all.filter((i) => days(i) > 60).length);
    }
    expect(total).toBeGreaterThan(0);
  });

  it('checks the linked lake: a birth date one holder lacks is filled by another', async () => {
    const truth = readFileSync(path.join(synthDir, 'ground-truth.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { nationalId: string; patientIds: Record<Holder, string | null> });
    const missing = injections.filter((i) => i.class === 'missing-value' && i.resourceType === 'Patient');
    // A person's birth year is missing in the lake only when every holder that knows them left it out.
    const expected = truth.filter((t) => {
      const known = (Object.keys(holders) as Holder[]).filter((h) => t.patientIds[h] !== null);
      return (
        known.length > 0 &&
        known.every((h) => missing.some((i) => i.holder === h && i.id === t.patientIds[h]))
      );
    }).length;
    expect(missing.length).toBeGreaterThan(expected);
    const run = await runQualityChecks(lake, { kind: 'lake' }, { catalogue: dqd(), asOf: '2025-03-31' });
    expect(run.results.filter((r) => r.status === 'error')).toEqual([]);
    expect(violating(run, 'isRequired.person.year_of_birth')).toBe(expected);
  });

  it('reports a failing query as a value, and refuses an unknown delivery', async () => {
    const [bad, good] = await runCountQueries(lake, [
      { name: 'bad', sql: 'SELECT count(no_such_column) FROM person' },
      { name: 'good', sql: 'SELECT count(*) AS n FROM person' },
    ]);
    expect(bad && 'error' in bad ? bad.error : '').toMatch(/no_such_column/);
    expect(good && 'row' in good ? Number(good.row.n) : 0).toBeGreaterThan(0);
    await expect(
      runQualityChecks(lake, { kind: 'delivery', deliveryId: 'f'.repeat(64) }, { catalogue: dqd() }),
    ).rejects.toThrow(/No committed delivery/);
  });

  it("measures a holder's coverage, delivery lag and linkage for the label", async () => {
    const facts = await measureLakeFacts(
      lake,
      { kind: 'holder', holderId: holders.laboratory },
      { nationalPopulation: 3000 },
    );
    const patients = new Set(
      readFileSync(path.join(synthDir, 'laboratory', 'Patient.ndjson'), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    );
    expect(facts.coverage.persons).toBe(patients.size);
    expect(facts.coverage.years ?? 0).toBeGreaterThan(5);
    expect(facts.deliveryLags).toHaveLength(1);
    // The extract ends on 2025-03-31; it reached this lake today.
    expect(facts.medianDeliveryLagDays ?? 0).toBeGreaterThanOrEqual(
      Math.floor((Date.now() - Date.parse('2025-03-31')) / 86_400_000) - 1,
    );
    expect(facts.linkedShare ?? 0).toBeGreaterThan(0.5);
    expect(facts.linkedShare ?? 0).toBeLessThanOrEqual(1);
  });
});
