import { describe, expect, it } from 'vitest';
import { emptySearch, hasFilters, searchFromParams, searchToParams, withFacet } from './search-query.js';

describe('the catalogue search in the address', () => {
  it('round-trips text, repeated facets, ranges, sort and page', () => {
    const search = {
      ...withFacet(emptySearch, 'healthCategory', ['https://x/EHRS', 'https://x/PHDR']),
      q: 'diabetes',
      ageFrom: '18',
      to: '2024',
      sort: 'title' as const,
      page: 3,
    };
    const params = searchToParams(search);
    expect(params.getAll('healthCategory')).toEqual(['https://x/EHRS', 'https://x/PHDR']);
    expect(searchFromParams(new URLSearchParams(params.toString()))).toEqual(search);
  });

  it('leaves defaults out of the address and ignores values it cannot use', () => {
    expect(searchToParams(emptySearch).toString()).toBe('');
    const parsed = searchFromParams(new URLSearchParams('sort=nonsense&page=-2&ageFrom=abc&from=2020'));
    expect(parsed.sort).toBe('relevance');
    expect(parsed.page).toBe(1);
    expect(parsed.ageFrom).toBe('');
    expect(parsed.from).toBe('2020');
    expect(hasFilters(parsed)).toBe(true);
    expect(hasFilters(emptySearch)).toBe(false);
  });

  it('goes back to the first page when a filter changes', () => {
    expect(withFacet({ ...emptySearch, page: 4 }, 'holder', ['org-1']).page).toBe(1);
  });
});
