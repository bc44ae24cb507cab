import type { ReactNode } from 'react';
import { t } from '../i18n/index.js';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly optional?: boolean;
}

// Hint and error are tied to the control with aria-describedby so a screen reader reads them with the label.
const describedBy = (id: string, hint: string | undefined, error: string | undefined): string | undefined => {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(
    (x) => x !== null,
  );
  return ids.length === 0 ? undefined : ids.join(' ');
};

const HintAndError = ({ id, hint, error }: Pick<FieldProps, 'id' | 'hint' | 'error'>) => (
  <>
    {hint !== undefined && (
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    {error !== undefined && (
      <p className="field__error" id={`${id}-error`}>
        {error}
      </p>
    )}
  </>
);

const Label = ({ id, label, optional }: Pick<FieldProps, 'id' | 'label' | 'optional'>) => (
  <label className="field__label" htmlFor={id}>
    {label}
    {optional === true && <span className="field__optional"> {t('common.optional')}</span>}
  </label>
);

export const TextField = ({
  id,
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  width = 'full',
}: FieldProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'date';
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric';
  readonly width?: 'full' | 'short';
}) => (
  <div className={error === undefined ? 'field' : 'field field--error'}>
    <Label id={id} label={label} optional={optional ?? false} />
    <HintAndError id={id} hint={hint} error={error} />
    <input
      id={id}
      name={id}
      className={`input input--${width}`}
      type={type}
      value={value}
      onChange={(event) => {
        onChange(event.target.value);
      }}
      aria-invalid={error !== undefined}
      aria-describedby={describedBy(id, hint, error)}
      autoComplete={autoComplete ?? 'off'}
      {...(inputMode === undefined ? {} : { inputMode, pattern: '[0-9]*' })}
    />
  </div>
);

export const SelectField = <V extends string>({
  id,
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  options,
}: FieldProps & {
  readonly value: V;
  readonly onChange: (value: V) => void;
  readonly options: readonly { readonly value: V; readonly label: string }[];
}) => (
  <div className={error === undefined ? 'field' : 'field field--error'}>
    <Label id={id} label={label} optional={optional ?? false} />
    <HintAndError id={id} hint={hint} error={error} />
    <select
      id={id}
      name={id}
      className="select"
      value={value}
      onChange={(event) => {
        // The options are exactly the values of type V, so whatever the browser reports is one of them.
        const picked = options.find((option) => option.value === event.target.value);
        if (picked !== undefined) onChange(picked.value);
      }}
      aria-invalid={error !== undefined}
      aria-describedby={describedBy(id, hint, error)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  </div>
);

/** A group of checkboxes under one question, such as the roles a user or token holds. */
export const CheckboxGroup = <V extends string>({
  id,
  legend,
  hint,
  error,
  options,
  selected,
  onChange,
}: {
  readonly id: string;
  readonly legend: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly options: readonly { readonly value: V; readonly label: string; readonly hint?: string }[];
  readonly selected: readonly V[];
  readonly onChange: (selected: V[]) => void;
}) => (
  <div className={error === undefined ? 'field' : 'field field--error'}>
    <fieldset className="fieldset" id={id} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field__label">{legend}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      <div className="checkboxes">
        {options.map((option) => {
          const boxId = `${id}-${option.value}`;
          return (
            <div className="checkbox" key={option.value}>
              <input
                id={boxId}
                type="checkbox"
                className="checkbox__input"
                checked={selected.includes(option.value)}
                onChange={(event) => {
                  onChange(
                    event.target.checked
                      ? options.map((o) => o.value).filter((v) => v === option.value || selected.includes(v))
                      : selected.filter((v) => v !== option.value),
                  );
                }}
                {...(option.hint === undefined ? {} : { 'aria-describedby': `${boxId}-hint` })}
              />
              <label className="checkbox__label" htmlFor={boxId}>
                {option.label}
              </label>
              {option.hint !== undefined && (
                <p className="checkbox__hint" id={`${boxId}-hint`}>
                  {option.hint}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  </div>
);

/** Buttons at the end of a form, kept together and wrapping on narrow screens. */
export const ButtonGroup = ({ children }: { readonly children: ReactNode }) => (
  <div className="button-group">{children}</div>
);

/** One yes-or-no choice, its label beside the box. */
export const CheckboxField = ({
  label,
  checked,
  onChange,
}: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) => (
  <div className="field">
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => {
          onChange(event.target.checked);
        }}
      />{' '}
      {label}
    </label>
  </div>
);
