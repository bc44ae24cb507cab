import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cdmTableNames, cdmTables, openLake } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'salus-lake-'));
  dirs.push(d);
  return d;
}

describe('the lake', () => {
  it('opens empty with every OMOP table as a view with the CDM columns', async () => {
    const lake = await openLake({ dir: tempDir(), vocabularyDir: null });
    const counts = await lake.rowCounts();
    for (const table of cdmTableNames) {
      expect(counts[table]).toBe(0);
      const columns = await lake.query(`SELECT column_name FROM (DESCRIBE ${table})`);
      expect(columns.map((c) => c.column_name)).toEqual(cdmTables[table].map((c) => c.name));
    }
    expect(await lake.linkageReport()).toEqual({ personsPerHolder: {}, pairs: [], persons: 0 });
    expect(await lake.datasetMetadata('DH-NONE')).toMatchObject({
      numberOfRecords: 0,
      temporalCoverage: null,
    });
    const eligible = await lake.eligiblePersons([]);
    expect(eligible.count).toBe(0);
    await lake.close();
  });

  it('removes what a crashed delivery left in staging when it opens', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'staging', 'abc'), { recursive: true });
    writeFileSync(path.join(dir, 'staging', 'abc', 'measurement.parquet'), 'partial');
    const lake = await openLake({ dir, vocabularyDir: null });
    expect(existsSync(path.join(dir, 'staging', 'abc'))).toBe(false);
    await lake.close();
  });

  it('refuses a holder id that could escape a path or a SQL literal', async () => {
    const lake = await openLake({ dir: tempDir(), vocabularyDir: null });
    for (const bad of ['', '../x', "a'b", 'a b', 'x'.repeat(65)]) {
      expect(() => lake.beginDelivery(bad)).toThrow(/not a plain identifier/);
    }
    await expect(lake.datasetMetadata("x' OR 1=1")).rejects.toMatchObject({ code: 'lake.holder_id_invalid' });
    await lake.close();
  });
});
