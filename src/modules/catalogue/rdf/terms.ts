import type { BaseQuad, BlankNode, NamedNode, Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';

/**
 * Node identities as plain strings, so records (JSON) can carry them: an IRI as itself, a blank node as
 * `_:label`. Blank nodes only appear this way before a graph is stored: stored graphs are skolemised.
 */

export type NodeTerm = NamedNode | BlankNode;

export const isNode = (term: Term): term is NodeTerm =>
  term.termType === 'NamedNode' || term.termType === 'BlankNode';

export const nodeId = (term: NodeTerm): string =>
  term.termType === 'BlankNode' ? `_:${term.value}` : term.value;

export const nodeTerm = (id: string): NodeTerm =>
  id.startsWith('_:') ? DataFactory.blankNode(id.slice(2)) : DataFactory.namedNode(id);

/** A key that tells any two terms apart (an IRI, a blank node and a literal with the same text differ). */
export const termKey = (term: Term): string => {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      return `"${term.value}"@${term.language}^^${term.datatype.value}`;
    case 'DefaultGraph':
      return '';
    case 'Variable':
      return `?${term.value}`;
    case 'Quad':
      return `<<${quadKey(term)}>>`;
  }
};

/** A key for a triple (the graph is ignored: a catalogue document is one graph). */
export const quadKey = (quad: BaseQuad): string =>
  `${termKey(quad.subject)} ${termKey(quad.predicate)} ${termKey(quad.object)}`;

/** Quads without repeats, in first-seen order. */
export const uniqueQuads = (quads: Iterable<Quad>): Quad[] => {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const quad of quads) {
    const key = quadKey(quad);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(quad);
  }
  return out;
};
