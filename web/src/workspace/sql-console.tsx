import { useState, type SubmitEvent } from 'react';
import { toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useAnnounce } from '../shell/status.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Table } from '../ui/table.js';
import { BarChart, chartOf } from './bar-chart.js';
import { cellText, duration, number } from './labels.js';
import { workspaceApi, type ConsoleResult, type MinimisationReport } from './workspace-api.js';

const numericType = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/i;

const ResultTable = ({ result }: { readonly result: ConsoleResult }) => (
  <Table
    caption={t('workspace.sql.resultCaption', {
      rows: number(result.rowCount),
      ms: duration(result.elapsedMs),
    })}
  >
    <thead>
      <tr>
        {result.columns.map((c) => (
          <th scope="col" key={c.name} className={numericType.test(c.type) ? 'numeric' : undefined}>
            {c.name} <span className="ws-type">{c.type}</span>
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {result.rows.map((row, i) => (
        <tr key={i}>
          {result.columns.map((c, j) => (
            <td key={c.name} className={numericType.test(c.type) ? 'numeric' : 'code'}>
              {cellText(row[j])}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  </Table>
);

/** The extract's tables and their columns, for writing queries without guessing names. */
const ExtractTables = ({ report }: { readonly report: MinimisationReport | null }) => {
  const tables = report?.tables ?? [];
  if (tables.length === 0) return null;
  return (
    <details className="ws-details">
      <summary>{t('workspace.sql.tables', { count: tables.length })}</summary>
      <dl className="ws-columns">
        {tables.map((table) => (
          <div key={table.table}>
            <dt className="code">
              {table.table}{' '}
              <span className="muted">{t('workspace.sql.tableRows', { rows: number(table.rowsKept) })}</span>
            </dt>
            <dd className="code">{table.columnsKept.join(', ')}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
};

type Outcome =
  | { readonly step: 'idle' }
  | { readonly step: 'running' }
  | { readonly step: 'done'; readonly result: ConsoleResult }
  | { readonly step: 'failed'; readonly error: ApiError };

const example = `SELECT gender_concept_id, count(*) AS persons
FROM person
GROUP BY gender_concept_id
ORDER BY gender_concept_id`;

/**
 * The SQL console: one statement over the extract alone, its result as a table with the row count and a
 * quick chart, and the result kept as a CSV table among the outputs when asked.
 */
export const SqlConsole = ({
  workspaceId,
  report,
  canWork,
  onSaved,
}: {
  readonly workspaceId: string;
  readonly report: MinimisationReport | null;
  readonly canWork: boolean;
  readonly onSaved: () => void;
}) => {
  const announce = useAnnounce();
  const [sql, setSql] = useState(example);
  const [outcome, setOutcome] = useState<Outcome>({ step: 'idle' });
  const [saveAs, setSaveAs] = useState('');
  const [saveError, setSaveError] = useState<ApiError | string | null>(null);
  const [saving, setSaving] = useState(false);

  const run = async () => {
    if (outcome.step === 'running' || sql.trim() === '') return;
    setOutcome({ step: 'running' });
    try {
      const result = await workspaceApi.query(workspaceId, sql);
      setOutcome({ step: 'done', result });
    } catch (error) {
      setOutcome({ step: 'failed', error: toApiError(error) });
    }
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = saveAs.trim();
    if (name === '') {
      setSaveError(t('workspace.sql.saveNameMissing'));
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await workspaceApi.saveTable(workspaceId, sql, name);
      announce(t('workspace.sql.saved', { name: saved.name, rows: number(saved.table?.rows.length ?? 0) }));
      setSaveAs('');
      onSaved();
    } catch (error) {
      setSaveError(toApiError(error));
    } finally {
      setSaving(false);
    }
  };

  const chart = outcome.step === 'done' ? chartOf(outcome.result) : null;
  return (
    <section aria-labelledby="ws-sql-heading">
      <h2 id="ws-sql-heading">{t('workspace.sql.heading')}</h2>
      <p>{t('workspace.sql.lead')}</p>
      <ExtractTables report={report} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="ws-sql">
            {t('workspace.sql.label')}
          </label>
          <p className="field__hint" id="ws-sql-hint">
            {t('workspace.sql.hint')}
          </p>
          <textarea
            id="ws-sql"
            className="textarea ws-code"
            rows={8}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={sql}
            aria-describedby="ws-sql-hint"
            onChange={(event) => {
              setSql(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void run();
              }
            }}
          />
        </div>
        <button type="submit" className="button" disabled={!canWork || outcome.step === 'running'}>
          {outcome.step === 'running' ? t('workspace.sql.running') : t('workspace.sql.run')}
        </button>
      </form>
      <div aria-live="polite" className="ws-result">
        {outcome.step === 'failed' && <ProblemNotice error={outcome.error} />}
        {outcome.step === 'done' && (
          <>
            <p className="ws-result__summary" data-testid="sql-summary">
              {t('workspace.sql.summary', {
                rows: number(outcome.result.rowCount),
                ms: duration(outcome.result.elapsedMs),
              })}
            </p>
            {outcome.result.truncated && (
              <div className="notice notice--warning">
                <p>
                  {t('workspace.sql.truncated', {
                    shown: number(outcome.result.rows.length),
                    rows: number(outcome.result.rowCount),
                  })}
                </p>
              </div>
            )}
          </>
        )}
      </div>
      {outcome.step === 'done' && outcome.result.columns.length > 0 && (
        <>
          <ResultTable result={outcome.result} />
          {chart !== null && (
            <BarChart
              title={t('workspace.sql.chartTitle', { value: chart.valueColumn, label: chart.labelColumn })}
              bars={chart.bars}
            />
          )}
        </>
      )}
      <form className="ws-save" noValidate onSubmit={(event) => void save(event)}>
        <h3>{t('workspace.sql.saveHeading')}</h3>
        <div className={saveError === null ? 'field' : 'field field--error'}>
          <label className="field__label" htmlFor="ws-save-as">
            {t('workspace.sql.saveAs')}
          </label>
          <p className="field__hint" id="ws-save-as-hint">
            {t('workspace.sql.saveAsHint')}
          </p>
          {typeof saveError === 'string' && (
            <p className="field__error" id="ws-save-as-error">
              {saveError}
            </p>
          )}
          <input
            id="ws-save-as"
            className="input input--medium"
            value={saveAs}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={saveError !== null}
            aria-describedby={
              typeof saveError === 'string' ? 'ws-save-as-hint ws-save-as-error' : 'ws-save-as-hint'
            }
            onChange={(event) => {
              setSaveAs(event.target.value);
            }}
          />
        </div>
        {saveError !== null && typeof saveError !== 'string' && <ProblemNotice error={saveError} />}
        <button type="submit" className="button button--secondary" disabled={!canWork || saving}>
          {saving ? t('workspace.sql.saving') : t('workspace.sql.save')}
        </button>
      </form>
    </section>
  );
};
