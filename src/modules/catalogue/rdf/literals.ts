import type { Literal, NamedNode, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { LangText } from '../record.js';
import { gsp, xsd } from './namespaces.js';

/**
 * The literal forms the record mapping reads and writes. Each reader accepts exactly the form its writer
 * produces, so that a value read from a graph is written back as the same triple; any other form stays
 * in the graph as an unmodelled triple instead of being silently rewritten.
 */

const literal = (value: string, languageOrDatatype?: string | NamedNode): Literal =>
  DataFactory.literal(value, languageOrDatatype);
const namedNode = (iri: string): NamedNode => DataFactory.namedNode(iri);

const isPlainString = (term: Term): term is Literal =>
  term.termType === 'Literal' && !term.language && term.datatype.value === xsd('string');

const isText = (term: Term): term is Literal =>
  term.termType === 'Literal' && (term.language !== '' || term.datatype.value === xsd('string'));

/** A text per language; an untagged string has the key ''. The first text of a language wins. */
export const readLangText = (terms: readonly Term[]): LangText | undefined => {
  const text: Record<string, string> = {};
  for (const term of terms) {
    if (!isText(term) || term.language in text) continue;
    text[term.language] = term.value;
  }
  return Object.keys(text).length > 0 ? text : undefined;
};

/** Each literal as its own LangText (keywords: one keyword per literal). */
export const readLangTexts = (terms: readonly Term[]): LangText[] =>
  terms.filter(isText).map((term) => ({ [term.language]: term.value }));

export const langLiterals = (text: LangText | undefined): Literal[] =>
  Object.entries(text ?? {})
    .filter(([, value]) => value !== '')
    .map(([language, value]) => (language ? literal(value, language) : literal(value)));

export const readString = (terms: readonly Term[]): string | undefined => terms.find(isPlainString)?.value;

export const readStrings = (terms: readonly Term[]): string[] =>
  terms.filter(isPlainString).map((t) => t.value);

export const stringLiteral = (value: string): Literal => literal(value);

/** The XSD type a date-like text is written with: the record keeps dates as text. */
export const dateDatatype = (value: string): string => {
  if (/^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(value)) return xsd('date');
  if (/^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(value))
    return xsd('dateTime');
  if (/^-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(value)) return xsd('gYearMonth');
  if (/^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$/.test(value)) return xsd('gYear');
  // Not a date: written as a date anyway, so that validation reports it on its field.
  return xsd('date');
};

export const dateLiteral = (value: string): Literal => literal(value, namedNode(dateDatatype(value)));

export const readDate = (terms: readonly Term[]): string | undefined =>
  terms.find((t) => t.termType === 'Literal' && t.datatype.value === dateDatatype(t.value))?.value;

const canonicalNumber = (term: Term, datatype: string): number | undefined => {
  if (term.termType !== 'Literal' || term.datatype.value !== datatype) return undefined;
  const value = Number(term.value);
  return term.value.trim() !== '' && String(value) === term.value ? value : undefined;
};

/** xsd:nonNegativeInteger, the type of HealthDCAT-AP counts and ages. A negative number is written as is. */
export const readCount = (terms: readonly Term[]): number | undefined => {
  for (const term of terms) {
    const value = canonicalNumber(term, xsd('nonNegativeInteger'));
    if (value !== undefined) return value;
  }
  return undefined;
};

export const countLiteral = (value: number): Literal =>
  literal(String(value), namedNode(xsd('nonNegativeInteger')));

/** xsd:decimal, the type DCAT-AP gives dcat:byteSize. */
export const readDecimal = (terms: readonly Term[]): number | undefined => {
  for (const term of terms) {
    const value = canonicalNumber(term, xsd('decimal'));
    if (value !== undefined) return value;
  }
  return undefined;
};

export const decimalLiteral = (value: number): Literal => literal(String(value), namedNode(xsd('decimal')));

export const readBoolean = (terms: readonly Term[]): boolean | undefined => {
  const term = terms.find(
    (t) =>
      t.termType === 'Literal' &&
      t.datatype.value === xsd('boolean') &&
      (t.value === 'true' || t.value === 'false'),
  );
  return term ? term.value === 'true' : undefined;
};

export const booleanLiteral = (value: boolean): Literal => literal(String(value), namedNode(xsd('boolean')));

export const readDuration = (terms: readonly Term[]): string | undefined =>
  terms.find((t) => t.termType === 'Literal' && t.datatype.value === xsd('duration'))?.value;

export const durationLiteral = (value: string): Literal => literal(value, namedNode(xsd('duration')));

export const readWkt = (terms: readonly Term[]): string | undefined =>
  terms.find((t) => t.termType === 'Literal' && t.datatype.value === gsp('wktLiteral'))?.value;

export const wktLiteral = (value: string): Literal => literal(value, namedNode(gsp('wktLiteral')));
