import { useEffect, useId, useRef } from 'react';
import { t } from '../i18n/index.js';
import { hasErrors, type FormErrors } from './form-errors.js';

/**
 * The list of problems at the top of a form, as the GOV.UK and EU design systems do it: it takes focus when it
 * appears, and each field error links to its field. `fieldIds` maps a form field to the id of its control.
 */
export const ErrorSummary = <F extends string>({
  errors,
  fieldIds,
}: {
  readonly errors: FormErrors<F>;
  readonly fieldIds: Readonly<Record<F, string>>;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const shown = hasErrors(errors);

  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, errors]);

  if (!shown) return null;
  const fieldEntries = (Object.keys(fieldIds) as F[]).flatMap((field) => {
    const message = errors.fields[field];
    return message === undefined ? [] : [{ id: fieldIds[field], message }];
  });
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={titleId}>
      <h2 className="error-summary__title" id={titleId}>
        {t('common.errorSummary')}
      </h2>
      {errors.detail !== undefined && <p>{errors.detail}</p>}
      {(fieldEntries.length > 0 || errors.other.length > 0) && (
        <ul className="error-summary__list">
          {fieldEntries.map(({ id, message }) => (
            <li key={id}>
              <a
                href={`#${id}`}
                onClick={(event) => {
                  // Focus the control itself (not just scroll to it) so the user can correct it at once.
                  event.preventDefault();
                  const target = document.getElementById(id);
                  const control =
                    target instanceof HTMLFieldSetElement ? target.querySelector('input') : target;
                  control?.focus();
                }}
              >
                {message}
              </a>
            </li>
          ))}
          {errors.other.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
};
