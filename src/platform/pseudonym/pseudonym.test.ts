import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPseudonymKey, localPseudonymOf, personIdOf, pseudonymOf } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'salus-key-'));
  dirs.push(d);
  return d;
}

describe('pseudonymisation key and pseudonyms', () => {
  it('creates the key once, owner-only, and reads the same key back', () => {
    const dir = tempDir();
    const a = loadPseudonymKey(dir);
    const b = loadPseudonymKey(dir);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(statSync(path.join(dir, 'pseudonym-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'pseudonym-key'), 'utf8')).not.toContain(pseudonymOf(a, 'X'));
  });

  it('gives the same pseudonym for the same person however the identifier is written', () => {
    const key = loadPseudonymKey(tempDir());
    expect(pseudonymOf(key, ' 390-01-01 1234 ')).toBe(pseudonymOf(key, '39001011234'));
    expect(pseudonymOf(key, '39001011234')).not.toBe(pseudonymOf(key, '39001011235'));
  });

  it('gives different pseudonyms under different keys and for local ids of different holders', () => {
    const k1 = loadPseudonymKey(tempDir());
    const k2 = loadPseudonymKey(tempDir());
    expect(pseudonymOf(k1, 'A1')).not.toBe(pseudonymOf(k2, 'A1'));
    expect(localPseudonymOf(k1, 'DH-HOSPITAL', 'p1')).not.toBe(localPseudonymOf(k1, 'DH-LAB', 'p1'));
  });

  it('derives a positive 63-bit person id', () => {
    const key = loadPseudonymKey(tempDir());
    const id = personIdOf(pseudonymOf(key, 'A1'));
    expect(id > 0n && id < 2n ** 63n).toBe(true);
  });

  it('refuses a damaged key file', () => {
    const dir = tempDir();
    loadPseudonymKey(dir);
    const file = path.join(dir, 'pseudonym-key');
    rmSync(file);
    writeFileSync(file, 'short');
    expect(() => loadPseudonymKey(dir)).toThrow(/not 32 bytes/);
  });
});
