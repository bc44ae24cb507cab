import {
  adms,
  csvw,
  cv,
  dcat,
  dcatap,
  dct,
  dpv,
  dqv,
  foaf,
  geodcatap,
  healthdcatap,
  oa,
  rdfs,
  vcard,
} from './namespaces.js';

/**
 * Which DatasetRecord field each property of each kind of node is, so that a validation finding can be
 * shown on the form field it is about. Field paths are dotted (`distributions.0.accessUrl`).
 */

export type NodeKind =
  | 'dataset'
  | 'agent'
  | 'cvContact'
  | 'vcardContact'
  | 'distribution'
  | 'licence'
  | 'period'
  | 'text'
  | 'quality'
  | 'group'
  | 'table'
  | 'column'
  | 'value';

export const propertyFields: Readonly<Record<NodeKind, Readonly<Record<string, string>>>> = {
  dataset: {
    [dct('identifier')]: 'identifier',
    [dct('title')]: 'title',
    [dct('description')]: 'description',
    [dct('accessRights')]: 'accessRights',
    [dcatap('applicableLegislation')]: 'applicableLegislation',
    [dcat('theme')]: 'themes',
    [dcat('keyword')]: 'keywords',
    [dct('type')]: 'type',
    [dct('language')]: 'languages',
    [dct('accrualPeriodicity')]: 'accrualPeriodicity',
    [dct('issued')]: 'issued',
    [dct('modified')]: 'modified',
    [dct('publisher')]: 'publisher',
    [dct('creator')]: 'creator',
    [healthdcatap('hdab')]: 'hdab',
    [geodcatap('custodian')]: 'custodian',
    [dcat('contactPoint')]: 'contactPoint',
    [dcat('landingPage')]: 'landingPage',
    [foaf('page')]: 'documentation',
    [dct('spatial')]: 'spatial',
    [dct('temporal')]: 'temporal',
    [dct('provenance')]: 'provenance',
    [dcat('distribution')]: 'distributions',
    [adms('sample')]: 'samples',
    [healthdcatap('analytics')]: 'analytics',
    [healthdcatap('healthCategory')]: 'healthCategories',
    [healthdcatap('healthTheme')]: 'healthThemes',
    [healthdcatap('hasCodingSystem')]: 'codingSystems',
    [healthdcatap('hasCodeValues')]: 'codeValues',
    [healthdcatap('numberOfRecords')]: 'numberOfRecords',
    [healthdcatap('numberOfUniqueIndividuals')]: 'numberOfUniqueIndividuals',
    [healthdcatap('minTypicalAge')]: 'minTypicalAge',
    [healthdcatap('maxTypicalAge')]: 'maxTypicalAge',
    [healthdcatap('populationCoverage')]: 'populationCoverage',
    [healthdcatap('retentionPeriod')]: 'retentionPeriod',
    [dpv('hasPurpose')]: 'purposes',
    [dpv('hasLegalBasis')]: 'legalBases',
    [dpv('hasPersonalData')]: 'personalData',
    [healthdcatap('hasStructuredData')]: 'hasStructuredData',
    [healthdcatap('hasVariables')]: 'variableTables',
    [dcat('version')]: 'version',
    [dqv('hasQualityAnnotation')]: 'qualityLabel',
    [dct('conformsTo')]: 'conformsTo',
    [dcat('temporalResolution')]: 'temporalResolution',
    [dct('isReferencedBy')]: 'referencedBy',
    [dct('relation')]: 'relations',
    [dct('source')]: 'sources',
  },
  agent: { [foaf('name')]: 'name', [dct('type')]: 'type', [cv('contactPoint')]: 'contactPoint' },
  cvContact: { [cv('email')]: 'email', [cv('contactPage')]: 'url', [cv('telephone')]: 'telephone' },
  vcardContact: {
    [vcard('hasEmail')]: 'email',
    [vcard('hasURL')]: 'url',
    [vcard('hasTelephone')]: 'telephone',
  },
  distribution: {
    [dct('title')]: 'title',
    [dct('description')]: 'description',
    [dcat('accessURL')]: 'accessUrl',
    [dcat('downloadURL')]: 'downloadUrl',
    [dct('format')]: 'format',
    [dcat('mediaType')]: 'mediaType',
    [dct('license')]: 'licence',
    [dct('rights')]: 'rights',
    [dcat('byteSize')]: 'byteSize',
    [dcatap('applicableLegislation')]: 'applicableLegislation',
    [dcatap('availability')]: 'availability',
    [adms('status')]: 'status',
  },
  // A licence node sits at its distribution's path: its dct:type is the distribution's licenceType.
  licence: { [dct('type')]: 'licenceType' },
  period: { [dcat('startDate')]: 'start', [dcat('endDate')]: 'end' },
  // Nodes flattened to a text (provenance, purposes, legal bases, rights): all their findings are the text's.
  text: { [rdfs('label')]: '', [dct('description')]: '' },
  quality: { [oa('bodyValue')]: '' },
  group: { [dct('title')]: 'title', [csvw('table')]: 'tables' },
  table: {
    [dct('identifier')]: 'name',
    [dct('title')]: 'title',
    [dct('description')]: 'description',
    [csvw('column')]: 'variables',
  },
  column: {
    [csvw('name')]: 'name',
    [csvw('title')]: 'title',
    [dct('description')]: 'description',
    [csvw('datatype')]: 'datatype',
    [dct('conformsTo')]: 'codingSystem',
  },
  value: {},
};

export const joinField = (...parts: readonly (string | number)[]): string =>
  parts.filter((p) => p !== '').join('.');

/** Where a node of the dataset graph sits in the record: its own field and the fields of its properties. */
export interface NodeLocation {
  readonly field: string;
  readonly kind: NodeKind;
  /** For licence nodes, the distribution's path (their own field is `<distribution>.licence`). */
  readonly base?: string;
}

export const fieldOf = (location: NodeLocation, property: string | undefined): string => {
  const sub = property === undefined ? undefined : propertyFields[location.kind][property];
  if (sub === undefined) return location.field;
  if (location.kind === 'licence') return joinField(location.base ?? '', sub);
  // The group's tables are the record's variableTables, not a field of variableGroup.
  if (location.kind === 'group' && sub === 'tables') return 'variableTables';
  return joinField(location.field, sub);
};
