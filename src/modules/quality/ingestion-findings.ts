/**
 * What ingestion found, as conformance results next to the checks: records a delivery carried that could
 * not be loaded (rejected: invalid JSON, missing required elements, impossible dates, unknown patients) and
 * rows whose source code maps to no standard concept. Both are counted while the delivery is read and kept
 * in its lake manifest, so they are facts of the delivery, not of the lake's rows.
 */
import { judge, type CheckDefinition, type CheckResult } from './check.js';

/** One delivery's ingestion counts (from its DeliveryReport). */
export interface IngestionFacts {
  /** Resources (or CSV rows) read. */
  readonly resources: number;
  readonly rejected: number;
  /** Rows written to the lake. */
  readonly rowsLoaded: number;
  /** Rows whose source code did not map to a standard concept (concept id 0). */
  readonly unmappedRows: number;
}

const common = {
  origin: 'ingestion',
  level: 'delivery',
  table: null,
  field: null,
  conceptId: null,
  sourceCode: null,
  unit: null,
  context: 'verification',
  category: 'conformance',
} as const;

export const rejectedRecordsCheck: CheckDefinition = {
  ...common,
  id: 'ingestionRejectedRecords',
  checkName: 'ingestionRejectedRecords',
  subcategory: 'value',
  severity: 'fatal',
  description:
    'The number and percent of delivered records that ingestion rejected because they do not conform to FHIR R4 or the OMOP CDM (invalid value, missing required element, unknown reference).',
  // As the DQD's isRequired and cdmDatatype checks: no record may fail.
  thresholdPct: 0,
};

export const unmappedCodesCheck: CheckDefinition = {
  ...common,
  id: 'ingestionUnmappedCodes',
  checkName: 'ingestionUnmappedCodes',
  subcategory: 'value',
  severity: 'convention',
  description:
    'The number and percent of loaded rows whose source code maps to no standard concept of the vocabulary.',
  // As the DQD's standardConceptRecordCompleteness on most event tables.
  thresholdPct: 5,
};

/** The two ingestion results over the deliveries of a scope (summed). */
export function ingestionFindings(deliveries: readonly IngestionFacts[]): CheckResult[] {
  const sum = (f: (d: IngestionFacts) => number): number => deliveries.reduce((s, d) => s + f(d), 0);
  return [
    judge(
      rejectedRecordsCheck,
      sum((d) => d.rejected),
      sum((d) => d.resources),
      deliveries.length === 0 ? 'no deliveries in this scope' : null,
    ),
    judge(
      unmappedCodesCheck,
      sum((d) => d.unmappedRows),
      sum((d) => d.rowsLoaded),
      deliveries.length === 0 ? 'no deliveries in this scope' : null,
    ),
  ];
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The part of a delivery's ingestion report (kept in its lake manifest) that quality reads. */
export function ingestionFactsOf(details: unknown): IngestionFacts {
  const d = (typeof details === 'object' && details !== null ? details : {}) as Record<string, unknown>;
  const rows = d.rowsPerTable as Record<string, unknown> | undefined;
  const unmapped = d.unmappedCodes as { rows?: unknown } | undefined;
  return {
    resources: num(d.resources),
    rejected: num(d.rejectedTotal),
    rowsLoaded: Object.values(rows ?? {}).reduce<number>((s, n) => s + num(n), 0),
    unmappedRows: num(unmapped?.rows),
  };
}
