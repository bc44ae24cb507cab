import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isomorphic } from 'rdf-isomorphic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/modules/catalogue/rdf/formats.js';
import type { DatasetRecord } from '../../src/modules/catalogue/record.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Summary {
  id: string;
  title: Record<string, string>;
  status: string;
  version: number;
  holder: { id: string; name: string } | null;
  accessRights: string;
}
interface Finding {
  severity: string;
  field: string | null;
  path: string;
  message: string;
}
interface SearchResponse {
  total: number;
  results: Summary[];
  facets: Record<string, { value: string; label: string; count: number }[]>;
  tookMs: number;
}

describe('the national dataset catalogue', () => {
  let node: TestNode;
  let holder: Record<string, string>;
  let otherHolder: Record<string, string>;
  let officer: Record<string, string>;
  beforeAll(async () => {
    node = await startTestNode();
    const orgs = await node.identity.organisations();
    const hospital = orgs.find((o) => o.name === 'Riverside University Hospital')!;
    const lab = orgs.find((o) => o.name === 'Central Clinical Laboratory')!;
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const tokenFor = async (name: string, orgId: string, roles: ['data_holder'] | ['access_officer']) => {
      const user = await node.identity.createUser(
        { displayName: name, email: `${name.replace(/\W/g, '')}@test.example`, organisationId: orgId, roles },
        context,
      );
      const { secret } = await node.identity.createToken(
        { userId: user.id, displayName: name, roles, via: 'session', tokenId: null },
        { name: 't', roles },
        context,
      );
      return { authorization: `Bearer ${secret}` };
    };
    holder = await tokenFor('Hospital Describer', hospital.id, ['data_holder']);
    otherHolder = await tokenFor('Lab Describer', lab.id, ['data_holder']);
    officer = await tokenFor('Catalogue Officer', orgs.find((o) => o.kind === 'hdab')!.id, [
      'access_officer',
    ]);
  });
  afterAll(async () => node.stop());

  const search = async (query: string): Promise<SearchResponse> => {
    const r = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets?${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<SearchResponse>();
  };

  it('holds the five demo datasets, published and searchable without signing in', async () => {
    const all = await search('');
    expect(all.total).toBe(5);
    const titles = all.results.map((r) => r.title.en);
    expect(titles).toEqual(
      expect.arrayContaining([expect.stringMatching(/diabetes/i), expect.stringMatching(/breast cancer/i)]),
    );
    const diabetes = await search('q=diab');
    expect(diabetes.results[0]?.title.en).toMatch(/diabetes/i);
  });

  it('counts facets under every other filter, and filters by two of them', async () => {
    const all = await search('');
    const category = all.facets.healthCategory?.[0];
    expect(category?.label).not.toMatch(/^https?:/);
    const access = all.facets.accessRights?.find((a) => a.value === 'NON_PUBLIC');
    expect(access?.count).toBeGreaterThan(0);
    const both = await search(
      `healthCategory=${encodeURIComponent(category!.value)}&accessRights=NON_PUBLIC`,
    );
    expect(both.total).toBeLessThanOrEqual(category!.count);
    expect(both.results.every((r) => r.accessRights === 'NON_PUBLIC')).toBe(true);
    // The access-rights facet still shows the other levels under the category filter.
    expect(both.facets.accessRights!.length).toBeGreaterThanOrEqual(1);

    // Every count a facet shows is the number of results a click on it gives, under the other filters too.
    const facetParam: Record<string, string> = {
      healthCategory: 'healthCategory',
      healthTheme: 'healthTheme',
      holder: 'holder',
      accessRights: 'accessRights',
      codingSystem: 'codingSystem',
    };
    for (const [facet, param] of Object.entries(facetParam)) {
      for (const { value, count } of all.facets[facet] ?? []) {
        expect((await search(`${param}=${encodeURIComponent(value)}`)).total, `${facet}=${value}`).toBe(
          count,
        );
        const narrowed = await search(`${param}=${encodeURIComponent(value)}&accessRights=NON_PUBLIC`);
        const expected =
          facet === 'accessRights' ? undefined : narrowed.facets[facet]?.find((c) => c.value === value);
        if (expected !== undefined)
          expect(narrowed.total, `${facet}=${value} and NON_PUBLIC`).toBe(expected.count);
      }
    }
  });

  it('walks a description from draft to a second published version, each version kept', async () => {
    const demo = (await search('q=diabetes')).results[0]!;
    const view = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${demo.id}` });
    const record = view.json<{ dataset: { record: DatasetRecord } }>().dataset.record;

    const draft: DatasetRecord = {
      ...record,
      identifier: 'TEST-HOSPITAL-1',
      title: { en: 'Riverside stroke unit cohort' },
    };
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/datasets',
      headers: holder,
      payload: { record: draft },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { dataset, findings } = created.json<{ dataset: Summary; findings: Finding[] }>();
    expect(findings.filter((f) => f.severity === 'violation')).toEqual([]);
    expect(dataset.status).toBe('draft');
    expect(dataset.holder?.name).toBe('Riverside University Hospital');

    // Not public until published.
    expect(
      (await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${dataset.id}` })).statusCode,
    ).toBe(404);
    expect((await search('q=stroke')).total).toBe(0);

    // Another holder may not touch it.
    const foreign = await node.app.inject({
      method: 'PUT',
      url: `/api/catalogue/datasets/${dataset.id}`,
      headers: otherHolder,
      payload: { record: draft },
    });
    expect(foreign.statusCode).toBe(403);

    const submitted = await node.app.inject({
      method: 'POST',
      url: `/api/catalogue/datasets/${dataset.id}/submit`,
      headers: holder,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const published = await node.app.inject({
      method: 'POST',
      url: `/api/catalogue/datasets/${dataset.id}/publish`,
      headers: officer,
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json<{ dataset: Summary }>().dataset.version).toBe(1);
    expect((await search('q=stroke')).total).toBe(1);

    const changed = await node.app.inject({
      method: 'PUT',
      url: `/api/catalogue/datasets/${dataset.id}`,
      headers: holder,
      payload: { record: { ...draft, title: { en: 'Riverside stroke unit cohort 2020-2025' } } },
    });
    expect(changed.statusCode).toBe(200);
    // The published version stays visible while the next one is prepared.
    const publicView = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${dataset.id}` });
    expect(publicView.json<{ dataset: { record: DatasetRecord } }>().dataset.record.title.en).toBe(
      'Riverside stroke unit cohort',
    );
    await node.app.inject({
      method: 'POST',
      url: `/api/catalogue/datasets/${dataset.id}/submit`,
      headers: holder,
    });
    await node.app.inject({
      method: 'POST',
      url: `/api/catalogue/datasets/${dataset.id}/publish`,
      headers: officer,
    });
    const v1 = await node.app.inject({
      method: 'GET',
      url: `/api/catalogue/datasets/${dataset.id}/versions/1`,
    });
    expect(v1.json<{ dataset: { record: DatasetRecord } }>().dataset.record.title.en).toBe(
      'Riverside stroke unit cohort',
    );
    const latest = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${dataset.id}` });
    expect(latest.json<{ dataset: { version: number; versions: unknown[] } }>().dataset).toMatchObject({
      version: 2,
    });
    const { events } = await node.audit.list({
      action: 'catalogue.dataset.',
      targetId: dataset.id,
      limit: 20,
    });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'catalogue.dataset.create',
        'catalogue.dataset.submit',
        'catalogue.dataset.publish',
      ]),
    );
  });

  it('blocks submission while mandatory shapes fail, naming each on its field', async () => {
    const demo = (await search('q=breast')).results[0]!;
    const view = await node.app.inject({ method: 'GET', url: `/api/catalogue/datasets/${demo.id}` });
    const record = view.json<{ dataset: { record: DatasetRecord } }>().dataset.record;
    const { hdab: _hdab, ...withoutHdab } = record;
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/datasets',
      headers: holder,
      payload: { record: { ...withoutHdab, identifier: 'TEST-NO-HDAB' } },
    });
    expect(created.statusCode).toBe(201);
    const { dataset, findings } = created.json<{ dataset: Summary; findings: Finding[] }>();
    expect(findings.some((f) => f.severity === 'violation' && f.field === 'hdab')).toBe(true);
    const submit = await node.app.inject({
      method: 'POST',
      url: `/api/catalogue/datasets/${dataset.id}/submit`,
      headers: holder,
    });
    expect(submit.statusCode).toBe(409);
    expect(submit.json()).toMatchObject({ code: 'catalogue.violations' });
  });

  it('refuses wrong datatypes in the JSON API with the property named', async () => {
    const r = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/datasets',
      headers: holder,
      payload: {
        record: {
          identifier: 'X',
          title: { en: 'X' },
          description: { en: 'X' },
          accessRights: 'PUBLIC',
          numberOfRecords: -5,
          issued: 'last spring',
        },
      },
    });
    expect(r.statusCode).toBe(400);
    const paths = r.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body/record/numberOfRecords', 'body/record/issued']));
  });

  it('serves the catalogue and each dataset as DCAT in three formats, and the page to browsers', async () => {
    const id = (await search('')).results[0]!.id;
    const turtle = await node.app.inject({
      method: 'GET',
      url: `/catalogue/datasets/${id}`,
      headers: { accept: 'text/turtle' },
    });
    expect(turtle.headers['content-type']).toContain('text/turtle');
    expect(turtle.body).toContain('dcat:Dataset');
    const jsonld = await node.app.inject({ method: 'GET', url: `/catalogue/datasets/${id}?format=jsonld` });
    expect(jsonld.headers['content-type']).toContain('application/ld+json');
    expect(() => JSON.parse(jsonld.body) as unknown).not.toThrow();
    const rdfxml = await node.app.inject({
      method: 'GET',
      url: `/catalogue/datasets/${id}`,
      headers: { accept: 'application/rdf+xml' },
    });
    expect(rdfxml.body).toContain('<rdf:RDF');
    const html = await node.app.inject({
      method: 'GET',
      url: `/catalogue/datasets/${id}`,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(html.headers['content-type']).not.toContain('turtle');
    const paged = await node.app.inject({
      method: 'GET',
      url: '/catalogue?page=1&pageSize=2',
      headers: { accept: 'text/turtle' },
    });
    expect(paged.body).toContain('hydra:next');
    expect(paged.body).toContain('dcat:Catalog');
  });

  it('exports the whole catalogue in each format as one document holding every published dataset', async () => {
    const { quads: expected } = await node.catalogue.service.catalogueQuads(null);
    const published = (await search('')).total;
    for (const format of ['turtle', 'jsonld', 'rdfxml'] as const) {
      const r = await node.app.inject({ method: 'GET', url: `/catalogue?format=${format}` });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      const parsed = await parseRdf(r.body, format, node.catalogue.service.catalogueIri());
      if (!parsed.ok) throw parsed.error;
      const datasets = parsed.quads.filter(
        (q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset',
      ).length;
      expect(datasets, format).toBe(published);
      expect(isomorphic([...parsed.quads], expected), `${format} export equals the stored graphs`).toBe(true);
    }
  });

  it('refuses a document with wrong values, unknown terms and no HDAB, naming each, and saves nothing', async () => {
    const mine = async () =>
      (await node.app.inject({ method: 'GET', url: '/api/catalogue/mine', headers: holder })).json<{
        datasets: unknown[];
      }>().datasets.length;
    const before = await mine();
    const example = readFileSync(
      path.resolve('../shared/data/healthdcat-ap-r8/examples/example-healthdcat-dataset.ttl'),
      'utf8',
    );
    const bad = example
      .replace(/healthdcatap:numberOfRecords "\d+"/, 'healthdcatap:numberOfRecords "-5"')
      .replace('dct:issued "2024-01-15"^^xsd:date', 'dct:issued "2023-02-30"^^xsd:date')
      .replace('data-theme/HEAL>', 'data-theme/NOT-A-THEME>')
      .replace(/\n\s*healthdcatap:hdab ex:hdab-agent ;/, '');
    const r = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/import',
      headers: { ...holder, 'content-type': 'text/turtle' },
      payload: bad,
    });
    expect(r.statusCode, r.body).toBe(400);
    const problem = r.json<{ code: string; errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe('catalogue.import_violations');
    const lines = problem.errors.map((e) => `${e.path}: ${e.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/numberOfRecords = -5: .*nonNegativeInteger/),
        expect.stringMatching(/issued = 2023-02-30: .*not a calendar date/),
        expect.stringMatching(/NOT-A-THEME/),
        expect.stringMatching(/hdab: .*healthdcatap:hdab/),
      ]),
    );
    expect(await mine()).toBe(before);

    // Asked to, the same document becomes a draft that shows what is left to fix.
    const kept = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/import?keepIncomplete=true',
      headers: { ...holder, 'content-type': 'text/turtle' },
      payload: bad.replaceAll('dataset-oncology-ehrs-2024', 'dataset-oncology-ehrs-2024-draft'),
    });
    expect(kept.statusCode, kept.body).toBe(201);
    const result = kept.json<{
      datasets: { id: string }[];
      findings: Record<string, { severity: string }[]>;
    }>();
    expect(
      result.findings[result.datasets[0]!.id]!.filter((f) => f.severity === 'violation').length,
    ).toBeGreaterThan(3);
    expect(await mine()).toBe(before + 1);
  });

  it('refuses a 50 MB upload before reading it, and saves nothing', async () => {
    const r = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/import',
      headers: { ...holder, 'content-type': 'text/turtle' },
      payload: `# ${'x'.repeat(50 * 1024 * 1024)}\n`,
    });
    expect(r.statusCode).toBe(413);
    expect(r.json<{ code: string }>().code).toBe('request.too_large');
  });

  it('imports a broken Turtle document with the line and column of the fault, and saves nothing', async () => {
    const before = (
      await node.app.inject({ method: 'GET', url: '/api/catalogue/mine', headers: holder })
    ).json<{ datasets: unknown[] }>().datasets.length;
    const r = await node.app.inject({
      method: 'POST',
      url: '/api/catalogue/import',
      headers: { ...holder, 'content-type': 'text/turtle' },
      payload:
        '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<urn:x> a dcat:Dataset ;\n  dcat:keyword "unterminated .\n',
    });
    expect(r.statusCode).toBe(400);
    const problem = r.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('rdf.syntax');
    expect(problem.errors[0]?.path).toMatch(/line \d+/);
    const after = (
      await node.app.inject({ method: 'GET', url: '/api/catalogue/mine', headers: holder })
    ).json<{ datasets: unknown[] }>().datasets.length;
    expect(after).toBe(before);
  });
});
