/** Shared by this module's tests: temporary folders, lakes and keys, the shared test data and the DQD. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLake, type Lake } from '../lake/index.js';
import { loadPseudonymKey, type PseudonymKey } from '../../platform/pseudonym/index.js';
import { loadDqdCatalogue, type DqdCatalogue } from './dqd-catalogue.js';

export const sharedData = path.resolve('../shared/data');
export const eunomiaDir = path.join(sharedData, 'eunomia-synthea27nj');
export const dqdDir = path.join(sharedData, 'dqd');

const dirs: string[] = [];

export function tempDir(prefix = 'salus-quality-'): string {
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

export async function tempLake(vocabularyDir: string | null = eunomiaDir): Promise<Lake> {
  return openLake({ dir: tempDir('salus-lake-'), vocabularyDir });
}

let catalogue: DqdCatalogue | null = null;
export function dqd(): DqdCatalogue {
  catalogue ??= loadDqdCatalogue(dqdDir);
  return catalogue;
}
