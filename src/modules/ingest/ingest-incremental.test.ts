import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../synth/index.js';
import type { PseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery } from './index.js';
import { removeTempDirs, tempDir, tempLake, testKey } from './test-support.js';

const lines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

/** A delivery folder holding some of the hospital's files. */
function delivery(from: string, files: readonly string[]): string {
  const dir = tempDir('salus-delivery-');
  for (const f of files) copyFileSync(path.join(from, f), path.join(dir, f));
  return dir;
}

describe('a holder that delivers in parts', { timeout: 120_000 }, () => {
  let hospital = '';
  let key: PseudonymKey;

  beforeAll(async () => {
    const out = tempDir('salus-synth-');
    await synthesize({ persons: 200, seed: 5, outDir: out, noise: 'none', holders: ['hospital'] });
    hospital = path.join(out, 'hospital');
    key = testKey();
  }, 120_000);

  afterAll(() => removeTempDirs());

  it('links events of a later delivery to the patients of an earlier one, and only of the same holder', async () => {
    const lake = await tempLake();
    const first = await ingestDelivery({
      lake,
      holderId: 'DH-HOSPITAL',
      paths: [delivery(hospital, ['Patient.ndjson', 'Encounter.ndjson'])],
      pseudonymKey: key,
    });
    expect(first.status).toBe('committed');
    const persons = (await lake.rowCounts()).person;
    expect(persons).toBe(lines(path.join(hospital, 'Patient.ndjson')).length);

    // The conditions come a month later, without the patients.
    const conditions = lines(path.join(hospital, 'Condition.ndjson'));
    const later = await ingestDelivery({
      lake,
      holderId: 'DH-HOSPITAL',
      paths: [delivery(hospital, ['Condition.ndjson'])],
      pseudonymKey: key,
    });
    expect(later.rejected).toEqual([]);
    expect(later.status).toBe('committed');
    expect(later.rowsPerTable.condition_occurrence).toBe(conditions.length);
    const [orphans] = await lake.query(`SELECT count(*) AS n FROM condition_occurrence c
      WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = c.person_id)`);
    expect(Number(orphans?.n)).toBe(0);
    expect((await lake.rowCounts()).person).toBe(persons);

    // A patient the holder never delivered is still unknown.
    const stray = tempDir('salus-delivery-');
    const one = JSON.parse(conditions[0] ?? '{}') as { id: string; subject: { reference: string } };
    one.id = 'stray-condition';
    one.subject.reference = 'Patient/never-delivered';
    writeFileSync(path.join(stray, 'Condition.ndjson'), JSON.stringify(one) + '\n');
    const unknown = await ingestDelivery({
      lake,
      holderId: 'DH-HOSPITAL',
      paths: [stray],
      pseudonymKey: key,
    });
    expect(unknown.status).toBe('rejected');
    expect(unknown.rejected[0]?.reason).toBe('reference to an unknown patient: Patient/never-delivered');

    // Another holder's references are its own: the same file from a laboratory finds none of them.
    const other = await ingestDelivery({
      lake,
      holderId: 'DH-LAB',
      paths: [delivery(hospital, ['Condition.ndjson'])],
      pseudonymKey: key,
    });
    expect(other.status).toBe('rejected');
    expect(other.rejectedTotal).toBe(conditions.length);
    await lake.close();
  });
});
