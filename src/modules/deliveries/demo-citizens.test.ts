import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidNationalId, synthesize } from '../synth/index.js';
import { demoCitizens } from './demo.js';

describe('the demo citizens', () => {
  it('are persons of the demo population, with its national identifiers', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'salus-citizens-'));
    try {
      await synthesize({ persons: demoCitizens.length, seed: 20_261_201, outDir, noise: 'none' });
      const truth = readFileSync(path.join(outDir, 'ground-truth.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { nationalId: string }).nationalId);
      expect(demoCitizens.map((c) => c.nationalId)).toEqual(truth);
      expect(demoCitizens.every((c) => isValidNationalId(c.nationalId))).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
