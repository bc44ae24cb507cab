/** Shared by this module's tests: temporary lakes and keys, and the shared test data folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLake, type Lake } from '../lake/index.js';
import { loadPseudonymKey, type PseudonymKey } from '../../platform/pseudonym/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedData = path.resolve(repoRoot, '../shared/data');

const dirs: string[] = [];

export function tempDir(prefix = 'salus-ingest-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function testKey(): PseudonymKey {
  return loadPseudonymKey(tempDir('salus-key-'));
}

export async function tempLake(vocabularyDir: string | null = null): Promise<Lake> {
  return openLake({ dir: tempDir('salus-lake-'), vocabularyDir });
}
