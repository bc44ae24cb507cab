import type { ApiError } from '../api.js';

/** What went wrong with a submitted form: a sentence for the whole form and messages per field. */
export interface FormErrors<F extends string> {
  readonly detail?: string;
  readonly fields: Partial<Record<F, string>>;
  /** Field errors from the server whose path names no field on this form. */
  readonly other: readonly string[];
}

export const noErrors = { fields: {}, other: [] } as const satisfies FormErrors<never>;

export const hasErrors = <F extends string>(errors: FormErrors<F>): boolean =>
  errors.detail !== undefined || errors.other.length > 0 || Object.keys(errors.fields).length > 0;

// Paths come as JSON pointers (`/roles/0`) or plain names (`body.name`); the first segment after an optional
// `body` names the form field.
const fieldOfPath = (path: string): string => {
  const segments = path.split(/[/.[\]]/).filter((s) => s !== '');
  return (segments[0] === 'body' ? segments[1] : segments[0]) ?? '';
};

/** Spreads a server problem over the form: each error beside its field, the rest in the summary. */
export const formErrorsFrom = <F extends string>(error: ApiError, fields: readonly F[]): FormErrors<F> => {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const entry of error.problem.errors ?? []) {
    const field = fields.find((f) => f === fieldOfPath(entry.path));
    if (field === undefined) other.push(entry.message);
    else byField[field] ??= entry.message;
  }
  return { detail: error.problem.detail, fields: byField, other };
};
