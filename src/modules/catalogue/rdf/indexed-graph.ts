import type { Quad, Term } from '@rdfjs/types';
import { termKey } from './terms.js';

/**
 * A graph built for many small pattern lookups, as a SHACL engine makes them: quads indexed by subject,
 * object and predicate, a lookup answering with an array. Building and querying it costs a fraction of
 * an n3 Store, which matters because each validation builds one (the graph is one dataset, a few hundred
 * quads). Graph names are ignored: a catalogue graph is one graph.
 */
export class IndexedGraph {
  private readonly all: Quad[] = [];
  private readonly keys = new Set<string>();
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  private readonly byPredicate = new Map<string, Quad[]>();

  constructor(quads: Iterable<Quad> = []) {
    for (const quad of quads) this.add(quad);
  }

  get size(): number {
    return this.all.length;
  }

  add(quad: Quad): void {
    const subject = termKey(quad.subject);
    const object = termKey(quad.object);
    const key = `${subject} <${quad.predicate.value}> ${object}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.all.push(quad);
    push(this.bySubject, subject, quad);
    push(this.byObject, object, quad);
    push(this.byPredicate, quad.predicate.value, quad);
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null): Quad[] {
    let candidates: readonly Quad[];
    if (subject) candidates = this.bySubject.get(termKey(subject)) ?? [];
    else if (object) candidates = this.byObject.get(termKey(object)) ?? [];
    else if (predicate) return [...(this.byPredicate.get(predicate.value) ?? [])];
    else return [...this.all];
    return candidates.filter(
      (q) =>
        (!predicate || q.predicate.equals(predicate)) &&
        (!object || q.object.equals(object)) &&
        (!subject || q.subject.equals(subject)),
    );
  }
}

const push = (index: Map<string, Quad[]>, key: string, quad: Quad): void => {
  const list = index.get(key);
  if (list) list.push(quad);
  else index.set(key, [quad]);
};
