export { AppError, isAppError, statusOfKind } from './app-error.js';
export type { ErrorKind, FieldError } from './app-error.js';
