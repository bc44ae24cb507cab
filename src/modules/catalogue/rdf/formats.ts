import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Parser, Writer } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { AppError } from '../../../platform/errors/index.js';
import { localDocumentLoader, type JsonLdContexts } from './jsonld-contexts.js';
import { prefixes, rdfType, dcat } from './namespaces.js';
import { writeRdfXml } from './rdfxml-writer.js';
import { jsonLdError, jsonSyntaxError, rdfXmlSyntaxError, turtleSyntaxError } from './syntax-errors.js';

/**
 * Reading and writing dataset descriptions in the three syntaxes HealthData@EU exchanges: Turtle,
 * JSON-LD and RDF/XML. Parsing is all-or-nothing and its failures are values (an AppError the HTTP layer
 * can throw as it is), because a bad upload is an expected outcome, not a bug.
 */

export type RdfFormat = 'turtle' | 'jsonld' | 'rdfxml';

export const rdfFormats: readonly RdfFormat[] = ['turtle', 'jsonld', 'rdfxml'];

export const mediaTypeOf: Readonly<Record<RdfFormat, string>> = {
  turtle: 'text/turtle',
  jsonld: 'application/ld+json',
  rdfxml: 'application/rdf+xml',
};

export type ParseResult =
  { readonly ok: true; readonly quads: readonly Quad[] } | { readonly ok: false; readonly error: AppError };

export interface ParseOptions {
  /** Refuse documents larger than this many bytes (UTF-8) before parsing. Default 10 MiB. */
  readonly maxBytes?: number;
  /** JSON-LD contexts held locally, by the URL documents name them with. None by default. */
  readonly jsonLdContexts?: JsonLdContexts;
}

export const defaultMaxBytes = 10 * 1024 * 1024;

/**
 * The size guard, on its own so the HTTP layer can apply it to a Content-Length before reading a body.
 * Returns the refusal, or undefined when the size is fine.
 */
export const sizeRefusal = (byteLength: number, maxBytes: number = defaultMaxBytes): AppError | undefined =>
  byteLength > maxBytes
    ? new AppError(
        'too_large',
        'rdf.too_large',
        `The document is ${byteLength} bytes; this node accepts dataset descriptions of at most ${maxBytes} bytes.`,
        [{ path: 'document', message: `larger than ${maxBytes} bytes` }],
      )
    : undefined;

// Catalogue documents are one graph: named graphs from JSON-LD are merged into the default graph.
const inDefaultGraph = (quads: readonly Quad[]): Quad[] =>
  quads.map((q) =>
    q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object),
  );

const parseTurtle = (text: string, baseIri: string): ParseResult => {
  try {
    const quads = new Parser({ baseIRI: baseIri, format: 'text/turtle' }).parse(text);
    return { ok: true, quads };
  } catch (error) {
    return { ok: false, error: turtleSyntaxError(error, text) };
  }
};

const parseRdfXml = (text: string, baseIri: string): Promise<ParseResult> =>
  new Promise((resolve) => {
    const quads: Quad[] = [];
    let settled = false;
    const parser = new RdfXmlParser({ baseIRI: baseIri, trackPosition: true });
    parser.on('data', (quad: Quad) => quads.push(quad));
    parser.on('error', (error: unknown) => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, error: rdfXmlSyntaxError(error) });
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, quads });
    });
    parser.write(text);
    parser.end();
  });

const parseJsonLd = async (
  text: string,
  baseIri: string,
  contexts?: JsonLdContexts,
): Promise<ParseResult> => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: jsonSyntaxError(error, text) };
  }
  try {
    // N-Quads as the hand-over format: jsonld.js writes it, n3 reads it, no term conversion of our own.
    const nquads = await jsonld.toRDF(document as jsonld.JsonLdDocument, {
      base: baseIri,
      format: 'application/n-quads',
      documentLoader: localDocumentLoader(contexts),
    });
    if (typeof nquads !== 'string') throw new Error('jsonld.js did not return N-Quads');
    return { ok: true, quads: inDefaultGraph(new Parser({ format: 'N-Quads' }).parse(nquads)) };
  } catch (error) {
    return { ok: false, error: jsonLdError(error) };
  }
};

export const parseRdf = async (
  text: string,
  format: RdfFormat,
  baseIri: string,
  options: ParseOptions = {},
): Promise<ParseResult> => {
  const refusal = sizeRefusal(Buffer.byteLength(text, 'utf8'), options.maxBytes);
  if (refusal) return { ok: false, error: refusal };
  switch (format) {
    case 'turtle':
      return parseTurtle(text, baseIri);
    case 'rdfxml':
      return parseRdfXml(text, baseIri);
    case 'jsonld':
      return parseJsonLd(text, baseIri, options.jsonLdContexts);
  }
};

/** The prefixes whose namespace some IRI of the quads starts with, so documents declare only what they use. */
const usedPrefixes = (quads: readonly Quad[]): Record<string, string> => {
  const iris = new Set<string>();
  for (const q of quads) {
    // Turtle and JSON-LD write rdf:type as `a` and `@type`: it needs no prefix.
    if (q.predicate.value !== rdfType) iris.add(q.predicate.value);
    for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode') iris.add(t.value);
    if (q.object.termType === 'Literal' && !q.object.language) iris.add(q.object.datatype.value);
  }
  const used: Record<string, string> = {};
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    for (const iri of iris) {
      if (iri.startsWith(namespace)) {
        used[prefix] = namespace;
        break;
      }
    }
  }
  return used;
};

/**
 * Reading order for people: datasets first, then every other subject in the order it first appears,
 * each subject's rdf:type first.
 */
export const readingOrder = (quads: readonly Quad[]): Quad[] => {
  const datasetKeys = new Set(
    quads
      .filter((q) => q.predicate.value === rdfType && q.object.value === dcat('Dataset'))
      .map((q) => `${q.subject.termType}:${q.subject.value}`),
  );
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    const group = groups.get(key) ?? [];
    group.push(q);
    groups.set(key, group);
  }
  const keys = [...groups.keys()];
  keys.sort((a, b) => Number(datasetKeys.has(b)) - Number(datasetKeys.has(a)));
  return keys.flatMap((key) => {
    const group = groups.get(key) ?? [];
    return [
      ...group.filter((q) => q.predicate.value === rdfType),
      ...group.filter((q) => q.predicate.value !== rdfType),
    ];
  });
};

export const writeWithN3 = (
  quads: readonly Quad[],
  format: 'Turtle' | 'N-Triples' | 'N-Quads',
  withPrefixes: Record<string, string>,
) =>
  new Promise<string>((resolve, reject) => {
    const writer = new Writer({ format, prefixes: withPrefixes });
    writer.addQuads([...quads]);
    writer.end((error: Error | null, result: string) => {
      if (error) reject(error);
      else resolve(result);
    });
  });

/**
 * N-Triples, the storage form of graphs and kept triples. Blank node labels are kept as they are on the
 * way back in (n3 would otherwise prefix them), so that stored kept triples still meet the `_:label`
 * identities a record carries.
 */
export const toNTriples = (quads: readonly Quad[]): Promise<string> =>
  writeWithN3(inDefaultGraph(quads), 'N-Triples', {});

export const fromNTriples = (text: string): Quad[] =>
  new Parser({ format: 'N-Triples', blankNodePrefix: '' }).parse(text);

export const serializeRdf = async (quads: readonly Quad[], format: RdfFormat): Promise<string> => {
  const ordered = readingOrder(inDefaultGraph(quads));
  switch (format) {
    case 'turtle':
      return writeWithN3(ordered, 'Turtle', usedPrefixes(ordered));
    case 'rdfxml':
      return writeRdfXml(ordered);
    case 'jsonld': {
      const nquads = await writeWithN3(ordered, 'N-Quads', {});
      const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
      const compacted = await jsonld.compact(expanded, usedPrefixes(ordered), {
        documentLoader: localDocumentLoader(),
      });
      return `${JSON.stringify(compacted, null, 2)}\n`;
    }
  }
};
