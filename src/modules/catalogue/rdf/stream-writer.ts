import type { Quad, Term } from '@rdfjs/types';
import { AppError } from '../../../platform/errors/index.js';
import type { RdfFormat } from './formats.js';
import { readingOrder, writeWithN3 } from './formats.js';
import { prefixes, rdfType, xsd } from './namespaces.js';
import { escapeAttribute, escapeText, nodeAttribute, splitPredicate } from './rdfxml-writer.js';

/**
 * Writes a large graph (the whole catalogue) piece by piece, one slice of datasets at a time, so memory and
 * latency follow the slice, not the catalogue. Each format gets a header declaring every known prefix, the
 * slices' bodies, and a footer; the concatenation is one valid document. Callers give each slice's blank
 * nodes labels that are unique across slices.
 */
export interface RdfStreamWriter {
  readonly header: string;
  /** A slice of the document: empty for no quads, otherwise ready to follow the header or a separator. */
  body(quads: readonly Quad[]): Promise<string>;
  /** What goes between two non-empty bodies. */
  readonly separator: string;
  readonly footer: string;
}

const prefixLines = /^(?:@prefix [^\n]*\n)+\n?/;

const turtleWriter = (): RdfStreamWriter => ({
  header: `${Object.entries(prefixes)
    .map(([p, iri]) => `@prefix ${p}: <${iri}>.`)
    .join('\n')}\n\n`,
  async body(quads) {
    if (quads.length === 0) return '';
    // n3 repeats the prefix declarations in every document it writes; the header already has them.
    const text = await writeWithN3(readingOrder(quads), 'Turtle', { ...prefixes });
    return `${text.replace(prefixLines, '')}\n`;
  },
  separator: '',
  footer: '',
});

const rdfXmlWriter = (): RdfStreamWriter => {
  const known = new Map<string, string>(Object.entries(prefixes).map(([p, iri]) => [iri, p]));
  return {
    header: `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n${[...known.entries()]
      .map(([iri, p]) => `    xmlns:${p}="${escapeAttribute(iri)}"`)
      .join('\n')}>\n`,
    async body(quads) {
      const lines: string[] = [];
      for (const group of bySubject(readingOrder(quads))) {
        // Namespaces the header does not declare are declared on the element that uses them.
        const local = new Map<string, string>();
        const element = (iri: string): string => {
          const parts = splitPredicate(iri);
          if (!parts) {
            throw new AppError(
              'invalid',
              'rdf.unserialisable',
              `The property <${iri}> cannot be written as RDF/XML (its IRI does not end with an XML name); use Turtle or JSON-LD.`,
            );
          }
          let prefix = known.get(parts.namespace) ?? local.get(parts.namespace);
          if (prefix === undefined) local.set(parts.namespace, (prefix = `ns${local.size + 1}`));
          return `${prefix}:${parts.local}`;
        };
        const inner: string[] = [];
        for (const quad of group.quads) {
          const name = element(quad.predicate.value);
          const object = quad.object;
          if (object.termType === 'Literal') {
            const attributes = object.language
              ? ` xml:lang="${escapeAttribute(object.language)}"`
              : object.datatype.value !== xsd('string')
                ? ` rdf:datatype="${escapeAttribute(object.datatype.value)}"`
                : '';
            inner.push(`    <${name}${attributes}>${escapeText(object.value)}</${name}>`);
          } else inner.push(`    <${name} ${nodeAttribute(object, 'resource')}/>`);
        }
        const declarations = [...local.entries()]
          .map(([iri, p]) => ` xmlns:${p}="${escapeAttribute(iri)}"`)
          .join('');
        lines.push(`  <rdf:Description ${nodeAttribute(group.subject, 'about')}${declarations}>`, ...inner);
        lines.push('  </rdf:Description>');
      }
      return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    },
    separator: '',
    footer: '</rdf:RDF>\n',
  };
};

const compactIri = (iri: string): string => {
  for (const [p, namespace] of Object.entries(prefixes)) {
    if (iri.startsWith(namespace)) {
      const local = iri.slice(namespace.length);
      if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(local)) return `${p}:${local}`;
    }
  }
  return iri;
};

const nodeId = (term: Term): string => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);

/**
 * JSON-LD in flattened form: a context of prefixes and a `@graph` of node objects, one per subject, with
 * values as value objects. It is what JSON-LD's own "from RDF" algorithm produces, written directly: the
 * general algorithm holds the whole graph in memory, which a catalogue of 10,000 datasets should not need.
 */
const jsonLdWriter = (): RdfStreamWriter => ({
  header: `{\n  "@context": ${JSON.stringify(prefixes)},\n  "@graph": [\n`,
  async body(quads) {
    const nodes: string[] = [];
    for (const group of bySubject(quads)) {
      const node: Record<string, unknown> = { '@id': nodeId(group.subject) };
      const types: string[] = [];
      for (const quad of group.quads) {
        const o = quad.object;
        if (quad.predicate.value === rdfType && o.termType === 'NamedNode') {
          types.push(compactIri(o.value));
          continue;
        }
        const key = compactIri(quad.predicate.value);
        const value =
          o.termType === 'Literal'
            ? o.language
              ? { '@value': o.value, '@language': o.language }
              : o.datatype.value === xsd('string')
                ? { '@value': o.value }
                : { '@value': o.value, '@type': o.datatype.value }
            : { '@id': nodeId(o) };
        const list = (node[key] ??= []) as unknown[];
        list.push(value);
      }
      if (types.length > 0) node['@type'] = types;
      nodes.push(`    ${JSON.stringify(node)}`);
    }
    if (nodes.length === 0) return '';
    return nodes.join(',\n');
  },
  separator: ',\n',
  footer: '\n  ]\n}\n',
});

function bySubject(quads: readonly Quad[]): { subject: Term; quads: Quad[] }[] {
  const groups = new Map<string, { subject: Term; quads: Quad[] }>();
  for (const quad of quads) {
    const key = `${quad.subject.termType}:${quad.subject.value}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { subject: quad.subject, quads: [] }));
    group.quads.push(quad);
  }
  return [...groups.values()];
}

export function rdfStreamWriter(format: RdfFormat): RdfStreamWriter {
  switch (format) {
    case 'turtle':
      return turtleWriter();
    case 'rdfxml':
      return rdfXmlWriter();
    case 'jsonld':
      return jsonLdWriter();
  }
}
