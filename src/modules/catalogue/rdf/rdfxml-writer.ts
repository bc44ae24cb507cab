import type { Quad, Term } from '@rdfjs/types';
import { AppError } from '../../../platform/errors/index.js';
import { prefixes, xsd } from './namespaces.js';

/**
 * A small RDF/XML writer: one flat `rdf:Description` per subject, which is valid RDF/XML and what the
 * official validator and harvesters read. No npm package we trust writes RDF/XML from RDF/JS quads, and
 * the format needs little: namespace declarations, escaping, and QNames for predicates.
 */

export const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

export const escapeAttribute = (text: string): string =>
  escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

// An XML local name: what may follow the prefix in a QName (ASCII subset plus any non-ASCII letter).
const ncNameTail = /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*$/;

export const splitPredicate = (iri: string): { namespace: string; local: string } | undefined => {
  const match = ncNameTail.exec(iri);
  if (!match) return undefined;
  const local = match[0];
  return { namespace: iri.slice(0, iri.length - local.length), local };
};

export const nodeAttribute = (term: Term, role: 'about' | 'resource'): string => {
  if (term.termType === 'BlankNode') return `rdf:nodeID="${escapeAttribute(safeNodeId(term.value))}"`;
  return `rdf:${role}="${escapeAttribute(term.value)}"`;
};

// rdf:nodeID must be an XML name; n3 labels such as `n3-0` or `b0_x` are, others we make so.
const safeNodeId = (label: string): string => {
  const cleaned = label.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `b${cleaned}`;
};

export const writeRdfXml = (quads: readonly Quad[]): string => {
  const namespaces = new Map<string, string>(Object.entries(prefixes).map(([p, iri]) => [iri, p]));
  const used = new Map<string, string>([[prefixes.rdf, 'rdf']]);
  const qname = (iri: string): string => {
    const parts = splitPredicate(iri);
    if (!parts) {
      throw new AppError(
        'invalid',
        'rdf.unserialisable',
        `The property <${iri}> cannot be written as RDF/XML (its IRI does not end with an XML name); use Turtle or JSON-LD.`,
      );
    }
    let prefix = used.get(parts.namespace) ?? namespaces.get(parts.namespace);
    if (prefix === undefined) prefix = `ns${used.size}`;
    used.set(parts.namespace, prefix);
    return `${prefix}:${parts.local}`;
  };

  const bySubject = new Map<string, { subject: Term; quads: Quad[] }>();
  for (const quad of quads) {
    const key = `${quad.subject.termType}:${quad.subject.value}`;
    const entry = bySubject.get(key) ?? { subject: quad.subject, quads: [] };
    entry.quads.push(quad);
    bySubject.set(key, entry);
  }

  const body: string[] = [];
  for (const { subject, quads: subjectQuads } of bySubject.values()) {
    body.push(`  <rdf:Description ${nodeAttribute(subject, 'about')}>`);
    for (const quad of subjectQuads) {
      const element = qname(quad.predicate.value);
      const object = quad.object;
      if (object.termType === 'Literal') {
        let attributes = '';
        if (object.language) attributes = ` xml:lang="${escapeAttribute(object.language)}"`;
        else if (object.datatype.value !== xsd('string')) {
          attributes = ` rdf:datatype="${escapeAttribute(object.datatype.value)}"`;
        }
        body.push(`    <${element}${attributes}>${escapeText(object.value)}</${element}>`);
      } else {
        body.push(`    <${element} ${nodeAttribute(object, 'resource')}/>`);
      }
    }
    body.push('  </rdf:Description>');
  }

  const declarations = [...used.entries()]
    .map(([iri, prefix]) => `    xmlns:${prefix}="${escapeAttribute(iri)}"`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n${declarations}>\n${body.join('\n')}\n</rdf:RDF>\n`;
};
