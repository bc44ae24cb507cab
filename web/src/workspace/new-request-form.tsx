import { useCallback, useRef, useState, type SubmitEvent } from 'react';
import { toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useAnnounce } from '../shell/status.js';
import { CheckboxGroup, SelectField, TextField } from '../ui/fields.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { useApi } from '../use-api.js';
import { TextArea } from '../access/fields.js';
import {
  workspaceApi,
  type FileContextInput,
  type OutputKind,
  type OutputRequest,
  type Statistic,
  type WorkspaceFile,
} from './workspace-api.js';

interface Draft {
  readonly description: string;
  readonly kind: OutputKind;
  readonly population: string;
  readonly denominators: string;
  /** null until the requester chooses: then the columns that look like counts. */
  readonly countColumns: readonly string[] | null;
  readonly unit: string;
  readonly statistic: Statistic;
  readonly valueColumns: readonly string[];
  readonly countColumn: string;
  readonly residualDf: string;
}

const extensionOf = (name: string): string => name.toLowerCase().split('.').pop() ?? '';

/** The kinds that fit a file's type: tables for a CSV file, a chart for a PNG, a text or model for text. */
const kindsFor = (name: string): readonly OutputKind[] => {
  const extension = extensionOf(name);
  return extension === 'png'
    ? ['chart']
    : extension === 'csv'
      ? ['frequency', 'magnitude', 'model', 'other']
      : ['text', 'model', 'other'];
};

const blank = (name: string): Draft => ({
  description: '',
  kind: kindsFor(name)[0] ?? 'other',
  population: '',
  denominators: '',
  countColumns: null,
  unit: '',
  statistic: 'sum',
  valueColumns: [],
  countColumn: '',
  residualDf: '',
});

// The disclosure checks' own guess when no count columns are named: count, n, frequency, n_…, count_….
const looksLikeCount = (column: string): boolean => /^(count|n|frequency|freq)$|^(n|count)_/i.test(column);

const fieldId = (name: string, part: string): string =>
  `ws-ctx-${name.replace(/[^A-Za-z0-9_-]/g, '_')}-${part}`;

const statistics: readonly Statistic[] = ['sum', 'mean', 'other'];

/** Reads a CSV file's header from its preview, so that its columns are chosen rather than typed. */
const HeaderLoader = ({
  workspaceId,
  name,
  onHeader,
}: {
  readonly workspaceId: string;
  readonly name: string;
  readonly onHeader: (name: string, header: readonly string[]) => void;
}) => {
  useApi(
    async (signal) => {
      const preview = await workspaceApi.preview(workspaceId, name, signal);
      onHeader(name, preview.table?.header ?? []);
      return null;
    },
    [workspaceId, name],
  );
  return null;
};

const worstOf = (request: OutputRequest): 'pass' | 'review' | 'fail' =>
  request.files.some((f) => f.check.status === 'fail')
    ? 'fail'
    : request.files.some((f) => f.check.status === 'review')
      ? 'review'
      : 'pass';

/** File an output request: which files, and for each what it shows, so that checks and checker can judge. */
export const NewRequestForm = ({
  workspaceId,
  files,
  onFiled,
}: {
  readonly workspaceId: string;
  readonly files: readonly WorkspaceFile[];
  readonly onFiled: (request: OutputRequest) => void;
}) => {
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [drafts, setDrafts] = useState<Readonly<Record<string, Draft>>>({});
  const [headers, setHeaders] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const onHeader = useCallback((name: string, header: readonly string[]) => {
    setHeaders((current) => ({ ...current, [name]: header }));
  }, []);
  const draftOf = (name: string): Draft => drafts[name] ?? blank(name);
  const edit = (name: string, change: Partial<Draft>) => {
    setDrafts((current) => ({ ...current, [name]: { ...(current[name] ?? blank(name)), ...change } }));
  };
  const countColumnsOf = (name: string): readonly string[] =>
    draftOf(name).countColumns ?? (headers[name] ?? []).filter(looksLikeCount);

  const contextOf = (name: string): FileContextInput => {
    const d = draftOf(name);
    return {
      description: d.description,
      kind: d.kind,
      population: d.population,
      denominators: d.denominators,
      countColumns: countColumnsOf(name),
      unit: d.unit,
      statistic: d.statistic,
      valueColumns: d.valueColumns,
      countColumn: d.countColumn,
      residualDf: d.residualDf.trim() === '' ? null : Number(d.residualDf.trim()),
    };
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (chosen.length === 0) found['ws-request-files'] = t('airlock.form.chooseFiles');
    for (const name of chosen) {
      const d = draftOf(name);
      if (d.description.trim() === '')
        found[fieldId(name, 'description')] = t('airlock.form.describe', { name });
      if (d.kind === 'magnitude' && d.valueColumns.length === 0)
        found[fieldId(name, 'values')] = t('airlock.form.valueColumnsMissing', { name });
      if (d.kind === 'model' && d.residualDf.trim() !== '' && !/^\d+$/.test(d.residualDf.trim()))
        found[fieldId(name, 'df')] = t('airlock.form.dfWhole');
    }
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      summary.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const filed = await workspaceApi.fileRequest(workspaceId, {
        title,
        files: chosen.map((name) => ({ name, context: contextOf(name) })),
      });
      announce(t('airlock.form.filed', { status: t(`airlock.verdict.${worstOf(filed)}`) }));
      setTitle('');
      setChosen([]);
      setDrafts({});
      onFiled(filed);
    } catch (error) {
      setProblem(toApiError(error));
      summary.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const errorList = Object.entries(errors);
  return (
    <form className="ws-request-form" noValidate onSubmit={(event) => void submit(event)}>
      <h3>{t('airlock.form.heading')}</h3>
      <p>{t('airlock.form.lead')}</p>
      <div ref={summary} tabIndex={-1}>
        {errorList.length > 0 && (
          <div className="error-summary" role="alert">
            <h4 className="error-summary__title">{t('airlock.form.problems')}</h4>
            <ul className="error-summary__list">
              {errorList.map(([id, message]) => (
                <li key={id}>
                  <a href={`#${id}`}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {problem !== null && <ProblemNotice error={problem} />}
      </div>
      <TextField
        id="ws-request-title"
        label={t('airlock.form.title')}
        optional
        value={title}
        onChange={setTitle}
      />
      <CheckboxGroup
        id="ws-request-files"
        legend={t('airlock.form.files')}
        hint={t('airlock.form.filesHint')}
        error={errors['ws-request-files']}
        options={files.map((f) => ({ value: f.name, label: f.name }))}
        selected={chosen}
        onChange={setChosen}
      />
      {chosen.map((name) => {
        const d = draftOf(name);
        const columns = headers[name] ?? [];
        const columnOptions = columns.map((c) => ({ value: c, label: c }));
        return (
          <fieldset className="fieldset ws-context-fields" key={name}>
            <legend className="field__label">{t('airlock.form.about', { name })}</legend>
            {extensionOf(name) === 'csv' && (
              <HeaderLoader workspaceId={workspaceId} name={name} onHeader={onHeader} />
            )}
            <TextArea
              id={fieldId(name, 'description')}
              label={t('airlock.form.description')}
              error={errors[fieldId(name, 'description')]}
              value={d.description}
              onChange={(description) => {
                edit(name, { description });
              }}
              rows={2}
            />
            <SelectField
              id={fieldId(name, 'kind')}
              label={t('airlock.form.kind')}
              value={d.kind}
              onChange={(kind) => {
                edit(name, { kind });
              }}
              options={kindsFor(name).map((k) => ({ value: k, label: t(`airlock.kind.${k}`) }))}
            />
            {d.kind === 'frequency' && columns.length > 0 && (
              <CheckboxGroup
                id={fieldId(name, 'counts')}
                legend={t('airlock.form.countColumns')}
                hint={t('airlock.form.countColumnsHint')}
                options={columnOptions}
                selected={[...countColumnsOf(name)]}
                onChange={(countColumns) => {
                  edit(name, { countColumns });
                }}
              />
            )}
            {d.kind === 'frequency' && (
              <TextField
                id={fieldId(name, 'unit')}
                label={t('airlock.form.unit')}
                hint={t('airlock.form.unitHint')}
                optional
                width="short"
                value={d.unit}
                onChange={(unit) => {
                  edit(name, { unit });
                }}
              />
            )}
            {d.kind === 'magnitude' && (
              <>
                <SelectField
                  id={fieldId(name, 'statistic')}
                  label={t('airlock.form.statistic')}
                  value={d.statistic}
                  onChange={(statistic) => {
                    edit(name, { statistic });
                  }}
                  options={statistics.map((s) => ({ value: s, label: t(`airlock.statistic.${s}`) }))}
                />
                <CheckboxGroup
                  id={fieldId(name, 'values')}
                  legend={t('airlock.form.valueColumns')}
                  hint={t('airlock.form.valueColumnsHint')}
                  error={errors[fieldId(name, 'values')]}
                  options={columnOptions}
                  selected={[...d.valueColumns]}
                  onChange={(valueColumns) => {
                    edit(name, { valueColumns });
                  }}
                />
                <SelectField
                  id={fieldId(name, 'count-column')}
                  label={t('airlock.form.countColumn')}
                  hint={t('airlock.form.countColumnHint')}
                  value={d.countColumn}
                  onChange={(countColumn) => {
                    edit(name, { countColumn });
                  }}
                  options={[{ value: '', label: t('airlock.form.countColumnNone') }, ...columnOptions]}
                />
              </>
            )}
            {d.kind === 'model' && (
              <TextField
                id={fieldId(name, 'df')}
                label={t('airlock.form.residualDf')}
                hint={t('airlock.form.residualDfHint')}
                error={errors[fieldId(name, 'df')]}
                inputMode="numeric"
                width="short"
                value={d.residualDf}
                onChange={(residualDf) => {
                  edit(name, { residualDf });
                }}
              />
            )}
            <TextField
              id={fieldId(name, 'population')}
              label={t('airlock.form.population')}
              hint={t('airlock.form.populationHint')}
              optional
              value={d.population}
              onChange={(population) => {
                edit(name, { population });
              }}
            />
            <TextField
              id={fieldId(name, 'denominators')}
              label={t('airlock.form.denominators')}
              hint={t('airlock.form.denominatorsHint')}
              optional
              value={d.denominators}
              onChange={(denominators) => {
                edit(name, { denominators });
              }}
            />
          </fieldset>
        );
      })}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('airlock.form.filing') : t('airlock.form.file')}
      </button>
    </form>
  );
};
