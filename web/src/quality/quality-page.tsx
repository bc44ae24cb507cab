import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi } from '../use-api.js';
import { passRate } from './charts.js';
import { levelLabel, number, percent, phaseLabel } from './labels.js';
import { isRunning, qualityApi, qualityPath, type DatasetQuality } from './quality-api.js';

/** The datasets whose quality the user may follow: a holder's own, every holder's for the HDAB's staff. */
export const QualityPage = () => {
  const user = useUser();
  const staff =
    user?.roles.some((r) => r === 'data_steward' || r === 'access_officer' || r === 'admin') === true;
  const list = useApi<DatasetQuality[]>((signal) => qualityApi.datasets(signal), []);
  return (
    <Page title={t('quality.title')} lead={staff ? t('quality.lead.staff') : t('quality.lead.holder')}>
      {list.error !== undefined && <LoadError error={list.error} onRetry={list.reload} />}
      {list.data === undefined ? (
        list.loading && <Spinner label={t('quality.list.loading')} />
      ) : list.data.length === 0 ? (
        <p>{t('quality.list.empty')}</p>
      ) : (
        <Table caption={t('quality.list.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('quality.list.dataset')}</th>
              {staff && <th scope="col">{t('quality.list.holder')}</th>}
              <th scope="col">{t('quality.list.label')}</th>
              <th scope="col">{t('quality.list.lastRun')}</th>
              <th scope="col" className="numeric">
                {t('quality.list.passRate')}
              </th>
              <th scope="col" className="numeric">
                {t('quality.list.failed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.dataset.id}>
                <th scope="row">
                  <Link to={qualityPath(d.dataset.id)}>{d.dataset.title}</Link>
                </th>
                {staff && <td>{d.dataset.holder?.name ?? '–'}</td>}
                <td>
                  {d.latest?.label === null || d.latest === null ? (
                    <span className="muted">{t('quality.level.notAwarded')}</span>
                  ) : (
                    <span className={`badge badge--level-${d.latest.label.level ?? 'none'}`}>
                      {levelLabel(d.latest.label.level)}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  {isRunning(d.job)
                    ? phaseLabel(d.job.phase)
                    : d.latest === null
                      ? t('quality.list.never')
                      : formatDateTime(d.latest.finishedAt)}
                </td>
                <td className="numeric">{d.latest === null ? '' : percent(passRate(d.latest))}</td>
                <td className="numeric">{d.latest === null ? '' : number(d.latest.counts.failed)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Page>
  );
};
