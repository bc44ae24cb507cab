import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesize } from './synthesize.js';

const root = mkdtempSync(path.join(tmpdir(), 'salus-synth-memory-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('generating a large population', () => {
  it('streams: memory stays flat from 5,000 to 50,000 persons', { timeout: 300_000 }, async () => {
    const mb = 2 ** 20;
    let afterWarmUp = 0;
    let peak = 0;
    const report = await synthesize({
      persons: 50_000,
      seed: 5,
      outDir: path.join(root, 'out'),
      noise: 'default',
      onProgress: (done) => {
        const rss = process.memoryUsage().rss;
        // The first thousands of persons warm up the JIT, the caches and the write buffers.
        if (done === 5_000) afterWarmUp = rss;
        if (done > 5_000) peak = Math.max(peak, rss);
      },
    });
    expect(report.resources).toBeGreaterThan(50_000 * 30);
    expect(afterWarmUp).toBeGreaterThan(0);
    expect((peak - afterWarmUp) / mb).toBeLessThan(100);
  });
});
