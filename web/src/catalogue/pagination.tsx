import { Link } from 'react-router';
import { t } from '../i18n/index.js';

/** The pages around the current one, with the first and last always reachable; null marks a gap. */
export const pageWindow = (current: number, last: number): (number | null)[] => {
  const pages = new Set([1, last, current - 1, current, current + 1].filter((p) => p >= 1 && p <= last));
  const sorted = [...pages].sort((a, b) => a - b);
  return sorted.flatMap((page, index) => {
    const previous = sorted[index - 1];
    return previous !== undefined && page - previous > 1 ? [null, page] : [page];
  });
};

/** Real links, so that a page of results can be opened in a new tab or bookmarked. */
export const Pagination = ({
  page,
  pageCount,
  hrefFor,
}: {
  readonly page: number;
  readonly pageCount: number;
  readonly hrefFor: (page: number) => string;
}) => {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('catalogue.pagination')}>
      <ul className="pagination__list">
        {page > 1 && (
          <li>
            <Link className="pagination__link" to={hrefFor(page - 1)} rel="prev">
              {t('catalogue.pagination.previous')}
            </Link>
          </li>
        )}
        {pageWindow(page, pageCount).map((p, index) =>
          p === null ? (
            <li key={`gap-${String(index)}`} className="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                className="pagination__link"
                to={hrefFor(p)}
                aria-label={t('catalogue.pagination.page', { page: p })}
                {...(p === page ? { 'aria-current': 'page' as const } : {})}
              >
                {p}
              </Link>
            </li>
          ),
        )}
        {page < pageCount && (
          <li>
            <Link className="pagination__link" to={hrefFor(page + 1)} rel="next">
              {t('catalogue.pagination.next')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
};
