import type { Quad } from '@rdfjs/types';
import type { Finding } from './findings.js';
import type { AccessLevel, DatasetRecord } from './record.js';
import type { RdfStreamWriter } from './rdf/stream-writer.js';

export type RdfFormat = 'turtle' | 'jsonld' | 'rdfxml';

export const mediaTypeOf: Readonly<Record<RdfFormat, string>> = {
  turtle: 'text/turtle',
  jsonld: 'application/ld+json',
  rdfxml: 'application/rdf+xml',
};

/** What the catalogue needs of RDF: parsing, writing, the dataset graphs, the record mapping, SHACL. */
export interface CatalogueRdf {
  parse(text: string, format: RdfFormat, baseIri: string): Promise<Quad[]>;
  serialize(quads: readonly Quad[], format: RdfFormat): Promise<string>;
  /** A writer for one document written in slices (the whole catalogue). */
  streamWriter(format: RdfFormat): RdfStreamWriter;
  /** Every dcat:Dataset of a document, each with its own subgraph. */
  datasets(quads: readonly Quad[]): { iri: string; quads: Quad[] }[];
  toRecord(iri: string, quads: readonly Quad[]): { record: DatasetRecord; kept: Quad[] };
  toGraph(record: DatasetRecord, kept: readonly Quad[]): Quad[];
  validate(quads: readonly Quad[], level: AccessLevel): Promise<Finding[]>;
  /** N-Triples, to store graphs as text. */
  toNTriples(quads: readonly Quad[]): Promise<string>;
  fromNTriples(text: string): Quad[];
}
