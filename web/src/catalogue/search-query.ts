import { facetNames, sortOrders, type FacetName, type SearchQuery, type SortOrder } from './types.js';

// The search lives in the page's address, so that a search can be bookmarked or shared and the back button
// undoes the last filter. The parameters are the API's own, minus the page size.

const noFacets: Record<FacetName, readonly string[]> = {
  healthCategory: [],
  healthTheme: [],
  holder: [],
  accessRights: [],
  codingSystem: [],
  qualityLabel: [],
};

export const emptySearch: SearchQuery = {
  q: '',
  facets: noFacets,
  ageFrom: '',
  ageTo: '',
  from: '',
  to: '',
  sort: 'relevance',
  page: 1,
};

const isSort = (value: string): value is SortOrder => (sortOrders as readonly string[]).includes(value);
const wholeNumber = (value: string | null): string => {
  const text = value?.trim() ?? '';
  return /^\d{1,4}$/.test(text) ? String(Number(text)) : '';
};

export const searchFromParams = (params: URLSearchParams): SearchQuery => {
  const facets = Object.fromEntries(
    facetNames.map((facet) => [facet, [...new Set(params.getAll(facet).filter((v) => v !== ''))]]),
  ) as Record<FacetName, string[]>;
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q')?.trim() ?? '',
    facets,
    ageFrom: wholeNumber(params.get('ageFrom')),
    ageTo: wholeNumber(params.get('ageTo')),
    from: wholeNumber(params.get('from')),
    to: wholeNumber(params.get('to')),
    sort: isSort(sort) ? sort : 'relevance',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
};

/** The address's parameters, leaving out what is at its default so that addresses stay short. */
export const searchToParams = (search: SearchQuery): URLSearchParams => {
  const params = new URLSearchParams();
  if (search.q.trim() !== '') params.set('q', search.q.trim());
  for (const facet of facetNames) for (const value of search.facets[facet]) params.append(facet, value);
  for (const key of ['ageFrom', 'ageTo', 'from', 'to'] as const) {
    if (search[key] !== '') params.set(key, search[key]);
  }
  if (search.sort !== 'relevance') params.set('sort', search.sort);
  if (search.page > 1) params.set('page', String(search.page));
  return params;
};

/** Any change to what is searched starts again at the first page. */
export const withFacet = (search: SearchQuery, facet: FacetName, values: readonly string[]): SearchQuery => ({
  ...search,
  facets: { ...search.facets, [facet]: values },
  page: 1,
});

export const hasFilters = (search: SearchQuery): boolean =>
  search.q !== '' ||
  facetNames.some((facet) => search.facets[facet].length > 0) ||
  [search.ageFrom, search.ageTo, search.from, search.to].some((v) => v !== '');

export const clearFilters = (search: SearchQuery): SearchQuery => ({ ...emptySearch, sort: search.sort });
