import { request } from '../api.js';

/**
 * The secure processing environment's API as the pages use it. The types mirror
 * src/modules/workspace/service.ts and the disclosure module's verdicts (src/modules/disclosure/verdict.ts):
 * the server's schemas are the contract, so the UI trusts the shapes rather than validating them twice.
 */

export type WorkspaceStatus = 'preparing' | 'failed' | 'open' | 'read_only' | 'locked' | 'deleted';

export interface Workspace {
  readonly id: string;
  readonly taskId: string;
  readonly permitId: string;
  readonly caseReference: string | null;
  readonly title: string;
  readonly status: WorkspaceStatus;
  readonly statusReason: string | null;
  readonly extractReport: MinimisationReport | null;
  readonly validUntil: string | null;
  readonly createdAt: string;
  readonly deletedAt: string | null;
}

/** The extract's minimisation report (the lake's `MinimisationReport`); read defensively, as stored JSON. */
export interface MinimisationReport {
  readonly builtAt?: string;
  readonly period?: { readonly from: string; readonly to: string } | null;
  readonly periodRule?: string;
  readonly persons?: {
    readonly inScope: number;
    readonly excludedByOptOut: number;
    readonly outsidePeriod: number;
    readonly notInCohort: number;
    readonly extracted: number;
  };
  readonly dateShift?: { readonly enabled: boolean; readonly maxDays: number | null; readonly rule: string };
  readonly identifiers?: string;
  readonly tables?: readonly {
    readonly table: string;
    readonly columnsKept: readonly string[];
    readonly columnsDropped: readonly { readonly column: string; readonly reason: string }[];
    readonly columnsTransformed: readonly { readonly column: string; readonly how: string }[];
    readonly rowsInScope: number;
    readonly rowsKept: number;
  }[];
  readonly elapsedMs?: number;
}

/** A permit's order to the data steward (the access module's preparation task). */
export interface PreparationTask {
  readonly id: string;
  readonly caseId: string;
  readonly caseReference: string | null;
  readonly permitId: string | null;
  readonly status: 'open' | 'in_progress' | 'done';
  readonly order: {
    readonly kind?: string;
    readonly datasets?: readonly { readonly datasetId: string; readonly title: string }[];
    readonly period?: { readonly from: string; readonly to: string } | null;
    readonly cohortCriteria?: string | null;
    readonly validUntil?: string | null;
  };
  readonly createdAt: string;
}

/** What the data steward decides when preparing: the cohort the order's words describe, and the date shift. */
export interface PreparationChoices {
  readonly cohort?: {
    readonly codes?: readonly string[];
    readonly age?: { readonly min?: number; readonly max?: number; readonly at: string };
  };
  readonly dateShift?: { readonly enabled: boolean; readonly maxDays: number };
}

export interface ConsoleResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export type JobLanguage = 'sql' | 'python' | 'r';

export interface Job {
  readonly id: string;
  readonly language: JobLanguage;
  readonly name: string;
  readonly status: string;
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly exitCode: number | null;
  readonly message: string | null;
  readonly logTail: string | null;
  readonly outputs: readonly string[];
}

export interface WorkspaceFile {
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: string;
}

export interface FilePreview {
  readonly name: string;
  readonly size: number;
  readonly kind: 'table' | 'image' | 'text' | 'other';
  readonly table?: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
  readonly text?: string;
  readonly dataUrl?: string;
}

export type Status = 'pass' | 'fail' | 'review';

export interface Reason {
  readonly rule: string;
  readonly status: Status;
  readonly message: string;
}

export interface CellVerdict {
  readonly row: number;
  readonly line: number;
  readonly column: string;
  readonly label: string;
  readonly value: string;
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly justification?: string;
}

export interface FileVerdict {
  readonly file: string;
  readonly type: string | null;
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly cells: readonly CellVerdict[];
  readonly justification?: string;
}

/**
 * What kind of output a file is, as the requester declares it: a table's kind goes to the checks as the
 * disclosure module's TableContext; a chart or a text has none (a person looks at it).
 */
export type OutputKind = 'frequency' | 'magnitude' | 'model' | 'other' | 'chart' | 'text';
export const outputKinds: readonly OutputKind[] = [
  'frequency',
  'magnitude',
  'model',
  'other',
  'chart',
  'text',
];
export type Statistic = 'sum' | 'mean' | 'other';

/** The requester's context for one file, as the form collects it. */
export interface FileContextInput {
  readonly description: string;
  readonly kind: OutputKind;
  readonly population: string;
  readonly denominators: string;
  /** Frequency tables: the columns holding counts (none: the checks guess), and what is counted. */
  readonly countColumns: readonly string[];
  readonly unit: string;
  /** Magnitude tables: the statistic, its columns, and the column with each row's contributors. */
  readonly statistic: Statistic;
  readonly valueColumns: readonly string[];
  readonly countColumn: string;
  /** Model summaries. */
  readonly residualDf: number | null;
}

/** The context as stored with a filed request: the disclosure module's OutputFileContext. */
export interface StoredContext {
  readonly description: string;
  readonly population?: string;
  readonly denominators?: string;
  readonly table?: {
    readonly kind: string;
    readonly countColumns?: readonly string[];
    readonly unit?: string;
    readonly statistic?: string;
    readonly valueColumns?: readonly string[];
    readonly countColumn?: string;
    readonly residualDf?: number;
  };
}

export interface OutputFile {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly context: StoredContext;
  readonly check: FileVerdict;
  readonly remedies: readonly {
    readonly action: 'suppressed' | 'rounded' | 'justified';
    readonly changes: number;
  }[];
  readonly justification: string | null;
}

export type OutputStatus = 'checked' | 'submitted' | 'returned' | 'approved' | 'rejected' | 'released';
export type ReviewDecision = 'approve' | 'reject' | 'return';

export interface OutputRequest {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly status: OutputStatus;
  readonly requestedBy: string;
  readonly files: readonly OutputFile[];
  readonly reviews: readonly {
    readonly reviewer: string;
    readonly decision: ReviewDecision;
    readonly comment: string;
    readonly decidedAt: string;
  }[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type Remedy =
  | { readonly action: 'suppress' }
  | { readonly action: 'round'; readonly base?: number }
  | { readonly action: 'justify'; readonly justification: string };

const id = encodeURIComponent;

const filled = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** The table part of the context (the disclosure module's TableContext); none for a chart or a text. */
const tableOf = (c: FileContextInput): Record<string, unknown> | undefined => {
  switch (c.kind) {
    case 'frequency': {
      const unit = filled(c.unit);
      return {
        kind: 'frequency',
        ...(c.countColumns.length === 0 ? {} : { countColumns: c.countColumns }),
        ...(unit === undefined ? {} : { unit }),
      };
    }
    case 'magnitude': {
      const countColumn = filled(c.countColumn);
      return {
        kind: 'magnitude',
        statistic: c.statistic,
        valueColumns: c.valueColumns,
        ...(countColumn === undefined ? {} : { countColumn }),
      };
    }
    case 'model':
      return { kind: 'model', ...(c.residualDf === null ? {} : { residualDf: c.residualDf }) };
    case 'other':
      return { kind: 'other' };
    case 'chart':
    case 'text':
      return undefined;
  }
};

/** The body the route takes for one file's context (OutputFileContext): only what the requester filled in. */
const contextBody = (c: FileContextInput): Record<string, unknown> => {
  const population = filled(c.population);
  const denominators = filled(c.denominators);
  const table = tableOf(c);
  return {
    description: c.description.trim(),
    ...(population === undefined ? {} : { population }),
    ...(denominators === undefined ? {} : { denominators }),
    ...(table === undefined ? {} : { table }),
  };
};

export const workspaceApi = {
  list: async (signal?: AbortSignal) =>
    (await request<{ workspaces: Workspace[] }>('GET', '/api/workspaces', undefined, signal)).workspaces,
  tasks: async (signal?: AbortSignal) =>
    (await request<{ tasks: PreparationTask[] }>('GET', '/api/access/preparation-tasks', undefined, signal))
      .tasks,
  prepare: (taskId: string, choices: PreparationChoices) =>
    request<Workspace>('POST', '/api/workspaces', { taskId, ...choices }),
  open: (workspaceId: string, signal?: AbortSignal) =>
    request<Workspace>('GET', `/api/workspaces/${id(workspaceId)}`, undefined, signal),

  query: (workspaceId: string, sql: string) =>
    request<ConsoleResult>('POST', `/api/workspaces/${id(workspaceId)}/query`, { sql }),
  saveTable: async (workspaceId: string, sql: string, saveAs: string) =>
    (
      await request<{ saved: FilePreview }>('POST', `/api/workspaces/${id(workspaceId)}/query`, {
        sql,
        saveAs,
      })
    ).saved,

  jobs: async (workspaceId: string, signal?: AbortSignal) =>
    (await request<{ jobs: Job[] }>('GET', `/api/workspaces/${id(workspaceId)}/jobs`, undefined, signal))
      .jobs,
  runJob: (workspaceId: string, input: { language: 'python' | 'r'; script: string; name?: string }) =>
    request<Job>('POST', `/api/workspaces/${id(workspaceId)}/jobs`, input),

  files: async (workspaceId: string, signal?: AbortSignal) =>
    (
      await request<{ files: WorkspaceFile[] }>(
        'GET',
        `/api/workspaces/${id(workspaceId)}/files`,
        undefined,
        signal,
      )
    ).files,
  preview: (workspaceId: string, name: string, signal?: AbortSignal) =>
    request<FilePreview>('GET', `/api/workspaces/${id(workspaceId)}/files/${id(name)}`, undefined, signal),

  requests: async (workspaceId: string, signal?: AbortSignal) =>
    (
      await request<{ requests: OutputRequest[] }>(
        'GET',
        `/api/workspaces/${id(workspaceId)}/output-requests`,
        undefined,
        signal,
      )
    ).requests,
  fileRequest: (
    workspaceId: string,
    input: { title: string; files: readonly { name: string; context: FileContextInput }[] },
  ) =>
    request<OutputRequest>('POST', `/api/workspaces/${id(workspaceId)}/output-requests`, {
      title: input.title.trim(),
      files: input.files.map((f) => ({ name: f.name, context: contextBody(f.context) })),
    }),
  remedy: (requestId: string, version: number, file: string, remedy: Remedy) =>
    request<OutputRequest>('POST', `/api/output-requests/${id(requestId)}/remedy`, {
      version,
      file,
      ...remedy,
    }),
  submit: (requestId: string, version: number) =>
    request<OutputRequest>('POST', `/api/output-requests/${id(requestId)}/submit`, { version }),

  queue: async (signal?: AbortSignal) =>
    (await request<{ requests: OutputRequest[] }>('GET', '/api/output-requests', undefined, signal)).requests,
  request: (requestId: string, signal?: AbortSignal) =>
    request<OutputRequest>('GET', `/api/output-requests/${id(requestId)}`, undefined, signal),
  review: (requestId: string, version: number, decision: ReviewDecision, comment: string) =>
    request<OutputRequest>('POST', `/api/output-requests/${id(requestId)}/review`, {
      version,
      decision,
      comment,
    }),
  reviewPreview: (requestId: string, name: string, signal?: AbortSignal) =>
    request<FilePreview>(
      'GET',
      `/api/output-requests/${id(requestId)}/files/${id(name)}/preview`,
      undefined,
      signal,
    ),
};

/** Where a released file is downloaded: an ordinary link, so the browser saves it. */
export const downloadUrl = (requestId: string, name: string): string =>
  `/api/output-requests/${id(requestId)}/files/${id(name)}`;

/** The kind a filed file was declared as: its table's kind, or for a file without one, what its type says. */
export const contextKind = (name: string, c: StoredContext): OutputKind | 'inferred' => {
  const declared = outputKinds.find((k) => k === c.table?.kind);
  if (declared !== undefined) return declared;
  const extension = name.toLowerCase().split('.').pop() ?? '';
  return extension === 'png' ? 'chart' : extension === 'csv' ? 'inferred' : 'text';
};
