import { useState, type SubmitEvent } from 'react';
import { t } from '../i18n/index.js';
import type { SearchQuery } from './types.js';

type RangeField = 'ageFrom' | 'ageTo' | 'from' | 'to';
type Values = Readonly<Record<RangeField, string>>;
type Errors = Partial<Record<RangeField, string>>;

const check = (values: Values): Errors => {
  const errors: Errors = {};
  const whole = (value: string) => /^\d+$/.test(value.trim());
  for (const field of ['ageFrom', 'ageTo'] as const) {
    const value = values[field].trim();
    if (value !== '' && (!whole(value) || Number(value) > 150))
      errors[field] = t('catalogue.filter.age.invalid');
  }
  for (const field of ['from', 'to'] as const) {
    const value = values[field].trim();
    if (value !== '' && (!/^\d{4}$/.test(value) || Number(value) < 1800 || Number(value) > 2200))
      errors[field] = t('catalogue.filter.year.invalid');
  }
  if (errors.ageFrom === undefined && errors.ageTo === undefined) {
    if (values.ageFrom !== '' && values.ageTo !== '' && Number(values.ageFrom) > Number(values.ageTo))
      errors.ageTo = t('catalogue.filter.age.order');
  }
  if (errors.from === undefined && errors.to === undefined) {
    if (values.from !== '' && values.to !== '' && Number(values.from) > Number(values.to))
      errors.to = t('catalogue.filter.year.order');
  }
  return errors;
};

const RangeInput = ({
  field,
  label,
  value,
  error,
  onChange,
}: {
  readonly field: RangeField;
  readonly label: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}) => {
  const id = `filter-${field}`;
  return (
    <div className={error === undefined ? 'range__field' : 'range__field field--error'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {error !== undefined && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        className="input range__input"
        type="text"
        inputMode="numeric"
        value={value}
        aria-invalid={error !== undefined}
        {...(error === undefined ? {} : { 'aria-describedby': `${id}-error` })}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
};

/** Age range and temporal coverage: applied together with one button, after a check of what was typed. */
export const RangeFilter = ({
  search,
  onApply,
}: {
  readonly search: SearchQuery;
  readonly onApply: (values: Values) => void;
}) => {
  const [values, setValues] = useState<Values>({
    ageFrom: search.ageFrom,
    ageTo: search.ageTo,
    from: search.from,
    to: search.to,
  });
  const [errors, setErrors] = useState<Errors>({});
  const set = (field: RangeField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = check(values);
    setErrors(found);
    if (Object.keys(found).length === 0) {
      onApply({
        ageFrom: values.ageFrom.trim(),
        ageTo: values.ageTo.trim(),
        from: values.from.trim(),
        to: values.to.trim(),
      });
    }
  };

  return (
    <form className="range" noValidate onSubmit={submit} aria-label={t('catalogue.filter.ranges')}>
      <fieldset className="facet">
        <legend className="facet__legend">{t('catalogue.filter.age')}</legend>
        <p className="field__hint">{t('catalogue.filter.age.hint')}</p>
        <div className="range__pair">
          <RangeInput
            field="ageFrom"
            label={t('catalogue.filter.age.from')}
            value={values.ageFrom}
            error={errors.ageFrom}
            onChange={set('ageFrom')}
          />
          <RangeInput
            field="ageTo"
            label={t('catalogue.filter.age.to')}
            value={values.ageTo}
            error={errors.ageTo}
            onChange={set('ageTo')}
          />
        </div>
      </fieldset>
      <fieldset className="facet">
        <legend className="facet__legend">{t('catalogue.filter.years')}</legend>
        <p className="field__hint">{t('catalogue.filter.years.hint')}</p>
        <div className="range__pair">
          <RangeInput
            field="from"
            label={t('catalogue.filter.years.from')}
            value={values.from}
            error={errors.from}
            onChange={set('from')}
          />
          <RangeInput
            field="to"
            label={t('catalogue.filter.years.to')}
            value={values.to}
            error={errors.to}
            onChange={set('to')}
          />
        </div>
      </fieldset>
      <button type="submit" className="button button--secondary button--small">
        {t('catalogue.filter.apply')}
      </button>
    </form>
  );
};
