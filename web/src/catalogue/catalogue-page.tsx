import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.js';
import { t, type MessageKey } from '../i18n/index.js';
import { navigation } from '../navigation.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { useApi } from '../use-api.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { FacetGroup } from './facet-group.js';
import { accessLabel, formatNumber, labelIndex, localName, type LabelIndex } from './labels.js';
import { Pagination } from './pagination.js';
import { RangeFilter } from './range-filter.js';
import { ResultCard } from './result-card.js';
import { clearFilters, hasFilters, searchFromParams, searchToParams, withFacet } from './search-query.js';
import { facetNames, sortOrders, type FacetName, type FacetValue, type SearchQuery } from './types.js';
import { useVocabularies } from './vocabularies.js';

const pageSize = 20;

const facetLegend: Readonly<Record<FacetName, MessageKey>> = {
  healthCategory: 'catalogue.facet.healthCategory',
  healthTheme: 'catalogue.facet.healthTheme',
  holder: 'catalogue.facet.holder',
  accessRights: 'catalogue.facet.accessRights',
  codingSystem: 'catalogue.facet.codingSystem',
  qualityLabel: 'catalogue.facet.qualityLabel',
};

// Access levels read in the UI's words; other facets carry the vocabulary's labels from the server.
const facetValueLabel = (facet: FacetName, value: FacetValue | string, labels: LabelIndex): string => {
  const raw = typeof value === 'string' ? value : value.value;
  if (facet === 'accessRights') return accessLabel(raw);
  if (typeof value !== 'string' && value.label !== '') return value.label;
  if (facet === 'holder' || facet === 'qualityLabel') return raw;
  return labels.get(raw) ?? localName(raw);
};

const SearchBox = ({
  initial,
  onSearch,
}: {
  readonly initial: string;
  readonly onSearch: (q: string) => void;
}) => {
  const [q, setQ] = useState(initial);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onSearch(q.trim());
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label className="field__label" htmlFor="catalogue-q">
        {t('catalogue.search.label')}
      </label>
      <p className="field__hint" id="catalogue-q-hint">
        {t('catalogue.search.hint')}
      </p>
      <div className="search-box__row">
        <input
          id="catalogue-q"
          className="input search-box__input"
          type="search"
          value={q}
          aria-describedby="catalogue-q-hint"
          onChange={(event) => {
            setQ(event.target.value);
          }}
        />
        <button type="submit" className="button">
          {t('catalogue.search.submit')}
        </button>
      </div>
    </form>
  );
};

interface ActiveFilter {
  readonly key: string;
  readonly label: string;
  readonly remove: (search: SearchQuery) => SearchQuery;
}

const activeFilters = (
  search: SearchQuery,
  facets: SearchResultFacets,
  labels: LabelIndex,
): ActiveFilter[] => {
  const list: ActiveFilter[] = [];
  if (search.q !== '')
    list.push({
      key: 'q',
      label: t('catalogue.active.text', { q: search.q }),
      remove: (s) => ({ ...s, q: '', page: 1 }),
    });
  for (const facet of facetNames) {
    for (const value of search.facets[facet]) {
      const known = facets?.[facet].find((v) => v.value === value);
      list.push({
        key: `${facet}-${value}`,
        label: `${t(facetLegend[facet])}: ${facetValueLabel(facet, known ?? value, labels)}`,
        remove: (s) =>
          withFacet(
            s,
            facet,
            s.facets[facet].filter((v) => v !== value),
          ),
      });
    }
  }
  if (search.ageFrom !== '' || search.ageTo !== '')
    list.push({
      key: 'ages',
      label: `${t('catalogue.filter.age')}: ${search.ageFrom === '' ? '…' : search.ageFrom}–${search.ageTo === '' ? '…' : search.ageTo}`,
      remove: (s) => ({ ...s, ageFrom: '', ageTo: '', page: 1 }),
    });
  if (search.from !== '' || search.to !== '')
    list.push({
      key: 'years',
      label: `${t('catalogue.filter.years')}: ${search.from === '' ? '…' : search.from}–${search.to === '' ? '…' : search.to}`,
      remove: (s) => ({ ...s, from: '', to: '', page: 1 }),
    });
  return list;
};

type SearchResultFacets = Readonly<Record<FacetName, readonly FacetValue[]>> | undefined;

const resultCountText = (total: number): string =>
  total === 0
    ? t('catalogue.results.none')
    : total === 1
      ? t('catalogue.results.one')
      : t('catalogue.results.many', { count: formatNumber(total) });

export const CataloguePage = () => {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const search = searchFromParams(params);
  // Each answer remembers the search it answers: until the answer to the search in the address arrives,
  // what is shown belongs to the previous one and is marked as loading, even before the request starts.
  const results = useApi(
    async (signal) => ({ key, answer: await api.searchDatasets(search, pageSize, signal) }),
    [key],
  );
  const loading = results.loading || results.data?.key !== key;
  const vocabularies = useVocabularies();
  const labels = labelIndex(vocabularies.data);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const previousPage = useRef(search.page);

  // A new page of results replaces the one being read: take the reader to its start.
  useEffect(() => {
    if (previousPage.current === search.page) return;
    previousPage.current = search.page;
    resultsHeading.current?.focus();
    resultsHeading.current?.scrollIntoView({ block: 'start' });
  }, [search.page]);

  const go = (next: SearchQuery) => {
    setParams(searchToParams(next));
  };
  const hrefFor = (page: number) => {
    const next = searchToParams({ ...search, page }).toString();
    return next === '' ? '?' : `?${next}`;
  };

  const data = results.data?.answer;
  const facets = data?.facets;
  const active = activeFilters(search, facets, labels);
  const pageCount = data === undefined ? 0 : Math.max(1, Math.ceil(data.total / Math.max(1, data.pageSize)));
  const canDescribe = user?.roles.includes('data_holder') === true;

  return (
    <Page title={t('catalogue.title')} lead={t('catalogue.lead')}>
      {canDescribe && (
        <p>
          <Link to={navigation.myDatasets.path}>{t('catalogue.toMine')}</Link>
        </p>
      )}
      <SearchBox key={`q:${search.q}`} initial={search.q} onSearch={(q) => go({ ...search, q, page: 1 })} />

      <div className="catalogue">
        <aside className="catalogue__filters" aria-labelledby="catalogue-filters-heading">
          <h2 id="catalogue-filters-heading" className="catalogue__filters-heading">
            {t('catalogue.filters.heading')}
          </h2>
          {facetNames.map((facet) => (
            <FacetGroup
              key={facet}
              id={`facet-${facet}`}
              legend={t(facetLegend[facet])}
              values={(facets?.[facet] ?? []).map((value) => ({
                ...value,
                label: facetValueLabel(facet, value, labels),
              }))}
              selected={search.facets[facet]}
              labelFor={(value) => facetValueLabel(facet, value, labels)}
              onChange={(values) => {
                go(withFacet(search, facet, values));
              }}
            />
          ))}
          <RangeFilter
            key={`ranges:${search.ageFrom}:${search.ageTo}:${search.from}:${search.to}`}
            search={search}
            onApply={(values) => {
              go({ ...search, ...values, page: 1 });
            }}
          />
        </aside>

        <section
          className="catalogue__results"
          aria-labelledby="catalogue-results-heading"
          aria-busy={loading}
        >
          <div className="results-bar">
            <div>
              <h2 id="catalogue-results-heading" ref={resultsHeading} tabIndex={-1}>
                {t('catalogue.results.heading')}
              </h2>
              <p className="results-bar__count" role="status">
                {data !== undefined && !loading && (
                  <>
                    <strong>{resultCountText(data.total)}</strong>{' '}
                    <span className="muted">{t('catalogue.results.took', { ms: data.tookMs })}</span>
                  </>
                )}
              </p>
            </div>
            <div className="results-bar__sort">
              <label className="field__label" htmlFor="catalogue-sort">
                {t('catalogue.sort.label')}
              </label>
              <select
                id="catalogue-sort"
                className="select"
                value={search.sort}
                onChange={(event) => {
                  const sort = sortOrders.find((s) => s === event.target.value);
                  if (sort !== undefined) go({ ...search, sort, page: 1 });
                }}
              >
                {sortOrders.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`catalogue.sort.${sort}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>

          {active.length > 0 && (
            <div className="active-filters">
              <h3 className="visually-hidden">{t('catalogue.active.heading')}</h3>
              <ul className="active-filters__list">
                {active.map((filter) => (
                  <li key={filter.key}>
                    <button
                      type="button"
                      className="chip"
                      aria-label={t('catalogue.active.remove', { filter: filter.label })}
                      onClick={() => {
                        go(filter.remove(search));
                      }}
                    >
                      {filter.label} <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
              {hasFilters(search) && (
                <button
                  type="button"
                  className="button button--link"
                  onClick={() => {
                    go(clearFilters(search));
                  }}
                >
                  {t('catalogue.active.clear')}
                </button>
              )}
            </div>
          )}

          {loading && results.error === undefined && <Spinner label={t('catalogue.results.loading')} />}
          {results.error !== undefined && <LoadError error={results.error} onRetry={results.reload} />}
          {data !== undefined &&
            (data.results.length === 0 ? (
              !loading && (
                <div className="empty-state">
                  <p>{hasFilters(search) ? t('catalogue.empty.filtered') : t('catalogue.empty.catalogue')}</p>
                </div>
              )
            ) : (
              <ol className={loading ? 'result-list result-list--stale' : 'result-list'}>
                {data.results.map((dataset) => (
                  <li key={dataset.id}>
                    <ResultCard dataset={dataset} labels={labels} />
                  </li>
                ))}
              </ol>
            ))}
          {data !== undefined && <Pagination page={data.page} pageCount={pageCount} hrefFor={hrefFor} />}
        </section>
      </div>
    </Page>
  );
};
