import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { builtinVocabularies, type BuiltinVocabularyName } from './builtin-vocabularies.js';
import { parseRdf } from './formats.js';
import { GraphIndex } from './graph-index.js';
import { readLangText } from './literals.js';
import { dct, rdfType, skos } from './namespaces.js';

/**
 * The controlled vocabularies of HealthDCAT-AP: the nine the Release 8 validator ships as RDF/XML
 * (validator/catalogue/*.rdf) and our subsets of the EU tables it does not ship (builtin-vocabularies.ts).
 * Forms read the concept lists; validation reads the triples, as the official validator loads the
 * vocabularies together with the data.
 */

export interface VocabularyConcept {
  readonly iri: string;
  /** The English preferred label (trimmed: some upstream labels end with a space). */
  readonly label: string;
}

export interface Vocabulary {
  readonly scheme: string;
  readonly concepts: readonly VocabularyConcept[];
}

export const shippedVocabularyFiles = {
  healthCategories: 'healthcategories.rdf',
  healthThemes: 'health-theme.rdf',
  codingSystems: 'coding-system.rdf',
  publisherTypes: 'publisher-type.rdf',
  healthActivities: 'health-activity.rdf',
  standards: 'standard.rdf',
  datasetTypes: 'dataset-types.rdf',
  distributionStatuses: 'distribution-status.rdf',
  frequencies: 'frequencies.rdf',
} as const;

export type VocabularyName = keyof typeof shippedVocabularyFiles | BuiltinVocabularyName;

export interface Vocabularies {
  readonly lists: Readonly<Record<VocabularyName, Vocabulary>>;
  /** Every vocabulary triple, shipped and built-in. */
  readonly quads: readonly Quad[];
  /** The English label of any concept of any list. */
  readonly labelOf: (iri: string) => string | undefined;
}

const deprecated = 'http://publications.europa.eu/ontology/authority/deprecated';

const conceptList = (quads: readonly Quad[]): Vocabulary => {
  const graph = new GraphIndex(quads);
  const concepts: VocabularyConcept[] = [];
  let scheme = '';
  for (const q of quads) {
    if (q.predicate.value !== rdfType || q.subject.termType !== 'NamedNode') continue;
    if (q.object.value === skos('ConceptScheme')) scheme = q.subject.value;
    if (q.object.value !== skos('Concept')) continue;
    if (graph.objects(q.subject, deprecated).some((t) => t.value === 'true')) continue;
    const labels = readLangText(graph.objects(q.subject, skos('prefLabel')));
    const label = (labels?.en ?? labels?.[''] ?? q.subject.value).trim();
    concepts.push({ iri: q.subject.value, label });
  }
  concepts.sort((a, b) => a.label.localeCompare(b.label, 'en'));
  return { scheme, concepts };
};

const iri = (value: string) => DataFactory.namedNode(value);

/** A built-in table as the SKOS triples an EU authority table has for the same concepts. */
const builtinQuads = (name: BuiltinVocabularyName): Quad[] => {
  const { scheme, title, base, concepts } = builtinVocabularies[name];
  const schemeNode = iri(scheme);
  const quads: Quad[] = [
    DataFactory.quad(schemeNode, iri(rdfType), iri(skos('ConceptScheme'))),
    DataFactory.quad(schemeNode, iri(dct('title')), DataFactory.literal(title, 'en')),
  ];
  for (const [code, label] of concepts) {
    const concept = iri(base + code);
    quads.push(
      DataFactory.quad(concept, iri(rdfType), iri(skos('Concept'))),
      DataFactory.quad(concept, iri(skos('inScheme')), schemeNode),
      DataFactory.quad(concept, iri(skos('prefLabel')), DataFactory.literal(label, 'en')),
    );
  }
  return quads;
};

const load = async (artefactsDir: string): Promise<Vocabularies> => {
  const lists: Partial<Record<VocabularyName, Vocabulary>> = {};
  const quads: Quad[] = [];
  for (const [name, file] of Object.entries(shippedVocabularyFiles)) {
    const location = path.join(artefactsDir, 'validator', 'catalogue', file);
    const parsed = await parseRdf(await readFile(location, 'utf8'), 'rdfxml', `file://${location}`, {
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    if (!parsed.ok) throw new Error(`${location}: ${parsed.error.message}`);
    lists[name as keyof typeof shippedVocabularyFiles] = conceptList(parsed.quads);
    quads.push(...parsed.quads);
  }
  for (const name of Object.keys(builtinVocabularies) as BuiltinVocabularyName[]) {
    const builtin = builtinQuads(name);
    lists[name] = conceptList(builtin);
    quads.push(...builtin);
  }
  const complete = lists as Record<VocabularyName, Vocabulary>;
  const labels = new Map<string, string>();
  for (const list of Object.values(complete)) for (const c of list.concepts) labels.set(c.iri, c.label);
  return { lists: complete, quads, labelOf: (iri) => labels.get(iri) };
};

// Loaded once per artefacts directory and process: the files do not change while a node runs.
const cache = new Map<string, Promise<Vocabularies>>();

/** The vocabularies of the HealthDCAT-AP artefacts directory (…/healthdcat-ap-r8), loaded once. */
export const loadVocabularies = (artefactsDir: string): Promise<Vocabularies> => {
  const key = path.resolve(artefactsDir);
  let loading = cache.get(key);
  if (!loading) {
    loading = load(key);
    cache.set(key, loading);
    // A failed load (a wrong path) must not stick: the next call tries again.
    loading.catch(() => cache.delete(key));
  }
  return loading;
};
