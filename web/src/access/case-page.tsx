import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { ButtonGroup, SelectField, TextField } from '../ui/fields.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { useApi } from '../use-api.js';
import { formatDate } from '../catalogue/labels.js';
import { formatDateTime } from '../ui/format.js';
import { accessApi, casePath, editCasePath, type CaseView, type ChecklistEntry } from './access-api.js';
import { TextArea } from './fields.js';
import {
  criterionLabel,
  fieldLabel,
  groundLabel,
  historyNoteLabel,
  pathLabel,
  permitStateLabel,
  purposeLabel,
  statusLabel,
  trackLabel,
} from './labels.js';

const refusalGrounds = [
  'purpose_not_permitted',
  'prohibited_use',
  'not_necessary',
  'pseudonymisation_not_justified',
  'insufficient_safeguards',
  'incomplete_application',
  'data_unavailable',
  'other',
] as const;
const askable = [
  'intendedUse',
  'expectedBenefit',
  'datasets',
  'period',
  'dataForm',
  'pseudonymisationJustification',
  'safeguards',
  'durationMonths',
  'namedPersons',
  'ethics',
  'statistics',
] as const;

/** A small form that runs one case action, with its own error line. */
const ActionForm = ({
  title,
  label,
  onRun,
  children,
  warning = false,
}: {
  readonly title: string;
  readonly label: string;
  readonly onRun: () => Promise<void>;
  readonly children?: ReactNode;
  readonly warning?: boolean;
}) => {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        onRun()
          .catch((e: unknown) => {
            if (!(e instanceof ApiError) && e instanceof Error) {
              setError(e.message);
              return;
            }
            const p = toApiError(e).problem;
            setError(
              [p.detail, ...(p.errors ?? []).map((x) => `${pathLabel(x.path)}: ${x.message}`)].join(' '),
            );
          })
          .finally(() => {
            setBusy(false);
          });
      }}
    >
      <h3>{title}</h3>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {children}
      <ButtonGroup>
        <button type="submit" className={warning ? 'button button--warning' : 'button'} disabled={busy}>
          {label}
        </button>
      </ButtonGroup>
    </form>
  );
};

const Actions = ({
  view,
  onChange,
}: {
  readonly view: CaseView;
  readonly onChange: (c: CaseView) => void;
}) => {
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [message, setMessage] = useState('');
  const [answer, setAnswer] = useState('');
  const [question, setQuestion] = useState('');
  const [field, setField] = useState<(typeof askable)[number]>('safeguards');
  const [reason, setReason] = useState('');
  const [conditions, setConditions] = useState(
    'Publish the results within 18 months of the end of processing.',
  );
  const [ground, setGround] = useState<(typeof refusalGrounds)[number]>('not_necessary');
  const [explanation, setExplanation] = useState('');
  const [appealGrounds, setAppealGrounds] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [attachKind, setAttachKind] = useState<'protocol' | 'ethics_approval' | 'other'>('protocol');
  const [checklist, setChecklist] = useState<ChecklistEntry[]>(
    view.criteria.map(
      (criterion) =>
        view.checklist.find((c) => c.criterion === criterion) ?? { criterion, verdict: 'met', note: '' },
    ),
  );
  const can = (a: string) => view.actions.includes(a);
  const done = (c: CaseView) => {
    onChange(c);
    announce(t('access.case.done'));
  };
  const act = (action: string, body?: unknown) => async () => {
    done(await accessApi.act(view.id, action, body));
  };
  return (
    <section aria-label={t('common.actions')}>
      {can('save') && (
        <p>
          <Link className="button" to={editCasePath(view.id)}>
            {t('access.case.edit')}
          </Link>
        </p>
      )}
      {can('respond') && (
        <ActionForm
          title={t('access.case.openQuestions')}
          label={t('access.case.respond')}
          onRun={act('respond', { message: answer })}
        >
          <ul>
            {view.openQuestions.map((q) => (
              <li key={q.field}>
                <strong>{fieldLabel(q.field)}</strong>: {q.question}
              </li>
            ))}
          </ul>
          <TextArea id="access-answer" label={t('access.case.message')} value={answer} onChange={setAnswer} />
        </ActionForm>
      )}
      {can('attach') && (
        <ActionForm
          title={t('access.case.attach')}
          label={t('access.case.attachButton')}
          onRun={async () => {
            if (file === null) throw new Error(t('access.case.attachNone'));
            done(await accessApi.attach(view.id, attachKind, file));
          }}
        >
          <SelectField
            id="access-attach-kind"
            label={t('access.case.attachKind')}
            value={attachKind}
            options={(['protocol', 'ethics_approval', 'other'] as const).map((k) => ({
              value: k,
              label: t(`access.attachment.${k}`),
            }))}
            onChange={setAttachKind}
          />
          <div className="field">
            <label className="field__label" htmlFor="access-attach-file">
              {t('access.case.attachFile')}
            </label>
            <input
              id="access-attach-file"
              type="file"
              accept=".pdf,.docx,.odt,application/pdf"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
              }}
            />
          </div>
        </ActionForm>
      )}
      {can('pre_screen') && (
        <ActionForm
          title={t('access.case.preScreen')}
          label={t('access.case.preScreen')}
          onRun={act('pre-screening')}
        />
      )}
      {can('confirm_complete') && (
        <ActionForm
          title={t('access.case.complete')}
          label={t('access.case.complete')}
          onRun={act('complete', {})}
        />
      )}
      {can('request_information') && (
        <ActionForm
          title={t('access.case.requestInfo')}
          label={t('access.case.requestInfo')}
          onRun={act('information-requests', { message: question, fields: [{ field, question }] })}
        >
          <SelectField
            id="access-ask-field"
            label={t('access.case.requestField')}
            value={field}
            options={askable.map((f) => ({ value: f, label: fieldLabel(f) }))}
            onChange={setField}
          />
          <TextArea
            id="access-ask-question"
            label={t('access.case.message')}
            value={question}
            onChange={setQuestion}
            rows={2}
          />
        </ActionForm>
      )}
      {can('assess') && (
        <ActionForm
          title={t('access.case.checklist')}
          label={t('access.case.saveChecklist')}
          onRun={async () => {
            done(await accessApi.assess(view.id, checklist));
          }}
        >
          {checklist.map((entry, i) => (
            <div key={entry.criterion}>
              <SelectField<ChecklistEntry['verdict']>
                id={`access-criterion-${entry.criterion}`}
                label={criterionLabel(entry.criterion)}
                value={entry.verdict}
                options={(['met', 'not_met', 'not_applicable'] as const).map((v) => ({
                  value: v,
                  label: t(`access.verdict.${v}`),
                }))}
                onChange={(verdict) => {
                  setChecklist((list) => list.map((c, j) => (i === j ? { ...c, verdict } : c)));
                }}
              />
            </div>
          ))}
        </ActionForm>
      )}
      {can('grant') && (
        <ActionForm
          title={t('access.case.grant')}
          label={t('access.case.grant')}
          onRun={act('grant', {
            conditions: conditions
              .split('\n')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          })}
        >
          <TextArea
            id="access-conditions"
            label={t('access.case.permitConditions')}
            value={conditions}
            onChange={setConditions}
            rows={3}
          />
        </ActionForm>
      )}
      {can('refuse') && (
        <ActionForm
          title={t('access.case.refuse')}
          label={t('access.case.refuse')}
          warning
          onRun={act('refuse', { grounds: [{ code: ground, explanation }] })}
        >
          <SelectField
            id="access-ground"
            label={t('access.case.refuseGround')}
            value={ground}
            options={refusalGrounds.map((g) => ({ value: g, label: groundLabel(g) }))}
            onChange={setGround}
          />
          <TextArea
            id="access-explanation"
            label={t('access.case.refuseExplanation')}
            value={explanation}
            onChange={setExplanation}
            rows={2}
          />
        </ActionForm>
      )}
      {can('extend') && (
        <ActionForm
          title={t('access.case.extend')}
          label={t('access.case.extend')}
          onRun={act('extension', { reason })}
        >
          <TextField
            id="access-extend-reason"
            label={t('access.case.extendReason')}
            value={reason}
            onChange={setReason}
          />
        </ActionForm>
      )}
      {can('appeal') && (
        <ActionForm
          title={t('access.case.appeal')}
          label={t('access.case.appeal')}
          onRun={act('appeals', { grounds: appealGrounds })}
        >
          <TextArea
            id="access-appeal"
            label={t('access.case.appealGrounds')}
            value={appealGrounds}
            onChange={setAppealGrounds}
          />
        </ActionForm>
      )}
      {can('message') && (
        <ActionForm
          title={t('access.case.message')}
          label={t('access.case.send')}
          onRun={async () => {
            done(await accessApi.act(view.id, 'messages', { body: message }));
            setMessage('');
          }}
        >
          <TextArea
            id="access-message"
            label={t('access.case.message')}
            value={message}
            onChange={setMessage}
            rows={2}
          />
        </ActionForm>
      )}
      <ButtonGroup>
        {can('clone') && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              void accessApi.act(view.id, 'clone').then((c) => navigate(editCasePath(c.id)));
            }}
          >
            {t('access.case.clone')}
          </button>
        )}
        {can('withdraw') && (
          <button type="button" className="button button--warning" onClick={() => void act('withdraw', {})()}>
            {t('access.case.withdraw')}
          </button>
        )}
        {view.decisionDetail !== null && (
          <a className="button button--secondary" href={`/api/access/cases/${view.id}/decision.pdf`}>
            {t('access.case.decisionDocument')}
          </a>
        )}
        <a className="button button--secondary" href={`/api/access/cases/${view.id}/export`} download>
          {t('access.case.export')}
        </a>
      </ButtonGroup>
    </section>
  );
};

const CaseBody = ({
  view,
  onChange,
}: {
  readonly view: CaseView;
  readonly onChange: (c: CaseView) => void;
}) => (
  <>
    <dl className="summary-list">
      <dt>{t('access.column.reference')}</dt>
      <dd>{view.reference ?? '–'}</dd>
      <dt>{t('access.column.kind')}</dt>
      <dd>{trackLabel(view.track)}</dd>
      <dt>{t('access.column.status')}</dt>
      <dd data-testid="case-status">{statusLabel(view.status)}</dd>
      <dt>{t('access.case.applicant')}</dt>
      <dd>{view.organisation?.name ?? view.applicant.name}</dd>
      <dt>{t('access.form.purpose')}</dt>
      <dd>{purposeLabel(view.purpose)}</dd>
      <dt>{t('access.case.datasets')}</dt>
      <dd>{view.datasets.map((d) => d.title).join('; ') || '–'}</dd>
      {view.clock !== null && (
        <>
          <dt>{t('access.case.clock')}</dt>
          <dd>
            {t('access.case.clockText', {
              date: formatDate(view.clock.deadline),
              months: view.clock.months,
              extended:
                view.clock.extensionReason === null
                  ? ''
                  : t('access.case.extendedText', { reason: view.clock.extensionReason }),
            })}
            {view.clock.paused && ` (${t('access.deadline.paused')})`}
          </dd>
        </>
      )}
      <dt>{t('access.case.fees')}</dt>
      <dd>{t('access.case.feesAmount', { total: view.fees.total })}</dd>
    </dl>
    {view.decisionDetail !== null && view.decisionDetail.grounds.length > 0 && (
      <section>
        <h2>{t('access.case.grounds')}</h2>
        <ul>
          {view.decisionDetail.grounds.map((g) => (
            <li key={g.code}>
              {groundLabel(g.code)}: {g.explanation}
            </li>
          ))}
        </ul>
      </section>
    )}
    {view.attachments.length > 0 && (
      <section>
        <h2>{t('access.case.attachments')}</h2>
        <ul>
          {view.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/access/cases/${view.id}/attachments/${a.id}`}>{a.filename}</a>{' '}
              <span className="muted">
                ({t(`access.attachment.${a.kind as 'protocol' | 'ethics_approval' | 'other'}`)}, {a.size} B)
              </span>
            </li>
          ))}
        </ul>
      </section>
    )}
    {view.permits.map((p) => (
      <section key={p.id}>
        <h2>{t('access.case.permit', { number: p.permitNumber, version: p.version })}</h2>
        <p>
          {t('access.case.permitState', {
            state: permitStateLabel(p.state),
            from: formatDate(p.validFrom),
            until: formatDate(p.validUntil),
          })}
        </p>
        {p.elements.conditions.length > 0 && (
          <>
            <h3>{t('access.case.conditions')}</h3>
            <ul>
              {p.elements.conditions.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    ))}
    <Actions key={view.revision} view={view} onChange={onChange} />
    <section>
      <h2>{t('access.case.thread')}</h2>
      {view.messages.length === 0 ? (
        <p className="muted">{t('access.case.noMessages')}</p>
      ) : (
        <ul>
          {view.messages.map((m) => (
            <li key={m.id}>
              <strong>{m.author}</strong>{' '}
              <span className="muted">
                ({m.side === 'hdab' ? t('access.message.hdab') : t('access.message.applicant')}){' '}
                {formatDateTime(m.createdAt)}
              </span>
              {m.fields.length > 0 && (
                <p className="muted">
                  {t('access.message.asked', { fields: m.fields.map((f) => fieldLabel(f.field)).join(', ') })}
                </p>
              )}
              <p>{m.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
    <section>
      <h2>{t('access.case.history')}</h2>
      <ol>
        {view.history.map((h) => (
          <li key={`${h.at}-${h.to}`}>
            {formatDateTime(h.at)}: {statusLabel(h.to as CaseView['status'])}
            {h.note !== null && ` – ${historyNoteLabel(h.note)}`}
          </li>
        ))}
      </ol>
    </section>
  </>
);

export const CasePage = () => {
  const { id = '' } = useParams();
  const loaded = useApi((signal) => accessApi.get(id, signal), [id]);
  return (
    <Page title={loaded.data?.title ?? t('access.case.loading')}>
      {loaded.error !== undefined && <LoadError error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data === undefined ? (
        loaded.loading && <Spinner label={t('access.case.loading')} />
      ) : (
        <CaseBody
          view={loaded.data}
          onChange={(c) => {
            loaded.update(() => c);
          }}
        />
      )}
    </Page>
  );
};

export { casePath };
