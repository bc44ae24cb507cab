import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, statusOfKind, type FieldError } from '../errors/index.js';

const titles: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
}

/** The one place where an error becomes an RFC 9457 problem. */
export function toProblem(error: unknown, request: FastifyRequest, bodyLimitBytes: number): Problem {
  const app = asAppError(error, bodyLimitBytes);
  const status =
    statusOfKind[app.kind] === 400 && isUnsupportedMediaType(error) ? 415 : statusOfKind[app.kind];
  return {
    type: `urn:salus:problem:${app.code}`,
    title: titles[status] ?? 'Error',
    status,
    detail: app.message,
    code: app.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(app.errors.length > 0 ? { errors: app.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

function isUnsupportedMediaType(error: unknown): boolean {
  return (error as FastifyError | undefined)?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
}

function asAppError(error: unknown, bodyLimitBytes: number): AppError {
  if (isAppError(error)) return error;
  const e = error as Partial<FastifyError> & { validation?: ValidationIssue[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const where = e.validationContext ?? 'request';
    const errors = e.validation.map((v) => validationIssue(where, v));
    return new AppError(
      'invalid',
      'request.invalid',
      `The ${where === 'querystring' ? 'query string' : where} is not valid: ${errors.map((x) => `${x.path} ${x.message}`).join('; ')}`,
      errors,
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        'too_large',
        'request.too_large',
        `The request body is larger than this node accepts (${bodyLimitBytes} bytes).`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'invalid',
        'request.unsupported_media_type',
        `${e.message ?? 'Unsupported media type'}; send application/json.`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'invalid',
        'request.empty_body',
        'The request says it carries JSON but its body is empty.',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(
        'invalid',
        'request.malformed_json',
        `The request body is not valid JSON: ${e.message ?? ''}`,
      );
    case undefined:
    default:
      break;
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return new AppError(
      'invalid',
      'request.malformed_json',
      `The request body is not valid JSON: ${e.message ?? ''}`,
    );
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const kind =
      e.statusCode === 413
        ? 'too_large'
        : e.statusCode === 429
          ? 'rate_limited'
          : e.statusCode === 404
            ? 'not_found'
            : 'invalid';
    return new AppError(
      kind,
      `request.${(e.code ?? 'invalid').toLowerCase()}`,
      e.message ?? 'The request is not valid.',
    );
  }
  return new AppError(
    'internal',
    'internal',
    'Something went wrong on this node. The error has been logged with the request id.',
  );
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

function validationIssue(where: string, v: ValidationIssue): FieldError {
  const base = `${where}${v.instancePath}`;
  switch (v.keyword) {
    case 'required':
      return { path: `${base}/${String(v.params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${base}/${String(v.params.additionalProperty)}`, message: 'is not a known field' };
    case 'enum':
      return {
        path: base,
        message: `must be one of ${(v.params.allowedValues as unknown[] | undefined)?.map((x) => JSON.stringify(x)).join(', ') ?? 'the allowed values'}`,
      };
    default:
      return { path: base, message: v.message ?? 'is not valid' };
  }
}
