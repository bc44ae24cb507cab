/** What went wrong, in the terms the HTTP layer maps to a status code. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  /** JSON pointer of the offending field (`/roles/0`), or the variable or parameter name. */
  readonly path: string;
  readonly message: string;
}

/**
 * The one error currency of Salus: a stable machine code (`permit.expired`), a kind, a plain-language
 * message and optional field errors. The HTTP layer turns it into RFC 9457 problem+json.
 */
export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly errors: readonly FieldError[];

  constructor(kind: ErrorKind, code: string, message: string, errors: readonly FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.errors = errors;
  }
}

export const statusOfKind: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
