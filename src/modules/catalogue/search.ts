import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { AccessLevel } from './record.js';
import type { CatalogueTables } from './tables.js';

export const facetNames = [
  'healthCategory',
  'healthTheme',
  'holder',
  'accessRights',
  'codingSystem',
  'qualityLabel',
] as const;
export type FacetName = (typeof facetNames)[number];

export interface SearchQuery {
  readonly q?: string | undefined;
  readonly healthCategory?: readonly string[] | undefined;
  readonly healthTheme?: readonly string[] | undefined;
  readonly holder?: readonly string[] | undefined;
  readonly accessRights?: readonly AccessLevel[] | undefined;
  readonly codingSystem?: readonly string[] | undefined;
  readonly qualityLabel?: readonly string[] | undefined;
  readonly ageFrom?: number | undefined;
  readonly ageTo?: number | undefined;
  /** Temporal coverage overlapping these years. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly sort: 'relevance' | 'title' | 'modified';
  readonly page: number;
  readonly pageSize: number;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface SearchHits {
  readonly total: number;
  readonly summaries: readonly Record<string, unknown>[];
  readonly facets: Readonly<Record<FacetName, readonly FacetCount[]>>;
}

/** Words become prefix terms joined by AND, so "diab reg" finds "Diabetes registry" while typing. */
export function toTsQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ');
}

type Db = Kysely<CatalogueTables>;
type Where = Expression<SqlBool>;

const arrayColumn: Readonly<
  Partial<Record<FacetName, 'health_categories' | 'health_themes' | 'coding_systems'>>
> = {
  healthCategory: 'health_categories',
  healthTheme: 'health_themes',
  codingSystem: 'coding_systems',
};

/**
 * Full-text search over the published catalogue with disjunctive facets: each facet's counts are taken
 * under every filter but its own, so choosing one health category still shows how many datasets the others
 * have. All of it is set-based SQL on the search table's GIN index.
 */
export async function searchCatalogue(db: Db, query: SearchQuery): Promise<SearchHits> {
  const tsQuery = query.q === undefined ? null : toTsQuery(query.q);
  const conditions = (except: FacetName | null): Where[] => {
    const w: Where[] = [];
    if (tsQuery !== null) w.push(sql<SqlBool>`document @@ to_tsquery('simple', ${tsQuery})`);
    for (const facet of facetNames) {
      const values = query[facet];
      if (facet === except || values === undefined || values.length === 0) continue;
      const column = arrayColumn[facet];
      if (column !== undefined) w.push(sql<SqlBool>`${sql.ref(column)} ?| ${sql.val([...values])}::text[]`);
      else if (facet === 'holder')
        w.push(sql<SqlBool>`holder_organisation_id::text = ANY(${sql.val([...values])}::text[])`);
      else if (facet === 'accessRights')
        w.push(sql<SqlBool>`access_rights = ANY(${sql.val([...values])}::text[])`);
      else w.push(sql<SqlBool>`quality_label = ANY(${sql.val([...values])}::text[])`);
    }
    if (query.ageFrom !== undefined) w.push(sql<SqlBool>`(max_age IS NULL OR max_age >= ${query.ageFrom})`);
    if (query.ageTo !== undefined) w.push(sql<SqlBool>`(min_age IS NULL OR min_age <= ${query.ageTo})`);
    if (query.from !== undefined)
      w.push(sql<SqlBool>`(temporal_end IS NULL OR temporal_end >= ${`${query.from}-01-01`})`);
    if (query.to !== undefined)
      w.push(sql<SqlBool>`(temporal_start IS NULL OR temporal_start <= ${`${query.to}-12-31`})`);
    return w;
  };
  const whereSql = (w: Where[]) => (w.length === 0 ? sql`TRUE` : sql.join(w, sql` AND `));

  const all = conditions(null);
  const order =
    query.sort === 'title'
      ? sql`lower(title), dataset_id`
      : query.sort === 'modified' || tsQuery === null
        ? sql`modified DESC, dataset_id`
        : sql`ts_rank(document, to_tsquery('simple', ${tsQuery})) DESC, lower(title), dataset_id`;
  const page = await sql<{ summary: Record<string, unknown>; total: number }>`
    SELECT summary, count(*) OVER () AS total
    FROM catalogue_search WHERE ${whereSql(all)}
    ORDER BY ${order}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`.execute(db);

  const facets = {} as Record<FacetName, FacetCount[]>;
  for (const facet of facetNames) {
    const w = whereSql(conditions(facet));
    const column = arrayColumn[facet];
    const valueSql =
      column !== undefined
        ? sql`SELECT v AS value, count(*) AS count FROM catalogue_search, jsonb_array_elements_text(${sql.ref(column)}) AS v WHERE ${w} GROUP BY v`
        : facet === 'holder'
          ? sql`SELECT holder_organisation_id::text AS value, count(*) AS count FROM catalogue_search WHERE ${w} AND holder_organisation_id IS NOT NULL GROUP BY 1`
          : facet === 'accessRights'
            ? sql`SELECT access_rights AS value, count(*) AS count FROM catalogue_search WHERE ${w} GROUP BY 1`
            : sql`SELECT quality_label AS value, count(*) AS count FROM catalogue_search WHERE ${w} AND quality_label IS NOT NULL GROUP BY 1`;
    const rows = await sql<{ value: string; count: number }>`${valueSql} ORDER BY count DESC, value`.execute(
      db,
    );
    facets[facet] = rows.rows.map((r) => ({ value: r.value, count: r.count }));
  }
  let total = page.rows[0]?.total ?? 0;
  if (page.rows.length === 0 && query.page > 1) {
    const counted = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM catalogue_search WHERE ${whereSql(all)}`.execute(db);
    total = counted.rows[0]?.n ?? 0;
  }
  return { total, summaries: page.rows.map((r) => r.summary), facets };
}
