import { useState } from 'react';
import { Link } from 'react-router';
import { api, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { qualityPath } from '../quality/quality-api.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { OverdueBadge, StatusBadge } from './badges.js';
import { editPath } from './dataset-page.js';
import { countFindings, findingCountsText } from './findings-list.js';
import { useFlash } from './flash.js';
import { ImportRdf } from './import-rdf.js';
import { formatDate, pickText } from './labels.js';
import { datasetPath } from './result-card.js';
import type { DatasetSummary } from './types.js';

export const newDatasetPath = '/catalogue/new';

const dayMs = 24 * 60 * 60 * 1000;
/** The confirmation is offered from a month before it falls due. */
const confirmWindowMs = 30 * dayMs;

export const confirmationDue = (dataset: DatasetSummary, now = Date.now()): boolean =>
  dataset.recheckDue !== null &&
  (dataset.recheckOverdue || new Date(dataset.recheckDue).getTime() - now <= confirmWindowMs);

const titleOf = (dataset: DatasetSummary) => pickText(dataset.title) || t('catalogue.untitled');

// The list does not carry findings; each row asks for its dataset's own, which the server keeps from the last save.
const RowFindings = ({ id }: { readonly id: string }) => {
  const detail = useApi((signal) => api.getDataset(id, signal), [id]);
  if (detail.data === undefined)
    return <span className="muted">{detail.error === undefined ? '…' : '–'}</span>;
  const { violations } = countFindings(detail.data.findings);
  return (
    <span className={violations > 0 ? 'error-text' : undefined}>
      {findingCountsText(detail.data.findings)}
    </span>
  );
};

const ConfirmButton = ({
  dataset,
  onConfirmed,
}: {
  readonly dataset: DatasetSummary;
  readonly onConfirmed: (dataset: DatasetSummary) => void;
}) => {
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const confirm = async () => {
    setBusy(true);
    try {
      onConfirmed(await api.confirmDataset(dataset.id));
    } catch (error) {
      announce(toApiError(error).problem.detail);
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="button button--small"
      disabled={busy}
      aria-label={t('catalogue.mine.confirmLabel', { title: titleOf(dataset) })}
      onClick={() => void confirm()}
    >
      {busy ? t('catalogue.mine.confirming') : t('catalogue.mine.confirm')}
    </button>
  );
};

const DatasetTable = ({
  datasets,
  onConfirmed,
}: {
  readonly datasets: readonly DatasetSummary[];
  readonly onConfirmed: (dataset: DatasetSummary) => void;
}) => (
  <Table caption={t('catalogue.mine.caption')} hideCaption>
    <thead>
      <tr>
        <th scope="col">{t('catalogue.mine.column.title')}</th>
        <th scope="col">{t('catalogue.mine.column.status')}</th>
        <th scope="col">{t('catalogue.mine.column.version')}</th>
        <th scope="col">{t('catalogue.mine.column.modified')}</th>
        <th scope="col">{t('catalogue.mine.column.findings')}</th>
        <th scope="col">{t('catalogue.mine.column.recheck')}</th>
        <th scope="col">{t('common.actions')}</th>
      </tr>
    </thead>
    <tbody>
      {datasets.map((dataset) => (
        <tr key={dataset.id}>
          <th scope="row">
            <Link to={datasetPath(dataset.id)}>{titleOf(dataset)}</Link>
          </th>
          <td>
            <StatusBadge status={dataset.status} />
          </td>
          <td>{dataset.version}</td>
          <td className="nowrap">{formatDate(dataset.modified)}</td>
          <td>
            <RowFindings id={dataset.id} />
          </td>
          <td>
            {dataset.recheckDue === null ? (
              <span className="muted">{t('catalogue.mine.recheck.none')}</span>
            ) : (
              <>
                <span className="nowrap">{formatDate(dataset.recheckDue)}</span>
                {dataset.recheckOverdue && (
                  <span className="block">
                    <OverdueBadge />
                  </span>
                )}
              </>
            )}
          </td>
          <td>
            <div className="row-actions">
              <Link
                className="button button--secondary button--small"
                to={editPath(dataset.id)}
                aria-label={t('catalogue.mine.editLabel', { title: titleOf(dataset) })}
              >
                {t('catalogue.mine.edit')}
              </Link>
              <Link
                className="button button--secondary button--small"
                to={qualityPath(dataset.id)}
                aria-label={t('quality.link.mineLabel', { title: titleOf(dataset) })}
              >
                {t('quality.link.mine')}
              </Link>
              {confirmationDue(dataset) && <ConfirmButton dataset={dataset} onConfirmed={onConfirmed} />}
            </div>
          </td>
        </tr>
      ))}
    </tbody>
  </Table>
);

export const MyDatasetsPage = () => {
  const announce = useAnnounce();
  const datasets = useApi((signal) => api.myDatasets(signal), []);
  useFlash(datasets.data !== undefined);
  const due = (datasets.data ?? []).filter((d) => confirmationDue(d));

  return (
    <Page title={t('catalogue.mine.title')} lead={t('catalogue.mine.lead')}>
      <p>
        <Link className="button" to={newDatasetPath}>
          {t('catalogue.mine.new')}
        </Link>
      </p>
      {due.length > 0 && (
        <div className="notice notice--warning">
          <p>
            <strong>
              {due.length === 1 ? t('catalogue.mine.dueOne') : t('catalogue.mine.due', { count: due.length })}
            </strong>
          </p>
          <p>{t('catalogue.mine.dueWhy')}</p>
        </div>
      )}
      <section aria-labelledby="mine-list-heading">
        <h2 id="mine-list-heading">{t('catalogue.mine.listHeading')}</h2>
        {datasets.error !== undefined && <LoadError error={datasets.error} onRetry={datasets.reload} />}
        {datasets.data === undefined ? (
          datasets.loading && <Spinner label={t('catalogue.mine.loading')} />
        ) : datasets.data.length === 0 ? (
          <p>{t('catalogue.mine.empty')}</p>
        ) : (
          <DatasetTable
            datasets={datasets.data}
            onConfirmed={(confirmed) => {
              datasets.update((list) => list.map((d) => (d.id === confirmed.id ? confirmed : d)));
              announce(
                confirmed.recheckDue === null
                  ? t('catalogue.mine.confirmed', { title: titleOf(confirmed) })
                  : t('catalogue.mine.confirmedNext', {
                      title: titleOf(confirmed),
                      date: formatDate(confirmed.recheckDue),
                    }),
              );
            }}
          />
        )}
      </section>
      <ImportRdf
        onImported={(result) => {
          datasets.update((list) => [
            ...result.datasets,
            ...list.filter((d) => !result.datasets.some((n) => n.id === d.id)),
          ]);
        }}
      />
    </Page>
  );
};
