// The record's shape is the server's own: the UI edits exactly what the catalogue module stores.
import type {
  AccessLevel,
  Agent,
  Concept,
  ContactPoint,
  DatasetRecord,
  Distribution,
  LangText,
  Period,
  Variable,
  VariableTable,
} from '../../../src/modules/catalogue/record.js';

export type {
  AccessLevel,
  Agent,
  Concept,
  ContactPoint,
  DatasetRecord,
  Distribution,
  LangText,
  Period,
  Variable,
  VariableTable,
};

export const accessLevels: readonly AccessLevel[] = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'];
export const isAccessLevel = (value: string): value is AccessLevel =>
  (accessLevels as readonly string[]).includes(value);

export type DatasetStatus = 'draft' | 'submitted' | 'published' | 'returned';
export const datasetStatuses: readonly DatasetStatus[] = ['draft', 'submitted', 'published', 'returned'];

export type Severity = 'violation' | 'warning' | 'info';

/** A validation finding: from the official SHACL shapes on the server, tied to a record field when known. */
export interface Finding {
  readonly severity: Severity;
  /** The DatasetRecord field it belongs to (`title`, `distributions`), when known. */
  readonly field: string | null;
  /** The property (IRI) the shape constrains. */
  readonly path: string;
  readonly value: string | null;
  readonly message: string;
}

/** What a search result, a list row and the top of the dataset page show. */
export interface DatasetSummary {
  readonly id: string;
  readonly iri: string;
  readonly title: LangText;
  readonly description: LangText;
  readonly holder: { readonly id: string; readonly name: string } | null;
  readonly accessRights: AccessLevel;
  readonly status: DatasetStatus;
  readonly version: number;
  /** ISO date-time. */
  readonly modified: string;
  readonly healthCategories: readonly Concept[];
  readonly healthThemes: readonly Concept[];
  readonly numberOfRecords: number | null;
  readonly minTypicalAge: number | null;
  readonly maxTypicalAge: number | null;
  readonly temporal: { readonly start?: string | null; readonly end?: string | null } | null;
  readonly qualityLabel: string | null;
  /** ISO date-time: when the data holder must next confirm the description (Art 60(3)). */
  readonly recheckDue: string | null;
  readonly recheckOverdue: boolean;
}

export interface PublishedVersion {
  readonly version: number;
  readonly publishedAt: string;
  readonly publishedBy: string | null;
}

export interface DatasetDetail extends DatasetSummary {
  readonly record: DatasetRecord;
  readonly versions: readonly PublishedVersion[];
  readonly findings: readonly Finding[];
  readonly returnMessage: string | null;
}

export const facetNames = [
  'healthCategory',
  'healthTheme',
  'holder',
  'accessRights',
  'codingSystem',
  'qualityLabel',
] as const;
export type FacetName = (typeof facetNames)[number];

export interface FacetValue {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

export const sortOrders = ['relevance', 'title', 'modified'] as const;
export type SortOrder = (typeof sortOrders)[number];

export interface SearchQuery {
  readonly q: string;
  readonly facets: Readonly<Record<FacetName, readonly string[]>>;
  /** Whole numbers as typed; empty when not set. */
  readonly ageFrom: string;
  readonly ageTo: string;
  /** Years. */
  readonly from: string;
  readonly to: string;
  readonly sort: SortOrder;
  readonly page: number;
}

export interface SearchResult {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly results: readonly DatasetSummary[];
  readonly facets: Readonly<Record<FacetName, readonly FacetValue[]>>;
  readonly tookMs: number;
}

export const vocabularyNames = [
  'healthCategories',
  'healthThemes',
  'codingSystems',
  'publisherTypes',
  'datasetTypes',
  'frequencies',
  'accessRights',
  'languages',
  'dataThemes',
  'fileTypes',
  'personalData',
] as const;
export type VocabularyName = (typeof vocabularyNames)[number];

export interface Term {
  readonly iri: string;
  readonly label: string;
}

export type Vocabularies = Readonly<Partial<Record<VocabularyName, readonly Term[]>>>;

export type Requirement = 'mandatory' | 'recommended' | 'optional';

/** HealthDCAT-AP cardinalities: how much each record field is required at each access level. */
export interface Profile {
  readonly levels: Readonly<Record<AccessLevel, Readonly<Record<string, Requirement>>>>;
}

export type NewRecord = Omit<DatasetRecord, 'iri'> & { readonly iri?: string };

export interface SaveResult {
  readonly dataset: DatasetSummary;
  readonly findings: readonly Finding[];
}

export interface ImportResult {
  readonly datasets: readonly DatasetSummary[];
  readonly findings: Readonly<Record<string, readonly Finding[]>>;
}

export interface ReviewQueue {
  readonly submitted: readonly DatasetSummary[];
  readonly overdue: readonly DatasetSummary[];
}

/** The ELI of Regulation (EU) 2025/327, the European Health Data Space. */
export const ehdsEli = 'http://data.europa.eu/eli/reg/2025/327/oj';
