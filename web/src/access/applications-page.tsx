import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { accessApi, casePath, newCasePath } from './access-api.js';
import { CaseTable } from './case-table.js';
import { accessNav } from './nav.js';

export const Notifications = () => {
  const notes = useApi((signal) => accessApi.notifications(signal), []);
  const list = notes.data?.notifications ?? [];
  if (list.length === 0) return null;
  return (
    <div className="notice notice--warning">
      <p>
        <strong>{t('access.notifications')}</strong>
      </p>
      <ul>
        {list.map((n) => (
          <li key={`${n.caseId}-${n.kind}`}>
            <Link to={casePath(n.caseId)}>{n.message}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
};

export const ApplicationsPage = () => {
  const cases = useApi((signal) => accessApi.list({}, signal), []);
  return (
    <Page title={t('access.mine.title')} lead={t('access.mine.lead')}>
      <p className="button-group">
        <Link className="button" to={newCasePath('application')}>
          {t('access.mine.newApplication')}
        </Link>{' '}
        <Link className="button button--secondary" to={newCasePath('data_request')}>
          {t('access.mine.newRequest')}
        </Link>
      </p>
      <p>
        <Link to={accessNav.register.path}>{t('nav.accessRegister')}</Link>
      </p>
      <Notifications />
      {cases.error !== undefined && <LoadError error={cases.error} onRetry={cases.reload} />}
      {cases.data === undefined ? (
        cases.loading && <Spinner label={t('access.mine.loading')} />
      ) : cases.data.cases.length === 0 ? (
        <p>{t('access.mine.empty')}</p>
      ) : (
        <CaseTable cases={cases.data.cases} />
      )}
    </Page>
  );
};

export const DashboardPage = () => {
  const cases = useApi((signal) => accessApi.list({}, signal), []);
  const open = (cases.data?.cases ?? []).filter((c) =>
    ['submitted', 'pre_screening', 'processing', 'awaiting_information'].includes(c.status),
  );
  return (
    <Page title={t('access.dashboard.title')} lead={t('access.dashboard.lead')}>
      <p>
        <Link to={accessNav.register.path}>{t('nav.accessRegister')}</Link> ·{' '}
        <Link to={accessNav.optOut.path}>{t('nav.accessOptOut')}</Link>
      </p>
      <Notifications />
      {cases.error !== undefined && <LoadError error={cases.error} onRetry={cases.reload} />}
      {cases.data === undefined ? (
        cases.loading && <Spinner label={t('access.mine.loading')} />
      ) : open.length === 0 ? (
        <p>{t('access.dashboard.empty')}</p>
      ) : (
        <CaseTable cases={open} showOrganisation />
      )}
    </Page>
  );
};
