/**
 * The check engine: runs a check plan over one scope of the lake with set-based SQL. Each table is read in
 * one pass for its row checks (one SELECT, one aggregate per check with FILTER clauses), once more for its
 * concept-level rules (a rules table joined on the concept or source-code column), and person-level checks
 * take one small query each. Nothing is read row by row into JavaScript.
 */
import {
  deliveriesInScope,
  runCountQueries,
  scopedTableSource,
  withTemporaryTables,
  type CdmTableName,
  type CountQuery,
  type Lake,
  type LakeScope,
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
  const source = new Map<CdmTableName, string | null>();
  const sourceOf = (table: CdmTableName): string | null => {
    if (!source.has(table)) source.set(table, scopedTableSource(lake, scope, table));
    return source.get(table) ?? null;
  };

  const results = new Map<CheckDefinition, CheckResult>();
  const queries: { readonly name: string; readonly sql: (lookup: LookupTable) => string }[] = [];
  /** What to do with each query's row. */
  const readers = new Map<
    string,
    { checks: readonly PlannedCheck[]; read: (row: Record<string, unknown>) => void }
  >();

  // Row passes: one per table.
  const rowChecks = groupBy(
    plan.filter((p): p is RowCheck => p.kind === 'row'),
    (p) => p.table,
  );
  for (const [table, checks] of rowChecks) {
    const src = sourceOf(table);
    if (src === null) {
      for (const c of checks)
        results.set(c.definition, notApplicable(c.definition, `the scope has no ${table} rows`));
      continue;
    }
    const name = `rows:${table}`;
    queries.push({ name, sql: (lookup) => rowPassSql(src, checks, lookup) });
    readers.set(name, {
      checks,
      read: (row) => {
        checks.forEach((c, i) => {
          results.set(
            c.definition,
            judge(c.definition, count(row[`v${String(i)}`]), count(row[`t${String(i)}`])),
          );
        });
      },
    });
  }

  // Rule passes: one per table and keyed column.
  const ruleChecks = groupBy(
    plan.filter((p): p is RuleCheck => p.kind === 'rule'),
    (p) => `${p.table}|${p.definition.field ?? ''}|${p.key}`,
  );
  for (const [key, checks] of ruleChecks) {
    const first = checks[0];
    if (first === undefined) continue;
    const src = sourceOf(first.table);
    if (src === null) {
      for (const c of checks) {
        results.set(c.definition, notApplicable(c.definition, `the scope has no ${first.table} rows`));
      }
      continue;
    }
    const name = `rules:${key}`;
    queries.push({ name, sql: (lookup) => rulePassSql(src, checks, lookup) });
    readers.set(name, {
      checks,
      read: (row) => {
        const counts = (row.counts ?? []) as readonly { i: number; total: unknown; violating: unknown }[];
        const byIndex = new Map(counts.map((c) => [c.i, c]));
        checks.forEach((c, i) => {
          const found = byIndex.get(i);
          results.set(
            c.definition,
            judge(
              c.definition,
              count(found?.violating),
              count(found?.total),
              found ? null : 'no rows with this code',
            ),
          );
        });
      },
    });
  }

  // Queries of their own: persons per table, period overlaps, repeated ids, unmapped source values.
  for (const c of plan.filter((p): p is QueryCheck => p.kind === 'query')) {
    const sql = personQuerySql(c, sourceOf(c.table), sourceOf('person'));
    if (sql === null) {
      results.set(c.definition, notApplicable(c.definition, `the scope delivers no ${c.table} rows`));
      continue;
    }
    const name = `query:${c.definition.id}`;
    queries.push({ name, sql: () => sql });
    readers.set(name, {
      checks: [c],
      read: (row) =>
        results.set(
          c.definition,
          row.table_rows !== undefined && count(row.table_rows) === 0
            ? notApplicable(c.definition, `the scope has no ${c.table} rows`)
            : judge(c.definition, count(row.violating), count(row.total)),
        ),
    });
  }

  for (const c of plan) {
    if (c.kind !== 'fixed') continue;
    results.set(
      c.definition,
      'notApplicable' in c.outcome
        ? notApplicable(c.definition, c.outcome.notApplicable)
        : judge(c.definition, c.outcome.violating, c.outcome.total),
    );
  }

  const outcomes = await withTemporaryTables(lake, lookupsOf(plan), (lookup) =>
    runCountQueries(
      lake,
      queries.map((q): CountQuery => ({ name: q.name, sql: q.sql(lookup) })),
    ),
  );
  for (const outcome of outcomes) {
    const reader = readers.get(outcome.name);
    if (reader === undefined) continue;
    if ('error' in outcome) {
      for (const c of reader.checks) results.set(c.definition, checkError(c.definition, outcome.error));
    } else {
      reader.read(outcome.row);
    }
  }

  const ordered = plan.map(
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
    results: [...ordered, ...ingestionFindings(facts)],
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
 * The lookups row passes join, each built once per run from the whole lake (what linkage knows, whoever
 * delivered it; a delivery may refer to what an earlier one brought): each person's sex, birth and death,
 * each visit's dates, and the ids other tables refer to.
 */
export const lookupSql = {
  life: `SELECT p.person_id AS k, p.gender_concept_id AS gender,
      coalesce(CAST(p.birth_datetime AS DATE),
        CASE WHEN p.year_of_birth BETWEEN 1 AND 9999 THEN make_date(p.year_of_birth, 1, 1) END) AS birth,
      d.death_date AS death
    FROM person p LEFT JOIN death d ON d.person_id = p.person_id`,
  visit: `SELECT visit_occurrence_id AS k, min(visit_start_date) AS s, max(visit_end_date) AS e
    FROM visit_occurrence GROUP BY visit_occurrence_id`,
  keys: (table: string, field: string) =>
    `SELECT DISTINCT ${field} AS k FROM ${table} WHERE ${field} IS NOT NULL`,
} as const;

/** Names of the run's lookup tables: `life`, `visit`, `keys_<table>_<field>`. */
export type LookupTable = (name: string) => string;

const keysName = (join: { target: string; targetField: string }): string =>
  `keys_${join.target}_${join.targetField}`;

function joinSql(join: RowJoin, lookup: LookupTable): string {
  if (join === 'life') return `LEFT JOIN ${lookup('life')} life ON life.k = t.person_id`;
  if (join === 'visit') return `LEFT JOIN ${lookup('visit')} vis ON vis.k = t.visit_occurrence_id`;
  const alias = fkAlias(join.field);
  return `LEFT JOIN ${lookup(lookupOfKeys(join))} ${alias} ON ${alias}.k = t.${join.field}`;
}

/** Ids of persons and visits are the keys of the life and visit lookups: no second table for them. */
const lookupOfKeys = (join: { target: string; targetField: string }): string =>
  join.target === 'person' && join.targetField === 'person_id'
    ? 'life'
    : join.target === 'visit_occurrence' && join.targetField === 'visit_occurrence_id'
      ? 'visit'
      : keysName(join);

const joinKey = (join: RowJoin): string => (typeof join === 'string' ? join : join.field);

/** The lookups a plan's row and rule passes need. */
export function lookupsOf(plan: readonly PlannedCheck[]): { name: string; sql: string }[] {
  const needed = new Map<string, string>();
  for (const p of plan) {
    if (p.kind === 'rule' && p.rule.type === 'gender') needed.set('life', lookupSql.life);
    if (p.kind !== 'row') continue;
    for (const j of p.joins) {
      if (j === 'life' || j === 'visit') needed.set(j, lookupSql[j]);
      else {
        const name = lookupOfKeys(j);
        needed.set(
          name,
          name === 'life'
            ? lookupSql.life
            : name === 'visit'
              ? lookupSql.visit
              : lookupSql.keys(j.target, j.targetField),
        );
      }
    }
  }
  return [...needed].map(([name, sql]) => ({ name, sql }));
}

export function rowPassSql(src: string, checks: readonly RowCheck[], lookup: LookupTable): string {
  const joins = new Map<string, RowJoin>();
  for (const c of checks) for (const j of c.joins) joins.set(joinKey(j), j);
  // Checks often share an aggregate (isRequired and measureValueCompleteness both count nulls; most
  // denominators are count(*)): each distinct expression is computed once and read under every name.
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

export function rulePassSql(src: string, checks: readonly RuleCheck[], lookup: LookupTable): string {
  const first = checks[0];
  if (first === undefined) throw new Error('no rules');
  const field = first.definition.field ?? '';
  const bySource = first.key === 'source';
  const unitColumn = bySource ? 't.unit_source_value' : 'CAST(t.unit_concept_id AS VARCHAR)';
  const kinds = new Set(checks.map((c) => c.rule.type));
  const rows = checks.map((c, i) => {
    const r = c.rule;
    const key = bySource ? sqlString(c.definition.sourceCode ?? '') : String(c.definition.conceptId ?? 0);
    const unit = 'unit' in r ? sqlString(r.unit) : 'NULL';
    const bound = 'bound' in r ? String(r.bound) : 'NULL';
    const units = 'units' in r ? `[${r.units.map(sqlString).join(', ')}]` : 'NULL';
    const gender = 'gender' in r ? String(r.gender) : 'NULL';
    return `(${String(i)}, ${key}, '${r.type}', ${unit}, CAST(${bound} AS DOUBLE), CAST(${units} AS VARCHAR[]), CAST(${gender} AS INTEGER))`;
  });
  const totalWhen: string[] = [];
  const violatingWhen: string[] = [];
  const valued = 't.value_as_number IS NOT NULL';
  if (kinds.has('valueLow') || kinds.has('valueHigh')) {
    totalWhen.push(`WHEN r.kind IN ('valueLow', 'valueHigh') THEN ${unitColumn} = r.unit AND ${valued}`);
    violatingWhen.push(
      `WHEN r.kind = 'valueLow' THEN ${unitColumn} = r.unit AND t.value_as_number < r.bound`,
    );
    violatingWhen.push(
      `WHEN r.kind = 'valueHigh' THEN ${unitColumn} = r.unit AND t.value_as_number > r.bound`,
    );
  }
  if (kinds.has('unitIn')) {
    totalWhen.push(`WHEN r.kind = 'unitIn' THEN ${valued}`);
    violatingWhen.push(
      `WHEN r.kind = 'unitIn' THEN ${valued} AND NOT list_contains(r.units, coalesce(${unitColumn}, '0'))`,
    );
  }
  if (kinds.has('gender')) {
    totalWhen.push(`WHEN r.kind = 'gender' THEN true`);
    violatingWhen.push(`WHEN r.kind = 'gender' THEN life.gender <> r.gender`);
  }
  const counts = `SELECT r.i AS i,
      count(*) FILTER (WHERE CASE ${totalWhen.join(' ')} ELSE false END) AS total,
      count(*) FILTER (WHERE CASE ${violatingWhen.join(' ')} ELSE false END) AS violating
    FROM ${src} t
    JOIN (VALUES ${rows.join(',\n      ')}) r(i, k, kind, unit, bound, units, gender) ON t.${field} = r.k
    ${kinds.has('gender') ? joinSql('life', lookup) : ''}
    GROUP BY r.i`;
  // One row back: the counts per rule as a list, so the batch runner's one-row contract holds.
  return `SELECT list({'i': i, 'total': total, 'violating': violating}) AS counts FROM (${counts})`;
}

function personQuerySql(check: QueryCheck, src: string | null, persons: string | null): string | null {
  if (src === null) return null;
  const q = check.query;
  if (q.type === 'surplusRows') {
    return `SELECT sum(c) AS total, coalesce(sum(c - 1) FILTER (WHERE v IS NOT NULL), 0) AS violating
      FROM (SELECT ${q.field} AS v, count(*) AS c FROM ${src} GROUP BY ${q.field})`;
  }
  if (q.type === 'unmappedSourceValues') {
    return `SELECT count(*) AS total, count(*) FILTER (WHERE unmapped) AS violating
      FROM (SELECT ${q.field}, bool_or(${q.standard} = 0) AS unmapped FROM ${src}
        WHERE ${q.field} IS NOT NULL GROUP BY ${q.field})`;
  }
  if (q.type === 'personCompleteness') {
    if (persons === null) return null;
    return `SELECT count(*) AS total, count(*) FILTER (WHERE x.person_id IS NULL) AS violating,
        (SELECT count(*) FROM ${src}) AS table_rows
      FROM (SELECT DISTINCT person_id FROM ${persons}) p
      LEFT JOIN (SELECT DISTINCT person_id FROM ${src}) x ON x.person_id = p.person_id`;
  }
  return `SELECT count(DISTINCT person_id) AS total, count(DISTINCT person_id) FILTER (WHERE overlap) AS violating,
      count(*) AS table_rows
    FROM (SELECT person_id, observation_period_start_date <= lag(observation_period_end_date) OVER (
      PARTITION BY person_id ORDER BY observation_period_start_date, observation_period_end_date) + 1
      AS overlap FROM ${src})`;
}
