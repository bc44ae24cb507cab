import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../support/cli.js';

const built = existsSync('dist/src/cli/main.js');
const example = path.resolve('../shared/data/healthdcat-ap-r8/examples/example-healthdcat-dataset.ttl');

describe.runIf(built)('salus quality at the command line', { timeout: 600_000 }, () => {
  const { dir, salus } = useCliEnvironment('quality-cli');

  it('checks a dataset after its delivery and on request, publishes its label, and writes the report whole', () => {
    expect(
      salus(
        'organisations',
        'add',
        '--name',
        'Oncology Network',
        '--kind',
        'data_holder',
        '--identifier',
        'DH-ONCO',
      ).status,
    ).toBe(0);
    // The official example, with the byte size typed as the shapes want it.
    const description = path.join(dir(), 'dataset.ttl');
    writeFileSync(
      description,
      readFileSync(example, 'utf8').replace(
        /dcat:byteSize\s+"?(\d+)"?(\^\^xsd:\w+)?/g,
        'dcat:byteSize "$1"^^xsd:decimal',
      ),
    );
    const imported = salus('catalogue', 'import', '--holder', 'Oncology Network', '--publish', description);
    expect(imported.status, imported.stdout + imported.stderr).toBe(0);
    const datasetId = /dataset ([0-9a-f-]{36})/.exec(imported.stdout)?.[1] ?? '';
    expect(datasetId).not.toBe('');

    expect(
      salus(
        'synth',
        '--persons',
        '40',
        '--seed',
        '5',
        '--holders',
        'laboratory',
        '--out',
        path.join(dir(), 'synth'),
      ).status,
    ).toBe(0);
    const ingested = salus('ingest', '--holder', 'DH-ONCO', path.join(dir(), 'synth', 'laboratory'));
    expect(ingested.status, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(/: committed/);

    const html = path.join(dir(), 'report.html');
    const run = salus('quality', 'run', '--dataset', datasetId, '--out', html);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Quality run [0-9a-f-]{36} of .+: \d+ passed, \d+ failed, \d+ not applicable, 0 errors/,
    );
    expect(run.stdout).toMatch(/\n {2}label: (none|bronze|silver|gold|platinum) \(documentation /);
    expect(run.stdout).toMatch(/failing checks \(\d+\):\n {4}\w+ /);
    expect(run.stdout).toMatch(
      /catalogue dataset [0-9a-f-]{36}: label and measurements published as version \d+/,
    );
    expect(run.stdout).toContain(`report written to ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h2>Failing checks</h2>');
    expect(page).not.toContain('<script');
    // The delivery was checked when it arrived: this is the dataset's second run kept.
    expect(page).toContain('the data has been checked on delivery (2 quality runs kept)');
    // Written through a temporary file and one rename: nothing is left beside the report.
    expect(readdirSync(dir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const json = path.join(dir(), 'report.json');
    const holder = salus('quality', 'run', '--holder', 'DH-ONCO', '--out', json);
    expect(holder.status, holder.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      run: { holderId: string; label: unknown; counts: { passed: number } };
      results: { status: string; violating: number }[];
      failing: unknown[];
    };
    expect(report.run.holderId).toBe('DH-ONCO');
    expect(report.run.label).toBeNull();
    expect(report.results.length).toBeGreaterThan(100);
    expect(report.results.filter((r) => r.status === 'passed').length).toBe(report.run.counts.passed);
  });

  it('names what is wrong with the dataset asked for, and exits 1', () => {
    const notId = salus('quality', 'run', '--dataset', 'oncology');
    expect(notId.status).toBe(1);
    expect(notId.stderr).toContain('--dataset takes a dataset\'s id (a UUID), not "oncology"');
    const unknown = randomUUID();
    const missing = salus('quality', 'run', '--dataset', unknown);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`There is no dataset ${unknown}`);
    const both = salus('quality', 'run', '--dataset', unknown, '--holder', 'DH-ONCO');
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('give at most one of --dataset, --holder and --delivery');
  });
});
