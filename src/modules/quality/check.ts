/**
 * A data quality check and its result, in the words of the OHDSI Data Quality Dashboard and of the Kahn
 * framework it follows (context: verification or validation; category: conformance, completeness,
 * plausibility; subcategory: value, relational, computational, atemporal, temporal).
 */
import type { CheckLevel, KahnCategory, KahnContext, KahnSubcategory } from './dqd-catalogue.js';

export type { CheckLevel, KahnCategory, KahnContext, KahnSubcategory } from './dqd-catalogue.js';

export type CheckStatus = 'passed' | 'failed' | 'not_applicable' | 'error';

/**
 * Where a check comes from: the DQD catalogue; Salus's own rules on source codes (used where the lake has
 * no standard concept to hang a DQD concept-level rule on); the ingestion of a delivery.
 */
export type CheckOrigin = 'dqd' | 'salus' | 'ingestion';

export interface CheckDefinition {
  /** Stable across runs: `<checkName>.<table>.<field>[.<concept or source code>[.<unit>]]`. */
  readonly id: string;
  readonly checkName: string;
  readonly origin: CheckOrigin;
  readonly level: CheckLevel;
  readonly table: string | null;
  readonly field: string | null;
  /** Concept-level checks: the concept (DQD) or source code (Salus) the rule is about, and its unit. */
  readonly conceptId: number | null;
  readonly sourceCode: string | null;
  readonly unit: string | null;
  readonly context: KahnContext;
  readonly category: KahnCategory;
  readonly subcategory: KahnSubcategory | null;
  readonly severity: string;
  readonly description: string;
  /** Percentage of violating rows allowed (0-100): above it the check fails. */
  readonly thresholdPct: number;
}

export interface CheckResult extends CheckDefinition {
  readonly status: CheckStatus;
  /** Rows (or persons, or distinct values, as the check says) that violate the rule. */
  readonly violating: number;
  /** Rows the rule applies to (the denominator). */
  readonly total: number;
  /** 100 × violating / total; null when nothing was checked. */
  readonly pctViolating: number | null;
  /** Why the check did not apply, or the error that stopped it. */
  readonly reason: string | null;
}

/** Status from the counts: above the threshold fails, nothing to check is not applicable. */
export function judge(
  definition: CheckDefinition,
  violating: number,
  total: number,
  reason: string | null = null,
): CheckResult {
  if (total <= 0) {
    return {
      ...definition,
      status: 'not_applicable',
      violating: 0,
      total: 0,
      pctViolating: null,
      reason: reason ?? 'no rows to check in this scope',
    };
  }
  const pct = (100 * violating) / total;
  return {
    ...definition,
    status: pct > definition.thresholdPct ? 'failed' : 'passed',
    violating,
    total,
    pctViolating: pct,
    reason,
  };
}

export function notApplicable(definition: CheckDefinition, reason: string): CheckResult {
  return { ...definition, status: 'not_applicable', violating: 0, total: 0, pctViolating: null, reason };
}

export function checkError(definition: CheckDefinition, message: string): CheckResult {
  return { ...definition, status: 'error', violating: 0, total: 0, pctViolating: null, reason: message };
}
