import { dct, dqv, foaf, oa, prov, rdfs, vcard } from './namespaces.js';

/**
 * The official validator preloads the ontologies HealthDCAT-AP reuses (imports/imports.ttl: DCAT, Dublin
 * Core, FOAF, vCard, PROV-O, DQV, …), which the Release 8 snapshot does not ship. SHACL uses them only
 * through rdfs:subClassOf: a foaf:Organization is a foaf:Agent for `sh:class foaf:Agent`. These are the
 * subclass axioms of those ontologies that bear on the HealthDCAT-AP shapes' classes. shacl-engine
 * resolves subclasses in the shapes graph, so they are added there. (DCAT's dcat:Catalog ⊂ dcat:Dataset is
 * left out on purpose: it would validate a catalogue as a dataset.)
 */
export const subclassAxioms: readonly (readonly [subclass: string, superclass: string])[] = [
  // FOAF
  [foaf('Person'), foaf('Agent')],
  [foaf('Organization'), foaf('Agent')],
  [foaf('Group'), foaf('Agent')],
  // vCard 4 ontology
  [vcard('Individual'), vcard('Kind')],
  [vcard('Organization'), vcard('Kind')],
  [vcard('Group'), vcard('Kind')],
  [vcard('Location'), vcard('Kind')],
  // Dublin Core terms
  [dct('LicenseDocument'), dct('RightsStatement')],
  [dct('MediaType'), dct('MediaTypeOrExtent')],
  [dct('FileFormat'), dct('MediaType')],
  // PROV-O
  [prov('Organization'), prov('Agent')],
  [prov('Person'), prov('Agent')],
  // DQV
  [dqv('QualityCertificate'), dqv('QualityAnnotation')],
  [dqv('UserQualityFeedback'), dqv('QualityAnnotation')],
  [dqv('QualityAnnotation'), oa('Annotation')],
];

export const subClassOf = rdfs('subClassOf');
