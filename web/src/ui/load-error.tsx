import type { ApiError } from '../api.js';
import { t } from '../i18n/index.js';

/** A failed load, in the server's plain words, with a way to try again. */
export const LoadError = ({ error, onRetry }: { readonly error: ApiError; readonly onRetry: () => void }) => (
  <div className="notice notice--error" role="alert">
    <p>{error.problem.detail}</p>
    <button type="button" className="button button--secondary" onClick={onRetry}>
      {t('session.retry')}
    </button>
  </div>
);
