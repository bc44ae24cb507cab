import { request } from '../api.js';

export type LabelLevel = 'bronze' | 'silver' | 'gold' | 'platinum';
export type LabelElementName =
  | 'documentation'
  | 'technicalQuality'
  | 'dataQualityManagement'
  | 'coverage'
  | 'accessAndProvision'
  | 'enrichments';

export interface Criterion {
  readonly level: LabelLevel;
  readonly met: boolean;
  readonly text: string;
  readonly source: 'measured' | 'declared';
}

export interface ElementScore {
  readonly element: LabelElementName;
  readonly level: LabelLevel | null;
  readonly criteria: readonly Criterion[];
  readonly toRaise: readonly string[];
  readonly basis: 'measured' | 'declared' | 'measured and declared';
}

export interface QualityLabel {
  readonly level: LabelLevel | null;
  readonly elements: readonly ElementScore[];
  readonly toRaise: readonly { readonly element: LabelElementName; readonly criteria: readonly string[] }[];
}

export type Scope =
  | { readonly kind: 'lake' }
  | { readonly kind: 'holder'; readonly holderId: string }
  | { readonly kind: 'delivery'; readonly deliveryId: string };

export interface Run {
  readonly id: string;
  readonly scope: Scope;
  readonly holderId: string | null;
  readonly deliveryId: string | null;
  readonly datasetId: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly asOf: string;
  readonly deliveryIds: readonly string[];
  readonly counts: {
    readonly passed: number;
    readonly failed: number;
    readonly notApplicable: number;
    readonly errors: number;
  };
  readonly label: QualityLabel | null;
}

export type JobPhase = 'queued' | 'checking' | 'measuring' | 'labelling' | 'publishing' | 'done' | 'failed';

export interface Job {
  readonly id: string;
  readonly datasetId: string | null;
  readonly phase: JobPhase;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly queries: number;
  readonly expectedQueries: number | null;
  readonly runId: string | null;
  readonly error: string | null;
}

export interface DatasetRef {
  readonly id: string;
  readonly title: string;
  readonly holder: { readonly id: string; readonly name: string } | null;
  readonly published: boolean;
  readonly qualityLabel: string | null;
}

export interface DatasetQuality {
  readonly dataset: DatasetRef;
  readonly latest: Run | null;
  readonly job: Job | null;
}

export interface Declarations {
  readonly qualityProcess?: 'none' | 'documented' | 'certified';
  readonly checksAtSource?: boolean;
  readonly correctionsFedBack?: boolean;
  readonly daysToMakeAvailable?: number;
  readonly enrichments?: readonly string[];
  readonly linkedDatasets?: readonly string[];
}

export interface DatasetQualityDetail extends DatasetQuality {
  readonly runs: readonly Run[];
  readonly declarations: Declarations;
  readonly mayDeclare: boolean;
}

export type KahnCategory = 'conformance' | 'completeness' | 'plausibility';

export interface CheckResult {
  readonly id: string;
  readonly checkName: string;
  readonly origin: 'dqd' | 'salus' | 'ingestion';
  readonly table: string | null;
  readonly field: string | null;
  readonly conceptId: number | null;
  readonly sourceCode: string | null;
  readonly unit: string | null;
  readonly category: KahnCategory;
  readonly subcategory: string | null;
  readonly severity: string;
  readonly description: string;
  readonly thresholdPct: number;
  readonly status: 'passed' | 'failed' | 'not_applicable' | 'error';
  readonly violating: number;
  readonly total: number;
  readonly pctViolating: number | null;
  readonly reason: string | null;
}

export interface CategoryCounts {
  readonly category: KahnCategory;
  readonly subcategory: string | null;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly errors: number;
}

export interface FieldCompleteness {
  readonly table: string;
  readonly field: string;
  readonly rows: number;
  readonly missing: number;
  readonly filledPct: number;
  readonly thresholdPct: number;
  readonly status: 'passed' | 'failed';
}

export interface Distribution {
  readonly id: string;
  readonly table: string;
  readonly field: string;
  readonly sourceCode: string | null;
  readonly name: string;
  readonly unit: string | null;
  readonly low: number;
  readonly high: number;
  readonly rows: number;
  readonly below: number;
  readonly above: number;
  readonly bins: readonly { readonly from: number; readonly to: number; readonly rows: number }[];
}

export interface RunView {
  readonly run: Run;
  readonly dataset: { readonly id: string; readonly title: string } | null;
  readonly holderName: string | null;
  readonly byCategory: readonly CategoryCounts[];
  readonly completeness: readonly FieldCompleteness[];
  readonly distributions: readonly Distribution[];
  readonly failing: readonly CheckResult[];
  readonly facts: {
    readonly coverage: { readonly persons: number; readonly years: number | null };
    readonly medianDeliveryLagDays: number | null;
    readonly linkedShare: number | null;
  } | null;
  readonly publication: {
    readonly version: number | null;
    readonly changed: boolean;
    readonly error: string | null;
  } | null;
  readonly checks: number;
}

const id = encodeURIComponent;

export const qualityApi = {
  datasets: async (signal?: AbortSignal) =>
    (await request<{ datasets: DatasetQuality[] }>('GET', '/api/quality/datasets', undefined, signal))
      .datasets,
  dataset: (datasetId: string, signal?: AbortSignal) =>
    request<DatasetQualityDetail>('GET', `/api/quality/datasets/${id(datasetId)}`, undefined, signal),
  run: (runId: string, signal?: AbortSignal) =>
    request<RunView>('GET', `/api/quality/runs/${id(runId)}`, undefined, signal),
  start: (datasetId: string) => request<Job>('POST', '/api/quality/runs', { datasetId }),
  job: (jobId: string, signal?: AbortSignal) =>
    request<Job>('GET', `/api/quality/jobs/${id(jobId)}`, undefined, signal),
  declare: (datasetId: string, declarations: Declarations) =>
    request<DatasetQualityDetail>('PUT', `/api/quality/datasets/${id(datasetId)}/declarations`, declarations),
};

export const reportUrl = (runId: string, format: 'html' | 'json'): string =>
  `/api/quality/runs/${id(runId)}/report.${format}`;

export const qualityPath = (datasetId: string): string => `/quality/datasets/${id(datasetId)}`;

export const isRunning = (job: Job | null): job is Job =>
  job !== null && job.phase !== 'done' && job.phase !== 'failed';
