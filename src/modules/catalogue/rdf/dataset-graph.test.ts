import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { describe, expect, it } from 'vitest';
import { datasetGraphs, isSkolemIri, skolemise } from './dataset-graph.js';
import { parseRdf } from './formats.js';
import { graphFromRecord, splitDatasetGraph } from './record-mapping.js';

const base = 'https://salus.example/catalogue/import/';

const parse = async (turtle: string): Promise<readonly Quad[]> => {
  const result = await parseRdf(turtle, 'turtle', base);
  if (!result.ok) throw result.error;
  return result.quads;
};

// A harvested catalogue: two datasets sharing their HDAB, one derived from the other.
const catalogue = `
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
@prefix ex: <https://holder.example/> .

ex:catalogue a dcat:Catalog ; dct:title "Catalogue"@en ; dcat:dataset ex:registry, ex:ehr .

ex:registry a dcat:Dataset ;
  dct:title "Registry"@en ;
  dct:source ex:ehr ;
  healthdcatap:hdab ex:hdab ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01" ] .

ex:ehr a dcat:Dataset ;
  dct:title "EHR"@en ;
  healthdcatap:hdab ex:hdab ;
  dcat:distribution ex:ehr-csv .

ex:ehr-csv a dcat:Distribution ; dcat:accessURL <https://holder.example/apply> .
ex:hdab a foaf:Agent ; foaf:name "HDAB"@en .
ex:elsewhere a foaf:Document .
`;

describe('datasetGraphs', () => {
  it('gives each dataset its own graph, stopping at the other catalogue entries', async () => {
    const graphs = datasetGraphs(await parse(catalogue));
    expect(graphs.map((g) => g.iri)).toEqual([
      'https://holder.example/registry',
      'https://holder.example/ehr',
    ]);

    const [registry, ehr] = graphs;
    const subjects = (quads: readonly Quad[]) => new Set(quads.map((q) => q.subject.value));
    // The registry keeps its link to the EHR dataset and that it is a dataset, not its description.
    expect(registry?.quads.some((q) => q.predicate.value.endsWith('/source'))).toBe(true);
    const ehrInRegistry =
      registry?.quads.filter((q) => q.subject.value === 'https://holder.example/ehr') ?? [];
    expect(ehrInRegistry.map((q) => q.predicate.value)).toEqual([
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type',
    ]);
    expect(subjects(registry?.quads ?? [])).not.toContain('https://holder.example/ehr-csv');
    // Both describe the shared HDAB; neither the catalogue nor the unrelated document.
    for (const graph of graphs) {
      expect(subjects(graph.quads)).toContain('https://holder.example/hdab');
      expect(subjects(graph.quads)).not.toContain('https://holder.example/catalogue');
      expect(subjects(graph.quads)).not.toContain('https://holder.example/elsewhere');
    }
    expect(subjects(ehr?.quads ?? [])).toContain('https://holder.example/ehr-csv');
  });

  it('ignores datasets that are only referred to', async () => {
    const quads = await parse('<https://a.example/d> a <http://www.w3.org/ns/dcat#Dataset> .');
    expect(datasetGraphs(quads)).toEqual([]);
  });

  it('skolemises blank nodes under the node base, one IRI per blank node', async () => {
    const quads = await parse(catalogue);
    const [registry] = datasetGraphs(quads, { skolemBase: 'https://salus.example/' });
    const period = registry?.quads.find((q) => q.predicate.value.endsWith('/temporal'))?.object;
    expect(period?.termType).toBe('NamedNode');
    expect(period?.value).toMatch(/^https:\/\/salus\.example\/\.well-known\/genid\/[0-9a-f-]{36}$/);
    expect(isSkolemIri(period?.value ?? '')).toBe(true);
    expect(registry?.quads.filter((q) => q.subject.equals(period ?? null))).toHaveLength(2);
    expect(skolemise(quads, 'https://salus.example').every((q) => q.subject.termType !== 'BlankNode')).toBe(
      true,
    );
  });

  // With its access rights typed as the range asks: the writer adds both when a graph lacks them.
  it('round-trips a dataset whose nodes are blank, skolemised or not', async () => {
    const turtle = `
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix cv: <http://data.europa.eu/m8g/> .
      @prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
      [] a dcat:Dataset ; dct:title "Blank"@en ;
        dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
        healthdcatap:hdab [ a foaf:Agent ; foaf:name "HDAB"@en ; foaf:homepage <https://hdab.example/> ;
                            cv:contactPoint [ a cv:ContactPoint ; cv:email "hdab@hdab.example" ] ] ;
        dct:provenance [ a dct:ProvenanceStatement ; <http://www.w3.org/2000/01/rdf-schema#label> "From the EHR"@en ;
                         dct:source <https://ehr.example/> ] ;
        dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://a.example/> ; dcat:compressFormat <http://www.iana.org/assignments/media-types/application/gzip> ] .
      <http://publications.europa.eu/resource/authority/access-right/PUBLIC> a dct:RightsStatement .`;
    const quads = await parse(turtle);
    for (const options of [{}, { skolemBase: 'https://salus.example' }]) {
      const [graph] = datasetGraphs(quads, options);
      if (!graph) throw new Error('no dataset');
      const { record, kept } = splitDatasetGraph(graph.iri, graph.quads);
      expect(kept.length).toBeGreaterThan(0);
      expect(isomorphic(graphFromRecord(record, kept), [...graph.quads])).toBe(true);
    }
  });
});
