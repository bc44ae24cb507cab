import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AccessLevel } from './record.js';

export type Requirement = 'mandatory' | 'recommended' | 'optional';

/** The official cardinality rules name properties in words; this maps them to the record's fields. */
const fieldOfRule: Readonly<Record<string, string>> = {
  'access rights': 'accessRights',
  'applicable legislation': 'applicableLegislation',
  'code values': 'codeValues',
  'coding system': 'codingSystems',
  'contact point': 'contactPoint',
  creator: 'creator',
  custodian: 'custodian',
  description: 'description',
  'dataset distribution': 'distributions',
  documentation: 'documentation',
  frequency: 'accrualPeriodicity',
  'geographical coverage': 'spatial',
  'health category': 'healthCategories',
  'structured data': 'hasStructuredData',
  variables: 'variableTables',
  'health theme': 'healthThemes',
  identifier: 'identifier',
  keyword: 'keywords',
  language: 'languages',
  'legal basis': 'legalBases',
  'modification date': 'modified',
  'number of records': 'numberOfRecords',
  'number of unique individuals': 'numberOfUniqueIndividuals',
  'personal data': 'personalData',
  'population coverage': 'populationCoverage',
  provenance: 'provenance',
  publisher: 'publisher',
  purpose: 'purposes',
  'quality annotation': 'qualityLabel',
  'release date': 'issued',
  'retention period': 'retentionPeriod',
  sample: 'samples',
  'temporal coverage': 'temporal',
  theme: 'themes',
  title: 'title',
  type: 'type',
  version: 'version',
  'health data access body': 'hdab',
  'landing page': 'landingPage',
  'minimum typical age': 'minTypicalAge',
  'maximum typical age': 'maxTypicalAge',
};

const levelKey: Readonly<Record<AccessLevel, string>> = {
  PUBLIC: 'PUBLIC',
  RESTRICTED: 'RESTRICTED',
  NON_PUBLIC: 'NON-PUBLIC',
};

/** Which record fields are mandatory, recommended or optional at each access level, from the official rules. */
export function loadProfile(artefactsDir: string): Record<AccessLevel, Record<string, Requirement>> {
  const rules = JSON.parse(
    readFileSync(path.join(artefactsDir, 'context', 'healthdcat-cardinality-rules.json'), 'utf8'),
  ) as Record<string, Record<string, { requirement: string }>>;
  const profile = {} as Record<AccessLevel, Record<string, Requirement>>;
  for (const level of ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const) {
    const fields: Record<string, Requirement> = {};
    for (const [name, rule] of Object.entries(rules[levelKey[level]] ?? {})) {
      const field = fieldOfRule[name];
      if (field === undefined) continue;
      const r = rule.requirement.toLowerCase();
      fields[field] = r === 'mandatory' ? 'mandatory' : r === 'recommended' ? 'recommended' : 'optional';
    }
    profile[level] = fields;
  }
  return profile;
}
