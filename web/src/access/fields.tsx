/** A multi-line answer, styled as the shared text fields are. */
export const TextArea = ({
  id,
  label,
  error,
  value,
  onChange,
  rows = 4,
}: {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
}) => (
  <div className={error === undefined ? 'field' : 'field field--error'}>
    <label className="field__label" htmlFor={id}>
      {label}
    </label>
    {error !== undefined && (
      <p className="field__error" id={`${id}-error`}>
        {error}
      </p>
    )}
    <textarea
      id={id}
      name={id}
      className="input input--full"
      rows={rows}
      value={value}
      onChange={(event) => {
        onChange(event.target.value);
      }}
      aria-invalid={error !== undefined}
      {...(error === undefined ? {} : { 'aria-describedby': `${id}-error` })}
    />
  </div>
);

/** One checkbox answering a yes/no question. */
export const Checkbox = ({
  id,
  label,
  error,
  checked,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) => (
  <div className={error === undefined ? 'field' : 'field field--error'}>
    {error !== undefined && (
      <p className="field__error" id={`${id}-error`}>
        {error}
      </p>
    )}
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        className="checkbox__input"
        checked={checked}
        onChange={(event) => {
          onChange(event.target.checked);
        }}
      />
      <label className="checkbox__label" htmlFor={id}>
        {label}
      </label>
    </div>
  </div>
);
