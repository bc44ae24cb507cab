/**
 * The check plan: which DQD checks (and Salus source-code rules) apply to the tables the lake holds, each
 * with its Kahn classification and DQD threshold, and how each is counted. Row checks become aggregate
 * expressions over their table (and, where they need them, a person's birth, death and sex or the ids of a
 * referenced table); checks of a row's visit say which column and date they compare; concept-level rules
 * become rows of a rules table joined once to theirs; checks that cannot run on this lake are planned as not
 * applicable with the reason.
 */
import { cdmTableNames, cdmTables, type CdmTableName } from '../lake/index.js';
import type { CheckDefinition } from './check.js';
import type { DqdCatalogue, DqdCheckType, DqdRow } from './dqd-catalogue.js';
import { measurementSourceRules, sourceCodeThresholdPct } from './source-code-rules.js';

/**
 * What a row check may join to each row of its table: `life` (the person's sex, birth and death, alias
 * `life`) or the ids of a referenced table (alias `fkAlias(field)`). Visits are not joined row by row: see
 * VisitCheck.
 */
export type RowJoin =
  'life' | { readonly field: string; readonly target: CdmTableName; readonly targetField: string };

export interface RowCheck {
  readonly kind: 'row';
  readonly definition: CheckDefinition;
  readonly table: CdmTableName;
  /** Aggregate SQL expressions over `t` (the table's row) and the joins. */
  readonly violating: string;
  readonly total: string;
  readonly joins: readonly RowJoin[];
}

/** One row of a rules table joined to a concept column (DQD) or a source-value column (Salus). */
export interface RuleCheck {
  readonly kind: 'rule';
  readonly definition: CheckDefinition;
  readonly table: CdmTableName;
  readonly key: 'concept' | 'source';
  readonly rule:
    | { readonly type: 'valueLow' | 'valueHigh'; readonly unit: string; readonly bound: number }
    | { readonly type: 'unitIn'; readonly units: readonly string[] }
    | { readonly type: 'gender'; readonly gender: number };
}

/**
 * A check of the visit a row refers to: that it exists (DQD isForeignKey to VISIT_OCCURRENCE), or that a date
 * of the row lies within the visit's dates give or take 7 days (DQD withinVisitDates). Every table's visit
 * checks meet the visits in one join.
 */
export interface VisitCheck {
  readonly kind: 'visit';
  readonly definition: CheckDefinition;
  readonly table: CdmTableName;
  /** The column holding the visit id. */
  readonly key: string;
  readonly measure:
    | { readonly type: 'exists' }
    /** `date`: the row's date as a SQL DATE expression over `t`. */
    | { readonly type: 'withinDates'; readonly date: string };
}

export interface QueryCheck {
  readonly kind: 'query';
  readonly definition: CheckDefinition;
  readonly table: CdmTableName;
  readonly query:
    | { readonly type: 'personCompleteness' | 'observationPeriodOverlap' }
    /** Surplus rows of repeated values of `field` (one GROUP BY over the column). */
    | { readonly type: 'surplusRows'; readonly field: string }
    /** Distinct values of `field` with a row whose `standard` concept is 0. */
    | { readonly type: 'unmappedSourceValues'; readonly field: string; readonly standard: string };
}

export interface FixedCheck {
  readonly kind: 'fixed';
  readonly definition: CheckDefinition;
  /** Passed/failed from what Salus knows without reading rows (the schema), or not applicable. */
  readonly outcome:
    { readonly violating: number; readonly total: number } | { readonly notApplicable: string };
}

export type PlannedCheck = RowCheck | VisitCheck | RuleCheck | QueryCheck | FixedCheck;

export interface PlanOptions {
  /** Date the run counts as "today" for DQD bounds written as GETDATE() (YYYY-MM-DD). */
  readonly asOf: string;
  /**
   * Days after death that events are still plausible (DQD: 60, for claims and records that trail a
   * death); 0 counts every event after the death date.
   */
  readonly deathGraceDays: number;
}

/** DQD check types that later DQD versions replaced (plausibleAfterBirth, -BeforeDeath, -StartBeforeEnd). */
export const supersededCheckTypes: ReadonlySet<string> = new Set([
  'plausibleDuringLife',
  'plausibleTemporalAfter',
]);

const noConceptTable =
  'the lake keeps a map of source codes to standard concepts, not the OHDSI CONCEPT table (domains, classes, standard flags)';

const tableNames: ReadonlySet<string> = new Set(cdmTableNames);
const isCdmTable = (name: string): name is CdmTableName => tableNames.has(name);

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** A DQD bound as a SQL literal: a number, a quoted YYYYMMDD date, or the two GETDATE() forms it uses. */
export function boundSql(expression: string, asOf: string): string | null {
  const e = expression.trim();
  if (/^-?\d+(\.\d+)?$/.test(e)) return e;
  const quoted = /^'(\d{4})(\d{2})(\d{2})'$/.exec(e);
  if (quoted !== null) return `DATE '${quoted[1] ?? ''}-${quoted[2] ?? ''}-${quoted[3] ?? ''}'`;
  if (/^DATEADD\(dd,\s*1,\s*GETDATE\(\)\)$/i.test(e)) return `(DATE '${asOf}' + 1)`;
  if (/^YEAR\(GETDATE\(\)\)\s*\+\s*1$/i.test(e)) return String(Number(asOf.slice(0, 4)) + 1);
  return null;
}

function definitionOf(
  type: DqdCheckType,
  thresholdPct: number,
  parts: {
    readonly table: string | null;
    readonly field?: string | null;
    readonly conceptId?: number | null;
    readonly sourceCode?: string | null;
    readonly unit?: string | null;
    readonly description?: string;
    readonly origin?: CheckDefinition['origin'];
    readonly checkName?: string;
    /** The DQD runs its value-range checks at field and concept level; the rule says which. */
    readonly level?: CheckDefinition['level'];
  },
): CheckDefinition {
  const checkName = parts.checkName ?? type.checkName;
  const key = parts.conceptId ?? parts.sourceCode ?? null;
  const id = [checkName, parts.table, parts.field, key, parts.unit]
    .filter((p) => p !== null && p !== undefined)
    .map(String)
    .join('.');
  const fill = (text: string): string =>
    text
      .replace(/@cdmTableName/g, parts.table ?? '')
      .replace(/@cdmFieldName/g, parts.field ?? '')
      .replace(/@conceptId/g, String(key ?? ''));
  return {
    id,
    checkName,
    origin: parts.origin ?? 'dqd',
    level: parts.level ?? type.level,
    table: parts.table,
    field: parts.field ?? null,
    conceptId: parts.conceptId ?? null,
    sourceCode: parts.sourceCode ?? null,
    unit: parts.unit ?? null,
    context: type.context,
    category: type.category,
    subcategory: type.subcategory,
    severity: type.severity,
    description: fill(parts.description ?? type.description),
    thresholdPct: thresholdPct,
  };
}

const yes = (row: DqdRow, column: string): boolean => (row[column] ?? '').toLowerCase() === 'yes';
const threshold = (row: DqdRow, check: string): number => num(row[`${check}Threshold`]) ?? 0;

export function planChecks(catalogue: DqdCatalogue, options: PlanOptions): PlannedCheck[] {
  const plan: PlannedCheck[] = [];
  const type = (name: string): DqdCheckType | null => catalogue.checkTypes.get(name) ?? null;

  // Table level.
  for (const row of catalogue.tables) {
    const table = (row.cdmTableName ?? '').toLowerCase();
    const cdmTable = type('cdmTable');
    if (cdmTable !== null && table !== '') {
      const d = definitionOf(cdmTable, 0, { table });
      plan.push({
        kind: 'fixed',
        definition: d,
        outcome: isCdmTable(table)
          ? { violating: 0, total: 1 }
          : { notApplicable: 'the lake keeps the clinical tables of the CDM, not this one' },
      });
    }
    if (!isCdmTable(table)) continue;
    const completeness = type('measurePersonCompleteness');
    if (completeness !== null && yes(row, 'measurePersonCompleteness')) {
      plan.push({
        kind: 'query',
        definition: definitionOf(completeness, threshold(row, 'measurePersonCompleteness'), { table }),
        table,
        query: { type: 'personCompleteness' },
      });
    }
    const overlap = type('measureObservationPeriodOverlap');
    if (overlap !== null && yes(row, 'measureObservationPeriodOverlap')) {
      plan.push({
        kind: 'query',
        definition: definitionOf(overlap, threshold(row, 'measureObservationPeriodOverlap'), { table }),
        table,
        query: { type: 'observationPeriodOverlap' },
      });
    }
    const eras = type('measureConditionEraCompleteness');
    if (eras !== null && yes(row, 'measureConditionEraCompleteness')) {
      plan.push({
        kind: 'fixed',
        definition: definitionOf(eras, threshold(row, 'measureConditionEraCompleteness'), { table }),
        outcome: { notApplicable: 'the lake does not derive condition eras' },
      });
    }
  }

  // Field level.
  for (const row of catalogue.fields) {
    const table = (row.cdmTableName ?? '').toLowerCase();
    const field = (row.cdmFieldName ?? '').toLowerCase();
    if (!isCdmTable(table) || field === '') continue;
    const columns = cdmTables[table];
    const column = columns.find((c) => c.name === field);
    const has = (name: string): boolean => columns.some((c) => c.name === name);
    const def = (check: string, t = threshold(row, check)): CheckDefinition | null => {
      const ct = type(check);
      return ct === null ? null : definitionOf(ct, t, { table, field });
    };
    const push = (check: string, build: (d: CheckDefinition) => PlannedCheck | null, t?: number): void => {
      const d = def(check, t);
      if (d === null) return;
      const planned = build(d);
      if (planned !== null) plan.push(planned);
    };
    const row1 =
      (violating: string, total: string, joins: readonly RowJoin[] = []) =>
      (d: CheckDefinition) =>
        ({ kind: 'row', definition: d, table, violating, total, joins }) as const;
    const t = `t.${field}`;

    push(
      'cdmField',
      (d) => ({ kind: 'fixed', definition: d, outcome: { violating: column ? 0 : 1, total: 1 } }),
      0,
    );
    if (column === undefined) continue;
    if ((row.cdmDatatype ?? '').toLowerCase() === 'integer') {
      const ok = column.type === 'INTEGER' || column.type === 'BIGINT';
      push('cdmDatatype', (d) => ({
        kind: 'fixed',
        definition: d,
        outcome: { violating: ok ? 0 : 1, total: 1 },
      }));
    }
    if (yes(row, 'isRequired')) push('isRequired', row1(`count(*) - count(${t})`, 'count(*)'));
    if (yes(row, 'isPrimaryKey')) {
      // Surplus copies: the rows beyond the first of each repeated id (the records to remove).
      // (A GROUP BY of its own: DISTINCT aggregates would slow the whole row pass down several times.)
      push('isPrimaryKey', (d) => ({
        kind: 'query',
        definition: d,
        table,
        query: { type: 'surplusRows', field },
      }));
    }
    if (yes(row, 'isForeignKey')) {
      const target = (row.fkTableName ?? '').toLowerCase();
      const targetField = (row.fkFieldName ?? '').toLowerCase();
      if (isCdmTable(target) && cdmTables[target].some((c) => c.name === targetField)) {
        if (target === 'visit_occurrence' && targetField === 'visit_occurrence_id') {
          push('isForeignKey', (d) => ({
            kind: 'visit',
            definition: d,
            table,
            key: field,
            measure: { type: 'exists' },
          }));
        } else {
          // Persons are joined anyway (birth and death): their lookup serves the key too.
          const join: RowJoin =
            field === 'person_id' && target === 'person' && targetField === 'person_id'
              ? 'life'
              : { field, target, targetField };
          const alias = join === 'life' ? 'life' : fkAlias(field);
          push(
            'isForeignKey',
            // The lookup's key is non-null exactly when the column's value was found.
            row1(`count(${t}) - count(${alias}.k)`, 'count(*)', [join]),
          );
        }
      } else {
        push('isForeignKey', (d) => ({
          kind: 'fixed',
          definition: d,
          outcome: {
            notApplicable:
              target === 'concept' ? noConceptTable : `the lake keeps no ${target.toUpperCase()} table`,
          },
        }));
      }
      if ((row.fkDomain ?? '') !== '') {
        push('fkDomain', (d) => ({
          kind: 'fixed',
          definition: d,
          outcome: { notApplicable: noConceptTable },
        }));
      }
      if ((row.fkClass ?? '') !== '') {
        push('fkClass', (d) => ({
          kind: 'fixed',
          definition: d,
          outcome: { notApplicable: noConceptTable },
        }));
      }
    }
    if (yes(row, 'isStandardValidConcept')) {
      push('isStandardValidConcept', (d) => ({
        kind: 'fixed',
        definition: d,
        outcome: { notApplicable: noConceptTable },
      }));
    }
    if (yes(row, 'measureValueCompleteness')) {
      push('measureValueCompleteness', row1(`count(*) - count(${t})`, 'count(*)'));
    }
    if (yes(row, 'standardConceptRecordCompleteness')) {
      push('standardConceptRecordCompleteness', row1(`count(*) FILTER (WHERE ${t} = 0)`, 'count(*)'));
    }
    if (yes(row, 'sourceConceptRecordCompleteness')) {
      push('sourceConceptRecordCompleteness', row1(`count(*) FILTER (WHERE ${t} = 0)`, 'count(*)'));
    }
    if (yes(row, 'sourceValueCompleteness')) {
      const standard = (row.standardConceptFieldName ?? '').toLowerCase();
      if (has(standard)) {
        push('sourceValueCompleteness', (d) => ({
          kind: 'query',
          definition: d,
          table,
          query: { type: 'unmappedSourceValues', field, standard },
        }));
      }
    }
    const isDate = column.type === 'DATE' || column.type === 'TIMESTAMP';
    const value = isDate ? `CAST(${t} AS DATE)` : t;
    for (const [check, op] of [
      ['plausibleValueLow', '<'],
      ['plausibleValueHigh', '>'],
    ] as const) {
      const expression = row[check] ?? '';
      if (expression === '') continue;
      const bound = boundSql(expression, options.asOf);
      if (bound === null) {
        push(check, (d) => ({
          kind: 'fixed',
          definition: d,
          outcome: { notApplicable: `bound ${expression} is not an expression Salus reads` },
        }));
      } else {
        push(check, row1(`count(*) FILTER (WHERE ${value} ${op} ${bound})`, `count(${t})`));
      }
    }
    const hasPerson = has('person_id');
    if (isDate && hasPerson && yes(row, 'plausibleAfterBirth')) {
      push(
        'plausibleAfterBirth',
        row1(
          `count(*) FILTER (WHERE ${value} < life.birth)`,
          `count(*) FILTER (WHERE ${t} IS NOT NULL AND life.birth IS NOT NULL)`,
          ['life'],
        ),
      );
    }
    if (isDate && hasPerson && table !== 'death' && yes(row, 'plausibleBeforeDeath')) {
      push(
        'plausibleBeforeDeath',
        row1(
          // DATE + integer stays a DATE: no timestamp arithmetic per row.
          `count(*) FILTER (WHERE ${value} > life.death + ${String(options.deathGraceDays)})`,
          'count(life.death)',
          ['life'],
        ),
      );
    }
    if (yes(row, 'plausibleStartBeforeEnd')) {
      const end = (row.plausibleStartBeforeEndFieldName ?? '').toLowerCase();
      if (has(end)) {
        push('plausibleStartBeforeEnd', row1(`count(*) FILTER (WHERE ${t} > t.${end})`, `count(${t})`));
      }
    }
    if (isDate && yes(row, 'withinVisitDates') && has('visit_occurrence_id')) {
      push('withinVisitDates', (d) => ({
        kind: 'visit',
        definition: d,
        table,
        key: 'visit_occurrence_id',
        measure: { type: 'withinDates', date: value },
      }));
    }
  }

  // Concept level (DQD), keyed on standard concepts.
  for (const row of catalogue.concepts) {
    const table = (row.cdmTableName ?? '').toLowerCase();
    const field = (row.cdmFieldName ?? '').toLowerCase();
    const conceptId = num(row.conceptId);
    if (!isCdmTable(table) || conceptId === null || !cdmTables[table].some((c) => c.name === field)) continue;
    const unit = row.unitConceptId ?? '';
    const base = { table, field, conceptId, level: 'concept' } as const;
    const rule = (check: string, r: RuleCheck['rule'], withUnit: boolean): void => {
      const ct = type(check);
      if (ct === null) return;
      plan.push({
        kind: 'rule',
        definition: definitionOf(ct, threshold(row, check), { ...base, unit: withUnit ? unit : null }),
        table,
        key: 'concept',
        rule: r,
      });
    };
    const low = num(row.plausibleValueLow);
    const high = num(row.plausibleValueHigh);
    if (low !== null && unit !== '') rule('plausibleValueLow', { type: 'valueLow', unit, bound: low }, true);
    if (high !== null && unit !== '')
      rule('plausibleValueHigh', { type: 'valueHigh', unit, bound: high }, true);
    const gender = (row.plausibleGender ?? '').toLowerCase();
    if (gender === 'male' || gender === 'female') {
      rule('plausibleGender', { type: 'gender', gender: gender === 'male' ? 8507 : 8532 }, false);
    }
    if ((row.plausibleGenderUseDescendants ?? '') !== '') {
      const ct = type('plausibleGenderUseDescendants');
      if (ct !== null) {
        plan.push({
          kind: 'fixed',
          definition: definitionOf(ct, threshold(row, 'plausibleGenderUseDescendants'), base),
          outcome: { notApplicable: 'the lake keeps no CONCEPT_ANCESTOR table to find descendants' },
        });
      }
    }
    const units = (row.plausibleUnitConceptIds ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
    if (units.length > 0) rule('plausibleUnitConceptIds', { type: 'unitIn', units }, false);
  }

  // Salus's rules on LOINC source codes (see source-code-rules.ts).
  const unitType = type('plausibleUnitConceptIds');
  const lowType = type('plausibleValueLow');
  const highType = type('plausibleValueHigh');
  for (const r of measurementSourceRules) {
    const base = {
      table: 'measurement',
      field: 'measurement_source_value',
      sourceCode: r.code,
      origin: 'salus',
      level: 'concept',
    } as const;
    if (unitType !== null) {
      plan.push({
        kind: 'rule',
        definition: definitionOf(unitType, sourceCodeThresholdPct, {
          ...base,
          checkName: 'plausibleSourceUnit',
          description: `The number and percent of measurements of LOINC ${r.code} (${r.name}) with a value whose unit is not ${r.units.join(' or ')}.`,
        }),
        table: 'measurement',
        key: 'source',
        rule: { type: 'unitIn', units: r.units },
      });
    }
    for (const [ct, name, kind, bound] of [
      [lowType, 'plausibleSourceValueLow', 'valueLow', r.low],
      [highType, 'plausibleSourceValueHigh', 'valueHigh', r.high],
    ] as const) {
      if (ct === null) continue;
      const unit = r.units[0] ?? '';
      plan.push({
        kind: 'rule',
        definition: definitionOf(ct, sourceCodeThresholdPct, {
          ...base,
          unit,
          checkName: name,
          description: `The number and percent of measurements of LOINC ${r.code} (${r.name}) in ${unit} with a value ${kind === 'valueLow' ? 'below' : 'above'} ${String(bound)}.`,
        }),
        table: 'measurement',
        key: 'source',
        rule: { type: kind, unit, bound },
      });
    }
  }
  // A concept listed on several rows (one per unit) would repeat its unit and gender rules: keep the first.
  const seen = new Set<string>();
  return plan.filter((p) => !seen.has(p.definition.id) && seen.add(p.definition.id));
}

/** The alias of the foreign-key lookup joined for one column of a row pass. */
export const fkAlias = (field: string): string => `fk_${field}`;
