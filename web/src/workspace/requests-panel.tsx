import { useState } from 'react';
import { toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useUser } from '../shell/session.js';
import { useAnnounce } from '../shell/status.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { useApi, type Loaded } from '../use-api.js';
import { TextArea } from '../access/fields.js';
import { FileVerdictView } from './file-verdict.js';
import { Heading } from './heading.js';
import { OutputStatusBadge } from './labels.js';
import { NewRequestForm } from './new-request-form.js';
import {
  downloadUrl,
  workspaceApi,
  type OutputFile,
  type OutputRequest,
  type Remedy,
  type WorkspaceFile,
} from './workspace-api.js';

const editable = (request: OutputRequest): boolean =>
  request.status === 'checked' || request.status === 'returned';

/** The requester's remedies for one file: suppress or round its failing cells, or justify an exception. */
const Remedies = ({
  file,
  busy,
  onRemedy,
}: {
  readonly file: OutputFile;
  readonly busy: boolean;
  readonly onRemedy: (remedy: Remedy) => Promise<boolean>;
}) => {
  const [why, setWhy] = useState(file.justification ?? '');
  const failingCells = file.check.cells.some((c) => c.status === 'fail');
  const id = `ws-justify-${file.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="ws-remedies">
      <Heading level={6} className="ws-subheading">
        {t('airlock.remedies.heading')}
      </Heading>
      {failingCells && (
        <div className="button-group">
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            aria-label={t('airlock.remedies.suppressLabel', { name: file.name })}
            onClick={() => void onRemedy({ action: 'suppress' })}
          >
            {t('airlock.remedies.suppress')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            aria-label={t('airlock.remedies.roundLabel', { name: file.name })}
            onClick={() => void onRemedy({ action: 'round' })}
          >
            {t('airlock.remedies.round')}
          </button>
        </div>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onRemedy({ action: 'justify', justification: why.trim() });
        }}
      >
        <TextArea
          id={id}
          label={t('airlock.remedies.why', { name: file.name })}
          value={why}
          onChange={setWhy}
          rows={2}
        />
        <button type="submit" className="button button--secondary" disabled={busy || why.trim() === ''}>
          {t('airlock.remedies.justify')}
        </button>
      </form>
    </div>
  );
};

const Reviews = ({ request }: { readonly request: OutputRequest }) =>
  request.reviews.length === 0 ? null : (
    <>
      <h5>{t('airlock.reviews.heading')}</h5>
      <ul className="ws-reviews">
        {request.reviews.map((r) => (
          <li key={`${r.reviewer}-${r.decidedAt}`}>
            <strong>{t(`airlock.decision.${r.decision}`)}</strong>{' '}
            <span className="muted">{formatDateTime(r.decidedAt)}</span>
            {r.comment !== '' && <p className="prose">{r.comment}</p>}
          </li>
        ))}
      </ul>
    </>
  );

/** One output request as its requester sees it: each file's verdict, the remedies, submit, download. */
const RequestCard = ({
  request,
  mine,
  onChange,
}: {
  readonly request: OutputRequest;
  readonly mine: boolean;
  readonly onChange: (request: OutputRequest) => void;
}) => {
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const canEdit = mine && editable(request);
  const failing = request.files.filter((f) => f.check.status === 'fail');

  const act = async (run: () => Promise<OutputRequest>, done: (r: OutputRequest) => string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await run();
      onChange(next);
      announce(done(next));
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const headingId = `ws-request-${request.id}`;
  return (
    <section className="ws-request" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {request.title} <OutputStatusBadge status={request.status} />
      </h4>
      <p className="muted">
        {t('airlock.request.meta', {
          filed: formatDateTime(request.createdAt),
          updated: formatDateTime(request.updatedAt),
        })}
      </p>
      <p>{t(`airlock.request.next.${request.status}`)}</p>
      <div aria-live="polite">{error !== null && <ProblemNotice error={error} />}</div>
      <Reviews request={request} />
      {request.files.map((file) => (
        <FileVerdictView key={file.name} file={file} level={5}>
          {canEdit && file.check.status !== 'pass' && (
            <Remedies
              file={file}
              busy={busy}
              onRemedy={(remedy) =>
                act(
                  () => workspaceApi.remedy(request.id, request.version, file.name, remedy),
                  (r) => {
                    const after = r.files.find((f) => f.name === file.name);
                    return t('airlock.remedies.done', {
                      name: file.name,
                      status: t(`airlock.verdict.${after?.check.status ?? 'review'}`),
                    });
                  },
                )
              }
            />
          )}
          {request.status === 'released' && (
            <p>
              <a
                className="button ws-download"
                href={downloadUrl(request.id, file.name)}
                download={file.name}
              >
                {t('airlock.download', { name: file.name })}
              </a>
            </p>
          )}
        </FileVerdictView>
      ))}
      {canEdit && (
        <div className="ws-submit">
          {failing.length > 0 && (
            <p className="field__hint">
              {t('airlock.submit.blocked', { files: failing.map((f) => f.name).join(', ') })}
            </p>
          )}
          <button
            type="button"
            className="button"
            disabled={busy || failing.length > 0}
            onClick={() =>
              void act(
                () => workspaceApi.submit(request.id, request.version),
                () => t('airlock.submit.done'),
              )
            }
          >
            {t('airlock.submit.button')}
          </button>
        </div>
      )}
    </section>
  );
};

/** The airlock from the workspace: file a request, follow each one through the checks to its release. */
export const RequestsPanel = ({
  workspaceId,
  files,
  canWork,
}: {
  readonly workspaceId: string;
  readonly files: Loaded<WorkspaceFile[]>;
  readonly canWork: boolean;
}) => {
  const user = useUser();
  const requests = useApi((signal) => workspaceApi.requests(workspaceId, signal), [workspaceId]);
  const replace = (next: OutputRequest) => {
    requests.update((list) =>
      list.some((r) => r.id === next.id) ? list.map((r) => (r.id === next.id ? next : r)) : [next, ...list],
    );
  };
  return (
    <section aria-labelledby="ws-requests-heading">
      <h2 id="ws-requests-heading">{t('airlock.heading')}</h2>
      <p>{t('airlock.lead')}</p>
      {canWork &&
        (files.data === undefined ? (
          files.loading && <Spinner label={t('workspace.files.loading')} />
        ) : files.data.length === 0 ? (
          <p className="muted">{t('airlock.form.noFiles')}</p>
        ) : (
          <NewRequestForm workspaceId={workspaceId} files={files.data} onFiled={replace} />
        ))}
      <h3 className="ws-list-heading">{t('airlock.list.heading')}</h3>
      {requests.error !== undefined && <LoadError error={requests.error} onRetry={requests.reload} />}
      {requests.data === undefined ? (
        requests.loading && <Spinner label={t('airlock.list.loading')} />
      ) : requests.data.length === 0 ? (
        <p className="muted">{t('airlock.list.empty')}</p>
      ) : (
        requests.data.map((r) => (
          <RequestCard key={r.id} request={r} mine={r.requestedBy === user?.id} onChange={replace} />
        ))
      )}
    </section>
  );
};
