import { t } from '../i18n/index.js';

/** The record fields the UI knows by name, for labels, requirement marks and findings. */
export const recordFields = [
  'accessRights',
  'title',
  'description',
  'identifier',
  'keywords',
  'type',
  'themes',
  'languages',
  'version',
  'issued',
  'modified',
  'landingPage',
  'documentation',
  'applicableLegislation',
  'legalBases',
  'purposes',
  'personalData',
  'retentionPeriod',
  'provenance',
  'healthCategories',
  'healthThemes',
  'codingSystems',
  'codeValues',
  'qualityLabel',
  'temporal',
  'spatial',
  'populationCoverage',
  'minTypicalAge',
  'maxTypicalAge',
  'numberOfRecords',
  'numberOfUniqueIndividuals',
  'accrualPeriodicity',
  'hasStructuredData',
  'variableTables',
  'distributions',
  'samples',
  'contactPoint',
  'publisher',
  'creator',
  'custodian',
  'hdab',
] as const;

export type RecordField = (typeof recordFields)[number];

export const isRecordField = (value: string): value is RecordField =>
  (recordFields as readonly string[]).includes(value);

/** The record field a finding's `field` names: `distributions[0].accessUrl` belongs to `distributions`. */
export const topField = (field: string | null): RecordField | null => {
  if (field === null) return null;
  const first = field.split(/[./[\]]/).find((segment) => segment !== '') ?? '';
  return isRecordField(first) ? first : null;
};

export const fieldLabel = (field: string | null): string => {
  const top = topField(field);
  return top === null ? (field ?? t('catalogue.findings.wholeRecord')) : t(`catalogue.field.${top}`);
};
