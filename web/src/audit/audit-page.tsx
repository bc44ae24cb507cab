import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, toApiError, type ApiError, type AuditEvent } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { filterFromParams, filterToParams, toApiFilter } from './audit-filter.js';
import { AuditFilterForm } from './audit-filter-form.js';
import { AuditTable } from './audit-table.js';
import { VerifyChain } from './verify-chain.js';

const pageSize = 50;

/** Pages fetched with "Load more", remembered for the search they belong to. */
interface MorePages {
  readonly search: string;
  readonly events: readonly AuditEvent[];
  readonly nextBefore: number | null;
}

export const AuditPage = () => {
  const announce = useAnnounce();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const filter = filterFromParams(searchParams);

  const first = useApi(
    (signal) => api.listAuditEvents(toApiFilter(filter), { limit: pageSize }, signal),
    [search],
  );
  const [more, setMore] = useState<MorePages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const current = more?.search === search ? more : null;
  const events = [...(first.data?.events ?? []), ...(current?.events ?? [])];
  const nextBefore = current === null ? (first.data?.nextBefore ?? null) : current.nextBefore;

  const loadMore = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.listAuditEvents(toApiFilter(filter), { limit: pageSize, before: nextBefore });
      setMore({ search, events: [...(current?.events ?? []), ...page.events], nextBefore: page.nextBefore });
      announce(t('audit.loadedMore', { count: page.events.length }));
      // On the last page the button the user pressed disappears; keep their place at the results.
      if (page.nextBefore === null)
        requestAnimationFrame(() => document.getElementById('audit-results-heading')?.focus());
    } catch (error) {
      setMoreError(toApiError(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page title={t('audit.title')} lead={t('audit.lead')}>
      <VerifyChain />

      {/* Keyed by the search so that going back in history refills the form with that search. */}
      <AuditFilterForm
        key={search}
        initial={filter}
        onApply={(values) => {
          setSearchParams(filterToParams(values));
        }}
      />

      <section aria-labelledby="audit-results-heading" aria-busy={first.loading || loadingMore}>
        <h2 id="audit-results-heading" tabIndex={-1}>
          {t('audit.resultsHeading')}
        </h2>
        {first.error !== undefined && <LoadError error={first.error} onRetry={first.reload} />}
        {first.loading ? (
          <Spinner label={t('audit.loading')} />
        ) : (
          first.data !== undefined &&
          (events.length === 0 ? <p>{t('audit.empty')}</p> : <AuditTable events={events} />)
        )}
        {moreError !== null && <LoadError error={moreError} onRetry={() => void loadMore()} />}
        {loadingMore && <Spinner label={t('audit.loadingMore')} />}
        {!first.loading && nextBefore !== null && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void loadMore()}
            disabled={loadingMore}
          >
            {t('audit.loadMore')}
          </button>
        )}
      </section>
    </Page>
  );
};
