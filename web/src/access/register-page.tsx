import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { formatDate } from '../catalogue/labels.js';
import { accessApi } from './access-api.js';
import { groundLabel, permitStateLabel, purposeLabel, statusLabel, trackLabel } from './labels.js';

/** The public register (Arts 57-58): readable without signing in, downloadable as CSV. */
export const RegisterPage = () => {
  const register = useApi((signal) => accessApi.register(signal), []);
  return (
    <Page title={t('access.register.title')} lead={t('access.register.lead')}>
      <p>
        <a className="button button--secondary" href="/api/access/register.csv?pageSize=1000" download>
          {t('access.register.csv')}
        </a>
      </p>
      {register.error !== undefined && <LoadError error={register.error} onRetry={register.reload} />}
      {register.data === undefined ? (
        register.loading && <Spinner label={t('common.loading')} />
      ) : register.data.entries.length === 0 ? (
        <p>{t('access.register.empty')}</p>
      ) : (
        <Table caption={t('access.register.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('access.column.reference')}</th>
              <th scope="col">{t('access.column.title')}</th>
              <th scope="col">{t('access.column.organisation')}</th>
              <th scope="col">{t('access.register.column.purpose')}</th>
              <th scope="col">{t('access.register.column.datasets')}</th>
              <th scope="col">{t('access.register.column.received')}</th>
              <th scope="col">{t('access.column.status')}</th>
              <th scope="col">{t('access.register.column.decision')}</th>
              <th scope="col">{t('access.register.column.permit')}</th>
            </tr>
          </thead>
          <tbody>
            {register.data.entries.map((e) => (
              <tr key={e.reference}>
                <th scope="row" className="nowrap">
                  {e.reference}
                  <span className="block muted">{trackLabel(e.kind)}</span>
                </th>
                <td>{e.title}</td>
                <td>{e.organisation}</td>
                <td>{purposeLabel(e.purpose)}</td>
                <td>{e.datasets.join('; ')}</td>
                <td className="nowrap">{formatDate(e.receivedAt)}</td>
                <td>{statusLabel(e.status)}</td>
                <td>
                  {e.decision === 'granted' || e.decision === 'refused'
                    ? t(`access.decision.${e.decision}`)
                    : '–'}
                  {e.refusalGrounds.map((g) => (
                    <span key={g.code} className="block muted">
                      {groundLabel(g.code)}: {g.explanation}
                    </span>
                  ))}
                </td>
                <td className="nowrap">
                  {e.permitNumber === null
                    ? '–'
                    : `${e.permitNumber} (${e.permitState === null ? '' : permitStateLabel(e.permitState)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Page>
  );
};
