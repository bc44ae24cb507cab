import type { ColumnType } from 'kysely';
import type { AccessLevel, DatasetRecord } from './record.js';
import type { Finding } from './findings.js';

export type DatasetStatus = 'draft' | 'submitted' | 'returned' | 'published';

type Json<T> = ColumnType<T, string, string>;

// Type literals, not interfaces: Kysely needs their index signature.
export type CatalogueTables = {
  catalogue_dataset: {
    id: string;
    iri: string;
    holder_organisation_id: string | null;
    status: DatasetStatus;
    access_rights: AccessLevel;
    /** The working copy: what the holder edits, validated on every save. */
    draft_record: Json<DatasetRecord>;
    /** Triples of the dataset's graph that the record does not model, as N-Triples: kept and re-emitted. */
    kept_triples: string;
    findings: Json<Finding[]>;
    return_message: string | null;
    published_version: number | null;
    created_at: ColumnType<Date, Date, never>;
    updated_at: Date;
    confirmed_at: Date | null;
  };
  catalogue_version: {
    dataset_id: string;
    version: number;
    record: Json<DatasetRecord>;
    /** The whole published graph of the dataset, as N-Triples. */
    graph: string;
    /** The graph as a slice of the catalogue document per format (null for versions from before). */
    export_turtle: string | null;
    export_jsonld: string | null;
    export_rdfxml: string | null;
    published_at: Date;
    published_by: string | null;
  };
  catalogue_search_generation: {
    generation: number;
  };
  catalogue_search: {
    dataset_id: string;
    document: ColumnType<string, never, never>;
    search_text: string;
    title: string;
    modified: Date;
    holder_organisation_id: string | null;
    access_rights: AccessLevel;
    health_categories: Json<string[]>;
    health_themes: Json<string[]>;
    coding_systems: Json<string[]>;
    quality_label: string | null;
    min_age: number | null;
    max_age: number | null;
    temporal_start: string | null;
    temporal_end: string | null;
    summary: Json<Record<string, unknown>>;
  };
};
