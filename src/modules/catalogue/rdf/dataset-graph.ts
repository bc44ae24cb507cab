import { randomUUID } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { dcat, rdfType } from './namespaces.js';
import { isNode, nodeId, termKey, type NodeTerm } from './terms.js';

/**
 * A document may describe several datasets (a harvested catalogue does). Salus keeps one graph per
 * dataset: the dataset node and everything the document says about the nodes reachable from it, up to
 * the next catalogue entry. Another dataset, series or catalogue it points at is its own entry: we keep
 * the link and that entry's rdf:type (so the class range of dct:source or dcat:inSeries can be checked)
 * but not its description.
 */

export interface DatasetGraph {
  /** The dataset's IRI (`_:label` for a blank node when the document was not skolemised). */
  readonly iri: string;
  readonly quads: readonly Quad[];
}

export interface DatasetGraphOptions {
  /**
   * Replace blank nodes with skolem IRIs `<skolemBase>/.well-known/genid/<uuid>` (RDF 1.1, 3.5) so that
   * stored graphs, their kept triples and their records agree on every node. Pass the node's base URL
   * whenever the graphs will be stored.
   */
  readonly skolemBase?: string;
}

const entryClasses = new Set([dcat('Dataset'), dcat('Catalog'), dcat('DatasetSeries')]);

export const skolemIri = (skolemBase: string): string =>
  `${skolemBase.replace(/\/+$/, '')}/.well-known/genid/${randomUUID()}`;

export const isSkolemIri = (iri: string): boolean => iri.includes('/.well-known/genid/');

/** Every blank node of the quads becomes one fresh skolem IRI (the same label, the same IRI). */
export const skolemise = (quads: readonly Quad[], skolemBase: string): Quad[] => {
  const minted = new Map<string, NodeTerm>();
  const replace = <T extends Term>(term: T): T | NodeTerm => {
    if (term.termType !== 'BlankNode') return term;
    let iri = minted.get(term.value);
    if (!iri) {
      iri = DataFactory.namedNode(skolemIri(skolemBase));
      minted.set(term.value, iri);
    }
    return iri;
  };
  return quads.map((q) => {
    if (q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode') return q;
    const subject = replace(q.subject);
    const object = replace(q.object);
    return DataFactory.quad(subject, q.predicate, object, q.graph);
  });
};

/** The subject index of a document, quads kept with their position so outputs follow document order. */
const indexBySubject = (quads: readonly Quad[]): Map<string, number[]> => {
  const index = new Map<string, number[]>();
  quads.forEach((q, i) => {
    const key = termKey(q.subject);
    const positions = index.get(key);
    if (positions) positions.push(i);
    else index.set(key, [i]);
  });
  return index;
};

const closure = (
  root: NodeTerm,
  quads: readonly Quad[],
  bySubject: ReadonlyMap<string, readonly number[]>,
  entries: ReadonlySet<string>,
): Quad[] => {
  const included = new Set<number>();
  const visited = new Set<string>([termKey(root)]);
  const queue: NodeTerm[] = [root];
  for (let node = queue.shift(); node; node = queue.shift()) {
    for (const i of bySubject.get(termKey(node)) ?? []) {
      const quad = quads[i];
      if (!quad) continue;
      included.add(i);
      const object = quad.object;
      if (quad.predicate.value === rdfType || !isNode(object)) continue;
      const key = termKey(object);
      if (visited.has(key)) continue;
      visited.add(key);
      if (entries.has(key)) {
        for (const j of bySubject.get(key) ?? []) if (quads[j]?.predicate.value === rdfType) included.add(j);
        continue;
      }
      if (bySubject.has(key)) queue.push(object);
    }
  }
  return [...included].sort((a, b) => a - b).flatMap((i) => quads[i] ?? []);
};

const entriesOf = (quads: readonly Quad[]): Set<string> => {
  const entries = new Set<string>();
  for (const q of quads) {
    if (q.predicate.value === rdfType && isNode(q.subject) && entryClasses.has(q.object.value)) {
      entries.add(termKey(q.subject));
    }
  }
  return entries;
};

/** The subgraph of one node of a document, with the same boundary as a dataset's (see the top). */
export const subgraphOf = (root: NodeTerm, quads: readonly Quad[]): Quad[] =>
  closure(root, quads, indexBySubject(quads), entriesOf(quads));

/**
 * Every dcat:Dataset the document describes (a node that is only typed, with nothing else said about it,
 * is a reference, not a description), each with its subgraph, in document order.
 */
export const datasetGraphs = (quads: readonly Quad[], options: DatasetGraphOptions = {}): DatasetGraph[] => {
  const document = options.skolemBase ? skolemise(quads, options.skolemBase) : [...quads];
  const bySubject = indexBySubject(document);
  const entries = entriesOf(document);
  const datasets = new Map<string, NodeTerm>();
  for (const q of document) {
    if (q.predicate.value !== rdfType || q.object.value !== dcat('Dataset') || !isNode(q.subject)) continue;
    const key = termKey(q.subject);
    if (datasets.has(key)) continue;
    const described = (bySubject.get(key) ?? []).some((i) => document[i]?.predicate.value !== rdfType);
    if (described) datasets.set(key, q.subject);
  }
  return [...datasets.values()].map((dataset) => ({
    iri: nodeId(dataset),
    quads: closure(dataset, document, bySubject, entries),
  }));
};
