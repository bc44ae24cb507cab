import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { api, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { AccessBadge, OverdueBadge } from './badges.js';
import { countFindings, FindingsList } from './findings-list.js';
import { formatDate, pickText } from './labels.js';
import { datasetPath } from './result-card.js';
import type { DatasetSummary } from './types.js';

const titleOf = (dataset: DatasetSummary) => pickText(dataset.title) || t('catalogue.untitled');

const ReturnForm = ({
  dataset,
  onReturned,
  onCancel,
}: {
  readonly dataset: DatasetSummary;
  readonly onReturned: (dataset: DatasetSummary) => void;
  readonly onCancel: () => void;
}) => {
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const id = `return-message-${dataset.id}`;

  useEffect(() => {
    fieldRef.current?.focus();
  }, []);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (message.trim() === '') {
      setError(t('catalogue.review.return.required'));
      fieldRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onReturned(await api.returnDataset(dataset.id, message.trim()));
    } catch (failure) {
      setError(toApiError(failure).problem.detail);
      setBusy(false);
    }
  };

  return (
    <form className="return-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className={error === null ? 'field' : 'field field--error'}>
        <label className="field__label" htmlFor={id}>
          {t('catalogue.review.return.message')}
        </label>
        <p className="field__hint" id={`${id}-hint`}>
          {t('catalogue.review.return.hint')}
        </p>
        {error !== null && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <textarea
          ref={fieldRef}
          id={id}
          className="textarea"
          rows={4}
          value={message}
          aria-invalid={error !== null}
          aria-describedby={error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
          onChange={(event) => {
            setMessage(event.target.value);
          }}
        />
      </div>
      <div className="button-group button-group--tight">
        <button type="submit" className="button button--warning" disabled={busy}>
          {busy ? t('catalogue.review.returning') : t('catalogue.review.return.send')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
};

const ReviewItem = ({
  dataset,
  onDone,
}: {
  readonly dataset: DatasetSummary;
  readonly onDone: (dataset: DatasetSummary, outcome: 'published' | 'returned') => void;
}) => {
  const detail = useApi((signal) => api.getDataset(dataset.id, signal), [dataset.id]);
  const announce = useAnnounce();
  const [mode, setMode] = useState<'idle' | 'publishing' | 'returning'>('idle');
  const returnButton = useRef<HTMLButtonElement>(null);
  const title = titleOf(dataset);
  const headingId = `review-${dataset.id}`;
  const findings = detail.data?.findings;
  const violations = findings === undefined ? 0 : countFindings(findings).violations;

  const publish = async () => {
    setMode('publishing');
    try {
      onDone(await api.publishDataset(dataset.id), 'published');
    } catch (error) {
      announce(toApiError(error).problem.detail);
      setMode('idle');
    }
  };

  return (
    <article className="review-item" aria-labelledby={headingId}>
      <h3 id={headingId} className="review-item__title">
        <Link to={datasetPath(dataset.id)}>{title}</Link>
      </h3>
      <p className="result__meta">
        <span>{dataset.holder?.name ?? t('catalogue.noHolder')}</span>
        <AccessBadge level={dataset.accessRights} />
        <span className="muted">
          {t('catalogue.versions.label', { version: dataset.version })} ·{' '}
          {t('catalogue.dataset.modified', { date: formatDate(dataset.modified) })}
        </span>
      </p>
      <h4 className="review-item__subheading">{t('catalogue.findings.heading')}</h4>
      {detail.loading && <Spinner label={t('catalogue.review.findingsLoading')} />}
      {detail.error !== undefined && <LoadError error={detail.error} onRetry={detail.reload} />}
      {findings !== undefined && <FindingsList findings={findings} />}
      {violations > 0 && <p className="error-text">{t('catalogue.review.hasViolations')}</p>}
      {mode === 'returning' ? (
        <ReturnForm
          dataset={dataset}
          onReturned={(returned) => {
            onDone(returned, 'returned');
          }}
          onCancel={() => {
            setMode('idle');
            requestAnimationFrame(() => returnButton.current?.focus());
          }}
        />
      ) : (
        <div className="button-group button-group--tight">
          <button
            type="button"
            className="button"
            disabled={mode === 'publishing'}
            aria-label={t('catalogue.review.publishLabel', { title })}
            onClick={() => void publish()}
          >
            {mode === 'publishing' ? t('catalogue.review.publishing') : t('catalogue.review.publish')}
          </button>
          <button
            ref={returnButton}
            type="button"
            className="button button--secondary"
            disabled={mode === 'publishing'}
            aria-label={t('catalogue.review.returnLabel', { title })}
            onClick={() => {
              setMode('returning');
            }}
          >
            {t('catalogue.review.return')}
          </button>
        </div>
      )}
    </article>
  );
};

export const ReviewPage = () => {
  const announce = useAnnounce();
  const queue = useApi((signal) => api.reviewQueue(signal), []);
  const submittedHeading = useRef<HTMLHeadingElement>(null);
  const submitted = queue.data?.submitted ?? [];
  const overdue = queue.data?.overdue ?? [];

  return (
    <Page title={t('catalogue.review.title')} lead={t('catalogue.review.lead')}>
      {queue.error !== undefined && <LoadError error={queue.error} onRetry={queue.reload} />}
      {queue.data === undefined && queue.loading && <Spinner label={t('catalogue.review.loading')} />}
      {queue.data !== undefined && (
        <>
          <section aria-labelledby="review-submitted-heading">
            <h2 id="review-submitted-heading" ref={submittedHeading} tabIndex={-1}>
              {t('catalogue.review.submittedHeading', { count: submitted.length })}
            </h2>
            {submitted.length === 0 ? (
              <p>{t('catalogue.review.submittedEmpty')}</p>
            ) : (
              <ul className="review-list">
                {submitted.map((dataset) => (
                  <li key={dataset.id}>
                    <ReviewItem
                      dataset={dataset}
                      onDone={(done, outcome) => {
                        queue.update((current) => ({
                          ...current,
                          submitted: current.submitted.filter((d) => d.id !== done.id),
                        }));
                        announce(
                          outcome === 'published'
                            ? t('catalogue.review.published', { title: titleOf(done) })
                            : t('catalogue.review.returned', { title: titleOf(done) }),
                        );
                        // The item and its buttons are gone; continue from the list.
                        submittedHeading.current?.focus();
                      }}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="review-overdue-heading">
            <h2 id="review-overdue-heading">
              {t('catalogue.review.overdueHeading', { count: overdue.length })}
            </h2>
            <p>{t('catalogue.review.overdueLead')}</p>
            {overdue.length === 0 ? (
              <p>{t('catalogue.review.overdueEmpty')}</p>
            ) : (
              <Table caption={t('catalogue.review.overdueCaption')} hideCaption>
                <thead>
                  <tr>
                    <th scope="col">{t('catalogue.mine.column.title')}</th>
                    <th scope="col">{t('catalogue.facet.holder')}</th>
                    <th scope="col">{t('catalogue.review.column.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overdue.map((dataset) => (
                    <tr key={dataset.id}>
                      <th scope="row">
                        <Link to={datasetPath(dataset.id)}>{titleOf(dataset)}</Link>
                      </th>
                      <td>{dataset.holder?.name ?? t('catalogue.noHolder')}</td>
                      <td>
                        {dataset.recheckDue === null ? '' : formatDate(dataset.recheckDue)} <OverdueBadge />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </section>
        </>
      )}
    </Page>
  );
};
