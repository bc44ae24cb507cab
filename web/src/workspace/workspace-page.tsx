import { useParams, useSearchParams } from 'react-router';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { useApi } from '../use-api.js';
import { FilesPanel } from './files-panel.js';
import { WorkspaceStatusBadge } from './labels.js';
import { MinimisationReportView } from './minimisation-report.js';
import { RequestsPanel } from './requests-panel.js';
import { ScriptsPanel } from './scripts-panel.js';
import { SqlConsole } from './sql-console.js';
import { Tabs } from './tabs.js';
import { workspaceApi, type Workspace } from './workspace-api.js';
import { validity } from './workspaces-page.js';
import './workspace.css';

const tabKeys = ['sql', 'scripts', 'files', 'requests'] as const;
type TabKey = (typeof tabKeys)[number];

const Body = ({ workspace }: { readonly workspace: Workspace }) => {
  const [params, setParams] = useSearchParams();
  const tab: TabKey = tabKeys.find((k) => k === params.get('tab')) ?? 'sql';
  const files = useApi((signal) => workspaceApi.files(workspace.id, signal), [workspace.id]);
  const canWork = workspace.status === 'open';
  return (
    <>
      <dl className="ws-facts">
        <div>
          <dt>{t('workspace.page.status')}</dt>
          <dd>
            <WorkspaceStatusBadge status={workspace.status} />
          </dd>
        </div>
        <div>
          <dt>{t('workspace.page.permit')}</dt>
          <dd>{validity(workspace)}</dd>
        </div>
        <div>
          <dt>{t('workspace.page.case')}</dt>
          <dd>{workspace.caseReference ?? '–'}</dd>
        </div>
      </dl>
      {!canWork && (
        <div className="notice notice--warning">
          <p>{workspace.statusReason ?? t('workspace.page.readOnly')}</p>
          <p>{t('workspace.page.readOnlyMore')}</p>
        </div>
      )}
      {workspace.extractReport !== null && (
        <details className="ws-details">
          <summary>{t('workspace.page.report')}</summary>
          <MinimisationReportView report={workspace.extractReport} level={2} />
        </details>
      )}
      <Tabs<TabKey>
        label={t('workspace.page.tabs')}
        selected={tab}
        onSelect={(key) => {
          setParams({ tab: key }, { replace: true });
        }}
        tabs={[
          {
            key: 'sql',
            label: t('workspace.tab.sql'),
            panel: () => (
              <SqlConsole
                workspaceId={workspace.id}
                report={workspace.extractReport}
                canWork={canWork}
                onSaved={files.reload}
              />
            ),
          },
          {
            key: 'scripts',
            label: t('workspace.tab.scripts'),
            panel: () => <ScriptsPanel workspaceId={workspace.id} canWork={canWork} onRan={files.reload} />,
          },
          {
            key: 'files',
            label: t('workspace.tab.files'),
            panel: () => <FilesPanel workspaceId={workspace.id} files={files} />,
          },
          {
            key: 'requests',
            label: t('workspace.tab.requests'),
            panel: () => <RequestsPanel workspaceId={workspace.id} files={files} canWork={canWork} />,
          },
        ]}
      />
    </>
  );
};

/** A workspace, entered by a person its permit names: SQL, scripts, outputs and the airlock, in tabs. */
export const WorkspacePage = () => {
  const { id = '' } = useParams();
  // Entering is itself an audited session on the server, so it happens once per visit.
  const workspace = useApi((signal) => workspaceApi.open(id, signal), [id]);
  return (
    <Page title={workspace.data?.title ?? t('workspace.page.loadingTitle')}>
      {workspace.error !== undefined && <LoadError error={workspace.error} onRetry={workspace.reload} />}
      {workspace.data === undefined ? (
        workspace.loading && <Spinner label={t('workspace.page.loading')} />
      ) : (
        <Body workspace={workspace.data} />
      )}
    </Page>
  );
};
