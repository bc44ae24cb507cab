import type { Ref } from 'react';
import type { ApiError } from '../api.js';
import { t } from '../i18n/index.js';

/** A refused request: the node's one-line reason, then each problem with where it is. */
export const ProblemNotice = ({
  error,
  ref,
}: {
  readonly error: ApiError;
  readonly ref?: Ref<HTMLDivElement>;
}) => {
  const errors = error.problem.errors ?? [];
  return (
    <div className="notice notice--error" tabIndex={-1} ref={ref}>
      <p>
        <strong>{error.problem.detail}</strong>
      </p>
      {errors.length > 0 && (
        <ul className="plain-list">
          {errors.map((entry) => (
            <li key={`${entry.path}-${entry.message}`}>
              {entry.path === ''
                ? entry.message
                : t('common.problemAt', { at: entry.path, message: entry.message })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};
