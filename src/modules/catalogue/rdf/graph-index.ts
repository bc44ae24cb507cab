import type { Quad, Term } from '@rdfjs/types';
import { termKey } from './terms.js';

/**
 * Objects by subject and predicate, in document order (n3's Store orders by its own indexes, and the
 * record's lists should follow the order the author wrote).
 */
export class GraphIndex {
  private readonly index = new Map<string, Map<string, Term[]>>();

  constructor(quads: readonly Quad[]) {
    for (const quad of quads) {
      const subject = termKey(quad.subject);
      let byPredicate = this.index.get(subject);
      if (!byPredicate) {
        byPredicate = new Map();
        this.index.set(subject, byPredicate);
      }
      const objects = byPredicate.get(quad.predicate.value);
      if (objects) objects.push(quad.object);
      else byPredicate.set(quad.predicate.value, [quad.object]);
    }
  }

  objects(subject: Term, predicate: string): readonly Term[] {
    return this.index.get(termKey(subject))?.get(predicate) ?? [];
  }

  has(subject: Term): boolean {
    return this.index.has(termKey(subject));
  }
}
