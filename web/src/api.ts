import type { Linkage, Upload } from './deliveries/types.js';
import type {
  DatasetDetail,
  DatasetSummary,
  Finding,
  ImportResult,
  NewRecord,
  Profile,
  ReviewQueue,
  SaveResult,
  SearchQuery,
  SearchResult,
  Vocabularies,
} from './catalogue/types.js';
import { facetNames } from './catalogue/types.js';
import { t } from './i18n/index.js';
import type { Role } from './roles.js';

export type OrganisationKind = 'hdab' | 'data_holder' | 'applicant';
export const organisationKinds: readonly OrganisationKind[] = ['hdab', 'data_holder', 'applicant'];

export interface OrganisationRef {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationKind;
}

export interface Organisation extends OrganisationRef {
  readonly identifier: string | null;
}

export interface Me {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly organisation: OrganisationRef | null;
  readonly roles: readonly Role[];
}

export interface User extends Me {
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';
export const auditOutcomes: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

export interface AuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly roles: readonly string[];
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string | null;
  readonly clientAddress: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  readonly targetType?: string;
  readonly targetId?: string;
  /** ISO date-time. */
  readonly from?: string;
  /** ISO date-time. */
  readonly to?: string;
}

export interface AuditPage {
  readonly events: readonly AuditEvent[];
  readonly nextBefore: number | null;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly seq: number; readonly id: string; readonly reason: string } | null;
}

/** RFC 9457 problem details, as the server answers every error. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** A failed API call; `problem.detail` is written for the person using the UI. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

// A proxy or a crashed server may answer with HTML or nothing; the user still gets a sentence, and the
// code tells the UI it did not come from Salus itself.
const problemFrom = async (response: Response): Promise<Problem> => {
  const body: unknown = await response.json().catch(() => undefined);
  const fallbackDetail =
    response.status === 401
      ? t('error.signedOut')
      : response.status === 403
        ? t('error.forbidden')
        : t('error.unexpected', { status: response.status });
  if (!isRecord(body)) {
    return {
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      detail: fallbackDetail,
      code: 'http',
    };
  }
  const errors = Array.isArray(body['errors'])
    ? body['errors']
        .filter(isRecord)
        .map((e) => ({ path: text(e['path']), message: text(e['message']) }))
        .filter((e) => e.message !== '')
    : undefined;
  const str = (key: string, otherwise: string): string => {
    const value = body[key];
    return typeof value === 'string' && value !== '' ? value : otherwise;
  };
  return {
    type: str('type', 'about:blank'),
    title: str('title', response.statusText),
    status: typeof body['status'] === 'number' ? body['status'] : response.status,
    detail: str('detail', fallbackDetail),
    code: str('code', 'http'),
    ...(typeof body['instance'] === 'string' ? { instance: body['instance'] } : {}),
    ...(errors === undefined ? {} : { errors }),
  };
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A body sent as it is (an uploaded file) rather than as JSON. */
class RawBody {
  constructor(
    readonly content: Blob | string,
    readonly contentType: string,
  ) {}
}

const headersFor = (body: unknown): Record<string, string> => {
  if (body === undefined) return { Accept: 'application/json' };
  if (body instanceof RawBody) return { Accept: 'application/json', 'Content-Type': body.contentType };
  return { Accept: 'application/json', 'Content-Type': 'application/json' };
};

/** One call to the node's API: JSON in and out, problem+json errors as `ApiError`; each module's client uses it. */
export const request = async <T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> => {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: headersFor(body),
    ...(body === undefined ? {} : { body: body instanceof RawBody ? body.content : JSON.stringify(body) }),
    ...(signal === undefined ? {} : { signal }),
  };
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: t('error.network'),
      code: 'network',
    });
  }
  if (!response.ok) throw new ApiError(await problemFrom(response));
  if (response.status === 204) return undefined as T;
  // The server's schemas are the contract; the UI trusts the shape rather than validating it twice.
  const data: unknown = await response.json();
  return data as T;
};

const query = (params: Readonly<Record<string, string | number | undefined>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

const id = encodeURIComponent;

// Facet filters repeat their parameter once per chosen value: `healthCategory=a&healthCategory=b`.
const searchQuery = (search: SearchQuery, pageSize: number): string => {
  const params = new URLSearchParams();
  if (search.q.trim() !== '') params.set('q', search.q.trim());
  for (const facet of facetNames) for (const value of search.facets[facet]) params.append(facet, value);
  for (const key of ['ageFrom', 'ageTo', 'from', 'to'] as const) {
    if (search[key] !== '') params.set(key, search[key]);
  }
  params.set('sort', search.sort);
  params.set('page', String(search.page));
  params.set('pageSize', String(pageSize));
  return `?${params.toString()}`;
};

/** The RDF serialisations the catalogue answers, by the `format` parameter. */
export type RdfFormat = 'turtle' | 'jsonld' | 'rdfxml';

/** The media type the import endpoint expects for a file, from its name; null when it is not RDF we read. */
export const rdfMediaType = (fileName: string): string | null => {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  if (extension === 'ttl') return 'text/turtle';
  if (extension === 'jsonld' || extension === 'json') return 'application/ld+json';
  if (extension === 'rdf' || extension === 'xml' || extension === 'owl') return 'application/rdf+xml';
  return null;
};

export const api = {
  deliveries: async (signal?: AbortSignal) =>
    (await request<{ deliveries: Upload[] }>('GET', '/api/deliveries', undefined, signal)).deliveries,
  delivery: (uploadId: string, signal?: AbortSignal) =>
    request<Upload>('GET', `/api/deliveries/${id(uploadId)}`, undefined, signal),
  startDelivery: (input: { files: { name: string; size: number }[]; acceptValidPart: boolean }) =>
    request<Upload>('POST', '/api/deliveries', input),
  sendDeliveryPiece: (uploadId: string, name: string, offset: number, piece: Blob) =>
    request<{ received: number; size: number }>(
      'PUT',
      `/api/deliveries/${id(uploadId)}/files/${encodeURIComponent(name)}?offset=${offset}`,
      new RawBody(piece, 'application/octet-stream'),
    ),
  completeDelivery: (uploadId: string) => request<Upload>('POST', `/api/deliveries/${id(uploadId)}/complete`),
  linkage: (signal?: AbortSignal) => request<Linkage>('GET', '/api/lake/linkage', undefined, signal),

  me: async (signal?: AbortSignal) => (await request<{ user: Me }>('GET', '/api/me', undefined, signal)).user,

  logout: () => request<{ redirectTo: string }>('POST', '/auth/logout'),

  listTokens: async (signal?: AbortSignal) =>
    (await request<{ tokens: ApiToken[] }>('GET', '/api/tokens', undefined, signal)).tokens,
  createToken: (input: { name: string; roles: readonly Role[]; expiresInDays?: number }) =>
    request<{ token: ApiToken; secret: string }>('POST', '/api/tokens', input),
  revokeToken: (tokenId: string) => request<undefined>('DELETE', `/api/tokens/${id(tokenId)}`),

  listUsers: async (signal?: AbortSignal) =>
    (await request<{ users: User[] }>('GET', '/api/users', undefined, signal)).users,
  createUser: async (input: {
    displayName: string;
    email: string;
    organisationId?: string;
    roles: readonly Role[];
  }) => (await request<{ user: User }>('POST', '/api/users', input)).user,
  setUserRoles: async (userId: string, roles: readonly Role[]) =>
    (await request<{ user: User }>('PUT', `/api/users/${id(userId)}/roles`, { roles })).user,

  listOrganisations: async (signal?: AbortSignal) =>
    (await request<{ organisations: Organisation[] }>('GET', '/api/organisations', undefined, signal))
      .organisations,
  createOrganisation: async (input: { name: string; kind: OrganisationKind; identifier?: string }) =>
    (await request<{ organisation: Organisation }>('POST', '/api/organisations', input)).organisation,

  listAuditEvents: (filter: AuditFilter, page: { limit?: number; before?: number }, signal?: AbortSignal) =>
    request<AuditPage>('GET', `/api/audit/events${query({ ...filter, ...page })}`, undefined, signal),
  verifyAuditChain: () => request<ChainVerification>('GET', '/api/audit/verify'),

  searchDatasets: (search: SearchQuery, pageSize: number, signal?: AbortSignal) =>
    request<SearchResult>(
      'GET',
      `/api/catalogue/datasets${searchQuery(search, pageSize)}`,
      undefined,
      signal,
    ),
  getDataset: async (datasetId: string, signal?: AbortSignal) =>
    (
      await request<{ dataset: DatasetDetail }>(
        'GET',
        `/api/catalogue/datasets/${id(datasetId)}`,
        undefined,
        signal,
      )
    ).dataset,
  getDatasetVersion: async (datasetId: string, version: number, signal?: AbortSignal) =>
    (
      await request<{ dataset: DatasetDetail }>(
        'GET',
        `/api/catalogue/datasets/${id(datasetId)}/versions/${version}`,
        undefined,
        signal,
      )
    ).dataset,
  catalogueVocabularies: (signal?: AbortSignal) =>
    request<Vocabularies>('GET', '/api/catalogue/vocabularies', undefined, signal),
  catalogueProfile: (signal?: AbortSignal) =>
    request<Profile>('GET', '/api/catalogue/profile', undefined, signal),
  myDatasets: async (signal?: AbortSignal) =>
    (await request<{ datasets: DatasetSummary[] }>('GET', '/api/catalogue/mine', undefined, signal)).datasets,
  reviewQueue: (signal?: AbortSignal) =>
    request<ReviewQueue>('GET', '/api/catalogue/review', undefined, signal),
  createDataset: (record: NewRecord) => request<SaveResult>('POST', '/api/catalogue/datasets', { record }),
  updateDataset: (datasetId: string, record: NewRecord) =>
    request<SaveResult>('PUT', `/api/catalogue/datasets/${id(datasetId)}`, { record }),
  validateDataset: async (datasetId: string, record: NewRecord) =>
    (
      await request<{ findings: Finding[] }>('POST', `/api/catalogue/datasets/${id(datasetId)}/validate`, {
        record,
      })
    ).findings,
  submitDataset: async (datasetId: string) =>
    (await request<{ dataset: DatasetSummary }>('POST', `/api/catalogue/datasets/${id(datasetId)}/submit`))
      .dataset,
  publishDataset: async (datasetId: string) =>
    (await request<{ dataset: DatasetSummary }>('POST', `/api/catalogue/datasets/${id(datasetId)}/publish`))
      .dataset,
  returnDataset: async (datasetId: string, message: string) =>
    (
      await request<{ dataset: DatasetSummary }>('POST', `/api/catalogue/datasets/${id(datasetId)}/return`, {
        message,
      })
    ).dataset,
  confirmDataset: async (datasetId: string) =>
    (await request<{ dataset: DatasetSummary }>('POST', `/api/catalogue/datasets/${id(datasetId)}/confirm`))
      .dataset,
  importRdf: (file: Blob, mediaType: string, keepIncomplete = false) =>
    request<ImportResult>(
      'POST',
      `/api/catalogue/import${keepIncomplete ? '?keepIncomplete=true' : ''}`,
      new RawBody(file, mediaType),
    ),
};

/**
 * Where the description of a dataset can be downloaded in an RDF serialisation: the dataset's own address (its
 * page in a browser), which answers RDF when asked for it with `?format=`.
 */
export const datasetRdfUrl = (datasetId: string, format: RdfFormat): string =>
  `/catalogue/datasets/${id(datasetId)}?format=${format}`;

/** Where the browser goes to sign in; the server comes back to `returnTo` once the user is signed in. */
export const signInUrl = (returnTo: string): string => `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

/** Anything a call can throw, as an `ApiError`, so that the UI has one kind of error to show. */
export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError({
        type: 'about:blank',
        title: 'Client error',
        status: 0,
        detail: t('error.unexpected', { status: 0 }),
        code: 'client',
      });

export const isAbort = (error: unknown): boolean =>
  error instanceof DOMException && error.name === 'AbortError';
