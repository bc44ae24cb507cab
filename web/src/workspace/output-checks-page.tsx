import { useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';
import { toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi } from '../use-api.js';
import { TextArea } from '../access/fields.js';
import { FilePreviewView } from './file-preview.js';
import { FileVerdictView } from './file-verdict.js';
import { OutputStatusBadge, VerdictBadge } from './labels.js';
import { outputCheckPath, workspaceNav } from './nav.js';
import { workspaceApi, type OutputRequest, type ReviewDecision, type Status } from './workspace-api.js';
import './workspace.css';

const worst = (request: OutputRequest): Status =>
  request.files.some((f) => f.check.status === 'fail')
    ? 'fail'
    : request.files.some((f) => f.check.status === 'review')
      ? 'review'
      : 'pass';

/** The output checker's queue: submitted requests, oldest first, never the checker's own. */
export const OutputChecksPage = () => {
  const queue = useApi((signal) => workspaceApi.queue(signal), []);
  return (
    <Page title={t('checks.title')} lead={t('checks.lead')}>
      {queue.error !== undefined && <LoadError error={queue.error} onRetry={queue.reload} />}
      {queue.data === undefined ? (
        queue.loading && <Spinner label={t('checks.loading')} />
      ) : queue.data.length === 0 ? (
        <p>{t('checks.empty')}</p>
      ) : (
        <Table caption={t('checks.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('checks.request')}</th>
              <th scope="col">{t('checks.files')}</th>
              <th scope="col">{t('checks.automatic')}</th>
              <th scope="col">{t('checks.submitted')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={outputCheckPath(r.id)}>{r.title}</Link>
                </th>
                <td className="code">{r.files.map((f) => f.name).join(', ')}</td>
                <td>
                  <VerdictBadge status={worst(r)} />
                </td>
                <td className="nowrap">{formatDateTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Page>
  );
};

const CheckerPreview = ({
  requestId,
  name,
  description,
}: {
  readonly requestId: string;
  readonly name: string;
  readonly description: string;
}) => {
  const preview = useApi((signal) => workspaceApi.reviewPreview(requestId, name, signal), [requestId, name]);
  return (
    <div className="ws-preview">
      <h4>{t('checks.preview', { name })}</h4>
      {preview.error !== undefined && <LoadError error={preview.error} onRetry={preview.reload} />}
      {preview.data === undefined ? (
        preview.loading && <Spinner label={t('workspace.files.previewLoading')} />
      ) : (
        <FilePreviewView preview={preview.data} description={description} />
      )}
    </div>
  );
};

const decisions: readonly ReviewDecision[] = ['approve', 'return', 'reject'];

const DecisionForm = ({
  request,
  onDecided,
}: {
  readonly request: OutputRequest;
  readonly onDecided: (request: OutputRequest) => void;
}) => {
  const announce = useAnnounce();
  const [decision, setDecision] = useState<ReviewDecision | null>(null);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    if (decision === null) {
      setInvalid(t('checks.decide.choose'));
      return;
    }
    if (decision !== 'approve' && comment.trim() === '') {
      setInvalid(t('checks.decide.why'));
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      const next = await workspaceApi.review(request.id, request.version, decision, comment.trim());
      onDecided(next);
      announce(t('checks.decide.done', { status: t(`airlock.status.${next.status}`) }), { focus: true });
    } catch (error) {
      setProblem(toApiError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby="ws-decide-heading"
    >
      <h2 id="ws-decide-heading">{t('checks.decide.heading')}</h2>
      <div aria-live="polite">
        {invalid !== null && (
          <p className="error-text" role="alert">
            {invalid}
          </p>
        )}
        {problem !== null && <ProblemNotice error={problem} />}
      </div>
      <fieldset className="fieldset field">
        <legend className="field__label">{t('checks.decide.legend')}</legend>
        <div className="radios">
          {decisions.map((d) => (
            <div className="radio" key={d}>
              <input
                id={`ws-decision-${d}`}
                type="radio"
                name="decision"
                className="radio__input"
                checked={decision === d}
                aria-describedby={`ws-decision-${d}-hint`}
                onChange={() => {
                  setDecision(d);
                }}
              />
              <label className="radio__label" htmlFor={`ws-decision-${d}`}>
                {t(`checks.decide.${d}`)}
              </label>
              <p className="radio__hint" id={`ws-decision-${d}-hint`}>
                {t(`checks.decide.${d}.hint`)}
              </p>
            </div>
          ))}
        </div>
      </fieldset>
      <TextArea
        id="ws-decision-comment"
        label={t('checks.decide.comment')}
        value={comment}
        onChange={setComment}
        rows={3}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('checks.decide.recording') : t('checks.decide.submit')}
      </button>
    </form>
  );
};

/** One request as the checker sees it: the context, the automatic verdicts, the files themselves, a decision. */
export const OutputCheckPage = () => {
  const { id = '' } = useParams();
  const loaded = useApi((signal) => workspaceApi.request(id, signal), [id]);
  const request = loaded.data;
  return (
    <Page title={request?.title ?? t('checks.loadingTitle')}>
      <p>
        <Link to={workspaceNav.outputChecks.path}>{t('checks.back')}</Link>
      </p>
      {loaded.error !== undefined && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      {request === undefined ? (
        loaded.loading && <Spinner label={t('checks.loadingTitle')} />
      ) : (
        <>
          <p>
            <OutputStatusBadge status={request.status} />{' '}
            <span className="muted">
              {t('airlock.request.meta', {
                filed: formatDateTime(request.createdAt),
                updated: formatDateTime(request.updatedAt),
              })}
            </span>
          </p>
          {request.reviews.length > 0 && (
            <section aria-labelledby="ws-reviews-heading">
              <h2 id="ws-reviews-heading">{t('airlock.reviews.heading')}</h2>
              <ul className="ws-reviews">
                {request.reviews.map((r) => (
                  <li key={`${r.reviewer}-${r.decidedAt}`}>
                    <strong>{t(`airlock.decision.${r.decision}`)}</strong>{' '}
                    <span className="muted">{formatDateTime(r.decidedAt)}</span>
                    {r.comment !== '' && <p className="prose">{r.comment}</p>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="ws-files-heading">
            <h2 id="ws-files-heading">{t('checks.filesHeading', { count: request.files.length })}</h2>
            {request.files.map((file) => (
              <FileVerdictView key={file.name} file={file} level={3}>
                <CheckerPreview
                  requestId={request.id}
                  name={file.name}
                  description={file.context.description}
                />
              </FileVerdictView>
            ))}
          </section>
          {request.status === 'submitted' && (
            <DecisionForm
              request={request}
              onDecided={(next) => {
                loaded.update(() => next);
              }}
            />
          )}
        </>
      )}
    </Page>
  );
};
