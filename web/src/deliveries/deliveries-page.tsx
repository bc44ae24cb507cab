import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { api, toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { useAnnounce } from '../shell/status.js';
import { CheckboxField } from '../ui/fields.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi } from '../use-api.js';
import { isRunning, type DeliveryReport, type IngestProgress, type Linkage, type Upload } from './types.js';
import { sendFiles } from './upload.js';

const number = (n: number): string => n.toLocaleString('en-GB');
const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const statusLabel = (status: Upload['status']): string => t(`deliveries.status.${status}`);
const statusClass: Readonly<Record<Upload['status'], string>> = {
  receiving: 'badge--status-draft',
  queued: 'badge--status-submitted',
  ingesting: 'badge--status-submitted',
  committed: 'badge--status-published',
  unchanged: 'badge--status-published',
  rejected: 'badge--failure',
  failed: 'badge--failure',
  interrupted: 'badge--status-returned',
};

const StatusBadge = ({ status }: { readonly status: Upload['status'] }) => (
  <span className={`badge ${statusClass[status]}`}>{statusLabel(status)}</span>
);

/** A labelled progress bar: the numbers in words, the bar for the eye. */
const Progress = ({
  label,
  done,
  total,
}: {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}) => {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        <span>{Math.round(share * 100)}%</span>
      </div>
      <progress
        className="progress__bar"
        max={total === 0 ? 1 : total}
        value={total === 0 ? 1 : done}
        aria-label={label}
      />
    </div>
  );
};

const ingestLabel = (p: IngestProgress): string =>
  t('deliveries.progress.ingest', { phase: t(`deliveries.phase.${p.phase}`), records: number(p.resources) });

/** Rows per lake table as bars: which tables a delivery filled is quicker seen than read. */
const RowsChart = ({ rows }: { readonly rows: Readonly<Record<string, number>> }) => {
  const entries = Object.entries(rows)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <p className="muted">{t('deliveries.report.noRows')}</p>;
  const max = Math.max(...entries.map(([, n]) => n));
  return (
    <Table caption={t('deliveries.report.rowsCaption')}>
      <thead>
        <tr>
          <th scope="col">{t('deliveries.report.table')}</th>
          <th scope="col" className="numeric">
            {t('deliveries.report.rows')}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t('deliveries.report.share')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([table, n]) => (
          <tr key={table}>
            <th scope="row" className="code">
              {table}
            </th>
            <td className="numeric">{number(n)}</td>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar" style={{ width: `${Math.max(1, (n / max) * 100)}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
};

const ReportView = ({ report }: { readonly report: DeliveryReport }) => {
  const skipped = Object.entries(report.skipped);
  return (
    <div className="delivery-report">
      <p>
        {t('deliveries.report.summary', {
          records: number(report.resources),
          seconds: (report.elapsedMs / 1000).toFixed(1),
          files: report.files.length,
        })}
      </p>
      <RowsChart rows={report.rowsPerTable} />
      {skipped.length > 0 && (
        <>
          <h4>{t('deliveries.report.skipped')}</h4>
          <ul className="plain-list">
            {skipped.map(([type, s]) => (
              <li key={type}>
                {t('deliveries.report.skippedLine', { count: number(s.count), type, reason: s.reason })}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.unmappedCodes.rows > 0 && (
        <p>
          {t('deliveries.report.unmapped', {
            rows: number(report.unmappedCodes.rows),
            codes: number(report.unmappedCodes.distinctCodes),
          })}
        </p>
      )}
      {report.rejectedTotal > 0 && (
        <>
          <h4>{t('deliveries.report.rejected', { count: number(report.rejectedTotal) })}</h4>
          <Table caption={t('deliveries.report.rejectedCaption')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.report.where')}</th>
                <th scope="col">{t('deliveries.report.resource')}</th>
                <th scope="col">{t('deliveries.report.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.slice(0, 50).map((r) => (
                <tr key={`${r.file}:${r.line}:${r.path}:${r.reason}`}>
                  <td className="code">
                    {r.file}:{r.line}
                  </td>
                  <td className="code">
                    {r.resourceId ?? ''} {r.path}
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {report.rejectedTotal > 50 && (
            <p className="muted">
              {t('deliveries.report.moreRejected', { count: number(report.rejectedTotal - 50) })}
            </p>
          )}
        </>
      )}
    </div>
  );
};

type SendState =
  | { readonly step: 'idle' }
  | { readonly step: 'invalid'; readonly message: string }
  | { readonly step: 'sending'; readonly sent: number; readonly total: number }
  | { readonly step: 'ingesting'; readonly upload: Upload }
  | { readonly step: 'done'; readonly upload: Upload }
  | { readonly step: 'failed'; readonly error: ApiError };

/** A data holder sends a delivery: files up with progress, then the ingestion's progress, then its report. */
const SendDelivery = ({ onChanged }: { readonly onChanged: () => void }) => {
  const [state, setState] = useState<SendState>({ step: 'idle' });
  const [acceptValidPart, setAcceptValidPart] = useState(true);
  const input = useRef<HTMLInputElement>(null);
  const announce = useAnnounce();
  const inputId = 'delivery-files';

  // While the node ingests, ask it how far it got every second.
  useEffect(() => {
    if (state.step !== 'ingesting') return;
    const timer = setTimeout(() => {
      api.delivery(state.upload.id).then(
        (upload) => {
          if (isRunning(upload.status)) setState({ step: 'ingesting', upload });
          else {
            setState({ step: 'done', upload });
            announce(t('deliveries.announce.done', { status: statusLabel(upload.status) }));
            onChanged();
          }
        },
        (error: unknown) => {
          setState({ step: 'failed', error: toApiError(error) });
        },
      );
    }, 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [state, announce, onChanged]);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const files = [...(input.current?.files ?? [])];
    if (files.length === 0) {
      setState({ step: 'invalid', message: t('deliveries.send.chooseFiles') });
      input.current?.focus();
      return;
    }
    const total = files.reduce((n, f) => n + f.size, 0);
    setState({ step: 'sending', sent: 0, total });
    try {
      const upload = await api.startDelivery({
        files: files.map((f) => ({ name: f.name, size: f.size })),
        acceptValidPart,
      });
      await sendFiles(upload, files, (sent) => {
        setState({ step: 'sending', sent, total });
      });
      setState({ step: 'ingesting', upload: await api.completeDelivery(upload.id) });
      onChanged();
    } catch (error) {
      setState({ step: 'failed', error: toApiError(error) });
    }
  };

  const busy = state.step === 'sending' || state.step === 'ingesting';
  const invalid = state.step === 'invalid' ? state.message : undefined;
  return (
    <section className="panel" aria-labelledby="send-heading">
      <h2 id="send-heading">{t('deliveries.send.heading')}</h2>
      <p>{t('deliveries.send.lead')}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className={invalid === undefined ? 'field' : 'field field--error'}>
          <label className="field__label" htmlFor={inputId}>
            {t('deliveries.send.files')}
          </label>
          <p className="field__hint" id={`${inputId}-hint`}>
            {t('deliveries.send.files.hint')}
          </p>
          {invalid !== undefined && (
            <p className="field__error" id={`${inputId}-error`}>
              {invalid}
            </p>
          )}
          <input
            ref={input}
            id={inputId}
            type="file"
            multiple
            className="file-input"
            accept=".ndjson,.json,.csv"
            aria-describedby={invalid === undefined ? `${inputId}-hint` : `${inputId}-hint ${inputId}-error`}
            aria-invalid={invalid !== undefined}
          />
        </div>
        <CheckboxField
          label={t('deliveries.send.acceptValidPart')}
          checked={acceptValidPart}
          onChange={setAcceptValidPart}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('deliveries.send.busy') : t('deliveries.send.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {state.step === 'sending' && (
          <Progress
            label={t('deliveries.progress.upload', { sent: number(state.sent), total: number(state.total) })}
            done={state.sent}
            total={state.total}
          />
        )}
        {state.step === 'ingesting' &&
          (state.upload.progress === null ? (
            <Spinner label={t('deliveries.progress.queued')} />
          ) : (
            <Progress
              label={ingestLabel(state.upload.progress)}
              done={state.upload.progress.bytesDone}
              total={state.upload.progress.bytesTotal}
            />
          ))}
        {state.step === 'done' && (
          <div
            className={
              state.upload.status === 'rejected' || state.upload.status === 'failed'
                ? 'notice notice--error'
                : 'notice notice--success'
            }
          >
            <p>
              <strong>{t(`deliveries.result.${state.upload.status}`)}</strong>
            </p>
            {state.upload.error !== null && <p>{state.upload.error}</p>}
            {state.upload.report !== null && <ReportView report={state.upload.report} />}
          </div>
        )}
        {state.step === 'failed' && <ProblemNotice error={state.error} />}
      </div>
    </section>
  );
};

const LinkagePanel = () => {
  const linkage = useApi<Linkage>((signal) => api.linkage(signal), []);
  const data = linkage.data;
  const name = (holder: string) => data?.holderNames[holder] ?? holder;
  return (
    <section className="panel" aria-labelledby="linkage-heading">
      <h2 id="linkage-heading">{t('deliveries.linkage.heading')}</h2>
      <p>{t('deliveries.linkage.lead')}</p>
      {linkage.error !== undefined && <LoadError error={linkage.error} onRetry={linkage.reload} />}
      {data === undefined ? (
        linkage.loading && <Spinner label={t('deliveries.linkage.loading')} />
      ) : (
        <>
          <p>{t('deliveries.linkage.persons', { count: number(data.persons) })}</p>
          <Table caption={t('deliveries.linkage.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.linkage.holders')}</th>
                <th scope="col" className="numeric">
                  {t('deliveries.linkage.shared')}
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(data.personsPerHolder).map(([holder, n]) => (
                <tr key={holder}>
                  <th scope="row">{t('deliveries.linkage.alone', { holder: name(holder) })}</th>
                  <td className="numeric">{number(n)}</td>
                </tr>
              ))}
              {data.pairs.map((p) => (
                <tr key={`${p.holderA}-${p.holderB}`}>
                  <th scope="row">
                    {t('deliveries.linkage.pair', { a: name(p.holderA), b: name(p.holderB) })}
                  </th>
                  <td className="numeric">{number(p.sharedPersons)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
};

export const DeliveriesPage = () => {
  const user = useUser();
  const list = useApi<Upload[]>((signal) => api.deliveries(signal), []);
  const holder = user?.roles.includes('data_holder') === true;
  const staff =
    user?.roles.some((r) => r === 'data_steward' || r === 'access_officer' || r === 'admin') === true;
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Page
      title={t('deliveries.title')}
      lead={holder ? t('deliveries.lead.holder') : t('deliveries.lead.staff')}
    >
      {holder && <SendDelivery onChanged={list.reload} />}
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">{t('deliveries.list.heading')}</h2>
        {list.error !== undefined && <LoadError error={list.error} onRetry={list.reload} />}
        {list.data === undefined ? (
          list.loading && <Spinner label={t('deliveries.list.loading')} />
        ) : list.data.length === 0 ? (
          <p>{t('deliveries.list.empty')}</p>
        ) : (
          <Table caption={t('deliveries.list.caption')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.list.when')}</th>
                {staff && <th scope="col">{t('deliveries.list.holder')}</th>}
                <th scope="col">{t('deliveries.list.files')}</th>
                <th scope="col">{t('deliveries.list.status')}</th>
                <th scope="col" className="numeric">
                  {t('deliveries.list.records')}
                </th>
                <th scope="col" className="numeric">
                  {t('deliveries.list.rejected')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((u) => (
                <DeliveryRow
                  key={u.id}
                  upload={u}
                  staff={staff}
                  open={open === u.id}
                  onToggle={() => {
                    setOpen(open === u.id ? null : u.id);
                  }}
                />
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {staff && <LinkagePanel />}
    </Page>
  );
};

const DeliveryRow = ({
  upload,
  staff,
  open,
  onToggle,
}: {
  readonly upload: Upload;
  readonly staff: boolean;
  readonly open: boolean;
  readonly onToggle: () => void;
}) => (
  <>
    <tr>
      <td className="nowrap">{when(upload.createdAt)}</td>
      {staff && <td>{upload.organisation.name}</td>}
      <td>{upload.files.map((f) => f.name).join(', ')}</td>
      <td>
        <StatusBadge status={upload.status} />
      </td>
      <td className="numeric">{upload.report === null ? '' : number(upload.report.resources)}</td>
      <td className="numeric">{upload.report === null ? '' : number(upload.report.rejectedTotal)}</td>
      <td>
        {upload.report !== null && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={open}
            onClick={onToggle}
          >
            {open ? t('deliveries.list.hideReport') : t('deliveries.list.showReport')}
          </button>
        )}
      </td>
    </tr>
    {open && upload.report !== null && (
      <tr>
        <td colSpan={staff ? 7 : 6}>
          <ReportView report={upload.report} />
        </td>
      </tr>
    )}
  </>
);
