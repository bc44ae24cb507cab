import type { ColumnType } from 'kysely';
import type { DeliveryReport, IngestProgress } from '../ingest/index.js';

type Json<T> = ColumnType<T, string, string>;

export type UploadStatus =
  'receiving' | 'queued' | 'ingesting' | 'committed' | 'unchanged' | 'rejected' | 'failed' | 'interrupted';

export interface DeclaredFile {
  readonly name: string;
  readonly size: number;
}

// Type literals, not interfaces: Kysely needs their index signature.
export type DeliveryTables = {
  delivery_upload: {
    id: string;
    organisation_id: string;
    holder_id: string;
    created_by: string | null;
    created_at: ColumnType<Date, Date, never>;
    updated_at: Date;
    files: Json<DeclaredFile[]>;
    accept_valid_part: boolean;
    dataset_id: string | null;
    status: UploadStatus;
    progress: Json<IngestProgress | null>;
    report: Json<DeliveryReport | null>;
    error: string | null;
  };
};
