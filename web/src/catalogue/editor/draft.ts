import { pickText } from '../labels.js';
import {
  ehdsEli,
  type AccessLevel,
  type Agent,
  type Concept,
  type ContactPoint,
  type DatasetRecord,
  type Distribution,
  type LangText,
  type NewRecord,
  type Period,
  type Variable,
  type VariableTable,
} from '../types.js';

/**
 * The form's own copy of a record: every value as the person typed it (a number field may hold "-5" while
 * they type), lists with stable keys for React, and the original record kept so that properties the form
 * does not edit go back to the server unchanged.
 */

export type LangDraft = Readonly<Record<string, string>>;

export interface DistributionDraft {
  readonly key: string;
  readonly original?: Distribution | undefined;
  readonly title: LangDraft;
  readonly accessUrl: string;
  readonly downloadUrl: string;
  readonly format: string;
  readonly mediaType: string;
  readonly licence: string;
  readonly byteSize: string;
}

export interface VariableDraft {
  readonly key: string;
  readonly original?: Variable | undefined;
  readonly name: string;
  readonly title: LangDraft;
  readonly description: LangDraft;
  readonly datatype: string;
  readonly codingSystem: string;
}

export interface TableDraft {
  readonly key: string;
  readonly original?: VariableTable | undefined;
  readonly name: string;
  readonly variables: readonly VariableDraft[];
}

export interface AgentDraft {
  readonly original?: Agent | undefined;
  readonly name: LangDraft;
  readonly type: string;
  readonly email: string;
  readonly url: string;
  readonly telephone: string;
}

export interface TextItemDraft {
  readonly key: string;
  readonly text: LangDraft;
}

export interface Draft {
  readonly original?: DatasetRecord | undefined;
  readonly accessRights: AccessLevel | '';
  readonly title: LangDraft;
  readonly description: LangDraft;
  readonly identifier: string;
  /** Per language, the keywords separated by commas. */
  readonly keywords: LangDraft;
  readonly type: string;
  readonly themes: readonly string[];
  readonly languages: readonly string[];
  readonly version: string;
  readonly landingPage: string;
  /** One address per line. */
  readonly documentation: string;
  readonly ehds: boolean;
  /** Further ELI addresses, one per line. */
  readonly otherLegislation: string;
  readonly legalBases: readonly TextItemDraft[];
  readonly purposes: readonly TextItemDraft[];
  readonly personalData: readonly string[];
  readonly retentionStart: string;
  readonly retentionEnd: string;
  readonly provenance: LangDraft;
  readonly healthCategories: readonly string[];
  readonly healthThemes: readonly string[];
  readonly codingSystems: readonly string[];
  /** Codes separated by commas. */
  readonly codeValues: string;
  readonly temporalStart: string;
  readonly temporalEnd: string;
  readonly numberOfRecords: string;
  readonly numberOfUniqueIndividuals: string;
  readonly minTypicalAge: string;
  readonly maxTypicalAge: string;
  readonly populationCoverage: LangDraft;
  readonly accrualPeriodicity: string;
  readonly hasStructuredData: 'yes' | 'no' | '';
  readonly variableTables: readonly TableDraft[];
  readonly distributions: readonly DistributionDraft[];
  readonly contactEmail: string;
  readonly contactUrl: string;
  readonly contactTelephone: string;
  readonly publisher: AgentDraft;
  readonly custodian: AgentDraft;
  readonly hdab: AgentDraft;
}

let nextKey = 0;
/** A key for a new list item; never shown, never sent. */
export const newKey = (): string => {
  nextKey += 1;
  return `k${String(nextKey)}`;
};

/** The EU data theme every health dataset has. */
export const healthTheme = 'http://publications.europa.eu/resource/authority/data-theme/HEAL';

export const emptyDistribution = (): DistributionDraft => ({
  key: newKey(),
  title: {},
  accessUrl: '',
  downloadUrl: '',
  format: '',
  mediaType: '',
  licence: '',
  byteSize: '',
});

export const emptyVariable = (): VariableDraft => ({
  key: newKey(),
  name: '',
  title: {},
  description: {},
  datatype: '',
  codingSystem: '',
});

export const emptyTable = (): TableDraft => ({ key: newKey(), name: '', variables: [emptyVariable()] });

export const emptyTextItem = (): TextItemDraft => ({ key: newKey(), text: {} });

const emptyAgent: AgentDraft = { name: {}, type: '', email: '', url: '', telephone: '' };

const str = (value: string | number | undefined | null): string =>
  value === undefined || value === null ? '' : String(value);

const agentDraft = (agent: Agent | undefined): AgentDraft =>
  agent === undefined
    ? emptyAgent
    : {
        original: agent,
        name: agent.name,
        type: agent.type?.iri ?? '',
        email: str(agent.contactPoint?.email),
        url: str(agent.contactPoint?.url),
        telephone: str(agent.contactPoint?.telephone),
      };

/** Keywords grouped by language, as the form shows them: one comma-separated line per language. */
const keywordDraft = (keywords: readonly LangText[]): LangDraft => {
  const grouped: Record<string, string[]> = {};
  for (const keyword of keywords) {
    for (const [lang, text] of Object.entries(keyword)) (grouped[lang] ??= []).push(text);
  }
  return Object.fromEntries(Object.entries(grouped).map(([lang, list]) => [lang, list.join(', ')]));
};

export interface Organisation {
  readonly id: string;
  readonly name: string;
}

/** A new description starts with what Salus already knows: the holder, the EHDS, the health theme. */
export const newDraft = (holder: Organisation | null): Draft => {
  const holderAgent: AgentDraft =
    holder === null
      ? emptyAgent
      : {
          ...emptyAgent,
          original: { name: { en: holder.name }, organisationId: holder.id },
          name: { en: holder.name },
        };
  return {
    accessRights: '',
    title: {},
    description: {},
    identifier: '',
    keywords: {},
    type: '',
    themes: [healthTheme],
    languages: [],
    version: '',
    landingPage: '',
    documentation: '',
    ehds: true,
    otherLegislation: '',
    legalBases: [],
    purposes: [],
    personalData: [],
    retentionStart: '',
    retentionEnd: '',
    provenance: {},
    healthCategories: [],
    healthThemes: [],
    codingSystems: [],
    codeValues: '',
    temporalStart: '',
    temporalEnd: '',
    numberOfRecords: '',
    numberOfUniqueIndividuals: '',
    minTypicalAge: '',
    maxTypicalAge: '',
    populationCoverage: {},
    accrualPeriodicity: '',
    hasStructuredData: '',
    variableTables: [],
    distributions: [emptyDistribution()],
    contactEmail: '',
    contactUrl: '',
    contactTelephone: '',
    publisher: holderAgent,
    custodian: holderAgent,
    hdab: emptyAgent,
  };
};

export const draftFromRecord = (record: DatasetRecord): Draft => ({
  original: record,
  accessRights: record.accessRights,
  title: record.title,
  description: record.description,
  identifier: record.identifier,
  keywords: keywordDraft(record.keywords),
  type: record.type?.iri ?? '',
  themes: record.themes.map((c) => c.iri),
  languages: record.languages.map((c) => c.iri),
  version: str(record.version),
  landingPage: str(record.landingPage),
  documentation: record.documentation.join('\n'),
  ehds: record.applicableLegislation.includes(ehdsEli),
  otherLegislation: record.applicableLegislation.filter((eli) => eli !== ehdsEli).join('\n'),
  legalBases: record.legalBases.map((text) => ({ key: newKey(), text })),
  purposes: record.purposes.map((text) => ({ key: newKey(), text })),
  personalData: record.personalData.map((c) => c.iri),
  retentionStart: str(record.retentionPeriod?.start),
  retentionEnd: str(record.retentionPeriod?.end),
  provenance: record.provenance ?? {},
  healthCategories: record.healthCategories.map((c) => c.iri),
  healthThemes: record.healthThemes.map((c) => c.iri),
  codingSystems: record.codingSystems.map((c) => c.iri),
  codeValues: record.codeValues.join(', '),
  temporalStart: str(record.temporal?.start),
  temporalEnd: str(record.temporal?.end),
  numberOfRecords: str(record.numberOfRecords),
  numberOfUniqueIndividuals: str(record.numberOfUniqueIndividuals),
  minTypicalAge: str(record.minTypicalAge),
  maxTypicalAge: str(record.maxTypicalAge),
  populationCoverage: record.populationCoverage ?? {},
  accrualPeriodicity: record.accrualPeriodicity?.iri ?? '',
  hasStructuredData: record.hasStructuredData === undefined ? '' : record.hasStructuredData ? 'yes' : 'no',
  variableTables: record.variableTables.map((table) => ({
    key: newKey(),
    original: table,
    name: table.name,
    variables: table.variables.map((variable) => ({
      key: newKey(),
      original: variable,
      name: variable.name,
      title: variable.title ?? {},
      description: variable.description ?? {},
      datatype: str(variable.datatype),
      codingSystem: variable.codingSystem?.iri ?? '',
    })),
  })),
  distributions: record.distributions.map((d) => ({
    key: newKey(),
    original: d,
    title: d.title ?? {},
    accessUrl: d.accessUrl,
    downloadUrl: str(d.downloadUrl),
    format: d.format?.iri ?? '',
    mediaType: str(d.mediaType),
    licence: str(d.licence),
    byteSize: str(d.byteSize),
  })),
  contactEmail: str(record.contactPoint?.email),
  contactUrl: str(record.contactPoint?.url),
  contactTelephone: str(record.contactPoint?.telephone),
  publisher: agentDraft(record.publisher),
  custodian: agentDraft(record.custodian),
  hdab: agentDraft(record.hdab),
});

// ---- From the form back to a record ----

/** Trimmed, without empty languages; undefined when nothing is left. */
export const cleanText = (text: LangDraft): LangText | undefined => {
  const entries = Object.entries(text)
    .map(([lang, value]) => [lang, value.trim()] as const)
    .filter(([, value]) => value !== '');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
};

export const hasText = (text: LangDraft): boolean => cleanText(text) !== undefined;

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

export const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

export const commaList = (value: string): string[] =>
  value
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A whole number ≥ 0 from what was typed; undefined when empty or not one (the checks report that). */
export const count = (value: string): number | undefined => {
  const text = value.trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
};

export type Labels = (iri: string) => string | undefined;

const concept = (iri: string, labels: Labels, known: readonly Concept[] = []): Concept => {
  const carried = known.find((c) => c.iri === iri);
  const label = labels(iri) ?? carried?.label;
  return label === undefined ? { iri } : { iri, label };
};

const concepts = (iris: readonly string[], labels: Labels, known: readonly Concept[] = []): Concept[] =>
  iris.map((iri) => concept(iri, labels, known));

const optionalConcept = (iri: string, labels: Labels, known?: Concept): Concept | undefined =>
  iri === '' ? undefined : concept(iri, labels, known === undefined ? [] : [known]);

const period = (start: string, end: string, original: Period | undefined): Period | undefined =>
  start.trim() === '' && end.trim() === ''
    ? undefined
    : { ...original, start: optional(start), end: optional(end) };

const contact = (email: string, url: string, telephone: string): ContactPoint | undefined => {
  const point = { email: optional(email), url: optional(url), telephone: optional(telephone) };
  return Object.values(point).every((v) => v === undefined) ? undefined : point;
};

export const agentIsBlank = (agent: AgentDraft): boolean =>
  !hasText(agent.name) && [agent.type, agent.email, agent.url, agent.telephone].every((v) => v.trim() === '');

const agent = (draft: AgentDraft, labels: Labels): Agent | undefined => {
  if (agentIsBlank(draft)) return undefined;
  return {
    ...draft.original,
    name: cleanText(draft.name) ?? {},
    type: optionalConcept(draft.type, labels, draft.original?.type),
    contactPoint: contact(draft.email, draft.url, draft.telephone),
  };
};

export const distributionIsBlank = (d: DistributionDraft): boolean =>
  !hasText(d.title) &&
  [d.accessUrl, d.downloadUrl, d.format, d.mediaType, d.licence, d.byteSize].every((v) => v.trim() === '');

export const variableIsBlank = (v: VariableDraft): boolean =>
  v.name.trim() === '' &&
  !hasText(v.title) &&
  !hasText(v.description) &&
  v.datatype === '' &&
  v.codingSystem === '';

export const keywordList = (keywords: LangDraft): LangText[] =>
  Object.entries(keywords).flatMap(([lang, text]) => commaList(text).map((keyword) => ({ [lang]: keyword })));

/** The record to save. Blank rows the form offered but nobody filled in are left out. */
export const recordFromDraft = (draft: Draft, accessRights: AccessLevel, labels: Labels): NewRecord => {
  const original = draft.original;
  const texts = (items: readonly TextItemDraft[]) =>
    items.map((item) => cleanText(item.text)).filter((text) => text !== undefined);
  return {
    ...original,
    identifier: draft.identifier.trim(),
    title: cleanText(draft.title) ?? {},
    description: cleanText(draft.description) ?? {},
    accessRights,
    applicableLegislation: [...(draft.ehds ? [ehdsEli] : []), ...lines(draft.otherLegislation)],
    themes: concepts(draft.themes, labels, original?.themes),
    keywords: keywordList(draft.keywords),
    type: optionalConcept(draft.type, labels, original?.type),
    languages: concepts(draft.languages, labels, original?.languages),
    accrualPeriodicity: optionalConcept(draft.accrualPeriodicity, labels, original?.accrualPeriodicity),
    publisher: agent(draft.publisher, labels),
    custodian: agent(draft.custodian, labels),
    hdab: agent(draft.hdab, labels),
    contactPoint: contact(draft.contactEmail, draft.contactUrl, draft.contactTelephone),
    landingPage: optional(draft.landingPage),
    documentation: lines(draft.documentation),
    spatial: original?.spatial ?? [],
    temporal: period(draft.temporalStart, draft.temporalEnd, original?.temporal),
    provenance: cleanText(draft.provenance),
    distributions: draft.distributions
      .filter((d) => !distributionIsBlank(d))
      .map((d) => ({
        ...d.original,
        title: cleanText(d.title),
        accessUrl: d.accessUrl.trim(),
        downloadUrl: optional(d.downloadUrl),
        format: optionalConcept(d.format, labels, d.original?.format),
        mediaType: optional(d.mediaType),
        licence: optional(d.licence),
        byteSize: count(d.byteSize),
      })),
    samples: original?.samples ?? [],
    healthCategories: concepts(draft.healthCategories, labels, original?.healthCategories),
    healthThemes: concepts(draft.healthThemes, labels, original?.healthThemes),
    codingSystems: concepts(draft.codingSystems, labels, original?.codingSystems),
    codeValues: commaList(draft.codeValues),
    numberOfRecords: count(draft.numberOfRecords),
    numberOfUniqueIndividuals: count(draft.numberOfUniqueIndividuals),
    minTypicalAge: count(draft.minTypicalAge),
    maxTypicalAge: count(draft.maxTypicalAge),
    populationCoverage: cleanText(draft.populationCoverage),
    retentionPeriod: period(draft.retentionStart, draft.retentionEnd, original?.retentionPeriod),
    purposes: texts(draft.purposes),
    legalBases: texts(draft.legalBases),
    personalData: concepts(draft.personalData, labels, original?.personalData),
    hasStructuredData: draft.hasStructuredData === '' ? undefined : draft.hasStructuredData === 'yes',
    variableTables: draft.variableTables
      .map((table) => ({ ...table, variables: table.variables.filter((v) => !variableIsBlank(v)) }))
      .filter((table) => table.name.trim() !== '' || table.variables.length > 0)
      .map((table) => ({
        ...table.original,
        name: table.name.trim(),
        variables: table.variables.map((v) => ({
          ...v.original,
          name: v.name.trim(),
          title: cleanText(v.title),
          description: cleanText(v.description),
          datatype: optional(v.datatype),
          codingSystem: optionalConcept(v.codingSystem, labels, v.original?.codingSystem),
        })),
      })),
    version: optional(draft.version),
  };
};

/** The languages the texts of a draft are written in, English first. */
export const draftLanguages = (draft: Draft): string[] => {
  const found = new Set<string>(['en']);
  const add = (text: LangDraft) => {
    for (const [lang, value] of Object.entries(text)) if (value.trim() !== '') found.add(lang);
  };
  [draft.title, draft.description, draft.keywords, draft.provenance, draft.populationCoverage].forEach(add);
  draft.legalBases.forEach((item) => {
    add(item.text);
  });
  draft.purposes.forEach((item) => {
    add(item.text);
  });
  return [...found];
};

/** The title shown for a draft in headings: in the reader's language when given. */
export const draftTitle = (draft: Draft): string => pickText(cleanText(draft.title));
