import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../api.js';
import { formatDate } from '../catalogue/labels.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { useAnnounce } from '../shell/status.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi, type Loaded } from '../use-api.js';
import { WorkspaceStatusBadge } from './labels.js';
import { MinimisationReportView } from './minimisation-report.js';
import { workspacePath } from './nav.js';
import { PrepareForm } from './prepare-form.js';
import {
  workspaceApi,
  type PreparationChoices,
  type PreparationTask,
  type Workspace,
} from './workspace-api.js';
import './workspace.css';

/** The permit's validity in words: until when, or that it has ended. */
export const validity = (workspace: Workspace): string => {
  if (workspace.validUntil === null) return '–';
  const until = formatDate(workspace.validUntil);
  return new Date(workspace.validUntil) < new Date()
    ? t('workspace.validity.ended', { date: until })
    : t('workspace.validity.until', { date: until });
};

type Preparing =
  | { readonly step: 'idle' }
  | { readonly step: 'building'; readonly taskId: string; readonly since: number }
  | { readonly step: 'done'; readonly workspace: Workspace }
  | { readonly step: 'failed'; readonly taskId: string; readonly error: ApiError };

/** Seconds since `since`, ticking, for a wait whose length nobody can tell in advance. */
const useElapsed = (since: number | null): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.round((now - since) / 1000));
};

/**
 * The data steward's desk: each granted permit's order to prepare a workspace, with the button that builds
 * its extract from the lake, the wait, then the minimisation report.
 */
const PreparationTasks = ({ workspaces }: { readonly workspaces: Loaded<Workspace[]> }) => {
  const announce = useAnnounce();
  const tasks = useApi((signal) => workspaceApi.tasks(signal), []);
  const [state, setState] = useState<Preparing>({ step: 'idle' });
  const [choosing, setChoosing] = useState<PreparationTask | null>(null);
  const elapsed = useElapsed(state.step === 'building' ? state.since : null);
  const prepared = new Map((workspaces.data ?? []).map((w) => [w.taskId, w]));
  const open = (tasks.data ?? []).filter((task) => {
    const workspace = prepared.get(task.id);
    return task.order.kind === 'permit_extract' && (workspace === undefined || workspace.status === 'failed');
  });

  const prepare = async (task: PreparationTask, choices: PreparationChoices) => {
    setState({ step: 'building', taskId: task.id, since: Date.now() });
    try {
      const workspace = await workspaceApi.prepare(task.id, choices);
      setChoosing(null);
      setState({ step: 'done', workspace });
      announce(t('workspace.prepare.done', { title: workspace.title }));
    } catch (error) {
      setState({ step: 'failed', taskId: task.id, error: toApiError(error) });
    }
    workspaces.reload();
    tasks.reload();
  };

  return (
    <section className="ws-section" aria-labelledby="ws-tasks-heading">
      <h2 id="ws-tasks-heading">{t('workspace.tasks.heading')}</h2>
      <p>{t('workspace.tasks.lead')}</p>
      {tasks.error !== undefined && <LoadError error={tasks.error} onRetry={tasks.reload} />}
      {tasks.data === undefined ? (
        tasks.loading && <Spinner label={t('workspace.tasks.loading')} />
      ) : open.length === 0 ? (
        <p className="muted">{t('workspace.tasks.empty')}</p>
      ) : (
        <Table caption={t('workspace.tasks.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.tasks.case')}</th>
              <th scope="col">{t('workspace.tasks.datasets')}</th>
              <th scope="col">{t('workspace.tasks.period')}</th>
              <th scope="col">{t('workspace.tasks.cohort')}</th>
              <th scope="col">{t('workspace.tasks.validUntil')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((task) => {
              const reference = task.caseReference ?? task.caseId;
              return (
                <tr key={task.id}>
                  <th scope="row" className="nowrap">
                    {reference}
                  </th>
                  <td>{(task.order.datasets ?? []).map((d) => d.title).join('; ') || '–'}</td>
                  <td className="nowrap">
                    {task.order.period == null
                      ? '–'
                      : `${formatDate(task.order.period.from)} – ${formatDate(task.order.period.to)}`}
                  </td>
                  <td>{task.order.cohortCriteria ?? '–'}</td>
                  <td className="nowrap">
                    {task.order.validUntil == null ? '–' : formatDate(task.order.validUntil)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small nowrap"
                      disabled={state.step === 'building'}
                      aria-label={t('workspace.prepare.buttonLabel', { reference })}
                      aria-expanded={choosing?.id === task.id}
                      onClick={() => {
                        setChoosing(task);
                        setState({ step: 'idle' });
                      }}
                    >
                      {prepared.get(task.id)?.status === 'failed'
                        ? t('workspace.prepare.retry')
                        : t('workspace.prepare.button')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {choosing !== null && (
        <PrepareForm
          key={choosing.id}
          task={choosing}
          busy={state.step === 'building'}
          onPrepare={(choices) => void prepare(choosing, choices)}
          onCancel={() => {
            setChoosing(null);
          }}
        />
      )}
      <div aria-live="polite">
        {state.step === 'building' && (
          <Spinner label={t('workspace.prepare.building', { seconds: elapsed })} />
        )}
        {state.step === 'failed' && <ProblemNotice error={state.error} />}
        {state.step === 'done' && (
          <div className="notice notice--success ws-notice-wide">
            <p>
              <strong>{t('workspace.prepare.doneHeading', { title: state.workspace.title })}</strong>
            </p>
            {state.workspace.extractReport !== null && (
              <MinimisationReportView report={state.workspace.extractReport} level={3} />
            )}
          </div>
        )}
      </div>
    </section>
  );
};

const WorkspaceRow = ({
  workspace,
  canEnter,
}: {
  readonly workspace: Workspace;
  readonly canEnter: boolean;
}) => {
  const [open, setOpen] = useState(false);
  const enterable = canEnter && (workspace.status === 'open' || workspace.status === 'read_only');
  return (
    <>
      <tr>
        <th scope="row">
          {enterable ? <Link to={workspacePath(workspace.id)}>{workspace.title}</Link> : workspace.title}
          {workspace.statusReason !== null && <span className="block muted">{workspace.statusReason}</span>}
        </th>
        <td className="nowrap">{workspace.caseReference ?? '–'}</td>
        <td>
          <WorkspaceStatusBadge status={workspace.status} />
        </td>
        <td className="nowrap">{validity(workspace)}</td>
        <td className="nowrap">{formatDateTime(workspace.createdAt)}</td>
        <td>
          {workspace.extractReport !== null && (
            <button
              type="button"
              className="button button--secondary button--small nowrap"
              aria-expanded={open}
              aria-label={t('workspace.list.reportLabel', { title: workspace.title })}
              onClick={() => {
                setOpen(!open);
              }}
            >
              {open ? t('workspace.list.hideReport') : t('workspace.list.showReport')}
            </button>
          )}
        </td>
      </tr>
      {open && workspace.extractReport !== null && (
        <tr>
          <td colSpan={6}>
            <MinimisationReportView report={workspace.extractReport} level={3} />
          </td>
        </tr>
      )}
    </>
  );
};

/** The workspaces a user may see: a data user's own (by permit), all of them for the HDAB's staff. */
export const WorkspacesPage = () => {
  const user = useUser();
  const workspaces = useApi((signal) => workspaceApi.list(signal), []);
  const steward = user?.roles.includes('data_steward') === true;
  const dataUser = user?.roles.includes('data_user') === true;
  return (
    <Page
      title={t('workspace.list.title')}
      lead={dataUser ? t('workspace.list.leadUser') : t('workspace.list.leadStaff')}
    >
      {steward && <PreparationTasks workspaces={workspaces} />}
      <section className="ws-section" aria-labelledby="ws-list-heading">
        <h2 id="ws-list-heading">
          {dataUser ? t('workspace.list.headingUser') : t('workspace.list.heading')}
        </h2>
        {workspaces.error !== undefined && <LoadError error={workspaces.error} onRetry={workspaces.reload} />}
        {workspaces.data === undefined ? (
          workspaces.loading && <Spinner label={t('workspace.list.loading')} />
        ) : workspaces.data.length === 0 ? (
          <p>{dataUser ? t('workspace.list.emptyUser') : t('workspace.list.empty')}</p>
        ) : (
          <Table caption={t('workspace.list.caption')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('workspace.list.workspace')}</th>
                <th scope="col">{t('workspace.list.case')}</th>
                <th scope="col">{t('workspace.list.status')}</th>
                <th scope="col">{t('workspace.list.permit')}</th>
                <th scope="col">{t('workspace.list.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {workspaces.data.map((w) => (
                <WorkspaceRow key={w.id} workspace={w} canEnter={dataUser} />
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </Page>
  );
};
