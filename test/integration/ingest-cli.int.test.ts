import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../support/cli.js';

const built = existsSync('dist/src/cli/main.js');
const eunomia = path.resolve('../shared/data/eunomia-synthea27nj');

describe.runIf(built)('salus ingest at the command line', { timeout: 240_000 }, () => {
  const { dir: dataDir, salus } = useCliEnvironment('ingest-cli', { SALUS_VOCABULARY_DIR: eunomia });

  it('loads an OMOP CDM extract with the row counts of its files, then finds the same delivery unchanged', () => {
    const add = salus(
      'organisations',
      'add',
      '--name',
      'Garden State Health',
      '--kind',
      'data_holder',
      '--identifier',
      'GSH',
    );
    expect(add.status, add.stderr).toBe(0);
    const first = salus('ingest', '--holder', 'GSH', eunomia);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/: committed/);
    expect(first.stdout).toMatch(/person 28\b/);
    expect(first.stdout).toMatch(/visit_occurrence 1791\b/);
    expect(first.stdout).toMatch(/measurement 10040\b/);
    expect(first.stdout).toMatch(/file PERSON\.csv .* sha256 [0-9a-f]{64}/);

    const again = salus('ingest', '--holder', 'Garden State Health', '--json', eunomia);
    expect(again.status, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { report: { status: string } }).report.status).toBe('unchanged');
  });

  it('rejects a faulty delivery, naming file, line and reason, and exits 1', () => {
    const bad = path.join(dataDir(), 'bad');
    mkdirSync(bad);
    writeFileSync(
      path.join(bad, 'Patient.ndjson'),
      [
        JSON.stringify({ resourceType: 'Patient', id: 'p1', birthDate: '1970-01-01', gender: 'female' }),
        '{"resourceType": "Patient", "id": "p2", ',
        JSON.stringify({ resourceType: 'Patient', id: 'p3', birthDate: '2023-02-30' }),
      ].join('\n') + '\n',
    );
    const r = salus('ingest', '--holder', 'GSH', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/: rejected/);
    expect(r.stdout).toMatch(/Patient\.ndjson:2/);
    expect(r.stdout).toMatch(/Patient\.ndjson:3 p3 .*birthDate/);

    const nobody = salus('ingest', '--holder', 'Nobody Clinic', bad);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('there is no organisation named or identified "Nobody Clinic"');
  });
});
