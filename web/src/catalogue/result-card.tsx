import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { AccessBadge, QualityBadge } from './badges.js';
import {
  conceptLabel,
  formatAges,
  formatNumber,
  formatYears,
  pickText,
  shorten,
  type LabelIndex,
} from './labels.js';
import type { DatasetSummary } from './types.js';

export const datasetPath = (id: string): string => `/catalogue/datasets/${encodeURIComponent(id)}`;

const Fact = ({ term, value }: { readonly term: string; readonly value: string }) =>
  value === '' ? null : (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );

/** One dataset in the search results: what a researcher needs to decide whether to open it. */
export const ResultCard = ({
  dataset,
  labels,
}: {
  readonly dataset: DatasetSummary;
  readonly labels: LabelIndex;
}) => {
  const title = pickText(dataset.title);
  const headingId = `result-${dataset.id}`;
  return (
    <article className="result" aria-labelledby={headingId}>
      <h3 className="result__title" id={headingId}>
        <Link to={datasetPath(dataset.id)}>{title === '' ? t('catalogue.untitled') : title}</Link>
      </h3>
      <div className="result__meta">
        <span className="result__holder">{dataset.holder?.name ?? t('catalogue.noHolder')}</span>
        <AccessBadge level={dataset.accessRights} />
        {dataset.qualityLabel !== null && <QualityBadge label={dataset.qualityLabel} />}
      </div>
      <p className="result__description">{shorten(pickText(dataset.description))}</p>
      {dataset.healthCategories.length > 0 && (
        <ul className="tags" aria-label={t('catalogue.field.healthCategories')}>
          {dataset.healthCategories.map((concept) => (
            <li className="tag tag--wrap" key={concept.iri}>
              {conceptLabel(concept, labels)}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <Fact
          term={t('catalogue.field.numberOfRecords')}
          value={dataset.numberOfRecords === null ? '' : formatNumber(dataset.numberOfRecords)}
        />
        <Fact
          term={t('catalogue.card.ages')}
          value={formatAges(dataset.minTypicalAge, dataset.maxTypicalAge)}
        />
        <Fact term={t('catalogue.field.temporal')} value={formatYears(dataset.temporal)} />
      </dl>
    </article>
  );
};
