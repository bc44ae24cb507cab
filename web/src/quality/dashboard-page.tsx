import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { toApiError, type ApiError } from '../api.js';
import { datasetPath } from '../catalogue/result-card.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { CheckboxField, SelectField, TextField } from '../ui/fields.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi } from '../use-api.js';
import { Histogram, passRate, TrendChart } from './charts.js';
import { categoryLabel, elementLabel, levelLabel, number, percent, phaseLabel } from './labels.js';
import {
  isRunning,
  qualityApi,
  reportUrl,
  type CheckResult,
  type DatasetQualityDetail,
  type FieldCompleteness,
  type Declarations,
  type Job,
  type QualityLabel,
  type Run,
  type RunView,
} from './quality-api.js';

const LevelBadge = ({ level }: { readonly level: string | null }) => (
  <span className={`badge badge--level-${level ?? 'none'}`}>{levelLabel(level)}</span>
);

/** Start a run and follow it: the lake queries answered against the last run's count, phase by phase. */
const RunControl = ({
  datasetId,
  job: initial,
  onFinished,
}: {
  readonly datasetId: string;
  readonly job: Job | null;
  readonly onFinished: () => void;
}) => {
  const [job, setJob] = useState<Job | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const announce = useAnnounce();

  useEffect(() => {
    setJob(initial);
  }, [initial]);

  useEffect(() => {
    if (!isRunning(job)) return;
    const timer = setTimeout(() => {
      qualityApi.job(job.id).then(
        (next) => {
          setJob(next);
          if (next.phase === 'done' || next.phase === 'failed') {
            announce(next.phase === 'done' ? t('quality.run.done') : t('quality.run.failed'));
            onFinished();
          }
        },
        (e: unknown) => {
          setError(toApiError(e));
          setJob(null);
        },
      );
    }, 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [job, announce, onFinished]);

  const start = async () => {
    setError(null);
    try {
      setJob(await qualityApi.start(datasetId));
      announce(t('quality.run.started'));
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const running = isRunning(job);
  const share =
    job === null || job.expectedQueries === null || job.expectedQueries === 0
      ? null
      : Math.min(0.99, job.queries / job.expectedQueries);
  return (
    <div className="quality-run">
      <button type="button" className="button" disabled={running} onClick={() => void start()}>
        {running ? t('quality.run.busy') : t('quality.run.start')}
      </button>
      <div aria-live="polite">
        {running &&
          (share === null ? (
            <Spinner
              label={t('quality.run.progress', {
                phase: phaseLabel(job.phase),
                queries: number(job.queries),
              })}
            />
          ) : (
            <div className="progress">
              <div className="progress__label">
                <span>
                  {t('quality.run.progress', { phase: phaseLabel(job.phase), queries: number(job.queries) })}
                </span>
                <span>{Math.round(share * 100)}%</span>
              </div>
              <progress
                className="progress__bar"
                max={1}
                value={share}
                aria-label={t('quality.run.progressLabel')}
              />
            </div>
          ))}
        {job?.phase === 'failed' && (
          <div className="notice notice--error">
            <p>
              <strong>{t('quality.run.failed')}</strong>
            </p>
            {job.error !== null && <p>{job.error}</p>}
          </div>
        )}
        {error !== null && <ProblemNotice error={error} />}
      </div>
    </div>
  );
};

const LabelPanel = ({ label, run }: { readonly label: QualityLabel; readonly run: Run }) => (
  <section className="panel panel--wide" aria-labelledby="label-heading">
    <h2 id="label-heading">
      {t('quality.label.heading')} <LevelBadge level={label.level} />
    </h2>
    <p>{t('quality.label.lead', { date: formatDateTime(run.finishedAt) })}</p>
    {label.toRaise.length > 0 && (
      <>
        <h3>{t('quality.label.toRaise')}</h3>
        <ul>
          {label.toRaise.map((r) => (
            <li key={r.element}>
              <strong>{elementLabel(r.element)}:</strong> {r.criteria.join('; ')}
            </li>
          ))}
        </ul>
      </>
    )}
    <Table caption={t('quality.label.caption')}>
      <thead>
        <tr>
          <th scope="col">{t('quality.label.element')}</th>
          <th scope="col">{t('quality.label.level')}</th>
          <th scope="col">{t('quality.label.basis')}</th>
          <th scope="col">{t('quality.label.why')}</th>
        </tr>
      </thead>
      <tbody>
        {label.elements.map((e) => (
          <tr key={e.element}>
            <th scope="row">{elementLabel(e.element)}</th>
            <td>
              <LevelBadge level={e.level} />
            </td>
            <td>{t(`quality.basis.${e.basis === 'measured and declared' ? 'both' : e.basis}`)}</td>
            <td>
              <details>
                <summary>
                  {t('quality.label.criteria', {
                    met: e.criteria.filter((c) => c.met).length,
                    total: e.criteria.length,
                  })}
                </summary>
                <ul className="quality-criteria">
                  {e.criteria.map((c) => (
                    <li
                      key={`${c.level}-${c.text}`}
                      className={c.met ? 'quality-criteria--met' : 'quality-criteria--unmet'}
                    >
                      <span className="visually-hidden">
                        {c.met ? t('quality.criterion.met') : t('quality.criterion.unmet')}:{' '}
                      </span>
                      <span aria-hidden="true">{c.met ? '✓' : '✗'}</span> {levelLabel(c.level)}: {c.text}
                      {c.source === 'declared' && (
                        <span className="muted"> ({t('quality.basis.declared')})</span>
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  </section>
);

const Trend = ({ runs, shown }: { readonly runs: readonly Run[]; readonly shown: string | null }) => (
  <section aria-labelledby="trend-heading">
    <h2 id="trend-heading">{t('quality.trend.heading')}</h2>
    <p>{t('quality.trend.lead')}</p>
    <TrendChart runs={runs} />
    <Table caption={t('quality.trend.caption')}>
      <thead>
        <tr>
          <th scope="col">{t('quality.trend.when')}</th>
          <th scope="col" className="numeric">
            {t('quality.trend.deliveries')}
          </th>
          <th scope="col" className="numeric">
            {t('quality.trend.passRate')}
          </th>
          <th scope="col" className="numeric">
            {t('quality.status.passed')}
          </th>
          <th scope="col" className="numeric">
            {t('quality.status.failed')}
          </th>
          <th scope="col" className="numeric">
            {t('quality.status.errors')}
          </th>
          <th scope="col">{t('quality.trend.label')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {[...runs].reverse().map((run) => (
          <tr key={run.id}>
            <th scope="row" className="nowrap">
              {formatDateTime(run.finishedAt)}
            </th>
            <td className="numeric">{number(run.deliveryIds.length)}</td>
            <td className="numeric">{percent(passRate(run))}</td>
            <td className="numeric">{number(run.counts.passed)}</td>
            <td className="numeric">{number(run.counts.failed)}</td>
            <td className="numeric">{number(run.counts.errors)}</td>
            <td>{run.label === null ? '–' : levelLabel(run.label.level)}</td>
            <td>
              {run.id === shown ? (
                <span className="muted">{t('quality.trend.shown')}</span>
              ) : (
                <Link
                  to={`?run=${encodeURIComponent(run.id)}`}
                  aria-label={t('quality.trend.showLabel', { date: formatDateTime(run.finishedAt) })}
                >
                  {t('quality.trend.show')}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  </section>
);

const where = (r: CheckResult): string =>
  [r.table, r.field, r.sourceCode ?? (r.conceptId === null ? null : String(r.conceptId)), r.unit]
    .filter((x) => x !== null)
    .join('.');

const FailingChecks = ({ failing }: { readonly failing: readonly CheckResult[] }) => (
  <section aria-labelledby="failing-heading">
    <h2 id="failing-heading">{t('quality.failing.heading', { count: failing.length })}</h2>
    {failing.length === 0 ? (
      <p>{t('quality.failing.none')}</p>
    ) : (
      <Table caption={t('quality.failing.caption')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('quality.failing.check')}</th>
            <th scope="col">{t('quality.failing.where')}</th>
            <th scope="col">{t('quality.failing.category')}</th>
            <th scope="col" className="numeric">
              {t('quality.failing.violating')}
            </th>
            <th scope="col" className="numeric">
              {t('quality.failing.of')}
            </th>
            <th scope="col" className="numeric">
              {t('quality.failing.share')}
            </th>
            <th scope="col" className="numeric">
              {t('quality.failing.allowed')}
            </th>
          </tr>
        </thead>
        <tbody>
          {failing.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <span className="block">{r.checkName}</span>
                <span className="muted quality-check__description">
                  {r.status === 'error' ? `${t('quality.status.error')}: ${r.reason ?? ''}` : r.description}
                </span>
              </th>
              <td className="code">{where(r)}</td>
              <td>{categoryLabel(r)}</td>
              <td className="numeric">{number(r.violating)}</td>
              <td className="numeric">{number(r.total)}</td>
              <td className="numeric">{percent(r.pctViolating)}</td>
              <td className="numeric">{percent(r.thresholdPct)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    )}
  </section>
);

const CompletenessTable = ({ fields }: { readonly fields: readonly FieldCompleteness[] }) => (
  <Table caption={t('quality.completeness.caption')} hideCaption>
    <thead>
      <tr>
        <th scope="col">{t('quality.completeness.field')}</th>
        <th scope="col" className="numeric">
          {t('quality.completeness.rows')}
        </th>
        <th scope="col" className="numeric">
          {t('quality.completeness.empty')}
        </th>
        <th scope="col" className="numeric">
          {t('quality.completeness.filled')}
        </th>
        <th scope="col">
          <span className="visually-hidden">{t('quality.completeness.bar')}</span>
        </th>
      </tr>
    </thead>
    <tbody>
      {fields.map((c) => (
        <tr key={`${c.table}.${c.field}`}>
          <th scope="row" className="code">
            {c.table}.{c.field}
            {c.status === 'failed' && (
              <span className="block error-text">
                {t('quality.completeness.belowThreshold', { allowed: percent(c.thresholdPct) })}
              </span>
            )}
          </th>
          <td className="numeric">{number(c.rows)}</td>
          <td className="numeric">{number(c.missing)}</td>
          <td className="numeric">{percent(c.filledPct)}</td>
          <td className="bar-cell" aria-hidden="true">
            <span
              className={c.status === 'failed' ? 'bar bar--failed' : 'bar'}
              style={{ width: `${Math.max(1, c.filledPct)}%` }}
            />
          </td>
        </tr>
      ))}
    </tbody>
  </Table>
);

const RunResults = ({ runId }: { readonly runId: string }) => {
  const view = useApi<RunView>((signal) => qualityApi.run(runId, signal), [runId]);
  if (view.error !== undefined) return <LoadError error={view.error} onRetry={view.reload} />;
  if (view.data === undefined) return <Spinner label={t('quality.results.loading')} />;
  const v = view.data;
  const complete = v.completeness.filter((c) => c.missing === 0);
  const incomplete = v.completeness.filter((c) => c.missing > 0);
  return (
    <>
      <section aria-labelledby="run-heading">
        <h2 id="run-heading">{t('quality.results.heading', { date: formatDateTime(v.run.finishedAt) })}</h2>
        <p>
          {t('quality.results.summary', {
            checks: number(v.checks),
            passed: number(v.run.counts.passed),
            failed: number(v.run.counts.failed),
            notApplicable: number(v.run.counts.notApplicable),
            errors: number(v.run.counts.errors),
            deliveries: number(v.run.deliveryIds.length),
          })}
        </p>
        {v.facts !== null && (
          <p>
            {t('quality.results.facts', {
              persons: number(v.facts.coverage.persons),
              years: v.facts.coverage.years === null ? '–' : v.facts.coverage.years.toFixed(1),
              lag:
                v.facts.medianDeliveryLagDays === null
                  ? '–'
                  : String(Math.round(v.facts.medianDeliveryLagDays)),
              linked: v.facts.linkedShare === null ? '–' : percent(100 * v.facts.linkedShare),
            })}
          </p>
        )}
        {v.publication !== null &&
          (v.publication.error === null ? (
            <p className="muted">
              {v.publication.version === null
                ? t('quality.results.publishedDraft')
                : t('quality.results.published', { version: v.publication.version })}
            </p>
          ) : (
            <div className="notice notice--warning">
              <p>{t('quality.results.notPublished', { reason: v.publication.error })}</p>
            </div>
          ))}
        <ul className="plain-list quality-downloads" aria-label={t('quality.report.heading')}>
          <li>
            <a className="button button--secondary" href={reportUrl(v.run.id, 'html')} download>
              {t('quality.report.html')}
            </a>
          </li>
          <li>
            <a className="button button--secondary" href={reportUrl(v.run.id, 'json')} download>
              {t('quality.report.json')}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="category-heading">
        <h2 id="category-heading">{t('quality.category.heading')}</h2>
        <Table caption={t('quality.category.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('quality.category.name')}</th>
              <th scope="col" className="numeric">
                {t('quality.status.passed')}
              </th>
              <th scope="col" className="numeric">
                {t('quality.status.failed')}
              </th>
              <th scope="col" className="numeric">
                {t('quality.status.notApplicable')}
              </th>
              <th scope="col" className="numeric">
                {t('quality.status.errors')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('quality.category.share')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {v.byCategory.map((c) => {
              const ran = c.passed + c.failed;
              return (
                <tr key={`${c.category}-${c.subcategory ?? ''}`}>
                  <th scope="row">{categoryLabel(c)}</th>
                  <td className="numeric">{number(c.passed)}</td>
                  <td className={c.failed > 0 ? 'numeric error-text' : 'numeric'}>{number(c.failed)}</td>
                  <td className="numeric">{number(c.notApplicable)}</td>
                  <td className="numeric">{number(c.errors)}</td>
                  <td className="bar-cell" aria-hidden="true">
                    {ran > 0 && (
                      <span className="quality-split">
                        <span
                          className="quality-split__passed"
                          style={{ width: `${(100 * c.passed) / ran}%` }}
                        />
                        <span
                          className="quality-split__failed"
                          style={{ width: `${(100 * c.failed) / ran}%` }}
                        />
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </section>

      <FailingChecks failing={v.failing} />

      <section aria-labelledby="completeness-heading">
        <h2 id="completeness-heading">{t('quality.completeness.heading')}</h2>
        <p>{t('quality.completeness.lead')}</p>
        {v.completeness.length === 0 ? (
          <p className="muted">{t('quality.completeness.none')}</p>
        ) : incomplete.length === 0 ? (
          <p>{t('quality.completeness.allComplete')}</p>
        ) : (
          <CompletenessTable fields={incomplete} />
        )}
        {complete.length > 0 && (
          <details>
            <summary>{t('quality.completeness.complete', { count: complete.length })}</summary>
            <CompletenessTable fields={complete} />
          </details>
        )}
      </section>

      <section aria-labelledby="distributions-heading">
        <h2 id="distributions-heading">{t('quality.distribution.heading')}</h2>
        <p>{t('quality.distribution.lead')}</p>
        {v.distributions.length === 0 ? (
          <p className="muted">{t('quality.distribution.none')}</p>
        ) : (
          <div className="quality-histograms">
            {v.distributions.map((d) => (
              <Histogram key={d.id} distribution={d} />
            ))}
          </div>
        )}
      </section>
    </>
  );
};

const processOptions = ['none', 'documented', 'certified'] as const;
const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** What the holder declares where nothing can be measured; saving awards the label again. */
const DeclarationsForm = ({
  datasetId,
  declarations,
  onSaved,
}: {
  readonly datasetId: string;
  readonly declarations: Declarations;
  readonly onSaved: (detail: DatasetQualityDetail) => void;
}) => {
  const [process, setProcess] = useState<(typeof processOptions)[number]>(
    declarations.qualityProcess ?? 'none',
  );
  const [checksAtSource, setChecksAtSource] = useState(declarations.checksAtSource === true);
  const [corrections, setCorrections] = useState(declarations.correctionsFedBack === true);
  const [days, setDays] = useState(
    declarations.daysToMakeAvailable === undefined ? '' : String(declarations.daysToMakeAvailable),
  );
  const [enrichments, setEnrichments] = useState((declarations.enrichments ?? []).join(', '));
  const [linked, setLinked] = useState((declarations.linkedDatasets ?? []).join(', '));
  const [daysError, setDaysError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const trimmed = days.trim();
    if (trimmed !== '' && !/^\d{1,4}$/.test(trimmed)) {
      setDaysError(t('quality.declare.days.error'));
      return;
    }
    setDaysError(undefined);
    setBusy(true);
    setError(null);
    try {
      const saved = await qualityApi.declare(datasetId, {
        qualityProcess: process,
        checksAtSource,
        correctionsFedBack: corrections,
        ...(trimmed === '' ? {} : { daysToMakeAvailable: Number(trimmed) }),
        enrichments: list(enrichments),
        linkedDatasets: list(linked),
      });
      announce(t('quality.declare.saved'));
      onSaved(saved);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="declare-heading">
      <h2 id="declare-heading">{t('quality.declare.heading')}</h2>
      <p>{t('quality.declare.lead')}</p>
      {error !== null && <ProblemNotice error={error} />}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <SelectField
          id="declare-process"
          label={t('quality.declare.process')}
          value={process}
          onChange={setProcess}
          options={processOptions.map((value) => ({ value, label: t(`quality.declare.process.${value}`) }))}
        />
        <CheckboxField
          label={t('quality.declare.checksAtSource')}
          checked={checksAtSource}
          onChange={setChecksAtSource}
        />
        <CheckboxField
          label={t('quality.declare.corrections')}
          checked={corrections}
          onChange={setCorrections}
        />
        <TextField
          id="declare-days"
          label={t('quality.declare.days')}
          hint={t('quality.declare.days.hint')}
          error={daysError}
          optional
          value={days}
          onChange={setDays}
          inputMode="numeric"
          width="short"
        />
        <TextField
          id="declare-enrichments"
          label={t('quality.declare.enrichments')}
          hint={t('quality.declare.list.hint')}
          optional
          value={enrichments}
          onChange={setEnrichments}
        />
        <TextField
          id="declare-linked"
          label={t('quality.declare.linked')}
          hint={t('quality.declare.list.hint')}
          optional
          value={linked}
          onChange={setLinked}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('quality.declare.saving') : t('quality.declare.save')}
        </button>
      </form>
    </section>
  );
};

export const QualityDashboardPage = () => {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const detail = useApi<DatasetQualityDetail>((signal) => qualityApi.dataset(id, signal), [id]);
  const d = detail.data;
  const title =
    d === undefined
      ? t('quality.dashboard.loadingTitle')
      : t('quality.dashboard.title', { title: d.dataset.title });
  const shownId = params.get('run') ?? d?.latest?.id ?? null;
  const shown = d?.runs.find((r) => r.id === shownId) ?? d?.latest ?? null;
  return (
    <Page title={title}>
      {detail.error !== undefined &&
        (detail.error.status === 404 ? (
          <p>{t('quality.dashboard.notFound')}</p>
        ) : (
          <LoadError error={detail.error} onRetry={detail.reload} />
        ))}
      {d === undefined ? (
        detail.loading && <Spinner label={t('quality.dashboard.loading')} />
      ) : (
        <>
          <p className="dataset-header__holder">
            {d.dataset.holder?.name ?? ''}
            {d.dataset.published && (
              <>
                {' · '}
                <Link to={datasetPath(d.dataset.id)}>{t('quality.dashboard.record')}</Link>
              </>
            )}
          </p>
          <RunControl datasetId={d.dataset.id} job={d.job} onFinished={detail.reload} />
          {shown === null ? (
            <p>{t('quality.dashboard.noRuns')}</p>
          ) : (
            <>
              {shown.label !== null && <LabelPanel label={shown.label} run={shown} />}
              <RunResults runId={shown.id} />
              <Trend runs={d.runs} shown={shown.id} />
            </>
          )}
          {d.mayDeclare && (
            <DeclarationsForm
              datasetId={d.dataset.id}
              declarations={d.declarations}
              onSaved={(saved) => {
                detail.update(() => saved);
              }}
            />
          )}
        </>
      )}
    </Page>
  );
};
