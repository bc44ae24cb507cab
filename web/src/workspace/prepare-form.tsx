import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { formatDate } from '../catalogue/labels.js';
import { t } from '../i18n/index.js';
import { SelectField, TextField } from '../ui/fields.js';
import type { PreparationChoices, PreparationTask } from './workspace-api.js';

type Shift = 'default' | 'none' | 'shift';

const wholeOrEmpty = /^\d*$/;

/**
 * The data steward turns a permit's order into an extract: the order's cohort, written in words, becomes
 * codes and ages the lake can select on; the dates may be shifted per person. What is left empty is not
 * applied (the node's default date shift).
 */
export const PrepareForm = ({
  task,
  busy,
  onPrepare,
  onCancel,
}: {
  readonly task: PreparationTask;
  readonly busy: boolean;
  readonly onPrepare: (choices: PreparationChoices) => void;
  readonly onCancel: () => void;
}) => {
  const heading = useRef<HTMLHeadingElement>(null);
  const [codes, setCodes] = useState('');
  const [ageMin, setAgeMin] = useState('');
  const [ageMax, setAgeMax] = useState('');
  const [ageAt, setAgeAt] = useState(task.order.period?.to ?? new Date().toISOString().slice(0, 10));
  const [shift, setShift] = useState<Shift>('default');
  const [days, setDays] = useState('180');
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const reference = task.caseReference ?? task.caseId;

  useEffect(() => {
    heading.current?.focus();
  }, [task.id]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!wholeOrEmpty.test(ageMin.trim())) found['min'] = t('workspace.prepare.ageWhole');
    if (!wholeOrEmpty.test(ageMax.trim())) found['max'] = t('workspace.prepare.ageWhole');
    const ageGiven = ageMin.trim() !== '' || ageMax.trim() !== '';
    if (ageGiven && !/^\d{4}-\d{2}-\d{2}$/.test(ageAt)) found['at'] = t('workspace.prepare.ageAtMissing');
    if (shift === 'shift' && !/^\d+$/.test(days.trim())) found['days'] = t('workspace.prepare.daysWhole');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const codeList = codes
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const age = ageGiven
      ? {
          ...(ageMin.trim() === '' ? {} : { min: Number(ageMin) }),
          ...(ageMax.trim() === '' ? {} : { max: Number(ageMax) }),
          at: ageAt,
        }
      : undefined;
    onPrepare({
      ...(codeList.length === 0 && age === undefined
        ? {}
        : {
            cohort: {
              ...(codeList.length === 0 ? {} : { codes: codeList }),
              ...(age === undefined ? {} : { age }),
            },
          }),
      ...(shift === 'default'
        ? {}
        : {
            dateShift: {
              enabled: shift === 'shift',
              maxDays: shift === 'shift' ? Math.max(1, Number(days)) : 1,
            },
          }),
    });
  };

  return (
    <form className="panel ws-prepare" noValidate onSubmit={submit} aria-labelledby="ws-prepare-heading">
      <h3 id="ws-prepare-heading" tabIndex={-1} ref={heading}>
        {t('workspace.prepare.heading', { reference })}
      </h3>
      <dl className="ws-context">
        <dt>{t('workspace.tasks.datasets')}</dt>
        <dd>{(task.order.datasets ?? []).map((d) => d.title).join('; ') || '–'}</dd>
        <dt>{t('workspace.tasks.period')}</dt>
        <dd>
          {task.order.period == null
            ? '–'
            : `${formatDate(task.order.period.from)} – ${formatDate(task.order.period.to)}`}
        </dd>
        <dt>{t('workspace.prepare.orderCohort')}</dt>
        <dd>{task.order.cohortCriteria ?? t('workspace.prepare.noCohort')}</dd>
      </dl>
      <TextField
        id="ws-prepare-codes"
        label={t('workspace.prepare.codes')}
        hint={t('workspace.prepare.codesHint')}
        optional
        value={codes}
        onChange={setCodes}
      />
      <fieldset className="fieldset field">
        <legend className="field__label">
          {t('workspace.prepare.age')} <span className="field__optional">{t('common.optional')}</span>
        </legend>
        <p className="field__hint">{t('workspace.prepare.ageHint')}</p>
        <div className="ws-inline-fields">
          <TextField
            id="ws-prepare-age-min"
            label={t('workspace.prepare.ageMin')}
            error={errors['min']}
            inputMode="numeric"
            width="short"
            value={ageMin}
            onChange={setAgeMin}
          />
          <TextField
            id="ws-prepare-age-max"
            label={t('workspace.prepare.ageMax')}
            error={errors['max']}
            inputMode="numeric"
            width="short"
            value={ageMax}
            onChange={setAgeMax}
          />
          <TextField
            id="ws-prepare-age-at"
            label={t('workspace.prepare.ageAt')}
            error={errors['at']}
            type="date"
            value={ageAt}
            onChange={setAgeAt}
          />
        </div>
      </fieldset>
      <SelectField<Shift>
        id="ws-prepare-shift"
        label={t('workspace.prepare.shift')}
        hint={t('workspace.prepare.shiftHint')}
        value={shift}
        onChange={setShift}
        options={[
          { value: 'default', label: t('workspace.prepare.shiftDefault') },
          { value: 'none', label: t('workspace.prepare.shiftNone') },
          { value: 'shift', label: t('workspace.prepare.shiftDays') },
        ]}
      />
      {shift === 'shift' && (
        <TextField
          id="ws-prepare-days"
          label={t('workspace.prepare.days')}
          error={errors['days']}
          inputMode="numeric"
          width="short"
          value={days}
          onChange={setDays}
        />
      )}
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>
          {t('workspace.prepare.build')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onCancel}>
          {t('workspace.prepare.cancel')}
        </button>
      </div>
    </form>
  );
};
