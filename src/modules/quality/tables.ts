import type { ColumnType } from 'kysely';
import type { CheckStatus } from './check.js';
import type { HolderDeclarations, QualityLabel } from './label.js';
import type { RunDetails } from './repository.js';

type Json<T> = ColumnType<T, string, string>;

// Type literals, not interfaces: Kysely needs their index signature.
export type QualityTables = {
  quality_run: {
    id: string;
    scope_kind: 'lake' | 'holder' | 'delivery';
    holder_id: string | null;
    delivery_id: string | null;
    dataset_id: string | null;
    started_at: ColumnType<Date, Date | string, never>;
    finished_at: ColumnType<Date, Date | string, never>;
    as_of: ColumnType<Date | string, string, never>;
    death_grace_days: number;
    delivery_ids: Json<string[]>;
    passed: number;
    failed: number;
    not_applicable: number;
    errors: number;
    label: Json<QualityLabel | null>;
    details: Json<RunDetails | null>;
  };
  quality_result: {
    run_id: string;
    check_id: string;
    check_name: string;
    origin: string;
    check_level: string;
    table_name: string | null;
    field_name: string | null;
    concept_id: number | null;
    source_code: string | null;
    unit: string | null;
    kahn_context: string;
    category: string;
    subcategory: string | null;
    severity: string;
    description: string;
    threshold_pct: number;
    status: CheckStatus;
    violating: number;
    total: number;
    pct_violating: number | null;
    reason: string | null;
  };
  quality_declaration: {
    dataset_id: string;
    declarations: Json<HolderDeclarations>;
    updated_at: ColumnType<Date, Date, Date>;
    updated_by: string | null;
  };
};
