import { ApiError, request, type Problem } from '../api.js';
import { t } from '../i18n/index.js';

export type Track = 'application' | 'data_request';
export type CaseStatus =
  | 'draft'
  | 'expired'
  | 'submitted'
  | 'pre_screening'
  | 'processing'
  | 'awaiting_information'
  | 'decision_issued'
  | 'withdrawn';
export const purposes = [
  'public_health',
  'policy_making',
  'official_statistics',
  'education',
  'scientific_research',
  'improving_care',
] as const;
export type Purpose = (typeof purposes)[number];

export interface ApplicationForm {
  title?: string;
  purpose?: Purpose;
  publicSectorBody?: boolean;
  intendedUse?: string;
  expectedBenefit?: string;
  datasets?: { datasetId: string; variables?: string[] }[];
  period?: { from: string; to: string };
  dataForm?: 'anonymised' | 'pseudonymised';
  pseudonymisationJustification?: string;
  safeguards?: string;
  durationMonths?: number;
  namedPersons?: { name: string; email: string }[];
  ethics?: { required: boolean; reference?: string };
  statistics?: string;
  cohortCriteria?: string;
  noProhibitedUse?: boolean;
}

export interface Clock {
  readonly deadline: string;
  readonly months: number;
  readonly extended: boolean;
  readonly extensionReason: string | null;
  readonly paused: boolean;
  readonly daysLeft: number;
  readonly overdue: boolean;
  readonly stopped: boolean;
}

export interface CaseSummary {
  readonly id: string;
  readonly reference: string | null;
  readonly track: Track;
  readonly status: CaseStatus;
  readonly title: string;
  readonly purpose: Purpose | null;
  readonly organisation: { readonly id: string; readonly name: string } | null;
  readonly applicant: { readonly id: string; readonly name: string };
  readonly datasets: readonly { readonly datasetId: string; readonly title: string }[];
  readonly updatedAt: string;
  readonly submittedAt: string | null;
  readonly clock: Clock | null;
  readonly draftExpiresAt: string | null;
  readonly draftExpiryWarning: boolean;
  readonly decision: 'granted' | 'refused' | null;
  readonly revision: number;
}

export interface Permit {
  readonly id: string;
  readonly permitNumber: string;
  readonly version: number;
  readonly state: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly elements: { readonly conditions: readonly string[]; readonly fees: { readonly total: number } };
}

export interface ChecklistEntry {
  criterion: string;
  verdict: 'met' | 'not_met' | 'not_applicable';
  note: string;
}

export interface CaseView extends CaseSummary {
  readonly form: ApplicationForm;
  readonly basket: readonly { datasetId: string; title: string; variables: readonly string[] }[];
  readonly missing: readonly { path: string; message: string }[];
  readonly checklist: readonly ChecklistEntry[];
  readonly criteria: readonly string[];
  readonly decisionDetail: {
    readonly outcome: string;
    readonly grounds: readonly { code: string; explanation: string }[];
  } | null;
  readonly fees: { readonly total: number };
  readonly messages: readonly {
    readonly id: string;
    readonly author: string;
    readonly side: string;
    readonly kind: string;
    readonly body: string;
    readonly fields: readonly { readonly field: string; readonly question: string }[];
    readonly createdAt: string;
  }[];
  readonly openQuestions: readonly { readonly field: string; readonly question: string }[];
  readonly history: readonly { at: string; from: string | null; to: string; note: string | null }[];
  readonly appeals: readonly { id: string; grounds: string; outcome: string | null }[];
  readonly permits: readonly Permit[];
  readonly attachments: readonly {
    readonly id: string;
    readonly kind: string;
    readonly filename: string;
    readonly size: number;
  }[];
  readonly actions: readonly string[];
}

export interface RegisterEntry {
  readonly reference: string;
  readonly kind: Track;
  readonly title: string;
  readonly organisation: string;
  readonly purpose: string | null;
  readonly datasets: readonly string[];
  readonly receivedAt: string;
  readonly status: CaseStatus;
  readonly decision: string | null;
  readonly refusalGrounds: readonly { code: string; explanation: string }[];
  readonly permitNumber: string | null;
  readonly permitState: string | null;
}

const id = encodeURIComponent;
const caseOf = async (p: Promise<{ case: CaseView }>): Promise<CaseView> => (await p).case;

export const accessApi = {
  list: (params: { status?: string; page?: number }, signal?: AbortSignal) =>
    request<{ total: number; cases: CaseSummary[] }>(
      'GET',
      `/api/access/cases?pageSize=200${params.status === undefined ? '' : `&status=${params.status}`}`,
      undefined,
      signal,
    ),
  notifications: (signal?: AbortSignal) =>
    request<{ notifications: { caseId: string; kind: string; message: string }[] }>(
      'GET',
      '/api/access/notifications',
      undefined,
      signal,
    ),
  get: (caseId: string, signal?: AbortSignal) =>
    caseOf(request('GET', `/api/access/cases/${id(caseId)}`, undefined, signal)),
  create: (track: Track, form: ApplicationForm) =>
    caseOf(request('POST', '/api/access/cases', { track, form })),
  save: (caseId: string, form: ApplicationForm, revision: number) =>
    caseOf(request('PUT', `/api/access/cases/${id(caseId)}`, { form, revision })),
  act: (caseId: string, action: string, body?: unknown) =>
    caseOf(request('POST', `/api/access/cases/${id(caseId)}/${action}`, body)),
  assess: (caseId: string, checklist: readonly ChecklistEntry[]) =>
    caseOf(request('PUT', `/api/access/cases/${id(caseId)}/assessment`, { checklist })),
  attach: async (caseId: string, kind: string, file: File): Promise<CaseView> => {
    const response = await fetch(
      `/api/access/cases/${id(caseId)}/attachments?kind=${kind}&filename=${encodeURIComponent(file.name)}`,
      {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      },
    );
    const data = (await response.json().catch(() => ({}))) as Partial<Problem> & { case?: CaseView };
    if (!response.ok || data.case === undefined)
      throw new ApiError({
        type: 'about:blank',
        title: response.statusText,
        status: response.status,
        detail: data.detail ?? t('error.unexpected', { status: response.status }),
        code: data.code ?? 'http',
      });
    return data.case;
  },
  register: (signal?: AbortSignal) =>
    request<{ total: number; entries: RegisterEntry[] }>(
      'GET',
      '/api/access/register?pageSize=200',
      undefined,
      signal,
    ),
  searchCatalogue: (q: string, signal?: AbortSignal) =>
    request<{ results: { id: string; title: Record<string, string> }[] }>(
      'GET',
      `/api/catalogue/datasets?pageSize=10${q.trim() === '' ? '' : `&q=${encodeURIComponent(q.trim())}`}`,
      undefined,
      signal,
    ),
};

export const casePath = (caseId: string): string => `/access/cases/${caseId}`;
export const editCasePath = (caseId: string): string => `/access/cases/${caseId}/edit`;
export const newCasePath = (track: Track): string => `/access/new/${track}`;
