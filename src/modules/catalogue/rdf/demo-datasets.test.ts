import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetGraphs } from './dataset-graph.js';
import { demoDatasets } from './demo-datasets.js';
import { parseRdf, serializeRdf } from './formats.js';
import { graphFromRecord } from './record-mapping.js';
import { createCatalogueValidator } from './validate.js';

const artefactsDir = path.resolve('../shared/data/healthdcat-ap-r8');
const validator = createCatalogueValidator({ artefactsDir });
const base = 'https://demo.salus.example';
const organisations = {
  'National Health Data Access Body': 'org-hdab',
  'Riverside University Hospital': 'org-riverside',
  'Central Clinical Laboratory': 'org-lab',
  'National Health Insurance Fund': 'org-nhif',
};
const records = demoDatasets(base, organisations);

describe('demoDatasets', () => {
  it('describes the five datasets of the demo data holders, under the node base', () => {
    expect(records.map((r) => r.title.en)).toEqual([
      'Riverside University Hospital EHR extract',
      'Central Clinical Laboratory results',
      'National Health Insurance Fund claims and dispensations',
      'National type 2 diabetes registry',
      'National breast cancer registry',
    ]);
    expect(records.map((r) => r.accessRights)).toEqual([
      'NON_PUBLIC',
      'NON_PUBLIC',
      'NON_PUBLIC',
      'RESTRICTED',
      'PUBLIC',
    ]);
    expect(records.every((r) => r.iri.startsWith(`${base}/datasets/`))).toBe(true);
    expect(records.every((r) => r.hdab?.name.en === 'National Health Data Access Body')).toBe(true);
    expect(
      records.every((r) => r.applicableLegislation.includes('http://data.europa.eu/eli/reg/2025/327/oj')),
    ).toBe(true);
    const [ehr] = records;
    expect(ehr?.custodian?.name.en).toBe('Riverside University Hospital');
    expect(ehr?.custodian?.organisationId).toBe('org-riverside');
    expect(ehr?.custodian?.iri).toBe(`${base}/organisations/riverside-university-hospital`);
    // A holder the node has no organisation for is described all the same.
    expect(records[4]?.custodian?.organisationId).toBeUndefined();
    expect(demoDatasets(base).map((r) => r.iri)).toEqual(records.map((r) => r.iri));
    expect(ehr?.variableTables.map((t) => t.name)).toEqual([
      'person',
      'visit_occurrence',
      'condition_occurrence',
      'measurement',
      'drug_exposure',
    ]);
    const coded = ehr?.variableTables
      .flatMap((t) => t.variables)
      .flatMap((v) => (v.codingSystem ? [v.codingSystem.iri.replace(/.*\//, '')] : []));
    expect(new Set(coded)).toEqual(new Set(['OHDSI-VOCAB', 'SNOMED-CT', 'ICD-10', 'LOINC', 'UCUM', 'ATC']));
  });

  it('gives the same IRIs every time, so seeding twice is harmless', () => {
    expect(demoDatasets(base, organisations)).toEqual(records);
  });

  for (const record of records) {
    it(`${record.title.en} (${record.accessRights}) passes the mandatory and recommended shapes in every syntax`, async () => {
      const graph = graphFromRecord(record);
      for (const format of ['turtle', 'jsonld', 'rdfxml'] as const) {
        const parsed = await parseRdf(await serializeRdf(graph, format), format, `${base}/`);
        if (!parsed.ok) throw parsed.error;
        const described = datasetGraphs(parsed.quads).find((g) => g.iri === record.iri);
        expect(described?.quads).toHaveLength(graph.length);
        const findings = await validator.validateDataset(described?.quads ?? [], record.accessRights);
        expect(
          findings,
          `${format}: ${findings.map((f) => `${f.severity} ${f.field ?? f.path}: ${f.message}`).join('\n')}`,
        ).toEqual([]);
      }
    });
  }

  it('serves another country with its language and geometry', () => {
    const [ehr] = demoDatasets(base, organisations, { country: 'PRT' });
    expect(ehr?.languages.map((l) => l.iri.replace(/.*\//, ''))).toEqual(['ENG', 'POR']);
    expect(ehr?.spatial[0]?.iri).toBe('http://publications.europa.eu/resource/authority/country/PRT');
    expect(ehr?.spatialGeometry?.[0]?.centroid).toMatch(/^POINT\(-8/);
  });
});
