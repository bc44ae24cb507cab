import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fromNTriples,
  parseRdf,
  serializeRdf,
  sizeRefusal,
  toNTriples,
  type ParseResult,
} from './formats.js';

const example = path.resolve('../shared/data/healthdcat-ap-r8/examples/example-healthdcat-dataset.ttl');
const base = 'https://salus.example/catalogue/import/';

const quadsOf = (result: ParseResult): readonly Quad[] => {
  if (!result.ok) throw result.error;
  return result.quads;
};

const failureOf = (result: ParseResult) => {
  if (result.ok) throw new Error('expected the document to be refused');
  return result.error;
};

describe('parseRdf and serializeRdf', () => {
  let exampleQuads: readonly Quad[];

  beforeAll(async () => {
    exampleQuads = quadsOf(await parseRdf(await readFile(example, 'utf8'), 'turtle', base));
  });

  it('reads the official example and writes it back in each syntax without losing a triple', async () => {
    expect(exampleQuads).toHaveLength(292);
    for (const format of ['turtle', 'jsonld', 'rdfxml'] as const) {
      const text = await serializeRdf(exampleQuads, format);
      const again = quadsOf(await parseRdf(text, format, base));
      expect(isomorphic([...again], [...exampleQuads]), format).toBe(true);
    }
  });

  it('writes the HealthDCAT-AP prefixes it uses, and only those', async () => {
    const turtle = await serializeRdf(exampleQuads, 'turtle');
    expect(turtle).toContain('@prefix healthdcatap: <http://healthdataportal.eu/ns/health#>');
    expect(turtle).toContain('@prefix cv: <http://data.europa.eu/m8g/>');
    expect(turtle).toContain('@prefix geodcatap: <http://data.europa.eu/930/>');
    expect(turtle).toContain('healthdcatap:healthCategory');
    expect(turtle).not.toContain('@prefix owl:');

    const jsonld = JSON.parse(await serializeRdf(exampleQuads, 'jsonld')) as {
      '@context': Record<string, string>;
    };
    expect(jsonld['@context'].dcat).toBe('http://www.w3.org/ns/dcat#');
    expect(jsonld['@context'].dpv).toBe('https://w3id.org/dpv#');

    const rdfxml = await serializeRdf(exampleQuads, 'rdfxml');
    expect(rdfxml).toContain('xmlns:dcatap="http://data.europa.eu/r5r/"');
    expect(rdfxml).toContain(
      '<healthdcatap:hasStructuredData rdf:datatype="http://www.w3.org/2001/XMLSchema#boolean">true</healthdcatap:hasStructuredData>',
    );
  });

  it('points at the line and column of a Turtle syntax error', async () => {
    const turtle = [
      '@prefix dct: <http://purl.org/dc/terms/> .',
      '',
      '<https://salus.example/datasets/a> dct:title "A"@en ;',
      '    dct:identifier "A-1" "A-2" .',
    ].join('\n');
    const error = failureOf(await parseRdf(turtle, 'turtle', base));
    expect(error.code).toBe('rdf.syntax');
    expect(error.kind).toBe('invalid');
    expect(error.errors[0]?.path).toBe('line 4, column 26');
    expect(error.message).toMatch(/^Turtle syntax error at line 4, column 26: /);
  });

  it('points at an unterminated IRI, which the lexer reports without a token', async () => {
    const turtle =
      '@prefix dct: <http://purl.org/dc/terms/> .\n<https://salus.example/a> dct:source <https://bad iri> .';
    const error = failureOf(await parseRdf(turtle, 'turtle', base));
    expect(error.errors[0]?.path).toBe('line 2, column 38');
  });

  it('points at the line and column of an RDF/XML error', async () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">',
      '  <rdf:Description rdf:about="https://salus.example/datasets/a">',
      '    <dct:title>A</dct:titel>',
      '  </rdf:Description>',
      '</rdf:RDF>',
    ].join('\n');
    const error = failureOf(await parseRdf(xml, 'rdfxml', base));
    expect(error.code).toBe('rdf.syntax');
    expect(error.errors[0]?.path).toMatch(/^line 4, column \d+$/);
  });

  it('says where JSON is broken, and refuses remote JSON-LD contexts instead of fetching them', async () => {
    const broken = failureOf(
      await parseRdf('{\n  "@id": "https://salus.example/a"\n  "dct:title": "A"\n}', 'jsonld', base),
    );
    expect(broken.errors[0]?.path).toBe('line 3, column 3');

    const remote = failureOf(
      await parseRdf(
        JSON.stringify({ '@context': 'https://schema.org/', '@id': 'https://salus.example/a', name: 'A' }),
        'jsonld',
        base,
      ),
    );
    expect(remote.code).toBe('rdf.syntax');
    expect(remote.message).toContain('remote JSON-LD context <https://schema.org/>');
    expect(remote.message).toContain('does not fetch');
  });

  it('resolves a context held locally', async () => {
    const contexts = new Map([
      ['https://salus.example/context.jsonld', { '@context': { title: 'http://purl.org/dc/terms/title' } }],
    ]);
    const doc = JSON.stringify({
      '@context': 'https://salus.example/context.jsonld',
      '@id': 'https://salus.example/a',
      title: 'A',
    });
    const quads = quadsOf(await parseRdf(doc, 'jsonld', base, { jsonLdContexts: contexts }));
    expect(quads.map((q) => q.predicate.value)).toEqual(['http://purl.org/dc/terms/title']);
  });

  it('refuses a document over the size limit before parsing it', async () => {
    const big = `# ${'x'.repeat(2_000)}\n<a> <b> <c .`; // broken too: size is checked first
    const error = failureOf(await parseRdf(big, 'turtle', base, { maxBytes: 1_000 }));
    expect(error.kind).toBe('too_large');
    expect(error.code).toBe('rdf.too_large');
    expect(sizeRefusal(10, 1_000)).toBeUndefined();
    expect(sizeRefusal(11 * 1024 * 1024)?.kind).toBe('too_large');
  });

  it('stores graphs as N-Triples and keeps blank node labels on the way back', async () => {
    const quads = quadsOf(
      await parseRdf(
        '<https://salus.example/a> <http://purl.org/dc/terms/temporal> [ <http://www.w3.org/ns/dcat#startDate> "2020" ] .',
        'turtle',
        base,
      ),
    );
    const again = fromNTriples(await toNTriples(quads));
    const node = (qs: readonly Quad[]) => qs.find((q) => q.predicate.value.endsWith('temporal'))?.object;
    expect(node(again)?.termType).toBe('BlankNode');
    expect(node(again)?.equals(node(quads) ?? null)).toBe(true);
    expect(again.every((q, i) => quads[i]?.equals(q))).toBe(true);
  });
});
