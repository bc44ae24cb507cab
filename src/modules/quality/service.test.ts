import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, migrate, type Database } from '../../platform/db/index.js';
import { ingestDelivery } from '../ingest/index.js';
import type { Lake } from '../lake/index.js';
import { synthesize } from '../synth/index.js';
import { qualityMigrations } from './migrations.js';
import { QualityService } from './service.js';
import { dqd, removeTempDirs, tempDir, tempLake, testKey } from './test-support.js';

let db: Database;
let lake: Lake;
let service: QualityService;
const deliveries: string[] = [];

beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite', dataDir: null });
  const report = await migrate(db, qualityMigrations);
  expect(report.error).toBeNull();
  lake = await tempLake();
  const key = testKey();
  // Two deliveries of the same laboratory: the first from a noisy extract, the second from a clean one.
  for (const noise of ['heavy', 'none'] as const) {
    const out = path.join(tempDir(), 'synth');
    await synthesize({ persons: 40, seed: 5, outDir: out, noise });
    const r = await ingestDelivery({
      lake,
      holderId: 'DH-LAB',
      paths: [path.join(out, 'laboratory')],
      pseudonymKey: key,
      acceptValidPart: true,
    });
    deliveries.push(r.deliveryId);
  }
  service = new QualityService({
    database: db,
    lake: () => Promise.resolve(lake),
    catalogue: dqd(),
    nationalPopulation: 1000,
  });
}, 120_000);

afterAll(async () => {
  await lake.close();
  await db.close();
  removeTempDirs();
});

describe('quality runs kept over time', { timeout: 60_000 }, () => {
  it("keeps each delivery's run with its results, and lists them in order for the holder", async () => {
    const datasetId = '00000000-0000-4000-8000-000000000001';
    const first = await service.run({
      scope: { kind: 'delivery', deliveryId: deliveries[0] ?? '' },
      datasetId,
    });
    const second = await service.run({
      scope: { kind: 'delivery', deliveryId: deliveries[1] ?? '' },
      datasetId,
    });
    expect(first.run.holderId).toBe('DH-LAB');
    const runs = await service.runs({ holderId: 'DH-LAB' });
    expect(runs.map((r) => r.id)).toEqual([first.run.id, second.run.id]);
    expect((await service.runs({ deliveryId: deliveries[1] ?? '' })).map((r) => r.id)).toEqual([
      second.run.id,
    ]);
    const stored = await service.results(first.run.id);
    expect(stored.length).toBe(first.results.length);
    expect([...stored].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...first.results].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // The holder sees the glucose unit problem of the noisy delivery gone in the clean one.
    const trend = await service.history('plausibleSourceUnit.measurement.measurement_source_value.1558-6', {
      datasetId,
    });
    expect(trend.map((t) => t.status)).toEqual(['failed', 'passed']);
    expect(trend[0]?.violating).toBeGreaterThan(0);
    expect(trend[1]?.violating).toBe(0);
  });

  it('awards the label for a run and keeps it with the run', async () => {
    const { run } = await service.run({ scope: { kind: 'holder', holderId: 'DH-LAB' } });
    const label = await service.label(run.id, {
      record: null,
      requirements: {},
      declarations: { qualityProcess: 'documented', daysToMakeAvailable: 20 },
    });
    const coverage = label.elements.find((e) => e.element === 'coverage');
    expect(coverage?.criteria[0]?.text).toMatch(/persons in the lake/);
    // No catalogue record: documentation holds the label back.
    expect(label.level).toBeNull();
    expect(label.toRaise.map((t) => t.element)).toContain('documentation');
    const [kept] = (await service.runs({ holderId: 'DH-LAB' })).filter((r) => r.id === run.id);
    expect(kept?.label?.elements.length).toBe(6);
    await expect(service.results('00000000-0000-4000-8000-00000000dead')).rejects.toThrow(/No quality run/);
  });
});
