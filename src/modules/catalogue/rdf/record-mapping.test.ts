import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRecord } from '../record.js';
import { datasetGraphs, type DatasetGraph } from './dataset-graph.js';
import { demoDatasets } from './demo-datasets.js';
import { parseRdf } from './formats.js';
import { graphFromRecord, recordFromGraph, splitDatasetGraph, unmodelledQuads } from './record-mapping.js';
import { loadVocabularies } from './vocabularies.js';

const artefactsDir = path.resolve('../shared/data/healthdcat-ap-r8');
const example = 'https://healthdcat-ap.example.org/release-7/example/';

const organisations = {
  'National Health Data Access Body': 'org-hdab',
  'Riverside University Hospital': 'org-riverside',
  'Central Clinical Laboratory': 'org-lab',
  'National Health Insurance Fund': 'org-nhif',
};

describe('the record mapping, on the official example', () => {
  let graph: DatasetGraph;

  beforeAll(async () => {
    const text = await readFile(path.join(artefactsDir, 'examples/example-healthdcat-dataset.ttl'), 'utf8');
    const parsed = await parseRdf(text, 'turtle', example);
    if (!parsed.ok) throw parsed.error;
    const graphs = datasetGraphs(parsed.quads);
    expect(graphs).toHaveLength(1);
    graph = graphs[0] ?? { iri: '', quads: [] };
  });

  it('gives back a graph isomorphic to the dataset subgraph: record plus unmodelled triples', () => {
    const record = recordFromGraph(graph.iri, graph.quads);
    const kept = unmodelledQuads(graph.iri, graph.quads);
    const back = graphFromRecord(record, kept);
    expect(back).toHaveLength(graph.quads.length);
    expect(isomorphic(back, [...graph.quads])).toBe(true);
    // The record models most of it: what is kept is what HealthDCAT-AP has and the form does not edit.
    expect(kept.length).toBeLessThan(graph.quads.length / 3);
    const keptProperties = new Set(kept.map((q) => q.predicate.value.replace(/.*[#/]/, '')));
    for (const unmodelled of [
      'alternative',
      'hdabCoordinator',
      'wasGeneratedBy',
      'compressFormat',
      'propertyUrl',
    ]) {
      expect(keptProperties).toContain(unmodelled);
    }
  });

  it('reads the fields a form shows', async () => {
    const vocabularies = await loadVocabularies(artefactsDir);
    const record = recordFromGraph(graph.iri, graph.quads, { label: vocabularies.labelOf });
    expect(record.iri).toBe(`${example}dataset-oncology-ehrs-2024`);
    expect(record.identifier).toBe('EU-HDCA-R7-ONCOLOGY-EHRS-2024');
    expect(record.title).toEqual({ en: 'Cross-border oncology EHR cohort 2024' });
    expect(record.accessRights).toBe('NON_PUBLIC');
    expect(record.healthCategories).toEqual([
      {
        iri: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/EHRS',
        label: 'Electronic health data from EHRs',
      },
    ]);
    expect(record.healthThemes[0]?.iri).toMatch(/health-theme\/HEALTH_SYSTEMS$/);
    expect(record.codingSystems[0]?.label).toBe('Systematized Nomenclature of Medicine — Clinical Terms');
    expect(record.hdab?.name).toEqual({ en: 'Belgian Health Data Access Body' });
    expect(record.hdab?.contactPoint?.email).toBe('hdab-contact@example.org');
    expect(record.contactPoint).toMatchObject({
      email: 'oncology-dataset-support@example.org',
      url: 'https://healthdcat-ap.example.org/support/oncology-ehrs-2024',
    });
    expect(record.temporal).toMatchObject({ start: '2020-01-01', end: '2024-12-31' });
    expect(record.numberOfRecords).toBe(1_850_000);
    expect(record.minTypicalAge).toBe(18);
    expect(record.personalData.map((c) => c.iri)).toEqual([
      'https://w3id.org/dpv/dpv-pd#Age',
      'https://w3id.org/dpv/dpv-pd#Gender',
    ]);
    expect(record.purposes[0]?.en).toMatch(/^Secondary-use analysis for oncology/);
    expect(record.nodeIris?.['/purposes/0']).toBe(`${example}purpose-population-health-research`);
    expect(record.distributions.map((d) => d.format?.iri.replace(/.*\//, ''))).toEqual(['CSV', 'JSON']);
    expect(record.distributions[0]?.mediaType).toBe('text/csv');
    expect(record.samples).toHaveLength(1);
    expect(record.analytics).toHaveLength(1);
    expect(record.hasStructuredData).toBe(true);
    expect(record.variableGroup?.title).toEqual({ en: 'Oncology EHR cohort variables dictionary' });
    expect(record.variableTables).toHaveLength(1);
    expect(record.variableTables[0]?.variables.map((v) => [v.name, v.datatype])).toEqual([
      ['patientId', 'string'],
      ['encounterDate', 'dateTime'],
      ['primaryDiagnosisCode', 'string'],
      ['tumourStage', 'string'],
      ['vitalStatus', 'boolean'],
    ]);
    expect(record.variableTables[0]?.variables[2]?.description?.en).toMatch(/ICD-10/);
  });

  it('writes an edited record over the graph and keeps what the record does not model', () => {
    const { record, kept } = splitDatasetGraph(graph.iri, graph.quads);
    const edited: DatasetRecord = {
      ...record,
      title: { en: 'Oncology EHR cohort 2024', fr: 'Cohorte oncologique 2024' },
      distributions: record.distributions.slice(0, 1),
    };
    const back = graphFromRecord(edited, kept);
    const titles = back.filter((q) => q.subject.value === graph.iri && q.predicate.value.endsWith('/title'));
    expect(titles.map((q) => q.object.value).sort()).toEqual([
      'Cohorte oncologique 2024',
      'Oncology EHR cohort 2024',
    ]);
    // Unmodelled triples stay…
    expect(back.some((q) => q.predicate.value.endsWith('#hdabCoordinator'))).toBe(true);
    // …except those of a node no longer in the dataset: the removed FHIR distribution's details go too.
    expect(back.some((q) => q.subject.value === `${example}distribution-fhir-package`)).toBe(false);
  });
});

describe('the record mapping, on records built from scratch', () => {
  const records = demoDatasets('https://node.example', organisations);

  it('survives record → graph → record', () => {
    // organisationId is Salus's, not RDF's: the node says which agent IRIs are its organisations.
    const ids = new Map(
      records
        .flatMap((r) => [r.hdab, r.custodian])
        .flatMap((a) => (a?.iri && a.organisationId ? [[a.iri, a.organisationId] as const] : [])),
    );
    const organisationOf = (iri: string) => ids.get(iri);
    for (const record of records) {
      const again = recordFromGraph(record.iri, graphFromRecord(record), { organisationOf });
      const json = (r: DatasetRecord): unknown => JSON.parse(JSON.stringify(r));
      expect(json(again)).toEqual(json(record));
    }
  });

  it('keeps unmodelled triples on the nodes the record names, through an edit', () => {
    const [record] = records;
    if (!record?.hdab?.iri) throw new Error('no demo dataset');
    const homepage = DataFactory.quad(
      DataFactory.namedNode(record.hdab.iri),
      DataFactory.namedNode('http://xmlns.com/foaf/0.1/homepage'),
      DataFactory.namedNode('https://hdab.example/'),
    );
    const graph = [...graphFromRecord(record), homepage];
    const { record: read, kept } = splitDatasetGraph(record.iri, graph);
    expect(kept).toEqual([homepage]);
    const renamed: DatasetRecord = {
      ...read,
      hdab: { ...read.hdab, name: { en: 'Health Data Access Body' } },
    };
    const back = graphFromRecord(renamed, kept);
    expect(back.some((q) => q.equals(homepage))).toBe(true);
    expect(
      back
        .filter(
          (q) =>
            q.predicate.value === 'http://xmlns.com/foaf/0.1/name' && q.subject.value === record.hdab?.iri,
        )
        .map((q) => q.object.value),
    ).toEqual(['Health Data Access Body']);
  });
});
