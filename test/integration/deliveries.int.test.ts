import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../src/modules/synth/index.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Upload {
  id: string;
  status: string;
  files: { name: string; size: number; received: number }[];
  report: {
    status: string;
    deliveryId: string;
    rowsPerTable: Record<string, number>;
    files: { path: string; sha256: string }[];
    rejectedTotal: number;
  } | null;
  error: string | null;
}

describe('deliveries from data holders to the lake', () => {
  let node: TestNode;
  let work: string;
  let hospital: Record<string, string>;
  let lab: Record<string, string>;
  let steward: Record<string, string>;
  let hospitalOrg: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'salus-deliveries-'));
    await synthesize({ persons: 60, seed: 7, outDir: path.join(work, 'synth') });
    node = await startTestNode();
    const orgs = await node.identity.organisations();
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const tokenFor = async (
      name: string,
      identifier: string | null,
      roles: ['data_holder'] | ['data_steward'],
    ) => {
      const org = identifier === null ? null : orgs.find((o) => o.identifier === identifier)!;
      const user = await node.identity.createUser(
        {
          displayName: name,
          email: `${name.replace(/\W/g, '')}@test.example`,
          organisationId: org?.id,
          roles,
        },
        context,
      );
      const { secret } = await node.identity.createToken(
        { userId: user.id, displayName: name, roles, via: 'session', tokenId: null },
        { name: 't', roles },
        context,
      );
      return { authorization: `Bearer ${secret}` };
    };
    hospital = await tokenFor('Hospital Deliverer', 'DH-HOSPITAL', ['data_holder']);
    lab = await tokenFor('Lab Deliverer', 'DH-LAB', ['data_holder']);
    steward = await tokenFor('Lake Steward', null, ['data_steward']);
    hospitalOrg = orgs.find((o) => o.identifier === 'DH-HOSPITAL')!.id;
  }, 180_000);
  afterAll(async () => {
    await node.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const filesOf = (holder: string) => {
    const dir = path.join(work, 'synth', holder);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ndjson'))
      .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
  };

  const send = (headers: Record<string, string>, id: string, name: string, offset: number, bytes: Buffer) =>
    node.app.inject({
      method: 'PUT',
      url: `/api/deliveries/${id}/files/${encodeURIComponent(name)}?offset=${offset}`,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });

  const waitFor = async (headers: Record<string, string>, id: string): Promise<Upload> => {
    for (let i = 0; i < 600; i++) {
      const r = await node.app.inject({ method: 'GET', url: `/api/deliveries/${id}`, headers });
      const upload = r.json<Upload>();
      if (!['receiving', 'queued', 'ingesting'].includes(upload.status)) return upload;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the delivery did not finish');
  };

  const deliver = async (headers: Record<string, string>, holder: string): Promise<Upload> => {
    const files = filesOf(holder);
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/deliveries',
      headers,
      payload: { files: files.map((f) => ({ name: f.name, size: f.bytes.length })), acceptValidPart: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<Upload>();
    for (const f of files) {
      const half = Math.floor(f.bytes.length / 2);
      expect((await send(headers, id, f.name, 0, f.bytes.subarray(0, half))).statusCode).toBe(200);
      const rest = await send(headers, id, f.name, half, f.bytes.subarray(half));
      expect(rest.statusCode, rest.body).toBe(200);
    }
    const done = await node.app.inject({ method: 'POST', url: `/api/deliveries/${id}/complete`, headers });
    expect(done.statusCode, done.body).toBe(202);
    return waitFor(headers, id);
  };

  it('takes a delivery in pieces, resumes at the right offset, ingests it and records what it loaded', async () => {
    const files = filesOf('hospital');
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/deliveries',
      headers: hospital,
      payload: { files: files.map((f) => ({ name: f.name, size: f.bytes.length })), acceptValidPart: true },
    });
    const { id } = created.json<Upload>();
    const first = files[0]!;
    await send(hospital, id, first.name, 0, first.bytes.subarray(0, 100));
    // A client that lost track is told where to go on from.
    const wrong = await send(hospital, id, first.name, 0, first.bytes.subarray(0, 100));
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json<{ detail: string }>().detail).toContain('send from offset 100');
    const early = await node.app.inject({
      method: 'POST',
      url: `/api/deliveries/${id}/complete`,
      headers: hospital,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ errors: { path: string; message: string }[] }>().errors[0]?.message).toMatch(
      /100 of \d+ bytes arrived/,
    );
    const status = (
      await node.app.inject({ method: 'GET', url: `/api/deliveries/${id}`, headers: hospital })
    ).json<Upload>();
    expect(status.files.find((f) => f.name === first.name)?.received).toBe(100);
    await send(hospital, id, first.name, 100, first.bytes.subarray(100));
    for (const f of files.slice(1)) await send(hospital, id, f.name, 0, f.bytes);
    await node.app.inject({ method: 'POST', url: `/api/deliveries/${id}/complete`, headers: hospital });
    const upload = await waitFor(hospital, id);
    expect(upload.status, upload.error ?? '').toBe('committed');
    expect(upload.report!.rowsPerTable.person).toBeGreaterThan(0);
    expect(upload.report!.rowsPerTable.visit_occurrence).toBeGreaterThan(0);
    expect(upload.report!.files.map((f) => f.path).sort()).toEqual(files.map((f) => f.name).sort());

    // The same files again change nothing.
    const again = await deliver(hospital, 'hospital');
    expect(again.status).toBe('unchanged');
  });

  it('links the persons two holders share and refreshes the holder’s catalogue facts', async () => {
    const upload = await deliver(lab, 'laboratory');
    expect(upload.status, upload.error ?? '').toBe('committed');
    const linkage = await node.app.inject({ method: 'GET', url: '/api/lake/linkage', headers: steward });
    expect(linkage.statusCode).toBe(200);
    const report = linkage.json<{
      pairs: { holderA: string; holderB: string; sharedPersons: number }[];
      personsPerHolder: Record<string, number>;
      holderNames: Record<string, string>;
    }>();
    const pair = report.pairs.find((p) => [p.holderA, p.holderB].sort().join() === 'DH-HOSPITAL,DH-LAB');
    expect(pair?.sharedPersons).toBeGreaterThan(0);
    expect(report.holderNames['DH-HOSPITAL']).toBe('Riverside University Hospital');

    const mine = await node.app.inject({ method: 'GET', url: '/api/catalogue/mine', headers: hospital });
    const dataset = mine.json<{ datasets: { id: string }[] }>().datasets[0]!;
    const view = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${dataset.id}` });
    const record = view.json<{
      dataset: { record: { numberOfUniqueIndividuals?: number; version?: number } };
    }>().dataset.record;
    expect(record.numberOfUniqueIndividuals).toBe(report.personsPerHolder['DH-HOSPITAL']);
  });

  it('keeps holders apart and refuses bad declarations and oversized pieces', async () => {
    const own = await node.app.inject({ method: 'GET', url: '/api/deliveries', headers: lab });
    const seen = own.json<{ deliveries: { organisation: { id: string } }[] }>().deliveries;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((d) => d.organisation.id === hospitalOrg)).toBe(false);
    const all = await node.app.inject({ method: 'GET', url: '/api/deliveries', headers: steward });
    expect(all.json<{ deliveries: unknown[] }>().deliveries.length).toBeGreaterThan(seen.length);

    const hospitalUpload = all
      .json<{ deliveries: { id: string; organisation: { id: string } }[] }>()
      .deliveries.find((d) => d.organisation.id === hospitalOrg)!;
    const peek = await node.app.inject({
      method: 'GET',
      url: `/api/deliveries/${hospitalUpload.id}`,
      headers: lab,
    });
    expect(peek.statusCode).toBe(404);

    const bad = await node.app.inject({
      method: 'POST',
      url: '/api/deliveries',
      headers: hospital,
      payload: {
        files: [
          { name: '../../etc/passwd', size: 10 },
          { name: 'notes.docx', size: 10 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'body/files/0/name',
      'body/files/1/name',
    ]);

    const small = await node.app.inject({
      method: 'POST',
      url: '/api/deliveries',
      headers: hospital,
      payload: { files: [{ name: 'Patient.ndjson', size: 10 }] },
    });
    const { id } = small.json<Upload>();
    const tooMuch = await send(hospital, id, 'Patient.ndjson', 0, Buffer.alloc(50, 0x20));
    expect(tooMuch.statusCode).toBe(413);
    const after = (
      await node.app.inject({ method: 'GET', url: `/api/deliveries/${id}`, headers: hospital })
    ).json<Upload>();
    expect(after.files[0]?.received).toBeLessThanOrEqual(10);
  });
});
