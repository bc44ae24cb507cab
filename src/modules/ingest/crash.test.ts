import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../synth/index.js';
import { cdmTableNames, openLake } from '../lake/index.js';
import { loadPseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery } from './index.js';
import { removeTempDirs, tempDir } from './test-support.js';

let childScript: string;
let synthDir: string;
let secretsDir: string;

beforeAll(async () => {
  if (!existsSync('dist/src/modules/ingest/crash-child.js')) return;
  // The child runs the real ingestion as the node runs it: compiled JavaScript (`npm test` builds first).
  childScript = path.resolve('dist/src/modules/ingest/crash-child.js');
  synthDir = path.join(tempDir(), 'synth');
  await synthesize({ persons: 1500, seed: 5, outDir: synthDir, noise: 'default', holders: ['hospital'] });
  secretsDir = tempDir('salus-key-');
  loadPseudonymKey(secretsDir);
}, 120_000);

afterAll(removeTempDirs);

/** Runs the child; kills it with SIGKILL at the first progress line that `killWhen` accepts. */
function runChild(
  lakeDir: string,
  killWhen: (line: string) => boolean,
): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [childScript, lakeDir, secretsDir, 'DH-HOSPITAL', path.join(synthDir, 'hospital')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data: string) => {
      output += data;
      if (!killed && data.split('\n').some(killWhen)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, output }));
  });
}

async function tableContents(lakeDir: string): Promise<Record<string, string>> {
  const lake = await openLake({ dir: lakeDir, vocabularyDir: null });
  const contents: Record<string, string> = {};
  for (const table of cdmTableNames) {
    contents[table] = JSON.stringify(await lake.query(`SELECT * FROM ${table} ORDER BY ALL`));
  }
  await lake.close();
  return contents;
}

describe.runIf(existsSync('dist/src/modules/ingest/crash-child.js'))('crash safety', () => {
  it('after kill -9 during staging and during the build, a re-run leaves the lake as a clean run does', async () => {
    const clean = tempDir('salus-lake-clean-');
    const cleanLake = await openLake({ dir: clean, vocabularyDir: null });
    const report = await ingestDelivery({
      lake: cleanLake,
      holderId: 'DH-HOSPITAL',
      paths: [path.join(synthDir, 'hospital')],
      pseudonymKey: loadPseudonymKey(secretsDir),
    });
    expect(report.status).toBe('committed');
    await cleanLake.close();

    const crashed = tempDir('salus-lake-crashed-');
    const duringStaging = await runChild(crashed, (l) => /^staging [1-9]/.test(l));
    expect(duringStaging.killed, duringStaging.output).toBe(true);
    expect(readdirSync(path.join(crashed, 'staging')).length).toBe(1);
    expect(readdirSync(path.join(crashed, 'deliveries'))).toEqual([]);
    const duringBuild = await runChild(crashed, (l) => l.startsWith('building'));
    expect(duringBuild.killed, duringBuild.output).toBe(true);
    expect(readdirSync(path.join(crashed, 'deliveries'))).toEqual([]);

    const rerun = await runChild(crashed, () => false);
    expect(rerun.output).toContain('done committed');
    expect(readdirSync(path.join(crashed, 'staging'))).toEqual([]);
    expect(readdirSync(path.join(crashed, 'deliveries'))).toEqual([report.deliveryId]);
    const expected = await tableContents(clean);
    const actual = await tableContents(crashed);
    for (const table of cdmTableNames) expect(actual[table], table).toBe(expected[table]);
    expect(JSON.parse(expected.measurement ?? '[]')).not.toHaveLength(0);
  }, 120_000);
});
