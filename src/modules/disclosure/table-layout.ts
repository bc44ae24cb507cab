import { readCell } from './cell-value.js';
import type { CsvTable } from './csv-table.js';
import type { FrequencyTable, MagnitudeTable, TotalsDeclaration } from './output-file.js';
import type { Reason } from './verdict.js';

/** Columns that add up: a total column (if any) holds the sum of the others, row by row. */
export interface ColumnFamily {
  readonly columns: readonly number[];
  readonly totalColumn: number | null;
}

/** Which column of a table is what, decided from the declared context or, where absent, from names. */
export interface TableLayout {
  readonly kind: 'frequency' | 'magnitude';
  /** Checked as counts: a frequency table's counts, or a magnitude table's count column. */
  readonly countColumns: readonly number[];
  /** A magnitude table's statistic columns. */
  readonly valueColumns: readonly number[];
  /** The columns that name a cell's group (age band, sex); a total row has a total label in one of them. */
  readonly labelColumns: readonly number[];
  /** Numbers that are neither counts nor labels (percentages, rates): not checked, and said so. */
  readonly statisticColumns: readonly number[];
  readonly families: readonly ColumnFamily[];
  readonly isTotalLabel: (label: string) => boolean;
  readonly unit: string;
  /** How the layout was decided, where it was inferred; and problems with the declared context. */
  readonly notes: readonly Reason[];
}

export type LayoutResult =
  | { readonly ok: true; readonly layout: TableLayout }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

// Also DuckDB's and SQL's own names: count_star(), count(DISTINCT person_id).
const countName = /^(n|count|counts|freq|frequency)([ _(].*)?$/i;
const totalName = /^(total|totals|all|overall|grand total)$/i;
const statisticName =
  /(^|[^a-z])(pct|percent|percentage|rate|ratio|prop|proportion|share|mean|avg|average|median|sd|std|se|ci|lower|upper|lci|uci)([^a-z]|$)|%/i;

/** Finds a declared column: by its exact name, else by its name ignoring case and surrounding spaces. */
function findColumn(header: readonly string[], name: string): number | null {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const loose = header.flatMap((h, i) => (h.trim().toLowerCase() === name.trim().toLowerCase() ? [i] : []));
  return loose.length === 1 ? (loose[0] ?? null) : null;
}

export const columnName = (header: readonly string[], i: number): string =>
  header[i] === undefined || header[i] === '' ? `(column ${i + 1})` : (header[i] ?? '');

const quoted = (header: readonly string[], i: number): string => JSON.stringify(columnName(header, i));

function totalsOf(
  declared: TotalsDeclaration | undefined,
  header: readonly string[],
  columns: readonly number[],
  notes: Reason[],
): { readonly isTotalLabel: (label: string) => boolean; readonly totalColumn: number | null } {
  const rowLabel = declared?.rowLabel;
  const isTotalLabel =
    rowLabel === null
      ? (): boolean => false
      : rowLabel === undefined
        ? (label: string): boolean => totalName.test(label.trim())
        : (label: string): boolean => label.trim().toLowerCase() === rowLabel.trim().toLowerCase();
  let totalColumn: number | null = null;
  if (declared?.column !== undefined && declared.column !== null) {
    const i = findColumn(header, declared.column);
    if (i === null || !columns.includes(i))
      notes.push({
        rule: 'context',
        status: 'fail',
        message: `the context names ${JSON.stringify(declared.column)} as the total column, but it is not one of the checked columns (${columns.map((c) => quoted(header, c)).join(', ')})`,
      });
    else totalColumn = i;
  } else if (declared?.column === undefined && columns.length > 1) {
    const named = columns.filter((c) => totalName.test((header[c] ?? '').trim()));
    if (named.length === 1 && named[0] !== undefined) {
      totalColumn = named[0];
      notes.push({
        rule: 'context',
        status: 'pass',
        message: `column ${quoted(header, totalColumn)} was taken as the row total because of its name`,
      });
    }
  }
  return { isTotalLabel, totalColumn };
}

/** Numbers that are not whole, or a name such as pct or rate: a statistic, not a label. */
function looksLikeStatistic(table: CsvTable, column: number): boolean {
  if (statisticName.test(table.header[column] ?? '')) return true;
  let fractional = false;
  for (const row of table.rows) {
    const v = readCell(row.cells[column] ?? '', table.decimal);
    if (v.kind === 'text') return false;
    if (v.kind === 'number' && !Number.isInteger(v.value)) fractional = true;
  }
  return fractional;
}

export function resolveLayout(
  table: CsvTable,
  context: FrequencyTable | MagnitudeTable | undefined,
): LayoutResult {
  const { header } = table;
  const notes: Reason[] = [];
  const declaredColumns = (names: readonly string[], what: string): number[] | null => {
    const found: number[] = [];
    const unknown: string[] = [];
    for (const n of names) {
      const i = findColumn(header, n);
      if (i === null) unknown.push(n);
      else if (!found.includes(i)) found.push(i);
    }
    if (unknown.length > 0) {
      notes.push({
        rule: 'context',
        status: 'fail',
        message: `the context names ${unknown.map((u) => JSON.stringify(u)).join(', ')} as ${what}, but the table has no such column (its columns: ${header.map((_, i) => quoted(header, i)).join(', ')})`,
      });
      return null;
    }
    return found;
  };

  let kind: 'frequency' | 'magnitude';
  let countColumns: number[];
  let valueColumns: number[] = [];
  if (context === undefined || (context.kind === 'frequency' && context.countColumns === undefined)) {
    kind = 'frequency';
    countColumns = header.flatMap((h, i) => (countName.test(h.trim()) ? [i] : []));
    if (countColumns.length === 0)
      return {
        ok: false,
        reasons: [
          {
            rule: 'context',
            status: 'review',
            message: `no column is declared or recognised as counts (by a name such as count, n or frequency), so no cell was checked: declare the kind of table and its count columns, or a person checks it`,
          },
        ],
      };
    notes.push({
      rule: 'context',
      status: 'pass',
      message: `${countColumns.length === 1 ? 'column' : 'columns'} ${countColumns.map((c) => quoted(header, c)).join(', ')} ${countColumns.length === 1 ? 'was' : 'were'} taken as counts because of ${countColumns.length === 1 ? 'its name' : 'their names'}; declare the count columns in the file's context if that is wrong`,
    });
  } else if (context.kind === 'frequency') {
    kind = 'frequency';
    const found = declaredColumns(context.countColumns ?? [], 'count columns');
    if (found === null) return { ok: false, reasons: notes };
    if (found.length === 0)
      return {
        ok: false,
        reasons: [{ rule: 'context', status: 'fail', message: 'the context declares no count columns' }],
      };
    countColumns = found;
  } else {
    kind = 'magnitude';
    const values = declaredColumns(context.valueColumns, 'value columns');
    const count =
      context.countColumn === undefined ? [] : declaredColumns([context.countColumn], 'the count column');
    if (values === null || count === null) return { ok: false, reasons: notes };
    if (values.length === 0)
      return {
        ok: false,
        reasons: [{ rule: 'context', status: 'fail', message: 'the context declares no value columns' }],
      };
    valueColumns = values;
    countColumns = count.filter((c) => !values.includes(c));
  }

  const checked = new Set([...countColumns, ...valueColumns]);
  const rest = header.map((_, i) => i).filter((i) => !checked.has(i));
  const statisticColumns = rest.filter((i) => looksLikeStatistic(table, i));
  const labelColumns = rest.filter((i) => !statisticColumns.includes(i));

  const additive =
    kind === 'frequency'
      ? countColumns
      : context?.kind === 'magnitude' && context.statistic === 'sum'
        ? valueColumns
        : [];
  const totals = totalsOf(context?.totals, header, additive, notes);
  const families: ColumnFamily[] = [];
  if (additive.length > 0) families.push({ columns: additive, totalColumn: totals.totalColumn });
  if (kind === 'magnitude') for (const c of countColumns) families.push({ columns: [c], totalColumn: null });

  return {
    ok: true,
    layout: {
      kind,
      countColumns,
      valueColumns,
      labelColumns,
      statisticColumns,
      families,
      isTotalLabel: totals.isTotalLabel,
      unit: context?.kind === 'frequency' ? (context.unit ?? 'persons') : 'persons',
      notes,
    },
  };
}
