import { useState, type SubmitEvent } from 'react';
import { auditOutcomes, type AuditOutcome } from '../api.js';
import { t } from '../i18n/index.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, SelectField, TextField } from '../ui/fields.js';
import { hasErrors, noErrors, type FormErrors } from '../ui/form-errors.js';
import { emptyFilter, type FilterField, type FilterValues } from './audit-filter.js';

const fieldIds: Record<FilterField, string> = {
  actor: 'audit-actor',
  action: 'audit-action',
  outcome: 'audit-outcome',
  targetType: 'audit-target-type',
  targetId: 'audit-target-id',
  from: 'audit-from',
  to: 'audit-to',
};

/** The filters; the page applies them when the form is submitted, not on every keystroke. */
export const AuditFilterForm = ({
  initial,
  onApply,
}: {
  readonly initial: FilterValues;
  readonly onApply: (values: FilterValues) => void;
}) => {
  const [values, setValues] = useState<FilterValues>(initial);
  const [errors, setErrors] = useState<FormErrors<FilterField>>(noErrors);
  const set =
    <K extends FilterField>(field: K) =>
    (value: FilterValues[K]) => {
      setValues((current) => ({ ...current, [field]: value }));
    };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    // Dates as YYYY-MM-DD compare correctly as text.
    const found: FormErrors<FilterField> = {
      fields:
        values.from !== '' && values.to !== '' && values.to < values.from
          ? { to: t('audit.field.to.beforeFrom') }
          : {},
      other: [],
    };
    setErrors(found);
    if (!hasErrors(found)) onApply(values);
  };

  return (
    <form className="form filter-form" noValidate onSubmit={submit} aria-labelledby="audit-filter-heading">
      <h2 id="audit-filter-heading">{t('audit.filterHeading')}</h2>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <div className="filter-form__grid">
        <TextField
          id={fieldIds.actor}
          label={t('audit.field.actor')}
          hint={t('audit.field.actor.hint')}
          value={values.actor}
          onChange={set('actor')}
        />
        <TextField
          id={fieldIds.action}
          label={t('audit.field.action')}
          hint={t('audit.field.action.hint')}
          value={values.action}
          onChange={set('action')}
        />
        <SelectField<AuditOutcome | ''>
          id={fieldIds.outcome}
          label={t('audit.field.outcome')}
          value={values.outcome}
          onChange={set('outcome')}
          options={[
            { value: '', label: t('audit.field.outcome.any') },
            ...auditOutcomes.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) })),
          ]}
        />
        <TextField
          id={fieldIds.targetType}
          label={t('audit.field.targetType')}
          value={values.targetType}
          onChange={set('targetType')}
        />
        <TextField
          id={fieldIds.targetId}
          label={t('audit.field.targetId')}
          value={values.targetId}
          onChange={set('targetId')}
        />
        <TextField
          id={fieldIds.from}
          label={t('audit.field.from')}
          hint={t('audit.field.dates.hint')}
          type="date"
          value={values.from}
          onChange={set('from')}
        />
        <TextField
          id={fieldIds.to}
          label={t('audit.field.to')}
          hint={t('audit.field.dates.hint')}
          error={errors.fields.to}
          type="date"
          value={values.to}
          onChange={set('to')}
        />
      </div>
      <ButtonGroup>
        <button type="submit" className="button">
          {t('audit.applyFilters')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setValues(emptyFilter);
            setErrors(noErrors);
            onApply(emptyFilter);
          }}
        >
          {t('audit.clearFilters')}
        </button>
      </ButtonGroup>
    </form>
  );
};
