import { t, type MessageKey } from '../../i18n/index.js';
import type { RecordField } from '../fields.js';
import type { AccessLevel, Requirement } from '../types.js';
import {
  agentIsBlank,
  commaList,
  distributionIsBlank,
  hasText,
  keywordList,
  lines,
  variableIsBlank,
  type Draft,
} from './draft.js';
import { controlId } from './steps.js';

/**
 * What the form can tell before asking the server: values that cannot be right (a negative count, an end
 * before its start, an address that is not one) and what the chosen access level makes mandatory. The
 * server's SHACL validation stays the judge; these checks only say it sooner, in plain words.
 */
export interface ClientProblem {
  readonly field: RecordField;
  /** The id of the control to show it beside and to focus from the summary. */
  readonly control: string;
  readonly message: string;
  /** `save`: the draft cannot be saved like this; `submit`: it can be saved, not submitted. */
  readonly blocks: 'save' | 'submit';
}

export type Requirements = Readonly<Record<string, Requirement>>;

const isUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
};

// A plausibility check only, to catch typing slips early.
const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

const isDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** Whether the form holds a value for a field, for the mandatory check. */
const filled = (draft: Draft, field: RecordField): boolean | null => {
  switch (field) {
    case 'accessRights':
      return draft.accessRights !== '';
    case 'title':
      return hasText(draft.title);
    case 'description':
      return hasText(draft.description);
    case 'identifier':
      return draft.identifier.trim() !== '';
    case 'keywords':
      return keywordList(draft.keywords).length > 0;
    case 'type':
      return draft.type !== '';
    case 'themes':
      return draft.themes.length > 0;
    case 'languages':
      return draft.languages.length > 0;
    case 'version':
      return draft.version.trim() !== '';
    case 'landingPage':
      return draft.landingPage.trim() !== '';
    case 'documentation':
      return lines(draft.documentation).length > 0;
    case 'applicableLegislation':
      return draft.ehds || lines(draft.otherLegislation).length > 0;
    case 'legalBases':
      return draft.legalBases.some((item) => hasText(item.text));
    case 'purposes':
      return draft.purposes.some((item) => hasText(item.text));
    case 'personalData':
      return draft.personalData.length > 0;
    case 'retentionPeriod':
      return draft.retentionStart !== '' || draft.retentionEnd !== '';
    case 'provenance':
      return hasText(draft.provenance);
    case 'healthCategories':
      return draft.healthCategories.length > 0;
    case 'healthThemes':
      return draft.healthThemes.length > 0;
    case 'codingSystems':
      return draft.codingSystems.length > 0;
    case 'codeValues':
      return commaList(draft.codeValues).length > 0;
    case 'temporal':
      return draft.temporalStart !== '' || draft.temporalEnd !== '';
    case 'populationCoverage':
      return hasText(draft.populationCoverage);
    case 'minTypicalAge':
      return draft.minTypicalAge.trim() !== '';
    case 'maxTypicalAge':
      return draft.maxTypicalAge.trim() !== '';
    case 'numberOfRecords':
      return draft.numberOfRecords.trim() !== '';
    case 'numberOfUniqueIndividuals':
      return draft.numberOfUniqueIndividuals.trim() !== '';
    case 'accrualPeriodicity':
      return draft.accrualPeriodicity !== '';
    case 'hasStructuredData':
      return draft.hasStructuredData !== '';
    case 'variableTables':
      return draft.variableTables.some((table) => table.variables.some((v) => !variableIsBlank(v)));
    case 'distributions':
      return draft.distributions.some((d) => !distributionIsBlank(d));
    case 'contactPoint':
      return [draft.contactEmail, draft.contactUrl, draft.contactTelephone].some((v) => v.trim() !== '');
    case 'publisher':
      return !agentIsBlank(draft.publisher);
    case 'custodian':
      return !agentIsBlank(draft.custodian);
    case 'hdab':
      return !agentIsBlank(draft.hdab);
    // Not edited in the form: the server keeps and judges them.
    case 'issued':
    case 'modified':
    case 'qualityLabel':
    case 'spatial':
    case 'samples':
    case 'creator':
      return null;
  }
};

// Sentences that read better than the generic one for the fields that are often mandatory.
const missingMessage: Partial<Record<RecordField, MessageKey>> = {
  accessRights: 'catalogue.missing.accessRights',
  title: 'catalogue.missing.title',
  description: 'catalogue.missing.description',
  identifier: 'catalogue.missing.identifier',
  keywords: 'catalogue.missing.keywords',
  type: 'catalogue.missing.type',
  themes: 'catalogue.missing.themes',
  applicableLegislation: 'catalogue.missing.applicableLegislation',
  healthCategories: 'catalogue.missing.healthCategories',
  distributions: 'catalogue.missing.distributions',
  hdab: 'catalogue.missing.hdab',
  contactPoint: 'catalogue.missing.contactPoint',
  provenance: 'catalogue.missing.provenance',
  hasStructuredData: 'catalogue.missing.hasStructuredData',
};

const wholeNumber = (
  problems: ClientProblem[],
  field: RecordField,
  control: string,
  value: string,
  label: string,
  max?: number,
): void => {
  const text = value.trim();
  if (text === '') return;
  const fail = (message: string) => problems.push({ field, control, message, blocks: 'save' });
  if (/^-\s*\d+([.,]\d+)?$/.test(text)) fail(t('catalogue.check.negative', { field: label }));
  else if (!/^\d+$/.test(text)) fail(t('catalogue.check.wholeNumber', { field: label }));
  else if (max !== undefined && Number(text) > max) fail(t('catalogue.check.age.max', { max }));
};

const date = (problems: ClientProblem[], field: RecordField, control: string, value: string): boolean => {
  if (value === '' || isDate(value)) return value !== '';
  problems.push({ field, control, message: t('catalogue.check.date'), blocks: 'save' });
  return false;
};

const url = (problems: ClientProblem[], field: RecordField, control: string, value: string): void => {
  const text = value.trim();
  if (text !== '' && !isUrl(text))
    problems.push({ field, control, message: t('catalogue.check.url'), blocks: 'save' });
};

const email = (problems: ClientProblem[], field: RecordField, control: string, value: string): void => {
  const text = value.trim();
  if (text !== '' && !isEmail(text))
    problems.push({ field, control, message: t('catalogue.check.email'), blocks: 'save' });
};

export const checkDraft = (draft: Draft, requirements: Requirements | undefined): ClientProblem[] => {
  const problems: ClientProblem[] = [];
  const level: AccessLevel | '' = draft.accessRights;

  // Enough to be saved as a draft: which rules apply, and a name to find it by.
  if (level === '')
    problems.push({
      field: 'accessRights',
      control: controlId('accessRights'),
      message: t('catalogue.missing.accessRights'),
      blocks: 'save',
    });
  if (!hasText(draft.title))
    problems.push({
      field: 'title',
      control: controlId('title'),
      message: t('catalogue.missing.titleToSave'),
      blocks: 'save',
    });
  if (draft.identifier.trim() === '')
    problems.push({
      field: 'identifier',
      control: controlId('identifier'),
      message: t('catalogue.missing.identifierToSave'),
      blocks: 'save',
    });

  // Mandatory at the chosen level.
  if (level !== '' && requirements !== undefined) {
    for (const [name, requirement] of Object.entries(requirements)) {
      if (requirement !== 'mandatory') continue;
      const field = name as RecordField;
      if (field === 'title' || field === 'accessRights' || field === 'identifier') continue;
      if (filled(draft, field) !== false) continue;
      const key = missingMessage[field];
      const levelName = t(`catalogue.access.${level}.lower`);
      problems.push({
        field,
        control: controlId(field),
        message:
          key === undefined
            ? t('catalogue.missing.generic', { field: t(`catalogue.field.${field}`), level: levelName })
            : `${t(key)} ${t('catalogue.missing.atLevel', { level: levelName })}`,
        blocks: 'submit',
      });
    }
  }

  // Counts and ages.
  wholeNumber(
    problems,
    'numberOfRecords',
    controlId('numberOfRecords'),
    draft.numberOfRecords,
    t('catalogue.field.numberOfRecords'),
  );
  wholeNumber(
    problems,
    'numberOfUniqueIndividuals',
    controlId('numberOfUniqueIndividuals'),
    draft.numberOfUniqueIndividuals,
    t('catalogue.field.numberOfUniqueIndividuals'),
  );
  const ageCount = problems.length;
  wholeNumber(
    problems,
    'minTypicalAge',
    controlId('minTypicalAge'),
    draft.minTypicalAge,
    t('catalogue.field.minTypicalAge'),
    150,
  );
  wholeNumber(
    problems,
    'maxTypicalAge',
    controlId('maxTypicalAge'),
    draft.maxTypicalAge,
    t('catalogue.field.maxTypicalAge'),
    150,
  );
  if (
    problems.length === ageCount &&
    draft.minTypicalAge.trim() !== '' &&
    draft.maxTypicalAge.trim() !== '' &&
    Number(draft.minTypicalAge) > Number(draft.maxTypicalAge)
  )
    problems.push({
      field: 'maxTypicalAge',
      control: controlId('maxTypicalAge'),
      message: t('catalogue.check.age.order'),
      blocks: 'save',
    });
  const recordsOk = /^\d+$/.test(draft.numberOfRecords.trim());
  const individualsOk = /^\d+$/.test(draft.numberOfUniqueIndividuals.trim());
  if (recordsOk && individualsOk && Number(draft.numberOfUniqueIndividuals) > Number(draft.numberOfRecords))
    problems.push({
      field: 'numberOfUniqueIndividuals',
      control: controlId('numberOfUniqueIndividuals'),
      message: t('catalogue.check.individuals'),
      blocks: 'submit',
    });

  // Periods.
  const periods = [
    ['temporal', draft.temporalStart, draft.temporalEnd],
    ['retentionPeriod', draft.retentionStart, draft.retentionEnd],
  ] as const;
  for (const [field, start, end] of periods) {
    const startOk = date(problems, field, `${controlId(field)}-start`, start);
    const endOk = date(problems, field, `${controlId(field)}-end`, end);
    if (startOk && endOk && end < start)
      problems.push({
        field,
        control: `${controlId(field)}-end`,
        message: t('catalogue.check.date.order'),
        blocks: 'save',
      });
  }

  // Addresses.
  url(problems, 'landingPage', controlId('landingPage'), draft.landingPage);
  if (lines(draft.documentation).some((line) => !isUrl(line)))
    problems.push({
      field: 'documentation',
      control: controlId('documentation'),
      message: t('catalogue.check.urlLines'),
      blocks: 'save',
    });
  if (lines(draft.otherLegislation).some((line) => !isUrl(line)))
    problems.push({
      field: 'applicableLegislation',
      control: `${controlId('applicableLegislation')}-other`,
      message: t('catalogue.check.urlLines'),
      blocks: 'save',
    });
  email(problems, 'contactPoint', `${controlId('contactPoint')}-email`, draft.contactEmail);
  url(problems, 'contactPoint', `${controlId('contactPoint')}-url`, draft.contactUrl);
  for (const who of ['publisher', 'custodian', 'hdab'] as const) {
    const agent = draft[who];
    email(problems, who, `${controlId(who)}-email`, agent.email);
    url(problems, who, `${controlId(who)}-url`, agent.url);
    if (!agentIsBlank(agent) && !hasText(agent.name))
      problems.push({
        field: who,
        control: `${controlId(who)}-name`,
        message: t('catalogue.check.agentName'),
        blocks: 'save',
      });
    // HealthDCAT-AP's agent shapes want exactly one contact point for each organisation named.
    if (!agentIsBlank(agent) && agent.email.trim() === '' && agent.url.trim() === '')
      problems.push({
        field: who,
        control: `${controlId(who)}-email`,
        message: t('catalogue.check.agentContact', { who: t(`catalogue.field.${who}`).toLowerCase() }),
        blocks: 'submit',
      });
  }

  // Distributions: each one started needs the address where it can be reached.
  draft.distributions.forEach((d, index) => {
    if (distributionIsBlank(d)) return;
    const base = `${controlId('distributions')}-${d.key}`;
    if (d.accessUrl.trim() === '')
      problems.push({
        field: 'distributions',
        control: `${base}-accessUrl`,
        message: t('catalogue.check.accessUrl', { n: index + 1 }),
        blocks: 'save',
      });
    else url(problems, 'distributions', `${base}-accessUrl`, d.accessUrl);
    url(problems, 'distributions', `${base}-downloadUrl`, d.downloadUrl);
    url(problems, 'distributions', `${base}-licence`, d.licence);
    wholeNumber(
      problems,
      'distributions',
      `${base}-byteSize`,
      d.byteSize,
      t('catalogue.distribution.byteSize'),
    );
  });

  // Variables: named, and each name once per table.
  draft.variableTables.forEach((table, tableIndex) => {
    const base = `${controlId('variableTables')}-${table.key}`;
    const used = table.variables.filter((v) => !variableIsBlank(v));
    if (table.name.trim() === '' && used.length > 0)
      problems.push({
        field: 'variableTables',
        control: `${base}-name`,
        message: t('catalogue.check.tableName', { n: tableIndex + 1 }),
        blocks: 'save',
      });
    const seen = new Set<string>();
    table.variables.forEach((variable, index) => {
      if (variableIsBlank(variable)) return;
      const name = variable.name.trim();
      const control = `${base}-${variable.key}-name`;
      if (name === '')
        problems.push({
          field: 'variableTables',
          control,
          message: t('catalogue.check.variableName', { n: index + 1 }),
          blocks: 'save',
        });
      else if (seen.has(name))
        problems.push({
          field: 'variableTables',
          control,
          message: t('catalogue.check.variableDuplicate', { name }),
          blocks: 'save',
        });
      seen.add(name);
      // The official shapes require every column to say what it holds (csvw:Column dct:description).
      if (!hasText(variable.description))
        problems.push({
          field: 'variableTables',
          control: `${base}-${variable.key}-description`,
          message: t('catalogue.check.variableDescription', {
            n: index + 1,
            name: name === '' ? '' : ` (${name})`,
          }),
          blocks: 'submit',
        });
    });
  });
  if (draft.hasStructuredData === 'yes' && filled(draft, 'variableTables') === false)
    problems.push({
      field: 'variableTables',
      control: controlId('variableTables'),
      message: t('catalogue.check.structuredWithoutVariables'),
      blocks: 'submit',
    });

  return problems;
};
