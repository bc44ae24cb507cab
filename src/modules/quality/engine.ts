/**
 * The check engine: runs a check plan over one scope of the lake with set-based SQL, in passes shaped by
 * what DuckDB does fast over Parquet with little memory (measured with `npm run bench -- quality`):
 * - per table, one pass over its rows for every check that needs nothing but the row (nulls, bounds,
 *   concept 0, start before end): one SELECT, one aggregate per distinct expression;
 * - per table, one pass over the few columns that need another table (a person's birth, death and sex, the
 *   ids a column refers to): a join costs what it carries, and carrying every column of the row pass through
 *   it costs more than reading those few columns again (a wide build side also runs out of memory); one
 *   semi-join of the scope's persons to the table's person ids for its person completeness;
 * - one pass for the visit references of every table: their rows meet the visits (one row per visit id,
 *   grouped once into a table of known size, so DuckDB builds its hash table on the smaller side);
 * - per table, one count of distinct ids (primary keys) and one GROUPING SETS over its source-value columns;
 *   one pass per rules table (one rules row per code, and per code and unit, so no row meets more than one);
 *   one window for overlapping periods.
 * Rows the lake derives (one person row per person among holders, one observation period per person) are
 * derived once per run into a temporary table. Nothing is read row by row into JavaScript.
 */
import {
  deliveriesInScope,
  runCountQueries,
  scopedTableSource,
  withTemporaryTables,
  type CdmTableName,
  type Lake,
  type LakeScope,
  type TemporaryTable,
} from '../lake/index.js';
import { AppError } from '../../platform/errors/index.js';
import { checkError, judge, notApplicable, type CheckDefinition, type CheckResult } from './check.js';
import type { DqdCatalogue } from './dqd-catalogue.js';
import { ingestionFactsOf, ingestionFindings } from './ingestion-findings.js';
import {
  fkAlias,
  planChecks,
  type PlanOptions,
  type PlannedCheck,
  type QueryCheck,
  type RowCheck,
  type RowJoin,
  type RuleCheck,
  type VisitCheck,
} from './plan.js';

export interface RunOptions extends Partial<PlanOptions> {
  readonly catalogue: DqdCatalogue;
}

export interface QualityRun {
  readonly scope: LakeScope;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The day GETDATE() bounds were read as. */
  readonly asOf: string;
  readonly deathGraceDays: number;
  /** The committed deliveries the scope covered. */
  readonly deliveryIds: readonly string[];
  readonly results: readonly CheckResult[];
}

type Row = Readonly<Record<string, unknown>>;

/** One query of a run: the checks it answers, and how to read its rows into their results. */
interface Pass {
  readonly name: string;
  /** The table it reads (null: several). */
  readonly table: CdmTableName | null;
  readonly checks: readonly PlannedCheck[];
  readonly sql: (lookup: LookupTable) => string;
  readonly read: (rows: readonly Row[]) => void;
}

/** Names of the run's temporary tables: `rows_<table>`, `life`, `persons`, `keys_<table>_<field>`. */
export type LookupTable = (name: string) => string;

/** A table's rows in the scope as SQL after FROM (read from the run's own copy when it has one). */
type Source = (lookup: LookupTable) => string;

/**
 * Tables whose rows in the scope are derived (the lake's one person row per person among holders, one
 * observation period per person over every holder's events) and read by several passes: derived once per
 * run into a temporary table.
 */
const materialized: ReadonlySet<CdmTableName> = new Set(['person', 'observation_period']);
const rowsTable = (table: CdmTableName): string => `rows_${table}`;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const count = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Runs every planned check over the scope; checks that cannot run say why, a failing query is an error. */
export async function runQualityChecks(
  lake: Lake,
  scope: LakeScope,
  options: RunOptions,
): Promise<QualityRun> {
  const startedAt = new Date().toISOString();
  const planOptions: PlanOptions = {
    asOf: options.asOf ?? startedAt.slice(0, 10),
    deathGraceDays: options.deathGraceDays ?? 60,
  };
  // Both end up in SQL text: only a plain date and a whole number of days are accepted.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(planOptions.asOf) || Number.isNaN(Date.parse(planOptions.asOf))) {
    throw new AppError(
      'invalid',
      'quality.as_of_invalid',
      `asOf must be a date (YYYY-MM-DD), not ${planOptions.asOf}.`,
    );
  }
  if (!Number.isInteger(planOptions.deathGraceDays) || planOptions.deathGraceDays < 0) {
    throw new AppError(
      'invalid',
      'quality.grace_invalid',
      'deathGraceDays must be a whole number of days, 0 or more.',
    );
  }
  const plan = planChecks(options.catalogue, planOptions);
  const deliveries = deliveriesInScope(lake, scope);
  const scoped = new Map<CdmTableName, string | null>();
  const scopedSql = (table: CdmTableName): string | null => {
    if (!scoped.has(table)) scoped.set(table, scopedTableSource(lake, scope, table));
    return scoped.get(table) ?? null;
  };
  const sourceOf = (table: CdmTableName): Source | null => {
    const sql = scopedSql(table);
    if (sql === null) return null;
    return materialized.has(table) ? (lookup) => `(SELECT * FROM ${lookup(rowsTable(table))})` : () => sql;
  };

  const results = new Map<CheckDefinition, CheckResult>();
  const set = (c: PlannedCheck, result: CheckResult): void => {
    results.set(c.definition, result);
  };
  const passes: Pass[] = [];
  const visitBranches: VisitBranch[] = [];
  /**
   * Over the whole lake, the visits the visit pass groups by id are the scope's visits: their surplus
   * rows (isPrimaryKey of VISIT_OCCURRENCE) come from that grouping instead of a GROUP BY of their own.
   */
  let visitSurplus: QueryCheck | null = null;

  const tableChecks = groupBy(
    plan.filter((p): p is Exclude<PlannedCheck, { kind: 'fixed' }> => p.kind !== 'fixed'),
    (p) => p.table,
  );
  for (const [table, checks] of tableChecks) {
    const src = sourceOf(table);
    if (src === null) {
      for (const c of checks) {
        // (Queries of their own have always said "delivers"; the wording is kept for the run history.)
        set(
          c,
          notApplicable(
            c.definition,
            c.kind === 'query' ? `the scope delivers no ${table} rows` : `the scope has no ${table} rows`,
          ),
        );
      }
      continue;
    }
    const rows = checks.filter((c): c is RowCheck => c.kind === 'row');
    const queries = checks.filter((c): c is QueryCheck => c.kind === 'query');
    const completeness = queries.filter((q) => q.query.type === 'personCompleteness');
    const plain = rows.filter((c) => c.joins.length === 0);
    if (plain.length > 0) passes.push(rowPass(`rows:${table}`, table, src, plain, set));

    const joined = rows.filter((c) => c.joins.length > 0);
    if (joined.length > 0) passes.push(rowPass(`joined:${table}`, table, src, joined, set));
    const persons = scopedSql('person');
    for (const c of completeness) {
      if (persons === null) set(c, notApplicable(c.definition, `the scope delivers no ${table} rows`));
      else passes.push(coveragePass(c, src, set));
    }

    const sourceValues = queries.filter((q) => q.query.type === 'unmappedSourceValues');
    if (sourceValues.length > 0)
      passes.push(sourceValuePass(`values:${table}`, table, src, sourceValues, set));
    for (const q of queries) {
      if (q.query.type === 'personCompleteness' || q.query.type === 'unmappedSourceValues') continue;
      if (
        scope.kind === 'lake' &&
        table === 'visit_occurrence' &&
        q.query.type === 'surplusRows' &&
        q.query.field === 'visit_occurrence_id'
      ) {
        visitSurplus = q;
        continue;
      }
      passes.push(queryPass(q, src, set));
    }

    const rules = groupBy(
      checks.filter((c): c is RuleCheck => c.kind === 'rule'),
      (c) => `${c.definition.field ?? ''}|${c.key}`,
    );
    for (const [key, group] of rules) passes.push(rulePass(`rules:${table}|${key}`, table, src, group, set));

    const visits = groupBy(
      checks.filter((c): c is VisitCheck => c.kind === 'visit'),
      (c) => c.key,
    );
    for (const [key, group] of visits) visitBranches.push({ table, src, key, checks: group });
  }
  if (visitBranches.length > 0) passes.push(visitPass(visitBranches, visitSurplus, set));
  else if (visitSurplus !== null) {
    const src = sourceOf('visit_occurrence');
    if (src !== null) passes.push(queryPass(visitSurplus, src, set));
  }

  for (const c of plan) {
    if (c.kind !== 'fixed') continue;
    set(
      c,
      'notApplicable' in c.outcome
        ? notApplicable(c.definition, c.outcome.notApplicable)
        : judge(c.definition, c.outcome.violating, c.outcome.total),
    );
  }

  // The visit pass first and then the passes over derived rows: each large temporary table is dropped
  // after its last reader, and its memory serves the passes after it.
  const rank = (p: Pass): number =>
    p.name === 'visits' ? 0 : p.table !== null && materialized.has(p.table) ? 1 : 2;
  const ordered = [...passes].sort((a, b) => rank(a) - rank(b));
  const tables = lookupsOf(plan, scopedSql, scope);
  await withTemporaryTables(lake, tables, async (lookup, release) => {
    const lastReader = new Map<string, Pass>();
    for (const p of ordered) {
      p.sql((name) => {
        lastReader.set(name, p);
        return lookup(name);
      });
    }
    // (Read only while the tables after them were built, such as the persons' rows.)
    for (const t of tables) if (!lastReader.has(t.name)) await release(t.name);
    for (const p of ordered) {
      const [outcome] = await runCountQueries(lake, [{ name: p.name, sql: p.sql(lookup) }]);
      if (outcome !== undefined && 'error' in outcome) {
        for (const c of p.checks) set(c, checkError(c.definition, outcome.error));
      } else if (outcome !== undefined) {
        p.read(outcome.rows);
      }
      for (const [name, last] of lastReader) if (last === p) await release(name);
    }
  });

  const inPlanOrder = plan.map(
    (p) => results.get(p.definition) ?? checkError(p.definition, 'the check produced no result'),
  );
  const facts = deliveries.map((m) => ingestionFactsOf(m.details));
  return {
    scope,
    startedAt,
    finishedAt: new Date().toISOString(),
    asOf: planOptions.asOf,
    deathGraceDays: planOptions.deathGraceDays,
    deliveryIds: deliveries.map((m) => m.deliveryId),
    results: [...inPlanOrder, ...ingestionFindings(facts)],
  };
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}

/**
 * The lookups the passes join, each built once per run from the whole lake (what linkage knows, whoever
 * delivered it; a delivery may refer to what an earlier one brought): each person's sex, birth and death,
 * and whether the scope delivered the person; each visit's first start and last end; the ids other tables
 * refer to.
 */
export const lookupSql = {
  life: (persons: string, scoped: string) => `SELECT p.person_id AS k, p.gender_concept_id AS gender,
      coalesce(CAST(p.birth_datetime AS DATE),
        CASE WHEN p.year_of_birth BETWEEN 1 AND 9999 THEN make_date(p.year_of_birth, 1, 1) END) AS birth,
      d.death_date AS death, ${scoped} AS scoped
    FROM ${persons} p LEFT JOIN death d ON d.person_id = p.person_id`,
  /** The persons a scope delivered (a NULL id counts once, as DISTINCT does). */
  persons: (persons: string) => `SELECT count(*) AS n FROM (SELECT DISTINCT person_id FROM ${persons})`,
  keys: (table: string, field: string) =>
    `SELECT DISTINCT ${field} AS k FROM ${table} WHERE ${field} IS NOT NULL`,
  visits: `SELECT visit_occurrence_id AS k, min(visit_start_date) AS s, max(visit_end_date) AS e
    FROM visit_occurrence WHERE visit_occurrence_id IS NOT NULL GROUP BY visit_occurrence_id`,
} as const;

/** Ids of persons are the keys of the life lookup: no second table for them. */
const lookupOfKeys = (join: { target: string; targetField: string }): string =>
  join.target === 'person' && join.targetField === 'person_id'
    ? 'life'
    : `keys_${join.target}_${join.targetField}`;

const joinKey = (join: RowJoin): string => (typeof join === 'string' ? join : join.field);

function joinSql(join: RowJoin, lookup: LookupTable): string {
  if (join === 'life') return `LEFT JOIN ${lookup('life')} life ON life.k = t.person_id`;
  const alias = fkAlias(join.field);
  return `LEFT JOIN ${lookup(lookupOfKeys(join))} ${alias} ON ${alias}.k = t.${join.field}`;
}

/** The temporary tables a plan's passes need over this scope, each after those it reads. */
export function lookupsOf(
  plan: readonly PlannedCheck[],
  scopedSql: (table: CdmTableName) => string | null,
  scope: LakeScope,
): TemporaryTable[] {
  const checked = new Set<CdmTableName>();
  let life = false;
  let persons = false;
  let visits = false;
  const keys = new Map<string, string>();
  for (const p of plan) {
    if (p.kind === 'fixed' || scopedSql(p.table) === null) continue;
    checked.add(p.table);
    if (p.kind === 'visit') visits = true;
    if (p.kind === 'rule' && p.rule.type === 'gender') life = true;
    if (p.kind === 'query' && p.query.type === 'personCompleteness' && scopedSql('person') !== null) {
      life = true;
      persons = true;
    }
    if (p.kind !== 'row') continue;
    for (const j of p.joins) {
      const name = j === 'life' ? 'life' : lookupOfKeys(j);
      if (name === 'life') life = true;
      else if (typeof j !== 'string') keys.set(name, lookupSql.keys(j.target, j.targetField));
    }
  }
  const tables: TemporaryTable[] = [];
  const personRows = scopedSql('person');
  if (personRows !== null && (life || persons)) checked.add('person');
  for (const table of materialized) {
    const sql = scopedSql(table);
    if (sql !== null && checked.has(table))
      tables.push({ name: rowsTable(table), sql: `SELECT * FROM ${sql}` });
  }
  if (life) {
    tables.push({
      name: 'life',
      sql: (tableOf) =>
        // The whole lake is its persons; a holder or delivery, the persons it delivered.
        scope.kind === 'lake'
          ? lookupSql.life(tableOf(rowsTable('person')), 'true')
          : lookupSql.life(
              'person',
              personRows === null
                ? 'false'
                : `p.person_id IN (SELECT person_id FROM ${tableOf(rowsTable('person'))})`,
            ),
    });
  }
  if (persons) {
    tables.push({ name: 'persons', sql: (tableOf) => lookupSql.persons(tableOf(rowsTable('person'))) });
  }
  if (visits) tables.push({ name: 'visits', sql: lookupSql.visits });
  for (const [name, sql] of keys) tables.push({ name, sql });
  return tables;
}

/**
 * One pass over a table: an aggregate per distinct expression of its row checks (isRequired and
 * measureValueCompleteness both count nulls; most denominators are count(*)), with the lookups they join.
 */
function rowPass(
  name: string,
  table: CdmTableName,
  src: Source,
  checks: readonly RowCheck[],
  set: (c: PlannedCheck, r: CheckResult) => void,
): Pass {
  return {
    name,
    table,
    checks,
    sql: (lookup) => rowPassSql(src(lookup), checks, lookup),
    read: ([row = {}]) => {
      checks.forEach((c, i) => {
        set(c, judge(c.definition, count(row[`v${String(i)}`]), count(row[`t${String(i)}`])));
      });
    },
  };
}

export function rowPassSql(src: string, checks: readonly RowCheck[], lookup: LookupTable): string {
  const joins = new Map<string, RowJoin>();
  for (const c of checks) for (const j of c.joins) joins.set(joinKey(j), j);
  const aggregates = new Map<string, string>();
  const alias = (expression: string): string => {
    let a = aggregates.get(expression);
    if (a === undefined) {
      a = `a${String(aggregates.size)}`;
      aggregates.set(expression, a);
    }
    return a;
  };
  const named = checks.flatMap((c, i) => [
    `${alias(c.violating)} AS v${String(i)}`,
    `${alias(c.total)} AS t${String(i)}`,
  ]);
  const computed = [...aggregates].map(([expression, a]) => `${expression} AS ${a}`);
  return `SELECT ${named.join(', ')} FROM (SELECT\n  ${computed.join(',\n  ')}\nFROM ${src} t\n${[
    ...joins.values(),
  ]
    .map((j) => joinSql(j, lookup))
    .join('\n')})`;
}

/**
 * Person completeness of a table: the persons of the scope with no row in it. The persons with a row are
 * found by a semi-join of the persons against the table's person ids (cheaper than counting distinct ids
 * in the table's joined pass).
 */
function coveragePass(c: QueryCheck, src: Source, set: (c: PlannedCheck, r: CheckResult) => void): Pass {
  return {
    name: `coverage:${c.table}`,
    table: c.table,
    checks: [c],
    sql: (lookup) => `SELECT (SELECT count(*) FROM ${src(lookup)}) AS table_rows,
      (SELECT n FROM ${lookup('persons')}) AS persons,
      (SELECT count(*) FROM ${lookup('life')} p
        WHERE p.scoped AND p.k IN (SELECT person_id FROM ${src(lookup)})) AS covered`,
    read: ([row = {}]) => {
      const persons = count(row.persons);
      set(
        c,
        count(row.table_rows) === 0
          ? notApplicable(c.definition, `the scope has no ${c.table} rows`)
          : judge(c.definition, persons - count(row.covered), persons),
      );
    },
  };
}

function queryPass(q: QueryCheck, src: Source, set: (c: PlannedCheck, r: CheckResult) => void): Pass {
  return {
    name: `query:${q.definition.id}`,
    table: q.table,
    checks: [q],
    sql: (lookup) => querySql(q, src(lookup)),
    read: ([row = {}]) =>
      set(
        q,
        row.table_rows !== undefined && count(row.table_rows) === 0
          ? notApplicable(q.definition, `the scope has no ${q.table} rows`)
          : judge(q.definition, count(row.violating), count(row.total)),
      ),
  };
}

/**
 * A table's source-value columns in one pass (GROUPING SETS: one scan, one grouping per column): per column,
 * its distinct values and those with a row whose standard concept is 0.
 */
function sourceValuePass(
  name: string,
  table: CdmTableName,
  src: Source,
  checks: readonly QueryCheck[],
  set: (c: PlannedCheck, r: CheckResult) => void,
): Pass {
  const columns = checks.flatMap((c) =>
    c.query.type === 'unmappedSourceValues' ? [{ field: c.query.field, standard: c.query.standard }] : [],
  );
  return {
    name,
    table,
    checks,
    sql: (lookup) => sourceValuePassSql(src(lookup), columns),
    read: (rows) => {
      const byIndex = new Map(rows.map((r) => [count(r.i), r]));
      checks.forEach((c, i) => {
        const row = byIndex.get(i) ?? {};
        set(c, judge(c.definition, count(row.violating), count(row.total)));
      });
    },
  };
}

export function sourceValuePassSql(
  src: string,
  columns: readonly { readonly field: string; readonly standard: string }[],
): string {
  type Column = (typeof columns)[number];
  const when = (f: (c: Column, i: number) => string): string =>
    `CASE ${columns.map((c, i) => `WHEN GROUPING(${c.field}) = 0 THEN ${f(c, i)}`).join(' ')} END`;
  return `SELECT i, count(*) AS total, count(*) FILTER (WHERE unmapped) AS violating
  FROM (SELECT ${when((_, i) => String(i))} AS i,
      ${when((c) => `${c.field} IS NOT NULL`)} AS valued,
      ${when((c) => `bool_or(${c.standard} = 0)`)} AS unmapped
    FROM ${src} GROUP BY GROUPING SETS (${columns.map((c) => `(${c.field})`).join(', ')}))
  WHERE valued GROUP BY i`;
}

/** One table's visit checks on one column. */
interface VisitBranch {
  readonly table: CdmTableName;
  readonly src: Source;
  /** The column holding the visit id. */
  readonly key: string;
  readonly checks: readonly VisitCheck[];
}

const datesOf = (branch: VisitBranch): string[] => [
  ...new Set(branch.checks.flatMap((c) => (c.measure.type === 'withinDates' ? [c.measure.date] : []))),
];

/**
 * Every table's visit references in one join: each branch (a table and its visit id column) brings its
 * rows' visit ids and the dates to compare; they meet the `visits` lookup (one row per id: first start,
 * last end). Its size is known, so DuckDB builds the join's hash table on the smaller side, usually the
 * references (built on the 23 million visits of a million persons, it spills past the memory limit).
 */
function visitPass(
  branches: readonly VisitBranch[],
  surplus: QueryCheck | null,
  set: (c: PlannedCheck, r: CheckResult) => void,
): Pass {
  return {
    name: 'visits',
    table: null,
    checks: [...branches.flatMap((b) => b.checks), ...(surplus === null ? [] : [surplus])],
    sql: (lookup) => visitPassSql(branches, surplus !== null, lookup),
    read: (rows) => {
      const [first = {}] = rows;
      const byBranch = new Map(rows.filter((r) => r.b !== null).map((r) => [count(r.b), r]));
      branches.forEach((branch, b) => {
        const row = byBranch.get(b) ?? {};
        const dates = datesOf(branch);
        for (const c of branch.checks) {
          if (c.measure.type === 'exists') {
            const tableRows = count(first[`n${String(b)}`]);
            set(c, judge(c.definition, count(row.keyed) - count(row.found), tableRows));
          } else {
            const slot = dates.indexOf(c.measure.date);
            set(c, judge(c.definition, count(row[`w${String(slot)}`]), count(row.found)));
          }
        }
      });
      if (surplus !== null)
        set(surplus, judge(surplus.definition, count(first.surplus), count(first.visits)));
    },
  };
}

/**
 * Rows come back per branch (`b`) with the rows that name a visit (`keyed`), those whose visit exists
 * (`found`) and, per date, those outside their visit (`w<i>`); on every row, each branch's table rows
 * (`n<b>`, the denominator of its foreign key check) and, with `surplus`, the surplus rows of the lake's
 * visits (rows beyond the first of each id) and their number. At least one row comes back.
 */
export function visitPassSql(
  branches: readonly VisitBranch[],
  surplus: boolean,
  lookup: LookupTable,
): string {
  const slots = Math.max(0, ...branches.map((b) => datesOf(b).length));
  // Rows without a visit id meet no visit: they stay out of the join (a column that is always empty, such
  // as a preceding visit, then costs one read).
  const parts = branches.map((branch, b) => {
    const dates = datesOf(branch);
    const columns = Array.from(
      { length: slots },
      (_, i) => `, ${dates[i] ?? 'CAST(NULL AS DATE)'} AS d${String(i)}`,
    );
    return `SELECT ${String(b)} AS b, t.${branch.key} AS k${columns.join('')} FROM ${branch.src(lookup)} t WHERE t.${branch.key} IS NOT NULL`;
  });
  const within = Array.from(
    { length: slots },
    (_, i) =>
      `,\n    count(*) FILTER (WHERE vis.k IS NOT NULL AND (ev.d${String(i)} < vis.s - 7 OR ev.d${String(i)} > vis.e + 7)) AS w${String(i)}`,
  );
  const totals = branches.flatMap((branch, b) =>
    branch.checks.some((c) => c.measure.type === 'exists')
      ? [`(SELECT count(*) FROM ${branch.src(lookup)}) AS n${String(b)}`]
      : [],
  );
  if (surplus) {
    totals.push(
      `(SELECT count(visit_occurrence_id) FROM visit_occurrence) - (SELECT count(*) FROM ${lookup('visits')}) AS surplus`,
      '(SELECT count(*) FROM visit_occurrence) AS visits',
    );
  }
  return `SELECT g.*, s.* FROM (SELECT ${totals.length > 0 ? totals.join(',\n    ') : 'NULL AS nothing'}) s
LEFT JOIN (SELECT ev.b AS b, count(ev.k) AS keyed, count(vis.k) AS found${within.join('')}
  FROM (${parts.join('\n    UNION ALL ')}) ev
  LEFT JOIN ${lookup('visits')} vis ON vis.k = ev.k
  GROUP BY ev.b) g ON true`;
}

/**
 * One rules table's pass: the rows with a code that has rules, each meeting its code's rules row (allowed
 * units, expected sex) and, when its unit has a range, that range's row; counts per code and unit.
 */
function rulePass(
  name: string,
  table: CdmTableName,
  src: Source,
  checks: readonly RuleCheck[],
  set: (c: PlannedCheck, r: CheckResult) => void,
): Pass {
  const first = checks[0];
  const bySource = first?.key === 'source';
  const keyOf = (c: RuleCheck): string =>
    bySource ? (c.definition.sourceCode ?? '') : String(c.definition.conceptId ?? 0);
  return {
    name,
    table,
    checks,
    sql: (lookup) => rulePassSql(src(lookup), checks, lookup),
    read: (rows) => {
      const groups = groupBy(rows, (r) => String(r.k));
      for (const c of checks) {
        const mine = groups.get(keyOf(c)) ?? [];
        const sum = (column: string, of: readonly Row[] = mine): number =>
          of.reduce((s, r) => s + count(r[column]), 0);
        const r = c.rule;
        const reason = mine.length === 0 ? 'no rows with this code' : null;
        if (r.type === 'valueLow' || r.type === 'valueHigh') {
          const inUnit = mine.filter((g) => g.u === r.unit);
          const violating = sum(r.type === 'valueLow' ? 'low' : 'high', inUnit);
          set(c, judge(c.definition, violating, sum('valued', inUnit), reason));
        } else if (r.type === 'unitIn') {
          set(c, judge(c.definition, sum('unit_bad'), sum('valued'), reason));
        } else {
          set(c, judge(c.definition, sum('gender_bad'), sum('n'), reason));
        }
      }
    },
  };
}

export function rulePassSql(src: string, checks: readonly RuleCheck[], lookup: LookupTable): string {
  const first = checks[0];
  if (first === undefined) throw new Error('no rules');
  const field = first.definition.field ?? '';
  const bySource = first.key === 'source';
  const unitColumn = bySource ? 't.unit_source_value' : 'CAST(t.unit_concept_id AS VARCHAR)';
  const key = (c: RuleCheck): string =>
    bySource ? sqlString(c.definition.sourceCode ?? '') : String(c.definition.conceptId ?? 0);
  // One row per code: its allowed units and expected sex. One row per code and unit: its range.
  const codes = new Map<string, { units: string; gender: string }>();
  const ranges = new Map<string, { code: string; unit: string; low: string; high: string }>();
  for (const c of checks) {
    const k = key(c);
    const code = codes.get(k) ?? { units: 'NULL', gender: 'NULL' };
    const r = c.rule;
    if (r.type === 'unitIn') code.units = `[${r.units.map(sqlString).join(', ')}]`;
    if (r.type === 'gender') code.gender = String(r.gender);
    codes.set(k, code);
    if (r.type === 'valueLow' || r.type === 'valueHigh') {
      const id = `${k}|${r.unit}`;
      const range = ranges.get(id) ?? { code: k, unit: sqlString(r.unit), low: 'NULL', high: 'NULL' };
      if (r.type === 'valueLow') range.low = String(r.bound);
      else range.high = String(r.bound);
      ranges.set(id, range);
    }
  }
  const codeRows = [...codes].map(
    ([k, c]) => `(${k}, CAST(${c.units} AS VARCHAR[]), CAST(${c.gender} AS INTEGER))`,
  );
  const rangeRows = [...ranges.values()].map(
    (r) => `(${r.code}, CAST(${r.unit} AS VARCHAR), CAST(${r.low} AS DOUBLE), CAST(${r.high} AS DOUBLE))`,
  );
  const genders = checks.some((c) => c.rule.type === 'gender');
  const values = checks.some((c) => c.rule.type !== 'gender');
  const hasRanges = rangeRows.length > 0;
  const valued = 't.value_as_number IS NOT NULL';
  // Counts a rules table does not need are 0: a table without values (conditions) has no value columns.
  const measures = [
    'count(*) AS n',
    `${values ? `count(*) FILTER (WHERE ${valued})` : '0'} AS valued`,
    `${hasRanges ? 'count(*) FILTER (WHERE t.value_as_number < r.low)' : '0'} AS low`,
    `${hasRanges ? 'count(*) FILTER (WHERE t.value_as_number > r.high)' : '0'} AS high`,
    `${values ? `count(*) FILTER (WHERE ${valued} AND NOT list_contains(c.units, coalesce(${unitColumn}, '0')))` : '0'} AS unit_bad`,
    `${genders ? 'count(*) FILTER (WHERE life.gender <> c.gender)' : '0'} AS gender_bad`,
  ];
  const joins = [
    `JOIN (VALUES ${codeRows.join(',\n    ')}) c(k, units, gender) ON t.${field} = c.k`,
    ...(hasRanges
      ? [
          `LEFT JOIN (VALUES ${rangeRows.join(',\n    ')}) r(k, unit, low, high)
    ON r.k = t.${field} AND r.unit = ${unitColumn}`,
        ]
      : []),
    ...(genders ? [joinSql('life', lookup)] : []),
  ];
  return `SELECT CAST(t.${field} AS VARCHAR) AS k, ${hasRanges ? 'r.unit' : 'CAST(NULL AS VARCHAR)'} AS u,
    ${measures.join(',\n    ')}
  FROM ${src} t
  ${joins.join('\n  ')}
  GROUP BY 1, 2`;
}

/** Checks with a query of their own: repeated ids, overlapping periods. */
function querySql(check: QueryCheck, src: string): string {
  const q = check.query;
  switch (q.type) {
    case 'surplusRows':
      // Surplus copies: the rows beyond the first of each repeated id.
      return `SELECT count(*) AS total, count(${q.field}) - count(DISTINCT ${q.field}) AS violating FROM ${src}`;
    case 'unmappedSourceValues':
      throw new Error('unmapped source values are counted in the source-value pass of their table');
    case 'observationPeriodOverlap':
      return `SELECT count(DISTINCT person_id) AS total, count(DISTINCT person_id) FILTER (WHERE overlap) AS violating,
      count(*) AS table_rows
    FROM (SELECT person_id, observation_period_start_date <= lag(observation_period_end_date) OVER (
      PARTITION BY person_id ORDER BY observation_period_start_date, observation_period_end_date) + 1
      AS overlap FROM ${src})`;
    case 'personCompleteness':
      throw new Error('person completeness has a pass of its own');
  }
}
