import { api, type Organisation } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { AddOrganisationForm } from './add-organisation-form.js';

const OrganisationTable = ({ organisations }: { readonly organisations: readonly Organisation[] }) => (
  <Table caption={t('organisations.listCaption')}>
    <thead>
      <tr>
        <th scope="col">{t('organisations.column.name')}</th>
        <th scope="col">{t('organisations.column.kind')}</th>
        <th scope="col">{t('organisations.column.identifier')}</th>
      </tr>
    </thead>
    <tbody>
      {organisations.map((organisation) => (
        <tr key={organisation.id}>
          <th scope="row">{organisation.name}</th>
          <td>{t(`organisationKind.${organisation.kind}`)}</td>
          <td>{organisation.identifier ?? t('common.none')}</td>
        </tr>
      ))}
    </tbody>
  </Table>
);

export const OrganisationsPage = () => {
  const announce = useAnnounce();
  const organisations = useApi((signal) => api.listOrganisations(signal), []);

  return (
    <Page title={t('organisations.title')} lead={t('organisations.lead')}>
      {organisations.error !== undefined && (
        <LoadError error={organisations.error} onRetry={organisations.reload} />
      )}
      {organisations.data === undefined ? (
        organisations.loading && <Spinner label={t('organisations.loading')} />
      ) : organisations.data.length === 0 ? (
        <p>{t('organisations.empty')}</p>
      ) : (
        <OrganisationTable organisations={organisations.data} />
      )}
      <AddOrganisationForm
        onAdded={(organisation) => {
          organisations.update((list) => [...list, organisation]);
          announce(t('organisations.added', { name: organisation.name }), { focus: true });
        }}
      />
    </Page>
  );
};
