import type { MessageKey } from '../../i18n/index.js';
import type { RecordField } from '../fields.js';

export const steps = [
  'basics',
  'access',
  'health',
  'coverage',
  'variables',
  'distributions',
  'contacts',
  'review',
] as const;
export type Step = (typeof steps)[number];

export const isStep = (value: string): value is Step => (steps as readonly string[]).includes(value);

export const stepTitle: Readonly<Record<Step, MessageKey>> = {
  basics: 'catalogue.step.basics',
  access: 'catalogue.step.access',
  health: 'catalogue.step.health',
  coverage: 'catalogue.step.coverage',
  variables: 'catalogue.step.variables',
  distributions: 'catalogue.step.distributions',
  contacts: 'catalogue.step.contacts',
  review: 'catalogue.step.review',
};

/** Where in the form each record field is edited; fields the form does not edit are shown on Review. */
export const stepOfField: Readonly<Record<RecordField, Step>> = {
  accessRights: 'basics',
  title: 'basics',
  description: 'basics',
  identifier: 'basics',
  keywords: 'basics',
  type: 'basics',
  themes: 'basics',
  languages: 'basics',
  version: 'basics',
  issued: 'review',
  modified: 'review',
  landingPage: 'basics',
  documentation: 'basics',
  applicableLegislation: 'access',
  legalBases: 'access',
  purposes: 'access',
  personalData: 'access',
  retentionPeriod: 'access',
  provenance: 'access',
  healthCategories: 'health',
  healthThemes: 'health',
  codingSystems: 'health',
  codeValues: 'health',
  qualityLabel: 'review',
  temporal: 'coverage',
  spatial: 'review',
  populationCoverage: 'coverage',
  minTypicalAge: 'coverage',
  maxTypicalAge: 'coverage',
  numberOfRecords: 'coverage',
  numberOfUniqueIndividuals: 'coverage',
  accrualPeriodicity: 'coverage',
  hasStructuredData: 'variables',
  variableTables: 'variables',
  distributions: 'distributions',
  samples: 'review',
  contactPoint: 'contacts',
  publisher: 'contacts',
  creator: 'review',
  custodian: 'contacts',
  hdab: 'contacts',
};

/** The control a field's summary link focuses; for groups, their fieldset (the link focuses its first input). */
export const controlId = (field: RecordField): string => `dataset-${field}`;
