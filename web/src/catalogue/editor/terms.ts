import type { Term, VocabularyName, Vocabularies } from '../types.js';

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

/** A vocabulary's terms in alphabetical order of their labels, as a person scans a list. */
export const termsOf = (vocabularies: Vocabularies, name: VocabularyName): readonly Term[] =>
  [...(vocabularies[name] ?? [])].sort((a, b) => collator.compare(a.label, b.label));

export const optionsOf = (vocabularies: Vocabularies, name: VocabularyName) =>
  termsOf(vocabularies, name).map((term) => ({ value: term.iri, label: term.label }));
