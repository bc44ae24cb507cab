import { Link, useParams, useSearchParams } from 'react-router';
import { canSeeQuality } from '../quality/nav.js';
import { qualityPath } from '../quality/quality-api.js';
import { api, datasetRdfUrl, type Me, type RdfFormat } from '../api.js';
import { t } from '../i18n/index.js';
import { navigation } from '../navigation.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { useApi } from '../use-api.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { AccessBadge, QualityBadge, StatusBadge } from './badges.js';
import { FindingsList } from './findings-list.js';
import { formatDate, labelIndex, pickText } from './labels.js';
import {
  AboutGroup,
  ContactGroup,
  CoverageGroup,
  DistributionsGroup,
  HealthGroup,
  LegalGroup,
  VariablesGroup,
} from './record-view.js';
import { datasetPath } from './result-card.js';
import type { DatasetDetail } from './types.js';
import { useVocabularies } from './vocabularies.js';

const rdfFormats: readonly { format: RdfFormat; extension: string }[] = [
  { format: 'turtle', extension: 'ttl' },
  { format: 'jsonld', extension: 'jsonld' },
  { format: 'rdfxml', extension: 'rdf' },
];

export const editPath = (id: string): string => `${datasetPath(id)}/edit`;

/** The holder's own staff may edit; the server checks again. */
export const canEdit = (user: Me | null, dataset: { readonly holder: { readonly id: string } | null }) =>
  user !== null &&
  user.roles.includes('data_holder') &&
  (dataset.holder === null || dataset.holder.id === user.organisation?.id);

const Downloads = ({ dataset }: { readonly dataset: DatasetDetail }) => (
  <section className="panel" aria-labelledby="dataset-downloads-heading">
    <h2 id="dataset-downloads-heading">{t('catalogue.download.heading')}</h2>
    <p>{t('catalogue.download.lead')}</p>
    <ul className="download-list">
      {rdfFormats.map(({ format, extension }) => (
        <li key={format}>
          <a
            href={datasetRdfUrl(dataset.id, format)}
            download={`${dataset.record.identifier === '' ? dataset.id : dataset.record.identifier}.${extension}`}
          >
            {t(`catalogue.download.${format}`)}
          </a>
        </li>
      ))}
    </ul>
  </section>
);

const Versions = ({ dataset, shown }: { readonly dataset: DatasetDetail; readonly shown: number | null }) => (
  <section className="record-group" aria-labelledby="record-versions">
    <h2 id="record-versions">{t('catalogue.group.versions')}</h2>
    {dataset.versions.length === 0 ? (
      <p className="muted">{t('catalogue.versions.none')}</p>
    ) : (
      <Table caption={t('catalogue.versions.caption')} hideCaption>
        <thead>
          <tr>
            <th scope="col">{t('catalogue.versions.version')}</th>
            <th scope="col">{t('catalogue.versions.publishedAt')}</th>
            <th scope="col">{t('catalogue.versions.publishedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {[...dataset.versions]
            .sort((a, b) => b.version - a.version)
            .map((version) => (
              <tr key={version.version}>
                <th scope="row">
                  {version.version === (shown ?? dataset.version) ? (
                    <span aria-current="page">
                      {t('catalogue.versions.label', { version: version.version })}
                    </span>
                  ) : (
                    <Link
                      to={
                        version.version === dataset.version && shown === null
                          ? datasetPath(dataset.id)
                          : `${datasetPath(dataset.id)}?version=${String(version.version)}`
                      }
                    >
                      {t('catalogue.versions.label', { version: version.version })}
                    </Link>
                  )}
                </th>
                <td>{formatDateTime(version.publishedAt)}</td>
                <td>{version.publishedBy ?? t('common.none')}</td>
              </tr>
            ))}
        </tbody>
      </Table>
    )}
  </section>
);

const DatasetView = ({
  dataset,
  version,
}: {
  readonly dataset: DatasetDetail;
  readonly version: number | null;
}) => {
  const user = useUser();
  const vocabularies = useVocabularies();
  const labels = labelIndex(vocabularies.data);
  const record = dataset.record;
  const editable = canEdit(user, dataset);
  const isStaff = editable || user?.roles.includes('access_officer') === true;

  return (
    <>
      <div className="dataset-header">
        <p className="dataset-header__holder">{dataset.holder?.name ?? t('catalogue.noHolder')}</p>
        <ul className="badge-list" aria-label={t('catalogue.dataset.badges')}>
          <li>
            <StatusBadge status={dataset.status} />
          </li>
          <li>
            <AccessBadge level={dataset.accessRights} />
          </li>
          {dataset.qualityLabel !== null && (
            <li>
              <QualityBadge label={dataset.qualityLabel} />
            </li>
          )}
          <li className="muted">{t('catalogue.versions.label', { version: version ?? dataset.version })}</li>
          <li className="muted">{t('catalogue.dataset.modified', { date: formatDate(dataset.modified) })}</li>
        </ul>
      </div>

      {version !== null && (
        <div className="notice">
          <p>{t('catalogue.versions.older', { version })}</p>
          <p>
            <Link to={datasetPath(dataset.id)}>{t('catalogue.versions.current')}</Link>
          </p>
        </div>
      )}
      {dataset.recheckOverdue && (
        <div className="notice notice--warning">
          <p>
            <strong>{t('catalogue.recheck.overdueTitle')}</strong>
          </p>
          <p>
            {dataset.recheckDue === null
              ? t('catalogue.recheck.overdue')
              : t('catalogue.recheck.overdueSince', { date: formatDate(dataset.recheckDue) })}
          </p>
        </div>
      )}
      {dataset.status === 'returned' && dataset.returnMessage !== null && isStaff && (
        <div className="notice notice--warning">
          <p>
            <strong>{t('catalogue.returned.title')}</strong>
          </p>
          <p className="prose">{dataset.returnMessage}</p>
        </div>
      )}

      <p className="lead prose">{pickText(record.description)}</p>

      <div className="apply">
        <Link
          className="button button--start"
          aria-describedby="apply-note"
          to={`/access/new/application?dataset=${encodeURIComponent(dataset.id)}&title=${encodeURIComponent(pickText(record.title))}`}
        >
          {t('catalogue.apply')}
        </Link>{' '}
        <Link
          className="button button--secondary"
          to={`/access/new/data_request?dataset=${encodeURIComponent(dataset.id)}&title=${encodeURIComponent(pickText(record.title))}`}
        >
          {t('catalogue.request')}
        </Link>
        <p className="apply__note" id="apply-note">
          {t('catalogue.apply.note')}
        </p>
        {editable && version === null && (
          <p>
            <Link className="button button--secondary" to={editPath(dataset.id)}>
              {t('catalogue.dataset.edit')}
            </Link>
          </p>
        )}
        {(editable || canSeeQuality(user)) && (
          <p>
            <Link to={qualityPath(dataset.id)}>{t('quality.link.dataset')}</Link>
          </p>
        )}
      </div>

      {isStaff && dataset.findings.length > 0 && (
        <section className="panel" aria-labelledby="dataset-findings">
          <h2 id="dataset-findings">{t('catalogue.findings.heading')}</h2>
          <FindingsList findings={dataset.findings} />
        </section>
      )}

      <nav className="toc" aria-label={t('catalogue.dataset.contents')}>
        <ul>
          <li>
            <a href="#record-about">{t('catalogue.group.about')}</a>
          </li>
          <li>
            <a href="#record-coverage">{t('catalogue.group.coverage')}</a>
          </li>
          <li>
            <a href="#record-health">{t('catalogue.group.health')}</a>
          </li>
          <li>
            <a href="#record-legal">{t('catalogue.group.legal')}</a>
          </li>
          <li>
            <a href="#record-contact">{t('catalogue.group.contact')}</a>
          </li>
          <li>
            <a href="#record-distributions">{t('catalogue.group.distributions')}</a>
          </li>
          <li>
            <a href="#record-variables">{t('catalogue.group.variables')}</a>
          </li>
          <li>
            <a href="#record-versions">{t('catalogue.group.versions')}</a>
          </li>
        </ul>
      </nav>

      <AboutGroup record={record} labels={labels} withDescription={false} />
      <CoverageGroup record={record} labels={labels} />
      <HealthGroup record={record} labels={labels} />
      <LegalGroup record={record} labels={labels} />
      <ContactGroup record={record} labels={labels} />
      <DistributionsGroup record={record} labels={labels} />
      <VariablesGroup record={record} labels={labels} />
      <Versions dataset={dataset} shown={version} />
      <Downloads dataset={dataset} />
    </>
  );
};

export const DatasetPage = () => {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const versionParam = Number(params.get('version') ?? '');
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : null;
  const dataset = useApi(
    (signal) => (version === null ? api.getDataset(id, signal) : api.getDatasetVersion(id, version, signal)),
    [id, version],
  );

  // One Page throughout, so that the heading the layout focused stays in place when the title arrives.
  const shown = dataset.loading ? undefined : dataset.data;
  const title =
    shown === undefined
      ? t('catalogue.dataset.loadingTitle')
      : pickText(shown.title) === ''
        ? t('catalogue.untitled')
        : pickText(shown.title);
  return (
    <Page title={title}>
      {shown !== undefined && <DatasetView dataset={shown} version={version} />}
      {dataset.loading && <Spinner label={t('catalogue.dataset.loading')} />}
      {dataset.error !== undefined &&
        (dataset.error.status === 404 ? (
          <>
            <p>{t('catalogue.dataset.notFound')}</p>
            <p>
              <Link to={navigation.catalogue.path}>{t('catalogue.backToSearch')}</Link>
            </p>
          </>
        ) : (
          <LoadError error={dataset.error} onRetry={dataset.reload} />
        ))}
    </Page>
  );
};
