import type { Quad } from '@rdfjs/types';
import type { DatasetRecord } from '../record.js';
import { subgraphOf } from './dataset-graph.js';
import { readRecord, type ReadOptions } from './record-reader.js';
import { writeRecord } from './record-writer.js';
import { nodeTerm, quadKey, uniqueQuads } from './terms.js';

/**
 * The two-way mapping between a dataset's graph and the DatasetRecord the form edits.
 *
 * The graph stays the source of truth: the triples the record does not model ("kept") are stored beside
 * it and written back unchanged. Kept is defined as the graph minus what the record writes back, so the
 * round trip graph → record → graph gives the same graph whenever the graph already has the shape the
 * writer produces (types the profile's ranges ask for included); otherwise the writer's additions are the
 * only difference. Node identities travel in the record (`iri` fields and `nodeIris`), so kept triples
 * stay attached to their nodes.
 */

export const recordFromGraph = (
  datasetIri: string,
  quads: readonly Quad[],
  options: ReadOptions = {},
): DatasetRecord => readRecord(datasetIri, quads, options).record;

/** The triples of a dataset graph that its record does not model. */
export const unmodelledQuads = (
  datasetIri: string,
  quads: readonly Quad[],
  options: ReadOptions = {},
): Quad[] => {
  const written = new Set(writeRecord(recordFromGraph(datasetIri, quads, options)).map(quadKey));
  return uniqueQuads(quads.filter((q) => !written.has(quadKey(q))));
};

/** Both at once, as the catalogue stores them. */
export const splitDatasetGraph = (
  datasetIri: string,
  quads: readonly Quad[],
  options: ReadOptions = {},
): { readonly record: DatasetRecord; readonly kept: Quad[] } => {
  const record = recordFromGraph(datasetIri, quads, options);
  const written = new Set(writeRecord(record).map(quadKey));
  return { record, kept: uniqueQuads(quads.filter((q) => !written.has(quadKey(q)))) };
};

/**
 * The record written as triples, plus the kept triples; what is no longer reachable from the dataset
 * (the kept details of a distribution the user removed, say) is dropped.
 */
export const graphFromRecord = (record: DatasetRecord, keptQuads: readonly Quad[] = []): Quad[] =>
  subgraphOf(nodeTerm(record.iri), uniqueQuads([...writeRecord(record), ...keptQuads]));
