import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from '../ingest/index.js';
import type { Lake } from '../lake/index.js';
import { synthesize } from '../synth/index.js';
import { measureDistributions, roundEdge, type Distribution } from './distributions.js';
import { runQualityChecks, type QualityRun } from './engine.js';
import { dqd, removeTempDirs, tempDir, tempLake, testKey } from './test-support.js';

let lake: Lake;
let run: QualityRun;
let distributions: Distribution[];
const scope = { kind: 'holder', holderId: 'DH-LAB' } as const;

beforeAll(async () => {
  lake = await tempLake(null);
  const out = path.join(tempDir(), 'synth');
  // Heavy noise: impossible values and wrong units in plenty.
  await synthesize({ persons: 120, seed: 11, outDir: out, noise: 'heavy', holders: ['laboratory'] });
  await ingestDelivery({
    lake,
    holderId: 'DH-LAB',
    paths: [path.join(out, 'laboratory')],
    pseudonymKey: testKey(),
    acceptValidPart: true,
  });
  run = await runQualityChecks(lake, scope, { catalogue: dqd(), asOf: '2025-06-30' });
  distributions = await measureDistributions(lake, scope, { asOf: '2025-06-30' });
}, 180_000);

afterAll(async () => {
  await lake.close();
  removeTempDirs();
});

describe('value distributions with the outliers marked', { timeout: 60_000 }, () => {
  it('marks as outliers exactly the values the plausible range checks count', () => {
    const measured = distributions.filter((d) => d.sourceCode !== null);
    expect(measured.length).toBeGreaterThan(2);
    const violating = (name: string, code: string): number =>
      run.results.find((r) => r.checkName === name && r.sourceCode === code)?.violating ?? -1;
    for (const d of measured) {
      expect(d.below, `${d.name} below ${d.low}`).toBe(
        violating('plausibleSourceValueLow', d.sourceCode ?? ''),
      );
      expect(d.above, `${d.name} above ${d.high}`).toBe(
        violating('plausibleSourceValueHigh', d.sourceCode ?? ''),
      );
    }
    // The noise put impossible values into the laboratory's results.
    expect(measured.reduce((n, d) => n + d.below + d.above, 0)).toBeGreaterThan(0);
  });

  it('puts every plausible value in one bin, between rounded edges', () => {
    for (const d of distributions) {
      expect(d.bins.reduce((n, b) => n + b.rows, 0) + d.below + d.above, d.id).toBe(d.rows);
      for (const b of d.bins) {
        expect(b.from).toBeLessThanOrEqual(b.to);
        expect(roundEdge(b.from)).toBe(b.from);
      }
    }
    const births = distributions.find((d) => d.id === 'person.year_of_birth');
    expect(births?.high).toBe(2026);
    expect(roundEdge(1234.5678)).toBe(1230);
    expect(roundEdge(0.012345)).toBeCloseTo(0.0123, 10);
  });
});
