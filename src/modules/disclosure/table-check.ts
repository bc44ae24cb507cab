import { formatNumber, formatPercent, isHiddenOrMissing, readCell, type CellValue } from './cell-value.js';
import type { CsvTable } from './csv-table.js';
import type { FrequencyTable, MagnitudeCellFacts, MagnitudeTable } from './output-file.js';
import type { DisclosureSettings } from './settings.js';
import { columnName, resolveLayout, type TableLayout } from './table-layout.js';
import { totalEquations, type TotalEquation } from './table-totals.js';
import type { CellVerdict, Reason, Rule } from './verdict.js';
import { worst } from './verdict.js';

export interface TableCheck {
  readonly layout: TableLayout | null;
  readonly reasons: readonly Reason[];
  readonly cells: readonly CellVerdict[];
}

export interface TableCheckOptions {
  /** Counts before a remedy changed them (key `row:column`, 0-based): the small-count rules judge these. */
  readonly originals?: ReadonlyMap<string, number>;
}

export const cellKey = (row: number, column: number): string => `${row}:${column}`;

const numberWords = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const singular = (unit: string): string => unit.replace(/s$/, '');
const counted = (n: number, unit: string): string => `${formatNumber(n)} ${n === 1 ? singular(unit) : unit}`;
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

const zeroMessage = 'zero cell: a zero can disclose that nobody in the group has the attribute';

/** The rules for one count: small counts, zeros, rounding; and what cannot be read as a count. */
function countReasons(
  value: CellValue,
  raw: string,
  unit: string,
  settings: DisclosureSettings,
  original: number | undefined,
): Reason[] {
  switch (value.kind) {
    case 'hidden':
      return [];
    case 'missing':
      return [
        {
          rule: 'missing',
          status: 'review',
          message:
            'no value: if it stands for a zero or a small count it may disclose, and a hidden cell may be worked out from totals; a person must look',
        },
      ];
    case 'text':
      return [
        {
          rule: 'not_a_number',
          status: 'review',
          message: `${JSON.stringify(raw)} is not a number: a person must look`,
        },
      ];
    case 'number':
      break;
  }
  const n = value.value;
  if (n < 0)
    return [
      {
        rule: 'negative',
        status: 'review',
        message: `${formatNumber(n)}: a count cannot be negative; a person must look`,
      },
    ];
  if (!Number.isInteger(n))
    return [
      {
        rule: 'not_a_number',
        status: 'review',
        message: `${formatNumber(n)} is not a whole number: is it a count? A person must look`,
      },
    ];
  const reasons: Reason[] = [];
  const truth = original ?? n;
  const before = original !== undefined && original !== n ? ' before rounding' : '';
  const shown = before === '' ? '' : ` (shown as ${formatNumber(n)})`;
  if (truth === 0) {
    if (settings.zerosDisclosive)
      reasons.push({
        rule: 'zero',
        status: 'fail',
        message: `${before === '' ? '' : `0${before}${shown}: `}${zeroMessage}`,
      });
  } else if (truth < settings.minCellCount) {
    reasons.push({
      rule: 'minimum_count',
      status: 'fail',
      message: `${counted(truth, unit)}${before}: below the minimum of ${settings.minCellCount}${shown}`,
    });
  }
  const { required, base } = settings.rounding;
  if (required && n % base !== 0)
    reasons.push({
      rule: 'rounding',
      status: 'fail',
      message: `${formatNumber(n)} is not a multiple of ${base}: counts must be rounded to a base of ${base}`,
    });
  return reasons;
}

const contributors = (n: number): string => `${formatNumber(n)} ${plural(n, 'contributor', 'contributors')}`;

/** The rules for a sum or a mean: enough contributors, no dominant contributors (n,k), the p-percent rule. */
function magnitudeReasons(
  value: CellValue,
  raw: string,
  count: number | 'hidden' | undefined,
  facts: MagnitudeCellFacts | undefined,
  statistic: MagnitudeTable['statistic'],
  settings: DisclosureSettings,
): Reason[] {
  switch (value.kind) {
    case 'hidden':
      return [];
    case 'missing':
      return [{ rule: 'missing', status: 'review', message: 'no value: a person must look at why' }];
    case 'text':
      return [
        {
          rule: 'not_a_number',
          status: 'review',
          message: `${JSON.stringify(raw)} is not a number: a person must look`,
        },
      ];
    case 'number':
      break;
  }
  const x = value.value;
  if (count === 'hidden')
    return [
      {
        rule: 'context',
        status: 'review',
        message:
          'the number of contributors is hidden: a value from a hidden count may disclose; a person must look',
      },
    ];
  if (count === undefined)
    return [
      {
        rule: 'context',
        status: 'review',
        message:
          'the number of contributors was not given (declare a count column, or the count of each cell), so the cell could not be checked',
      },
    ];
  const reasons: Reason[] = [];
  if (count < settings.minCellCount)
    reasons.push({
      rule: 'minimum_count',
      status: 'fail',
      message: `based on ${contributors(count)}: below the minimum of ${settings.minCellCount}`,
    });
  const largest = facts?.largest;
  if (largest === undefined) {
    reasons.push({
      rule: 'context',
      status: 'review',
      message:
        'dominance and p-percent could not be checked: the largest contributions to this cell were not given; a person must look',
    });
    return reasons;
  }
  const total = facts?.total ?? (statistic === 'sum' ? x : statistic === 'mean' ? x * count : undefined);
  if (total === undefined) {
    reasons.push({
      rule: 'context',
      status: 'review',
      message:
        "dominance and p-percent could not be checked: the cell's total (the sum of its contributions) was not given",
    });
    return reasons;
  }
  if (total < 0 || largest.some((v) => v < 0)) {
    reasons.push({
      rule: 'negative',
      status: 'review',
      message:
        'negative contributions: the dominance and p-percent rules hold only for contributions of zero or more; a person must look',
    });
    return reasons;
  }
  const sorted = [...largest].sort((a, b) => b - a);
  const { n, kPercent } = settings.dominance;
  const known = Math.min(count, n);
  if (sorted.length < known) {
    reasons.push({
      rule: 'context',
      status: 'review',
      message: `dominance could not be checked: ${numberWords[n] ?? n} largest contributions are needed and ${sorted.length} ${plural(sorted.length, 'was', 'were')} given`,
    });
    return reasons;
  }
  if (total === 0) {
    if (settings.zerosDisclosive)
      reasons.push({
        rule: 'zero',
        status: 'fail',
        message:
          "the cell's contributions add up to zero: a zero can disclose that nobody in the group has the attribute",
      });
    return reasons;
  }
  const top = sorted.slice(0, n).reduce((a, b) => a + b, 0);
  // Compared as products, not ratios, so that a share of exactly k percent is not failed by rounding.
  if (top * 100 > kPercent * total)
    reasons.push({
      rule: 'dominance',
      status: 'fail',
      message: `${n === 1 ? 'the largest contributor makes' : `the ${numberWords[n] ?? n} largest contributors make`} up ${formatPercent(top / total, kPercent)}% of the total (limit ${kPercent}%)`,
    });
  const x1 = sorted[0] ?? 0;
  const x2 = count >= 2 ? sorted[1] : 0;
  if (x2 === undefined) {
    reasons.push({
      rule: 'context',
      status: 'review',
      message: 'the p-percent rule could not be checked: the two largest contributions are needed',
    });
    return reasons;
  }
  const rest = total - x1 - x2;
  if (x1 > 0 && rest * 100 < settings.pPercent * x1)
    reasons.push({
      rule: 'p_percent',
      status: 'fail',
      message: `the contributions other than the two largest add up to ${formatPercent(Math.max(rest, 0) / x1, settings.pPercent)}% of the largest (at least ${settings.pPercent}% needed): the second-largest contributor could estimate the largest too closely`,
    });
  return reasons;
}

function recoverableReason(
  eq: TotalEquation,
  hidden: { row: number; column: number },
  table: CsvTable,
  labelOf: (row: number) => string,
): Reason {
  const isTotal = eq.total.row === hidden.row && eq.total.column === hidden.column;
  const col = JSON.stringify(columnName(table.header, eq.total.column));
  let message: string;
  if (isTotal)
    message = `it is a total and every cell that adds up to it is shown, so it can be worked out by adding them up`;
  else if (eq.direction === 'across')
    message = `it is the only hidden cell of row ${hidden.row + 1} adding up to the row total in column ${col}, so it can be worked out by subtraction`;
  else
    message = `it is the only hidden cell of column ${col} adding up to the total in row ${eq.total.row + 1} (${labelOf(eq.total.row)}), so it can be worked out by subtraction`;
  return { rule: 'recoverable', status: 'fail', message };
}

const ruleSummaries: Partial<Record<Rule, (n: number, s: DisclosureSettings) => string>> = {
  minimum_count: (n, s) =>
    `${n} ${plural(n, 'cell is', 'cells are')} below the minimum count of ${s.minCellCount}`,
  zero: (n) => `${n} ${plural(n, 'cell is', 'cells are')} zero`,
  dominance: (n, s) =>
    `${n} ${plural(n, 'cell is', 'cells are')} dominated by ${s.dominance.n === 1 ? 'one contributor' : `${numberWords[s.dominance.n] ?? s.dominance.n} contributors`} (more than ${s.dominance.kPercent}% of the total)`,
  p_percent: (n, s) => `${n} ${plural(n, 'cell fails', 'cells fail')} the p-percent rule (${s.pPercent}%)`,
  rounding: (n, s) =>
    `${n} ${plural(n, 'count is', 'counts are')} not rounded to a base of ${s.rounding.base}`,
  recoverable: (n) => `${n} hidden ${plural(n, 'cell', 'cells')} can be worked out from a total`,
  missing: (n) => `${n} ${plural(n, 'cell has', 'cells have')} no value`,
  not_a_number: (n) => `${n} ${plural(n, 'cell is not a whole number', 'cells are not whole numbers')}`,
  negative: (n) => `${n} ${plural(n, 'cell has', 'cells have')} negative values`,
  context: (n) => `${n} ${plural(n, 'cell', 'cells')} could not be fully checked`,
};

/** Checks every count and value cell of a parsed frequency or magnitude table. */
export function checkTable(
  table: CsvTable,
  context: FrequencyTable | MagnitudeTable | undefined,
  settings: DisclosureSettings,
  options: TableCheckOptions = {},
): TableCheck {
  const resolved = resolveLayout(table, context);
  if (!resolved.ok) return { layout: null, reasons: resolved.reasons, cells: [] };
  const layout = resolved.layout;
  const reasons: Reason[] = [...layout.notes];
  if (layout.notes.some((n) => n.status === 'fail')) return { layout, reasons, cells: [] };
  const { header, rows, decimal } = table;

  const labelOf = (r: number): string => {
    const parts = layout.labelColumns.map((l) => rows[r]?.cells[l] ?? '').filter((p) => p !== '');
    return parts.length === 0 ? `row ${r + 1}` : parts.join(' / ');
  };

  const facts = new Map<string, MagnitudeCellFacts>();
  if (context?.kind === 'magnitude')
    for (const f of context.cells ?? []) {
      const column = header.indexOf(f.column);
      if (
        column < 0 ||
        !layout.valueColumns.includes(column) ||
        !Number.isInteger(f.row) ||
        f.row < 1 ||
        f.row > rows.length
      )
        reasons.push({
          rule: 'context',
          status: 'fail',
          message: `the context gives facts for row ${f.row}, column ${JSON.stringify(f.column)}, which is not a value cell of the table (${rows.length} ${plural(rows.length, 'row', 'rows')}; value columns ${layout.valueColumns.map((c) => JSON.stringify(columnName(header, c))).join(', ')})`,
        });
      else facts.set(cellKey(f.row - 1, column), f);
    }

  const values = new Map<string, CellValue>();
  const valueAt = (row: number, column: number): CellValue => {
    const k = cellKey(row, column);
    let v = values.get(k);
    if (v === undefined) {
      v = readCell(rows[row]?.cells[column] ?? '', decimal);
      values.set(k, v);
    }
    return v;
  };

  const cellReasons = new Map<string, Reason[]>();
  for (const [r, row] of rows.entries()) {
    for (const c of layout.countColumns) {
      const raw = row.cells[c] ?? '';
      cellReasons.set(
        cellKey(r, c),
        countReasons(valueAt(r, c), raw, layout.unit, settings, options.originals?.get(cellKey(r, c))),
      );
    }
    for (const c of layout.valueColumns) {
      const raw = row.cells[c] ?? '';
      const f = facts.get(cellKey(r, c));
      const countCol = layout.countColumns[0];
      let count: number | 'hidden' | undefined = f?.count;
      if (count === undefined && countCol !== undefined) {
        const cv = valueAt(r, countCol);
        count = cv.kind === 'number' ? cv.value : isHiddenOrMissing(cv) ? 'hidden' : undefined;
      }
      const statistic = context?.kind === 'magnitude' ? context.statistic : 'other';
      cellReasons.set(cellKey(r, c), magnitudeReasons(valueAt(r, c), raw, count, f, statistic, settings));
    }
  }

  const equations = totalEquations(table, layout);
  for (const eq of equations) {
    const all = [eq.total, ...eq.members];
    const hidden = all.filter((p) => isHiddenOrMissing(valueAt(p.row, p.column)));
    const [only] = hidden;
    if (hidden.length === 1 && only !== undefined) {
      const list = cellReasons.get(cellKey(only.row, only.column));
      const reason = recoverableReason(eq, only, table, labelOf);
      if (list !== undefined && !list.some((x) => x.message === reason.message)) list.push(reason);
    }
  }

  const cells: CellVerdict[] = [];
  const checkedColumns = [...layout.countColumns, ...layout.valueColumns].sort((a, b) => a - b);
  for (const [r, row] of rows.entries())
    for (const c of checkedColumns) {
      const list = cellReasons.get(cellKey(r, c)) ?? [];
      cells.push({
        row: r + 1,
        line: row.line,
        column: columnName(header, c),
        label: labelOf(r),
        value: row.cells[c] ?? '',
        status: worst(list.map((x) => x.status)),
        reasons: list,
      });
    }

  for (const c of layout.statisticColumns)
    reasons.push({
      rule: 'manual',
      status: 'review',
      message: `column ${JSON.stringify(columnName(header, c))} holds numbers that are neither counts nor labels (a percentage, rate or mean?); it is not checked automatically and can reveal a small or hidden count: a person must look`,
    });

  const byRule = new Map<Rule, { count: number; status: 'fail' | 'review' | 'pass' }>();
  for (const cell of cells)
    for (const rule of new Set(cell.reasons.filter((x) => x.status !== 'pass').map((x) => x.rule))) {
      const status = worst(cell.reasons.filter((x) => x.rule === rule).map((x) => x.status));
      const entry = byRule.get(rule);
      byRule.set(rule, { count: (entry?.count ?? 0) + 1, status: worst([entry?.status ?? 'pass', status]) });
    }
  for (const [rule, { count, status }] of byRule) {
    const summary = ruleSummaries[rule];
    if (summary !== undefined) reasons.push({ rule, status, message: summary(count, settings) });
  }
  if (cells.length > 0 && cells.every((c) => c.status === 'pass'))
    reasons.push({
      rule: 'summary',
      status: 'pass',
      message: `all ${cells.length} checked ${plural(cells.length, 'cell passes', 'cells pass')} the automatic rules`,
    });
  if (rows.length === 0)
    reasons.push({ rule: 'rows', status: 'pass', message: 'the table has no data rows' });
  if (
    cells.some((c) => c.value.trim() !== '' && readCell(c.value, decimal).kind === 'hidden') &&
    equations.length === 0
  )
    reasons.push({
      rule: 'recoverable',
      status: 'pass',
      message:
        'the table has hidden cells and no totals; if a total of these cells is published elsewhere (another file, the text), a single hidden cell can be worked out from it',
    });
  return { layout, reasons, cells };
}
