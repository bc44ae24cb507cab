import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestDelivery, type DeliveryReport } from './index.js';
import { removeTempDirs, sharedData, tempLake, testKey } from './test-support.js';

afterAll(removeTempDirs);

function printCounts(title: string, report: DeliveryReport): void {
  const lines = Object.entries(report.resourcesPerType)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, c]) =>
        `  ${type.padEnd(22)} read ${String(c.read).padStart(6)}  loaded ${String(c.loaded).padStart(6)}  skipped ${String(c.skipped).padStart(5)}  rejected ${String(c.rejected)}${report.skipped[type] ? `  (${report.skipped[type].reason})` : ''}`,
    );
  const tables = Object.entries(report.rowsPerTable)
    .map(([t, n]) => `${t} ${String(n)}`)
    .join(', ');
  console.log(
    `${title}\n${lines.join('\n')}\n  tables: ${tables}\n  unmapped codes: ${String(report.unmappedCodes.rows)}`,
  );
}

/** Every resource is loaded, skipped with a reason, or rejected with a reason: none is lost silently. */
function expectAccountedFor(report: DeliveryReport): void {
  for (const [type, c] of Object.entries(report.resourcesPerType)) {
    expect(c.read, type).toBe(c.loaded + c.skipped + c.rejected);
    if (c.skipped > 0) expect(report.skipped[type]?.reason, type).toBeTruthy();
  }
}

describe('ingestion of the Synthea samples', { timeout: 60_000 }, () => {
  it('accounts for every resource of the Bulk NDJSON sample', async () => {
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'SYNTHEA-BULK',
      paths: [path.join(sharedData, 'synthea-bulk-10')],
      pseudonymKey: testKey(),
    });
    printCounts('synthea-bulk-10', report);
    expect(report.rejected).toEqual([]);
    expect(report.status).toBe('committed');
    expectAccountedFor(report);
    const expected = {
      Patient: 13,
      Condition: 555,
      Encounter: 1215,
      MedicationRequest: 1745,
      Procedure: 2056,
    };
    for (const [type, n] of Object.entries(expected)) expect(report.resourcesPerType[type]?.loaded).toBe(n);
    expect(report.resourcesPerType.DocumentReference?.skipped).toBe(1215);
    const counts = await lake.rowCounts();
    expect(counts.person).toBe(13);
    expect(counts.visit_occurrence).toBe(1215);
    expect(counts.condition_occurrence).toBe(555);
    expect(counts.drug_exposure).toBe(1745 + 161);
    expect(counts.death).toBe(3);
    expect(counts.observation_period).toBe(13);
    expect(report.files.find((f) => f.path === 'log.ndjson')?.format).toBe('ignored');
    await lake.close();

    // Split in 256 KiB ranges (as workers share big files), the same rows come out.
    const split = await tempLake();
    const again = await ingestDelivery({
      lake: split,
      holderId: 'SYNTHEA-BULK',
      paths: [path.join(sharedData, 'synthea-bulk-10')],
      pseudonymKey: testKey(),
      rangeBytes: 256 * 1024,
    });
    expect(again.resourcesPerType).toEqual(report.resourcesPerType);
    expect(again.rowsPerTable).toEqual(report.rowsPerTable);
    await split.close();
  });

  it('accounts for every resource of the transaction Bundles, resolving urn:uuid references', async () => {
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'SYNTHEA-R4',
      paths: [path.join(sharedData, 'synthea-r4')],
      pseudonymKey: testKey(),
    });
    printCounts('synthea-r4', report);
    expect(report.rejected).toEqual([]);
    expectAccountedFor(report);
    const expected = {
      Observation: 3845,
      Claim: 760,
      Encounter: 624,
      ExplanationOfBenefit: 624,
      Immunization: 385,
    };
    for (const [type, n] of Object.entries(expected)) expect(report.resourcesPerType[type]?.read).toBe(n);
    const counts = await lake.rowCounts();
    expect(counts.person).toBe(30);
    expect(counts.visit_occurrence).toBe(624);
    expect(counts.cost).toBe(760 + 624);
    // Every event row found its person through the Bundle's urn:uuid references.
    const [orphans] = await lake.query(
      'SELECT count(*) AS n FROM measurement m LEFT JOIN person p USING (person_id) WHERE p.person_id IS NULL',
    );
    expect(Number(orphans?.n)).toBe(0);
    await lake.close();
  });
});
