import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/index.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Run {
  id: string;
  datasetId: string | null;
  holderId: string | null;
  scope: { kind: string };
  counts: { passed: number; failed: number; notApplicable: number; errors: number };
  label: {
    level: string | null;
    elements: { element: string; level: string | null; criteria: { text: string; met: boolean }[] }[];
    toRaise: { element: string; criteria: string[] }[];
  } | null;
}
interface Job {
  id: string;
  phase: string;
  queries: number;
  expectedQueries: number | null;
  runId: string | null;
  error: string | null;
}
interface DatasetQuality {
  dataset: { id: string; title: string; holder: { name: string } | null; qualityLabel: string | null };
  latest: Run | null;
  job: Job | null;
}
interface RunView {
  run: Run;
  byCategory: { category: string; subcategory: string | null; passed: number; failed: number }[];
  completeness: { table: string; field: string; rows: number; missing: number; filledPct: number }[];
  distributions: {
    id: string;
    name: string;
    rows: number;
    below: number;
    above: number;
    bins: { rows: number }[];
  }[];
  failing: { id: string; checkName: string; violating: number; total: number; status: string }[];
  facts: { coverage: { persons: number } } | null;
  publication: { version: number | null; error: string | null } | null;
}

const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };

describe('data quality through the API', { timeout: 240_000 }, () => {
  let node: TestNode;
  let lab: Record<string, string>;
  let hospital: Record<string, string>;
  let steward: Record<string, string>;
  let labDataset: string;
  let hospitalDataset: string;

  // The body's type is the caller's claim, as with inject().json<T>().
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  const get = <T>(url: string, headers: Record<string, string>) =>
    node.app
      .inject({ method: 'GET', url, headers })
      .then((r) => ({ status: r.statusCode, body: r.json<T>(), r }));

  /** Waits until the dataset's run in progress (if any) has finished and it has a run. */
  const settled = async (datasetId: string, headers: Record<string, string>): Promise<DatasetQuality> => {
    for (let i = 0; i < 1200; i++) {
      const { body } = await get<DatasetQuality>(`/api/quality/datasets/${datasetId}`, headers);
      if (body.latest !== null && (body.job === null || body.job.phase === 'failed')) return body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no quality run finished');
  };

  beforeAll(async () => {
    // The demo population: the hospital, the laboratory and the insurer deliver; each delivery is checked.
    node = await startTestNode({ env: { SALUS_DEMO_PERSONS: '80' } });
    const orgs = await node.identity.organisations();
    const tokenFor = async (identifier: string | null, roles: Role[]) => {
      const org = identifier === null ? undefined : orgs.find((o) => o.identifier === identifier);
      const user = await node.identity.createUser(
        {
          displayName: `Q ${identifier ?? roles.join()}`,
          email: `${randomUUID()}@test.example`,
          organisationId: org?.id,
          roles,
        },
        context,
      );
      const { secret } = await node.identity.createToken(
        { userId: user.id, displayName: user.displayName, roles, via: 'session', tokenId: null },
        { name: 't', roles },
        context,
      );
      return { authorization: `Bearer ${secret}` };
    };
    lab = await tokenFor('DH-LAB', ['data_holder']);
    hospital = await tokenFor('DH-HOSPITAL', ['data_holder']);
    steward = await tokenFor(null, ['data_steward']);
    const mine = (await get<{ datasets: DatasetQuality[] }>('/api/quality/datasets', lab)).body.datasets;
    labDataset = mine[0]!.dataset.id;
    hospitalDataset = (await get<{ datasets: DatasetQuality[] }>('/api/quality/datasets', hospital)).body
      .datasets[0]!.dataset.id;
  }, 240_000);
  afterAll(async () => node.stop());

  it('checks each delivered dataset, awards its label and shows a holder only its own datasets', async () => {
    const mine = (await get<{ datasets: DatasetQuality[] }>('/api/quality/datasets', lab)).body.datasets;
    expect(mine.map((d) => d.dataset.holder?.name)).toEqual(['Central Clinical Laboratory']);
    const all = (await get<{ datasets: DatasetQuality[] }>('/api/quality/datasets', steward)).body.datasets;
    expect(all.map((d) => d.dataset.holder?.name).sort()).toEqual([
      'Central Clinical Laboratory',
      'National Health Insurance Fund',
      'Riverside University Hospital',
    ]);

    const quality = await settled(labDataset, lab);
    const run = quality.latest!;
    expect(run.scope.kind).toBe('holder');
    expect(run.holderId).toBe('DH-LAB');
    expect(run.counts.passed).toBeGreaterThan(100);
    expect(run.counts.errors).toBe(0);
    expect(run.label?.elements.map((e) => e.element)).toEqual([
      'documentation',
      'technicalQuality',
      'dataQualityManagement',
      'coverage',
      'accessAndProvision',
      'enrichments',
    ]);
    // The record in the catalogue carries the level awarded, not the demo's hand-typed one.
    expect(quality.dataset.qualityLabel).toBe(run.label?.level ?? null);

    // Another holder's dataset is not found for the laboratory, whatever it is.
    const other = await get<{ code: string }>(`/api/quality/datasets/${hospitalDataset}`, lab);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('quality.dataset_unknown');
    expect((await get(`/api/quality/datasets/${hospitalDataset}`, steward)).status).toBe(200);
  });

  it("shows a run's results by category, completeness, distributions with outliers and the failing checks", async () => {
    const { latest } = await settled(labDataset, lab);
    const { status, body: view } = await get<RunView>(`/api/quality/runs/${latest!.id}`, lab);
    expect(status).toBe(200);
    expect(view.byCategory.map((c) => c.category)).toEqual(
      expect.arrayContaining(['conformance', 'completeness', 'plausibility']),
    );
    const measurementValue = view.completeness.find(
      (c) => c.table === 'measurement' && c.field === 'value_as_number',
    );
    expect(measurementValue?.rows).toBeGreaterThan(0);
    // The demo's laboratory delivers with the faults real extracts have: some checks fail, with counts.
    expect(view.failing.length).toBeGreaterThan(0);
    for (const f of view.failing.filter((x) => x.status === 'failed')) {
      expect(f.violating).toBeGreaterThan(0);
      expect(f.total).toBeGreaterThanOrEqual(f.violating);
    }
    const glucose = view.distributions.find((d) => d.id.endsWith('.1558-6'));
    expect(glucose?.rows).toBeGreaterThan(0);
    expect(glucose!.bins.reduce((n, b) => n + b.rows, 0) + glucose!.below + glucose!.above).toBe(
      glucose!.rows,
    );
    expect(view.facts?.coverage.persons).toBeGreaterThan(0);
    expect(view.publication?.error).toBeNull();
    // Counts only: nothing in the view names a person or repeats a source row.
    expect(JSON.stringify(view)).not.toMatch(/"(given|family|birthDate|address|telecom)"/);
  });

  it('starts a run on request, shows its progress, and keeps it in the trend', async () => {
    const before = (await settled(labDataset, lab)).latest!;
    const started = await node.app.inject({
      method: 'POST',
      url: '/api/quality/runs',
      headers: lab,
      payload: { datasetId: labDataset },
    });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json<Job>();
    expect(['queued', 'checking']).toContain(job.phase);
    for (let i = 0; i < 1200 && job.phase !== 'done' && job.phase !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await get<Job>(`/api/quality/jobs/${job.id}`, lab)).body;
    }
    expect(job.phase, job.error ?? '').toBe('done');
    expect(job.queries).toBeGreaterThan(10);
    // The previous run of the dataset tells how many queries to expect: the bar has an end.
    expect(job.expectedQueries).toBeGreaterThan(10);
    const { body } = await get<{ runs: Run[] }>(`/api/quality/runs?datasetId=${labDataset}`, lab);
    expect(body.runs.map((r) => r.id).slice(-2)).toEqual([before.id, job.runId]);
    // Someone else's job is not theirs to follow.
    expect((await get(`/api/quality/jobs/${job.id}`, hospital)).status).toBe(404);
    // One delivery on its own: the holder follows its own, another holder is told there is none.
    const deliveries = (
      await get<{ deliveries: { report: { deliveryId: string } | null }[] }>('/api/deliveries', lab)
    ).body.deliveries;
    const deliveryId = deliveries.find((d) => d.report !== null)!.report!.deliveryId;
    const byHospital = await node.app.inject({
      method: 'POST',
      url: '/api/quality/runs',
      headers: hospital,
      payload: { deliveryId },
    });
    expect(byHospital.statusCode).toBe(404);
    expect(byHospital.json<{ code: string }>().code).toBe('quality.delivery_unknown');
    const one = await node.app.inject({
      method: 'POST',
      url: '/api/quality/runs',
      headers: lab,
      payload: { deliveryId },
    });
    expect(one.statusCode, one.body).toBe(202);
    expect((await get(`/api/quality/jobs/${one.json<Job>().id}`, lab)).status).toBe(200);
    const audit = await node.audit.list({ action: 'quality.run.start', limit: 10 });
    expect(audit.events.some((e) => e.targetId === job.id && e.actorLabel.startsWith('Q DH-LAB'))).toBe(true);
  });

  it('answers bad requests precisely', async () => {
    const post = (payload: unknown, headers = lab) =>
      node.app.inject({ method: 'POST', url: '/api/quality/runs', headers, payload: payload as object });
    const none = await post({});
    expect(none.statusCode).toBe(400);
    expect(none.json<{ code: string }>().code).toBe('quality.target_invalid');
    const two = await post({ datasetId: labDataset, holderId: 'DH-LAB' });
    expect(two.statusCode).toBe(400);
    expect(two.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'body/datasetId',
      'body/holderId',
    ]);
    const unknown = await post({ datasetId: randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('quality.dataset_unknown');
    const wrongType = await post({ datasetId: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json<{ errors: { path: string }[] }>().errors[0]?.path).toContain('datasetId');
    const otherHolder = await post({ holderId: 'DH-HOSPITAL' });
    expect(otherHolder.statusCode).toBe(404);
    expect(otherHolder.json<{ code: string }>().code).toBe('quality.holder_unknown');
    const lakeByHolder = await post({ lake: true });
    expect(lakeByHolder.statusCode).toBe(403);
    expect(lakeByHolder.json<{ code: string }>().code).toBe('quality.lake_staff_only');
    // A registry no data holder of this node delivers: nothing in the lake to check.
    const registry = (
      await get<{ results: { id: string; holder: { name: string } | null }[] }>(
        '/api/catalogue/datasets?q=registry&pageSize=50',
        steward,
      )
    ).body.results.find((d) => d.holder === null);
    if (registry !== undefined) {
      const r = await post({ datasetId: registry.id }, steward);
      expect(r.statusCode).toBe(409);
      expect(r.json<{ code: string }>().code).toBe('quality.dataset_without_holder');
    }
    const badRun = await get<{ code: string }>('/api/quality/runs/not-a-uuid', lab);
    expect(badRun.status).toBe(400);
    const noRun = await get<{ code: string }>(`/api/quality/runs/${randomUUID()}`, lab);
    expect(noRun.status).toBe(404);
    expect(noRun.body.code).toBe('quality.run_unknown');
  });

  it('offers the report as JSON and HTML downloads, with every check and no personal data', async () => {
    const { latest } = await settled(labDataset, lab);
    const json = await node.app.inject({
      method: 'GET',
      url: `/api/quality/runs/${latest!.id}/report.json`,
      headers: lab,
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename="quality-central-clinical-laboratory-results-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const report = json.json<{ results: { status: string }[]; failing: unknown[]; run: Run }>();
    expect(report.results.length).toBe(
      report.run.counts.passed +
        report.run.counts.failed +
        report.run.counts.notApplicable +
        report.run.counts.errors,
    );
    const html = await node.app.inject({
      method: 'GET',
      url: `/api/quality/runs/${latest!.id}/report.html`,
      headers: lab,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<h2>Failing checks</h2>');
    expect(html.body).toContain('EHDS quality and utility label (Art 78)');
    expect(html.body).not.toContain('<script');
    expect(
      (
        await node.app.inject({
          method: 'GET',
          url: `/api/quality/runs/${latest!.id}/report.html`,
          headers: hospital,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('publishes the label and its measurements as W3C DQV in a record that still passes the official shapes', async () => {
    const { latest, dataset } = await settled(hospitalDataset, hospital);
    const turtle = await node.app.inject({
      method: 'GET',
      url: `/catalogue/datasets/${hospitalDataset}?format=turtle`,
    });
    expect(turtle.statusCode).toBe(200);
    expect(turtle.body).toContain('hasQualityMeasurement');
    expect(turtle.body).toContain('checks-pass-rate');
    const iri = (await node.catalogue.service.workingCopy(hospitalDataset)).iri;
    const quads = await node.catalogue.rdf.parse(turtle.body, 'turtle', iri);
    expect(
      quads.some(
        (q) =>
          q.predicate.value === 'http://www.w3.org/ns/oa#bodyValue' &&
          q.object.value === (latest!.label?.level ?? ''),
      ),
    ).toBe(latest!.label?.level !== null);
    const level = (await node.catalogue.service.workingCopy(hospitalDataset)).record.accessRights;
    const findings = await node.catalogue.rdf.validate(quads, level);
    expect(findings.filter((f) => f.severity === 'violation')).toEqual([]);
    expect(dataset.qualityLabel).toBe(latest!.label?.level ?? null);
  });

  it("takes the holder's declarations and awards the label again with them", async () => {
    const before = await get<{ label: Run['label'] }>(`/api/quality/datasets/${labDataset}/label`, lab);
    expect(before.status).toBe(200);
    const put = await node.app.inject({
      method: 'PUT',
      url: `/api/quality/datasets/${labDataset}/declarations`,
      headers: lab,
      payload: { qualityProcess: 'documented', checksAtSource: true, daysToMakeAvailable: 20 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<{ declarations: { qualityProcess: string } }>().declarations.qualityProcess).toBe(
      'documented',
    );
    const after = (
      await get<{ label: NonNullable<Run['label']> }>(`/api/quality/datasets/${labDataset}/label`, lab)
    ).body.label;
    const management = after.elements.find((e) => e.element === 'dataQualityManagement')!;
    expect(management.criteria.find((c) => /documented quality process/.test(c.text))?.met).toBe(true);
    const access = after.elements.find((e) => e.element === 'accessAndProvision')!;
    expect(access.criteria.find((c) => /within 30 days/.test(c.text))?.met).toBe(true);
    // Another holder cannot declare for it; a declaration that is not one is refused with its field.
    const foreign = await node.app.inject({
      method: 'PUT',
      url: `/api/quality/datasets/${labDataset}/declarations`,
      headers: hospital,
      payload: { qualityProcess: 'certified' },
    });
    expect(foreign.statusCode).toBe(404);
    const bad = await node.app.inject({
      method: 'PUT',
      url: `/api/quality/datasets/${labDataset}/declarations`,
      headers: lab,
      payload: { qualityProcess: 'excellent' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]?.path).toContain('qualityProcess');
  });
});
