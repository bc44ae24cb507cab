/**
 * FHIR code system URIs and the OMOP vocabulary ids they correspond to. Where a resource carries several
 * codings (SNOMED CT and ICD-10 for the same diagnosis), the one earliest in `vocabularyPreference` is kept
 * as the source code: standard vocabularies first, so that a code maps to its standard concept directly.
 */
export const vocabularyOfSystem: ReadonlyMap<string, string> = new Map([
  ['http://snomed.info/sct', 'SNOMED'],
  ['urn:oid:2.16.840.1.113883.6.96', 'SNOMED'],
  ['http://loinc.org', 'LOINC'],
  ['urn:oid:2.16.840.1.113883.6.1', 'LOINC'],
  ['http://hl7.org/fhir/sid/icd-10', 'ICD10'],
  ['urn:oid:2.16.840.1.113883.6.3', 'ICD10'],
  ['http://hl7.org/fhir/sid/icd-10-cm', 'ICD10CM'],
  ['urn:oid:2.16.840.1.113883.6.90', 'ICD10CM'],
  ['http://www.whocc.no/atc', 'ATC'],
  ['urn:oid:2.16.840.1.113883.6.73', 'ATC'],
  ['http://www.nlm.nih.gov/research/umls/rxnorm', 'RxNorm'],
  ['urn:oid:2.16.840.1.113883.6.88', 'RxNorm'],
  ['http://hl7.org/fhir/sid/cvx', 'CVX'],
  ['urn:oid:2.16.840.1.113883.12.292', 'CVX'],
  ['http://unitsofmeasure.org', 'UCUM'],
  ['http://hl7.org/fhir/sid/ndc', 'NDC'],
  ['http://www.ama-assn.org/go/cpt', 'CPT4'],
]);

export const vocabularyPreference: readonly string[] = [
  'SNOMED',
  'LOINC',
  'RxNorm',
  'CVX',
  'ICD10CM',
  'ICD10',
  'ATC',
  'NDC',
  'CPT4',
  'UCUM',
];

/** Encounter.class (v3 ActCode) → OMOP visit concept. */
export const visitConceptOfClass: ReadonlyMap<string, number> = new Map([
  ['AMB', 9202],
  ['OBSENC', 9202],
  ['IMP', 9201],
  ['ACUTE', 9201],
  ['NONAC', 9201],
  ['SS', 9202],
  ['EMER', 9203],
  ['HH', 581476],
  ['VR', 5083],
]);

/** OMOP type concepts: where a record comes from. */
export const typeConcept = {
  ehr: 32817,
  claim: 32810,
  lab: 32856,
  ehrPrescription: 32838,
  ehrAdministration: 32818,
  pharmacyClaim: 32869,
  patientReported: 32865,
} as const;
