import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, SelectField, TextField } from '../ui/fields.js';
import type { FormErrors } from '../ui/form-errors.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { useApi } from '../use-api.js';
import { pickText } from '../catalogue/labels.js';
import {
  accessApi,
  casePath,
  editCasePath,
  purposes,
  type ApplicationForm,
  type CaseView,
  type Purpose,
  type Track,
} from './access-api.js';
import { Checkbox, TextArea } from './fields.js';
import { purposeLabel, trackLabel } from './labels.js';

const fields = [
  'datasets',
  'title',
  'purpose',
  'intendedUse',
  'expectedBenefit',
  'period',
  'dataForm',
  'pseudonymisationJustification',
  'safeguards',
  'durationMonths',
  'namedPersons',
  'ethics',
  'statistics',
  'noProhibitedUse',
] as const;
type Field = (typeof fields)[number];
const fieldIds = Object.fromEntries(fields.map((f) => [f, `access-${f}`])) as Record<Field, string>;

/** Server paths are `/form/<field>/...`: each message goes beside its field. */
const errorsFrom = (error: unknown): FormErrors<Field> => {
  const problem = toApiError(error).problem;
  const byField: Partial<Record<Field, string>> = {};
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = e.path.split('/').filter((s) => s !== '')[1] ?? '';
    const field = fields.find((f) => f === name);
    if (field === undefined) other.push(e.message);
    else byField[field] ??= e.message;
  }
  return { detail: problem.detail, fields: byField, other };
};

const personsText = (form: ApplicationForm): string =>
  (form.namedPersons ?? []).map((p) => `${p.name}, ${p.email}`).join('\n');
const personsOf = (text: string): { name: string; email: string }[] =>
  text
    .split('\n')
    .map((line) => line.split(',').map((s) => s.trim()))
    .filter(([name]) => name !== undefined && name !== '')
    .map(([name = '', email = '']) => ({ name, email }));

const Basket = ({
  form,
  titles,
  onChange,
  error,
}: {
  readonly form: ApplicationForm;
  readonly titles: Readonly<Record<string, string>>;
  readonly onChange: (
    datasets: NonNullable<ApplicationForm['datasets']>,
    titles: Record<string, string>,
  ) => void;
  readonly error: string | undefined;
}) => {
  const [q, setQ] = useState('');
  const results = useApi((signal) => accessApi.searchCatalogue(q, signal), [q]);
  const chosen = form.datasets ?? [];
  return (
    <fieldset
      className={error === undefined ? 'fieldset field' : 'fieldset field field--error'}
      id={fieldIds.datasets}
    >
      <legend className="field__label">{t('access.form.basket')}</legend>
      <p className="field__hint">{t('access.form.basketHint')}</p>
      {error !== undefined && <p className="field__error">{error}</p>}
      {chosen.length === 0 ? (
        <p className="muted">{t('access.form.basketEmpty')}</p>
      ) : (
        <ul>
          {chosen.map((d, i) => (
            <li key={d.datasetId}>
              <strong>{titles[d.datasetId] ?? d.datasetId}</strong>{' '}
              <TextField
                id={`access-variables-${i}`}
                label={t('access.form.variables')}
                value={(d.variables ?? []).join(', ')}
                onChange={(v) => {
                  const variables = v
                    .split(',')
                    .map((s) => s.trim())
                    .filter((s) => s !== '');
                  onChange(
                    chosen.map((x) => (x.datasetId === d.datasetId ? { ...x, variables } : x)),
                    { ...titles },
                  );
                }}
              />
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  onChange(
                    chosen.filter((x) => x.datasetId !== d.datasetId),
                    { ...titles },
                  );
                }}
              >
                {t('access.form.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <TextField id="access-basket-search" label={t('access.form.search')} value={q} onChange={setQ} />
      <ul>
        {(results.data?.results ?? [])
          .filter((r) => !chosen.some((c) => c.datasetId === r.id))
          .map((r) => (
            <li key={r.id}>
              {pickText(r.title)}{' '}
              <button
                type="button"
                className="button button--small"
                aria-label={`${t('access.form.add')}: ${pickText(r.title)}`}
                onClick={() => {
                  onChange([...chosen, { datasetId: r.id }], { ...titles, [r.id]: pickText(r.title) });
                }}
              >
                {t('access.form.add')}
              </button>
            </li>
          ))}
      </ul>
    </fieldset>
  );
};

const FormEditor = ({
  track,
  initial,
  preset = null,
}: {
  readonly track: Track;
  readonly initial: CaseView | null;
  /** A dataset chosen on its catalogue page, to start the basket with. */
  readonly preset?: { readonly datasetId: string; readonly title: string } | null;
}) => {
  const navigate = useNavigate();
  const announce = useAnnounce();
  // An unticked box and the first option are answers too: a new application starts with them given.
  const [form, setForm] = useState<ApplicationForm>(
    initial?.form ?? {
      ...(track === 'application' ? { dataForm: 'anonymised', ethics: { required: false } } : {}),
      ...(preset === null ? {} : { datasets: [{ datasetId: preset.datasetId }] }),
    },
  );
  const [titles, setTitles] = useState<Record<string, string>>({
    ...Object.fromEntries((initial?.basket ?? []).map((b) => [b.datasetId, b.title])),
    ...(preset === null ? {} : { [preset.datasetId]: preset.title }),
  });
  const [saved, setSaved] = useState<CaseView | null>(initial);
  const [persons, setPersons] = useState(personsText(initial?.form ?? {}));
  const [errors, setErrors] = useState<FormErrors<Field>>({ fields: {}, other: [] });
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<ApplicationForm>) => {
    setForm((f) => ({ ...f, ...change }));
  };
  const current = (): ApplicationForm => {
    const namedPersons = personsOf(persons);
    const { namedPersons: _, ...rest } = form;
    return namedPersons.length === 0 ? rest : { ...rest, namedPersons };
  };
  const save = async (): Promise<CaseView> => {
    const result =
      saved === null
        ? await accessApi.create(track, current())
        : await accessApi.save(saved.id, current(), saved.revision);
    setSaved(result);
    if (saved === null) void navigate(editCasePath(result.id), { replace: true });
    return result;
  };
  const run = async (submit: boolean) => {
    setBusy(true);
    setErrors({ fields: {}, other: [] });
    try {
      const draft = await save();
      if (submit) {
        const sent = await accessApi.act(draft.id, 'submit');
        announce(t('access.form.submitted', { reference: sent.reference ?? '' }));
        void navigate(casePath(sent.id));
        return;
      }
      announce(t('access.form.saved'));
    } catch (error) {
      setErrors(errorsFrom(error));
    } finally {
      setBusy(false);
    }
  };
  const e = errors.fields;
  const application = track === 'application';
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run(true);
      }}
    >
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Basket
        form={form}
        titles={titles}
        error={e.datasets}
        onChange={(datasets, next) => {
          set({ datasets });
          setTitles(next);
        }}
      />
      <TextField
        id={fieldIds.title}
        label={t('access.form.title')}
        error={e.title}
        value={form.title ?? ''}
        onChange={(v) => set({ title: v })}
      />
      <SelectField<Purpose | ''>
        id={fieldIds.purpose}
        label={t('access.form.purpose')}
        error={e.purpose}
        value={form.purpose ?? ''}
        options={[
          { value: '', label: t('access.purpose.choose') },
          ...purposes.map((p) => ({ value: p, label: purposeLabel(p) })),
        ]}
        onChange={(v) => {
          if (v === '') {
            const { purpose: _, ...rest } = form;
            setForm(rest);
          } else set({ purpose: v });
        }}
      />
      <Checkbox
        id="access-publicSector"
        label={t('access.form.publicSector')}
        checked={form.publicSectorBody === true}
        onChange={(v) => set({ publicSectorBody: v })}
      />
      <TextArea
        id={fieldIds.intendedUse}
        label={t('access.form.intendedUse')}
        error={e.intendedUse}
        value={form.intendedUse ?? ''}
        onChange={(v) => set({ intendedUse: v })}
      />
      <TextArea
        id={fieldIds.expectedBenefit}
        label={t('access.form.expectedBenefit')}
        error={e.expectedBenefit}
        value={form.expectedBenefit ?? ''}
        onChange={(v) => set({ expectedBenefit: v })}
      />
      <div id={fieldIds.period}>
        <TextField
          id="access-period-from"
          type="date"
          width="short"
          label={t('access.form.periodFrom')}
          error={e.period}
          value={form.period?.from ?? ''}
          onChange={(v) => set({ period: { from: v, to: form.period?.to ?? v } })}
        />
        <TextField
          id="access-period-to"
          type="date"
          width="short"
          label={t('access.form.periodTo')}
          value={form.period?.to ?? ''}
          onChange={(v) => set({ period: { from: form.period?.from ?? v, to: v } })}
        />
      </div>
      {application ? (
        <>
          <SelectField<'anonymised' | 'pseudonymised'>
            id={fieldIds.dataForm}
            label={t('access.form.dataForm')}
            error={e.dataForm}
            value={form.dataForm ?? 'anonymised'}
            options={[
              { value: 'anonymised', label: t('access.form.dataForm.anonymised') },
              { value: 'pseudonymised', label: t('access.form.dataForm.pseudonymised') },
            ]}
            onChange={(v) => set({ dataForm: v })}
          />
          {form.dataForm === 'pseudonymised' && (
            <TextArea
              id={fieldIds.pseudonymisationJustification}
              label={t('access.form.pseudonymisationJustification')}
              error={e.pseudonymisationJustification}
              value={form.pseudonymisationJustification ?? ''}
              onChange={(v) => set({ pseudonymisationJustification: v })}
            />
          )}
          <TextArea
            id={fieldIds.safeguards}
            label={t('access.form.safeguards')}
            error={e.safeguards}
            value={form.safeguards ?? ''}
            onChange={(v) => set({ safeguards: v })}
          />
          <TextField
            id={fieldIds.durationMonths}
            width="short"
            inputMode="numeric"
            label={t('access.form.durationMonths')}
            error={e.durationMonths}
            value={form.durationMonths === undefined ? '' : String(form.durationMonths)}
            onChange={(v) => {
              const n = Number.parseInt(v, 10);
              if (Number.isNaN(n)) {
                const { durationMonths: _, ...rest } = form;
                setForm(rest);
              } else set({ durationMonths: n });
            }}
          />
          <TextArea
            id={fieldIds.namedPersons}
            label={t('access.form.namedPersons')}
            error={e.namedPersons}
            value={persons}
            onChange={setPersons}
            rows={3}
          />
          <div id={fieldIds.ethics}>
            <Checkbox
              id="access-ethics-required"
              label={t('access.form.ethicsRequired')}
              error={e.ethics}
              checked={form.ethics?.required === true}
              onChange={(v) => set({ ethics: { ...form.ethics, required: v } })}
            />
            {form.ethics?.required === true && (
              <TextField
                id="access-ethics-reference"
                label={t('access.form.ethicsReference')}
                value={form.ethics.reference ?? ''}
                onChange={(v) => set({ ethics: { required: true, reference: v } })}
              />
            )}
          </div>
          <TextArea
            id="access-cohortCriteria"
            label={t('access.form.cohortCriteria')}
            value={form.cohortCriteria ?? ''}
            onChange={(v) => set({ cohortCriteria: v })}
            rows={2}
          />
        </>
      ) : (
        <TextArea
          id={fieldIds.statistics}
          label={t('access.form.statistics')}
          error={e.statistics}
          value={form.statistics ?? ''}
          onChange={(v) => set({ statistics: v })}
        />
      )}
      <Checkbox
        id={fieldIds.noProhibitedUse}
        label={t('access.form.noProhibitedUse')}
        error={e.noProhibitedUse}
        checked={form.noProhibitedUse === true}
        onChange={(v) => set({ noProhibitedUse: v })}
      />
      {saved !== null && <p>{t('access.form.fees', { total: saved.fees.total })}</p>}
      <ButtonGroup>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void run(false)}
        >
          {t('access.form.save')}
        </button>
        <button type="submit" className="button" disabled={busy}>
          {t('access.form.submit')}
        </button>
      </ButtonGroup>
    </form>
  );
};

export const NewApplicationPage = () => {
  const { track = 'application' } = useParams();
  const [search] = useSearchParams();
  const kind: Track = track === 'data_request' ? 'data_request' : 'application';
  const datasetId = search.get('dataset');
  const preset = datasetId === null ? null : { datasetId, title: search.get('title') ?? datasetId };
  return (
    <Page title={t('access.form.newTitle', { track: trackLabel(kind) })}>
      <FormEditor key={kind} track={kind} initial={null} preset={preset} />
    </Page>
  );
};

export const EditApplicationPage = () => {
  const { id = '' } = useParams();
  const loaded = useApi((signal) => accessApi.get(id, signal), [id]);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (loaded.data !== undefined) setReady(true);
  }, [loaded.data]);
  return (
    <Page title={t('access.form.editTitle')}>
      {loaded.error !== undefined && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      {!ready || loaded.data === undefined ? (
        loaded.loading && <Spinner label={t('access.case.loading')} />
      ) : (
        <FormEditor track={loaded.data.track} initial={loaded.data} />
      )}
    </Page>
  );
};
