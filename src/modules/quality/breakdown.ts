/**
 * A run's results as the dashboard and the report show them: counts per Kahn category, completeness per
 * field, and the checks that failed with their counts. Pure functions over the stored results.
 */
import type { CheckResult } from './check.js';
import type { KahnCategory, KahnSubcategory } from './dqd-catalogue.js';

export interface CategoryCounts {
  readonly category: KahnCategory;
  readonly subcategory: KahnSubcategory | null;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly errors: number;
}

export interface FieldCompleteness {
  readonly table: string;
  readonly field: string;
  /** Rows checked, and those without a value. */
  readonly rows: number;
  readonly missing: number;
  /** Share of rows with a value, 0-100. */
  readonly filledPct: number;
  /** Percentage of empty rows the DQD allows. */
  readonly thresholdPct: number;
  readonly status: 'passed' | 'failed';
}

/** The Kahn framework's order: conformance, completeness, plausibility, each by its subcategories. */
const order: readonly (readonly [KahnCategory, KahnSubcategory | null])[] = [
  ['conformance', 'value'],
  ['conformance', 'relational'],
  ['conformance', 'computational'],
  ['conformance', null],
  ['completeness', null],
  ['plausibility', 'atemporal'],
  ['plausibility', 'temporal'],
  ['plausibility', null],
];

export function resultsByCategory(results: readonly CheckResult[]): CategoryCounts[] {
  const rank = (c: KahnCategory, s: KahnSubcategory | null): number => {
    const i = order.findIndex(([oc, os]) => oc === c && os === s);
    return i < 0 ? order.length : i;
  };
  const groups = new Map<string, CategoryCounts>();
  for (const r of results) {
    // Completeness has no subcategory in the Kahn framework; the DQD leaves it blank too.
    const subcategory = r.category === 'completeness' ? null : r.subcategory;
    const key = `${r.category}|${subcategory ?? ''}`;
    const g = groups.get(key) ?? {
      category: r.category,
      subcategory,
      passed: 0,
      failed: 0,
      notApplicable: 0,
      errors: 0,
    };
    groups.set(key, {
      ...g,
      passed: g.passed + (r.status === 'passed' ? 1 : 0),
      failed: g.failed + (r.status === 'failed' ? 1 : 0),
      notApplicable: g.notApplicable + (r.status === 'not_applicable' ? 1 : 0),
      errors: g.errors + (r.status === 'error' ? 1 : 0),
    });
  }
  return [...groups.values()].sort(
    (a, b) => rank(a.category, a.subcategory) - rank(b.category, b.subcategory),
  );
}

/** The DQD's value completeness of each field that had rows to check, emptiest first. */
export function completenessByField(results: readonly CheckResult[]): FieldCompleteness[] {
  return results
    .filter(
      (r) =>
        r.checkName === 'measureValueCompleteness' &&
        r.table !== null &&
        r.field !== null &&
        (r.status === 'passed' || r.status === 'failed'),
    )
    .map((r) => ({
      table: r.table ?? '',
      field: r.field ?? '',
      rows: r.total,
      missing: r.violating,
      filledPct: r.total === 0 ? 100 : (100 * (r.total - r.violating)) / r.total,
      thresholdPct: r.thresholdPct,
      status: r.status === 'failed' ? ('failed' as const) : ('passed' as const),
    }))
    .sort(
      (a, b) => a.filledPct - b.filledPct || `${a.table}.${a.field}`.localeCompare(`${b.table}.${b.field}`),
    );
}

const severityRank = (s: string): number => (s === 'fatal' ? 0 : s === 'convention' ? 1 : 2);

/** Checks that failed or could not run: errors first, then fatal ones, then by share of violating rows. */
export function failingChecks(results: readonly CheckResult[]): CheckResult[] {
  return results
    .filter((r) => r.status === 'failed' || r.status === 'error')
    .sort(
      (a, b) =>
        (a.status === 'error' ? 0 : 1) - (b.status === 'error' ? 0 : 1) ||
        severityRank(a.severity) - severityRank(b.severity) ||
        (b.pctViolating ?? 0) - (a.pctViolating ?? 0) ||
        a.id.localeCompare(b.id),
    );
}
