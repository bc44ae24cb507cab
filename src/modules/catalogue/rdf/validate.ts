import type { Literal, Quad, Term } from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import { Validator, type ShaclFactory, type ShaclPathStep, type ShaclResult } from 'shacl-engine';
import type { AccessLevel } from '../record.js';
import { GraphIndex } from './graph-index.js';
import { IndexedGraph } from './indexed-graph.js';
import { dcat, dct, prefixes, rdfType, sh, skos } from './namespaces.js';
import { readRecord } from './record-reader.js';
import { fieldOf, type NodeLocation } from './record-fields.js';
import { loadShapesGraph, type ArtefactLocations, type ShapesGraph } from './shapes.js';
import { isNode, nodeId, nodeTerm, termKey } from './terms.js';
import { loadVocabularies } from './vocabularies.js';

/**
 * Validation of a dataset graph against the official HealthDCAT-AP Release 8 shapes of its access level,
 * as the HealthData@EU validator does it (see shapes.ts for what is loaded), with shacl-engine. Shapes are
 * compiled once per access level and reused; each validation builds a small data graph: the dataset's
 * quads plus the vocabulary triples about the IRIs it uses (the official validator merges whole
 * vocabularies into the data; only the triples about the IRIs a dataset uses can change its results).
 *
 * Findings are values. Findings about vocabulary nodes, and about other catalogue entries the dataset only
 * points at, are left out: they are not the author's to fix here.
 */

export type Severity = 'violation' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  /** The node the finding is about (`_:label` for a blank node). */
  readonly focusNode: string;
  /** The property IRI the shape constrains (`a | b` for alternatives, `^p` for inverse); '' for the node. */
  readonly path: string;
  /** The offending value: an IRI, or a literal's text. */
  readonly value?: string;
  readonly message: string;
  /** The node shape the failed constraint belongs to. */
  readonly shape: string;
  /** The file(s) defining that constraint, relative to the shared data folder. */
  readonly source: string;
  /** The SHACL constraint that failed: minCount, datatype, class, node, hasValue, … */
  readonly constraint: string;
  /** The DatasetRecord field, dotted (`title`, `hdab.contactPoint`, `distributions.0.accessUrl`). */
  readonly field?: string;
}

export interface ValidatorDescription {
  readonly loaded: readonly string[];
  readonly missing: readonly string[];
  readonly vocabularyImports: readonly string[];
}

export interface CatalogueValidator {
  validateDataset(quads: readonly Quad[], accessLevel: AccessLevel): Promise<Finding[]>;
  /** Which files the shapes of a level come from, and what the artefacts lack. */
  describe(accessLevel: AccessLevel): Promise<ValidatorDescription>;
}

const factory: ShaclFactory = {
  namedNode: (iri) => DataFactory.namedNode(iri),
  blankNode: (label) => DataFactory.blankNode(label),
  literal: (value, languageOrDatatype) => DataFactory.literal(value, languageOrDatatype),
  defaultGraph: () => DataFactory.defaultGraph(),
  quad: (s, p, o, g) => DataFactory.quad(s, p, o, g),
  dataset: (quads) => new Store(quads),
};

const severities: Readonly<Record<string, Severity>> = {
  [sh('Violation')]: 'violation',
  [sh('Warning')]: 'warning',
  [sh('Info')]: 'info',
};

const prefixed = (iri: string): string => {
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length)
      return `${prefix}:${iri.slice(namespace.length)}`;
  }
  return `<${iri}>`;
};

const termText = (term: Term): string => (isNode(term) ? nodeId(term) : term.value);

/** A value as a message shows it: an IRI in angle brackets, a text in quotes. */
const shownValue = (value: string): string => {
  if (value.startsWith('_:')) return 'a node without IRI';
  return /^[a-z][a-z0-9+.-]*:\S*$/i.test(value) && !value.includes(' ') ? `<${value}>` : `"${value}"`;
};

/** The first property a nested result is about, for results on a node as a whole. */
const nestedPath = (result: ShaclResult): string => {
  for (const nested of result.results) {
    const path = pathText(nested.path) || nestedPath(nested);
    if (path !== '') return path;
  }
  return '';
};

/** sh:MinCountConstraintComponent → minCount. */
const constraintName = (result: ShaclResult): string =>
  result.constraintComponent.value
    .replace(sh(''), '')
    .replace(/ConstraintComponent$/, '')
    .replace(/^./, (c) => c.toLowerCase());

const pathText = (steps: readonly ShaclPathStep[] | null | undefined): string =>
  (steps ?? [])
    .map((step) => {
      const predicates = step.predicates.map((p) => p.value).join(' | ');
      const inverse = step.start === 'object' ? '^' : '';
      const quantifier = { one: '', oneOrMore: '+', zeroOrMore: '*', zeroOrOne: '?' }[step.quantifier];
      return `${inverse}${predicates}${quantifier}`;
    })
    .join('/');

interface Compiled {
  readonly validator: Validator;
  readonly shapes: ShapesGraph;
  readonly index: GraphIndex;
  /** Messages of SPARQL constraints that check the whole graph has a dataset (graph-guard.ttl). */
  readonly guardMessages: readonly string[];
}

/** The constraint messages of the shapes, when the shape has none, in the words of the form. */
class Messages {
  constructor(private readonly index: GraphIndex) {}

  private param(shape: Term, name: string): Term | undefined {
    return this.index.objects(shape, sh(name))[0];
  }

  private shapeMessage(shape: Term): string | undefined {
    const messages = this.index
      .objects(shape, sh('message'))
      .filter((t): t is Literal => t.termType === 'Literal');
    return (messages.find((m) => m.language === 'en') ?? messages[0])?.value;
  }

  /** A restriction shape (`skos:inScheme` must have value X) reads as "not in vocabulary X". */
  private scheme(nodeShape: Term): string | undefined {
    for (const property of this.index.objects(nodeShape, sh('property'))) {
      const path = this.param(property, 'path');
      const value = this.param(property, 'hasValue');
      if (path?.value === skos('inScheme') && value) return value.value;
    }
    return undefined;
  }

  /**
   * A failed sh:node says only that the value does not fit its shape; the nested results say why (which
   * property of the distribution). Not needed when the nested shape has a message of its own or is a
   * vocabulary restriction, which already say what is wrong; nor for sh:or, whose nested results are the
   * alternatives, each failing in its own way.
   */
  explain(message: string, result: ShaclResult, constraint: string): string {
    const shape = result.shape.ptr.term;
    const target = shape && constraint === 'node' ? this.param(shape, 'node') : undefined;
    if (!target || this.shapeMessage(target) !== undefined || this.scheme(target) !== undefined)
      return message;
    const reasons = new Set<string>();
    const collect = (nested: readonly ShaclResult[]): void => {
      for (const r of nested) {
        if (r.results.length > 0) {
          collect(r.results);
          continue;
        }
        const severity = severities[r.severity.value];
        if (!severity) continue;
        const path = pathText(r.path);
        const nestedShape = r.shape.ptr.term;
        const focus = r.focusNode.term;
        if (path === skos('inScheme')) {
          // A vocabulary restriction deeper down: one reason, in words, instead of its two constraints.
          const scheme = nestedShape ? this.param(nestedShape, 'hasValue')?.value : undefined;
          if (scheme && focus) reasons.add(`${shownValue(termText(focus))} is not a concept of <${scheme}>`);
          continue;
        }
        const value = r.value?.term ? termText(r.value.term) : undefined;
        reasons.add(this.describe(r, constraintName(r), path, value, severity));
      }
    };
    collect(result.results);
    return reasons.size === 0 ? message : `${message} (${[...reasons].slice(0, 3).join('; ')})`;
  }

  describe(
    result: ShaclResult,
    constraint: string,
    path: string,
    value: string | undefined,
    severity: Severity,
  ): string {
    const own = result.shape.message.find((m) => m.language === 'en') ?? result.shape.message[0];
    if (own) return own.value;
    const shape = result.shape.ptr.term;
    const what = path === '' ? 'The value' : path.split(' | ').map(prefixed).join(' or ');
    const shown = value === undefined ? '' : shownValue(value);
    const param = (name: string): Term | undefined => (shape ? this.param(shape, name) : undefined);
    switch (constraint) {
      case 'minCount': {
        const n = Number(param('minCount')?.value ?? 1);
        const need = severity === 'violation' ? 'is required' : 'is recommended';
        return n <= 1 ? `${what} ${need}.` : `${what} needs at least ${n} values.`;
      }
      case 'maxCount':
        return `${what} may have at most ${param('maxCount')?.value ?? 1} value(s).`;
      case 'datatype':
        return `${what}: ${shown} is not a valid ${prefixed(param('datatype')?.value ?? '')}.`;
      case 'nodeKind': {
        const kinds: Record<string, string> = {
          [sh('IRI')]: 'an IRI',
          [sh('Literal')]: 'a literal (text, number or date)',
          [sh('BlankNodeOrIRI')]: 'a resource (an IRI or a node), not a literal',
          [sh('BlankNode')]: 'a blank node',
        };
        return `${what}: ${shown} must be ${kinds[param('nodeKind')?.value ?? ''] ?? 'another kind of term'}.`;
      }
      case 'class':
        return `${what}: ${shown} must be a ${prefixed(param('class')?.value ?? '')}.`;
      case 'hasValue':
        return `${what} must include ${prefixed(param('hasValue')?.value ?? '')}.`;
      case 'node': {
        const target = param('node');
        const scheme = target ? this.scheme(target) : undefined;
        if (scheme) return `${what}: ${shown} is not a concept of the vocabulary <${scheme}>.`;
        const message = target ? this.shapeMessage(target) : undefined;
        if (message) return `${what}: ${shown}: ${message}`;
        return `${what}: ${shown} does not conform to ${target ? prefixed(target.value).replace(/^<.*#/, '').replace(/>$/, '') : 'its shape'}.`;
      }
      case 'pattern':
        return `${what}: ${shown} does not match the pattern ${param('pattern')?.value ?? ''}.`;
      case 'or':
        return `${what}: ${shown} matches none of the allowed alternatives.`;
      default: {
        const engine = result.message[0]?.value;
        return `${what}: ${engine ?? `fails the ${constraint} constraint`}.`;
      }
    }
  }
}

const describedEntries = (
  quads: readonly Quad[],
): { subjects: Set<string>; stubs: Set<string>; datasets: string[] } => {
  const subjects = new Set<string>();
  const described = new Set<string>();
  const entries = new Set<string>();
  const datasets: string[] = [];
  const entryClasses = new Set([dcat('Dataset'), dcat('Catalog'), dcat('DatasetSeries')]);
  for (const q of quads) {
    const key = termKey(q.subject);
    subjects.add(key);
    if (q.predicate.value !== rdfType) described.add(key);
    else if (entryClasses.has(q.object.value)) {
      entries.add(key);
      if (q.object.value === dcat('Dataset') && isNode(q.subject)) datasets.push(nodeId(q.subject));
    }
  }
  const stubs = new Set([...entries].filter((key) => !described.has(key)));
  return {
    subjects,
    stubs,
    datasets: [...new Set(datasets)].filter((d) => !stubs.has(termKey(nodeTerm(d)))),
  };
};

const xsdNs = 'http://www.w3.org/2001/XMLSchema#';
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const validDay = (y: string, m: string, d: string): boolean => {
  const month = Number(m);
  return month >= 1 && month <= 12 && Number(d) >= 1 && Number(d) <= daysIn(Number(y), month);
};

/** Why a typed literal's text is not a value of its XSD datatype, for the datatypes descriptions use. */
export const lexicalProblem = (value: string, datatype: string): string | undefined => {
  if (!datatype.startsWith(xsdNs)) return undefined;
  const zone = '(Z|[+-](?:0\\d|1[0-4]):[0-5]\\d)?';
  switch (datatype.slice(xsdNs.length)) {
    case 'date': {
      const m = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${zone}$`).exec(value);
      return m && validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '')
        ? undefined
        : 'is not a calendar date (YYYY-MM-DD)';
    }
    case 'dateTime': {
      const m = new RegExp(
        `^(-?\\d{4,})-(\\d{2})-(\\d{2})T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?${zone}$`,
      ).exec(value);
      return m && validDay(m[1] ?? '', m[2] ?? '', m[3] ?? '')
        ? undefined
        : 'is not a date and time (YYYY-MM-DDThh:mm:ss)';
    }
    case 'gYearMonth': {
      const m = new RegExp(`^-?\\d{4,}-(\\d{2})${zone}$`).exec(value);
      return m && Number(m[1]) >= 1 && Number(m[1]) <= 12 ? undefined : 'is not a year and month (YYYY-MM)';
    }
    case 'gYear':
      return new RegExp(`^-?\\d{4,}${zone}$`).test(value) ? undefined : 'is not a year (YYYY)';
    case 'integer':
      return /^[+-]?\d+$/.test(value) ? undefined : 'is not a whole number';
    case 'nonNegativeInteger':
      return /^\+?\d+$/.test(value) || /^-0+$/.test(value) ? undefined : 'is not a whole number of 0 or more';
    case 'decimal':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? undefined : 'is not a decimal number';
    case 'boolean':
      return /^(true|false|1|0)$/.test(value) ? undefined : 'is not true or false';
    default:
      return undefined;
  }
};

export const createCatalogueValidator = (locations: ArtefactLocations): CatalogueValidator => {
  const compiled = new Map<AccessLevel, Promise<Compiled>>();
  const vocabulary = loadVocabularies(locations.artefactsDir).then((v) => {
    // The vocabulary triples by subject, keeping only what a shape can read: rdf:type (sh:class),
    // skos:inScheme (the restriction shapes), one skos:prefLabel (a concept must have one) and a scheme's
    // dct:title (a scheme must have one). Definitions, notes and labels in 24 languages cannot change a
    // result, and would make up most of each data graph.
    const read = new Set([rdfType, skos('inScheme'), skos('prefLabel'), dct('title')]);
    const bySubject = new Map<string, Quad[]>();
    for (const q of v.quads) {
      if (!read.has(q.predicate.value)) continue;
      const key = termKey(q.subject);
      const list = bySubject.get(key) ?? [];
      if (
        q.predicate.value === skos('prefLabel') &&
        list.some((x) => x.predicate.value === skos('prefLabel'))
      )
        continue;
      list.push(q);
      bySubject.set(key, list);
    }
    return bySubject;
  });

  const compile = (level: AccessLevel): Promise<Compiled> => {
    let promise = compiled.get(level);
    if (!promise) {
      promise = loadShapesGraph(locations, level).then((shapes) => {
        const index = new GraphIndex(shapes.quads);
        // SPARQL-based constraints are not run by the engine (no SPARQL engine per validation); the only
        // ones the artefacts have are graph-guard.ttl's "the graph has a dcat:Dataset", checked below.
        const guardMessages = shapes.quads
          .filter((q) => q.predicate.value === sh('sparql'))
          .flatMap((q) => index.objects(q.object, sh('message')).map((m) => m.value));
        const engineQuads = shapes.quads.filter((q) => q.predicate.value !== sh('sparql'));
        const validator = new Validator(new IndexedGraph(engineQuads), { factory, details: true });
        return { validator, shapes, index, guardMessages };
      });
      compiled.set(level, promise);
    }
    return promise;
  };

  const dataGraph = (
    quads: readonly Quad[],
    bySubject: ReadonlyMap<string, readonly Quad[]>,
  ): IndexedGraph => {
    const store = new IndexedGraph();
    const seen = new Set<string>();
    const addVocabulary = (term: Term): void => {
      if (term.termType !== 'NamedNode') return;
      const key = termKey(term);
      if (seen.has(key)) return;
      seen.add(key);
      for (const q of bySubject.get(key) ?? []) {
        store.add(q);
        if (q.predicate.value === skos('inScheme')) addVocabulary(q.object);
      }
    };
    for (const q of quads) {
      store.add(q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
      addVocabulary(q.subject);
      addVocabulary(q.object);
    }
    return store;
  };

  const validateDataset = async (quads: readonly Quad[], accessLevel: AccessLevel): Promise<Finding[]> => {
    const [{ validator, shapes, index, guardMessages }, bySubject] = await Promise.all([
      compile(accessLevel),
      vocabulary,
    ]);
    const report = await validator.validate({ dataset: dataGraph(quads, bySubject) });
    const { subjects, stubs, datasets } = describedEntries(quads);
    const messages = new Messages(index);

    let locations: Map<string, NodeLocation> | undefined;
    const locate = (focus: Term): NodeLocation | undefined => {
      if (!locations) {
        locations = new Map();
        for (const dataset of datasets) {
          for (const [key, location] of readRecord(dataset, quads).locations)
            if (!locations.has(key)) locations.set(key, location);
        }
      }
      return locations.get(termKey(focus));
    };

    const findings: Finding[] = [];
    if (datasets.length === 0) {
      for (const message of guardMessages) {
        findings.push({
          severity: 'violation',
          focusNode: '',
          path: rdfType,
          message,
          shape: 'DatasetPresenceGuard',
          source: 'healthdcat-ap-r8/validator/shapes/graph-guard.ttl',
          constraint: 'sparql',
        });
      }
    }
    const seen = new Set<string>();
    for (const result of report.results) {
      const severity = severities[result.severity.value];
      const focus = result.focusNode.term;
      if (!severity || !focus) continue;
      const focusKey = termKey(focus);
      if (!subjects.has(focusKey) || stubs.has(focusKey)) continue;
      const path = pathText(result.path);
      const valueTerm = result.value?.term;
      const value = valueTerm ? termText(valueTerm) : undefined;
      const constraint = constraintName(result);
      const shapeTerm = result.shape.ptr.term;
      let owner = shapeTerm;
      while (owner && owner.termType === 'BlankNode' && shapes.parents.has(termKey(owner))) {
        owner = shapes.parents.get(termKey(owner));
      }
      const message = messages.explain(
        messages.describe(result, constraint, path, value, severity),
        result,
        constraint,
      );
      // A finding about a value that is itself a node of the record (the second distribution) belongs on
      // that node's field when it is inside the field the property maps to; otherwise on that field.
      const location = locate(focus);
      // A constraint on the node itself (an sh:or of properties) is about the properties it tests.
      const property = path === '' ? nestedPath(result) : path;
      const byProperty = location
        ? fieldOf(location, property.includes(' ') ? undefined : property)
        : undefined;
      const valueField = valueTerm && isNode(valueTerm) ? locate(valueTerm)?.field : undefined;
      const field =
        byProperty !== undefined && valueField?.startsWith(`${byProperty}.`) ? valueField : byProperty;
      const finding: Finding = {
        severity,
        focusNode: termText(focus),
        path,
        ...(value === undefined ? {} : { value }),
        message,
        shape: owner ? termText(owner) : '',
        source: (shapeTerm ? shapes.sources.get(termKey(shapeTerm)) : undefined)?.join(', ') ?? '',
        constraint,
        ...(field === undefined || field === '' ? {} : { field }),
      };
      const key = [severity, finding.focusNode, path, value, message].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    // SHACL's sh:datatype looks at the datatype IRI only; a value must also be what its type says.
    for (const q of quads) {
      const literal = q.object;
      if (literal.termType !== 'Literal') continue;
      const focusKey = termKey(q.subject);
      if (!subjects.has(focusKey) || stubs.has(focusKey)) continue;
      const problem = lexicalProblem(literal.value, literal.datatype.value);
      if (problem === undefined) continue;
      const focusNode = termText(q.subject);
      // The shapes may have said it already (a negative count breaks their datatype constraint too).
      if (
        findings.some(
          (f) =>
            f.severity === 'violation' &&
            f.focusNode === focusNode &&
            f.path === q.predicate.value &&
            f.value === literal.value,
        )
      )
        continue;
      const location = locate(q.subject);
      const field = location ? fieldOf(location, q.predicate.value) : undefined;
      findings.push({
        severity: 'violation',
        focusNode,
        path: q.predicate.value,
        value: literal.value,
        message: `${prefixed(q.predicate.value)}: "${literal.value}" ${problem}.`,
        shape: '',
        source: 'XML Schema datatypes',
        constraint: 'datatype',
        ...(field === undefined || field === '' ? {} : { field }),
      });
    }
    const rank: Readonly<Record<Severity, number>> = { violation: 0, warning: 1, info: 2 };
    return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  };

  return {
    validateDataset,
    describe: async (level) => {
      const { shapes } = await compile(level);
      return { loaded: shapes.loaded, missing: shapes.missing, vocabularyImports: shapes.vocabularyImports };
    },
  };
};
