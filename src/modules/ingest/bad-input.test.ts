import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestDelivery } from './index.js';
import { removeTempDirs, tempDir, tempLake, testKey } from './test-support.js';

afterAll(removeTempDirs);

const patient = (id: string, extra: object = {}): string =>
  JSON.stringify({
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'urn:salus:national-id', value: `NI-${id}` }],
    gender: 'female',
    birthDate: '1970-05-01',
    ...extra,
  });
const condition = (id: string, patientId: string, onset = '2020-01-02'): string =>
  JSON.stringify({
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] },
    onsetDateTime: onset,
  });

/** A delivery with one good patient and condition, and one record for each kind of bad input. */
function badDelivery(): string {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'Patient.ndjson'),
    [patient('p1'), patient('p2', { birthDate: 42 }), '{"resourceType": "Patient", "id": "p3", ', ''].join(
      '\n',
    ),
  );
  writeFileSync(
    path.join(dir, 'Condition.ndjson'),
    [
      condition('c1', 'p1'),
      condition('c2', 'nobody'),
      condition('c3', 'p1', '2023-02-30'),
      JSON.stringify({ id: 'c4', subject: { reference: 'Patient/p1' } }),
      `{"resourceType":"Condition","id":"c5","note":[{"text":"${'x'.repeat(5000)}"}]}`,
      condition('c6', 'p1'),
      '',
    ].join('\n'),
  );
  return dir;
}

describe('bad input', { timeout: 60_000 }, () => {
  it('reports every bad record with file, line, resource id, JSON path and reason, and commits nothing', async () => {
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'DH-TEST',
      paths: [badDelivery()],
      pseudonymKey: testKey(),
      maxLineBytes: 4096,
    });
    expect(report.status).toBe('rejected');
    const byLine = (file: string, line: number) =>
      report.rejected.find((r) => r.file === file && r.line === line);
    expect(byLine('Patient.ndjson', 2)).toEqual({
      file: 'Patient.ndjson',
      line: 2,
      resourceId: 'p2',
      path: 'birthDate',
      reason: 'expected a date string, got a number',
    });
    expect(byLine('Patient.ndjson', 3)?.reason).toMatch(/^invalid JSON/);
    expect(byLine('Condition.ndjson', 2)).toEqual({
      file: 'Condition.ndjson',
      line: 2,
      resourceId: 'c2',
      path: 'subject.reference',
      reason: 'reference to an unknown patient: Patient/nobody',
    });
    expect(byLine('Condition.ndjson', 3)).toMatchObject({
      resourceId: 'c3',
      path: 'onsetDateTime',
      reason: 'impossible date: "2023-02-30"',
    });
    expect(byLine('Condition.ndjson', 4)).toMatchObject({ resourceId: 'c4', path: 'resourceType' });
    expect(byLine('Condition.ndjson', 5)?.reason).toMatch(/line of 50\d\d bytes is over the cap of 4096/);
    expect(report.rejectedTotal).toBe(6);
    expect(report.resourcesPerType.Condition).toEqual({ read: 4, loaded: 2, skipped: 0, rejected: 2 });
    expect(await lake.rowCounts()).toMatchObject({ person: 0, condition_occurrence: 0 });
    expect(readdirSync(path.join(lake.dir, 'deliveries'))).toEqual([]);
    expect(readdirSync(path.join(lake.dir, 'staging'))).toEqual([]);
    await lake.close();
  });

  it('reports the same lines when big files are split in byte ranges', async () => {
    const dir = badDelivery();
    const whole = await ingestDelivery({
      lake: await tempLake(),
      holderId: 'DH-TEST',
      paths: [dir],
      pseudonymKey: testKey(),
      maxLineBytes: 4096,
    });
    for (const rangeBytes of [37, 300, 2000]) {
      const lake = await tempLake();
      const split = await ingestDelivery({
        lake,
        holderId: 'DH-TEST',
        paths: [dir],
        pseudonymKey: testKey(),
        maxLineBytes: 4096,
        rangeBytes,
      });
      expect(split.rejected, String(rangeBytes)).toEqual(whole.rejected);
      expect(split.resourcesPerType, String(rangeBytes)).toEqual(whole.resourcesPerType);
      await lake.close();
    }
  }, 60_000);

  it('commits the valid part when asked, and lists what it left out', async () => {
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'DH-TEST',
      paths: [badDelivery()],
      pseudonymKey: testKey(),
      maxLineBytes: 4096,
      acceptValidPart: true,
    });
    expect(report.status).toBe('committed');
    expect(report.rejectedTotal).toBe(6);
    expect(report.rowsPerTable).toMatchObject({ person: 1, condition_occurrence: 2 });
    const rows = await lake.query('SELECT condition_source_value AS code FROM condition_occurrence');
    expect(rows).toEqual([{ code: '44054006' }, { code: '44054006' }]);
    await lake.close();
  });

  it('skips a line far longer than the cap without holding it in memory', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'Patient.ndjson');
    // 48 MiB on one line, against a 1 MiB cap: read in 4 MiB chunks and dropped as it goes.
    const big = Buffer.alloc(48 * 2 ** 20, 0x61);
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(patient('p1') + '\n{"x":"'),
        big,
        Buffer.from('"}\n' + patient('p2') + '\n'),
      ]),
    );
    const lake = await tempLake();
    const before = process.memoryUsage().rss;
    const report = await ingestDelivery({
      lake,
      holderId: 'DH-TEST',
      paths: [file],
      pseudonymKey: testKey(),
      maxLineBytes: 2 ** 20,
      acceptValidPart: true,
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 2 ** 20);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        reason: expect.stringMatching(/over the cap of 1048576/) as unknown,
      }),
    ]);
    expect(report.rowsPerTable.person).toBe(2);
    await lake.close();
  }, 30_000);

  it('refuses a holder id that is not a plain identifier', async () => {
    const lake = await tempLake();
    await expect(
      ingestDelivery({ lake, holderId: '../x', paths: [badDelivery()], pseudonymKey: testKey() }),
    ).rejects.toMatchObject({ code: 'lake.holder_id_invalid' });
    await lake.close();
  });

  it('accepts only transaction, batch and collection Bundles, and resolves urn:uuid references in them', async () => {
    const dir = tempDir();
    const bundle = (type: string) =>
      JSON.stringify({
        resourceType: 'Bundle',
        type,
        entry: [
          {
            fullUrl: 'urn:uuid:aaa',
            resource: JSON.parse(patient('aaa')) as object,
            request: { method: 'POST' },
          },
          {
            fullUrl: 'urn:uuid:bbb',
            resource: {
              ...(JSON.parse(condition('bbb', 'x')) as object),
              subject: { reference: 'urn:uuid:aaa' },
            },
          },
          {
            fullUrl: 'urn:uuid:ccc',
            resource: {
              ...(JSON.parse(condition('ccc', 'x')) as object),
              subject: { reference: 'urn:uuid:zzz' },
            },
          },
        ],
      });
    writeFileSync(
      path.join(dir, 'bundles.ndjson'),
      [bundle('transaction'), bundle('document')].join('\n') + '\n',
    );
    const lake = await tempLake();
    const report = await ingestDelivery({
      lake,
      holderId: 'DH-TEST',
      paths: [dir],
      pseudonymKey: testKey(),
      acceptValidPart: true,
    });
    expect(report.rejected).toEqual([
      {
        file: 'bundles.ndjson',
        line: 1,
        resourceId: 'ccc',
        path: 'entry[2].resource.subject.reference',
        reason: 'reference urn:uuid:zzz is not in the Bundle',
      },
      {
        file: 'bundles.ndjson',
        line: 2,
        resourceId: null,
        path: 'type',
        reason: expect.stringMatching(/"document" is not accepted/) as unknown,
      },
    ]);
    expect(report.rowsPerTable).toMatchObject({ person: 1, condition_occurrence: 1 });
    await lake.close();
  });
});
