import { AppError } from '../../platform/errors/index.js';
import { formatNumber, isHiddenOrMissing, readCell, suppressedMarker } from './cell-value.js';
import { checkCsvTable, readCsvFile } from './check-file.js';
import { writeCsvTable, type CsvTable } from './csv-table.js';
import type { CellRef, OutputFile } from './output-file.js';
import type { DisclosureSettings } from './settings.js';
import { cellKey, checkTable } from './table-check.js';
import { columnName, type TableLayout } from './table-layout.js';
import { totalEquations, type CellPos, type TotalEquation } from './table-totals.js';
import type { FileVerdict, Rule } from './verdict.js';

export interface CellChange {
  readonly row: number;
  readonly column: string;
  readonly from: string;
  readonly to: string;
  /** Why it changed, in plain words: which rule (primary suppression), which total (secondary), rounding. */
  readonly why: string;
}

/** A remedied table: the new CSV (to store in place of the old), the new verdict, and what changed. */
export interface RemedyResult {
  readonly csv: string;
  readonly verdict: FileVerdict;
  readonly changes: readonly CellChange[];
}

/** The rules a hidden cell answers; a count failing only the rounding rule is rounded, not hidden. */
const disclosureRules = new Set<Rule>(['minimum_count', 'zero', 'dominance', 'p_percent']);

interface Prepared {
  readonly table: CsvTable;
  readonly layout: TableLayout;
  readonly failing: readonly CellRef[];
}

function prepare(file: OutputFile, settings: DisclosureSettings, remedy: string): Prepared {
  const read = readCsvFile(file);
  if (!read.ok)
    throw new AppError('invalid', 'disclosure.not_a_table', `Cannot ${remedy} ${file.name}: ${read.why}`);
  const context = file.context.table;
  if (context?.kind === 'model' || context?.kind === 'other')
    throw new AppError(
      'invalid',
      'disclosure.not_a_table',
      `Cannot ${remedy} ${file.name}: it is declared as ${context.kind === 'model' ? 'a model summary' : 'a table the checks cannot read'}, which has no cells to ${remedy}`,
    );
  const checked = checkTable(read.table, context, settings);
  if (checked.layout === null || checked.reasons.some((r) => r.rule === 'context' && r.status === 'fail'))
    throw new AppError(
      'invalid',
      'disclosure.not_a_table',
      `Cannot ${remedy} ${file.name}: ${checked.reasons.map((r) => r.message).join('; ')}`,
    );
  const failing = checked.cells
    .filter(
      (c) =>
        c.reasons.some((r) => r.status === 'fail' && disclosureRules.has(r.rule)) &&
        !isHiddenOrMissing(readCell(c.value, read.table.decimal)),
    )
    .map((c) => ({ row: c.row, column: c.column }));
  return { table: read.table, layout: checked.layout, failing };
}

function positionOf(ref: CellRef, table: CsvTable, columns: readonly number[], file: string): CellPos {
  const column = columns.find((c) => columnName(table.header, c) === ref.column);
  if (column === undefined)
    throw new AppError(
      'invalid',
      'disclosure.unknown_cell',
      `${file} has no checked column ${JSON.stringify(ref.column)} (checked columns: ${columns.map((c) => JSON.stringify(columnName(table.header, c))).join(', ')})`,
    );
  if (!Number.isInteger(ref.row) || ref.row < 1 || ref.row > table.rows.length)
    throw new AppError(
      'invalid',
      'disclosure.unknown_cell',
      `${file} has no row ${ref.row} (its data rows are 1 to ${table.rows.length})`,
    );
  return { row: ref.row - 1, column };
}

/**
 * Hides cells: the given ones (primary suppression; by default every cell that fails), then as many more as
 * it takes so that no total in the table has exactly one hidden cell among the cells adding up to it
 * (secondary suppression), choosing the smallest count each time. Hidden cells are written as `*`.
 */
export function suppress(
  file: OutputFile,
  cells: readonly CellRef[] | 'failing',
  settings: DisclosureSettings,
): RemedyResult {
  const { table, layout, failing } = prepare(file, settings, 'suppress cells of');
  const checkedColumns = [...layout.countColumns, ...layout.valueColumns];
  const refs = cells === 'failing' ? failing : cells;
  const grid = table.rows.map((r) => [...r.cells]);
  const changes: CellChange[] = [];
  const equations = totalEquations(table, layout);
  const cellsOf = (eq: TotalEquation): readonly CellPos[] => [eq.total, ...eq.members];
  const key = (p: CellPos): string => cellKey(p.row, p.column);
  const equationsOf = new Map<string, number[]>();
  for (const [i, eq] of equations.entries())
    for (const p of cellsOf(eq)) {
      const list = equationsOf.get(key(p));
      if (list === undefined) equationsOf.set(key(p), [i]);
      else list.push(i);
    }
  const hidden = new Set<string>();
  for (const [r, row] of grid.entries())
    for (const c of checkedColumns)
      if (isHiddenOrMissing(readCell(row[c] ?? '', table.decimal))) hidden.add(cellKey(r, c));
  const hiddenIn = equations.map((eq) => cellsOf(eq).filter((p) => hidden.has(key(p))).length);
  const hide = (pos: CellPos, why: string): void => {
    const row = grid[pos.row];
    const before = row?.[pos.column];
    if (before === undefined || row === undefined || hidden.has(key(pos))) return;
    row[pos.column] = suppressedMarker;
    hidden.add(key(pos));
    for (const i of equationsOf.get(key(pos)) ?? []) hiddenIn[i] = (hiddenIn[i] ?? 0) + 1;
    changes.push({
      row: pos.row + 1,
      column: columnName(table.header, pos.column),
      from: before,
      to: suppressedMarker,
      why,
    });
  };

  for (const ref of refs)
    hide(
      positionOf(ref, table, checkedColumns, file.name),
      cells === 'failing' ? 'it fails the automatic checks' : 'the requester chose to hide it',
    );

  const valueOf = (p: CellPos): number => {
    const v = readCell(grid[p.row]?.[p.column] ?? '', table.decimal);
    return v.kind === 'number' ? v.value : Number.POSITIVE_INFINITY;
  };
  // Hiding a cell opens the other totals it adds up to that have no hidden cell yet, and closes those with
  // exactly one: prefer the cell that opens fewest and closes most, then the smallest count.
  const cost = (p: CellPos, open: number): number =>
    (equationsOf.get(key(p)) ?? [])
      .filter((i) => i !== open)
      .reduce((sum, i) => sum + (hiddenIn[i] === 0 ? 1 : hiddenIn[i] === 1 ? -1 : 0), 0);
  const where = (p: CellPos): string =>
    `row ${p.row + 1}, column ${JSON.stringify(columnName(table.header, p.column))}`;
  // Each pass hides one more cell, so this ends: at worst when every cell of an equation is hidden.
  for (;;) {
    const open = hiddenIn.indexOf(1);
    const eq = equations[open];
    if (eq === undefined) break;
    const candidates = eq.members
      .filter((p) => !hidden.has(key(p)))
      .map((p) => ({ p, cost: cost(p, open), value: valueOf(p) }));
    const pick = candidates.reduce<(typeof candidates)[number] | undefined>(
      (best, c) =>
        best === undefined || c.cost < best.cost || (c.cost === best.cost && c.value < best.value) ? c : best,
      undefined,
    )?.p;
    const hiddenOne = cellsOf(eq).find((p) => hidden.has(key(p)));
    const name = hiddenOne === undefined ? '' : where(hiddenOne);
    if (pick === undefined)
      hide(eq.total, `otherwise the hidden cell at ${name} could be worked out by adding up`);
    else
      hide(
        pick,
        `otherwise the hidden cell at ${name} could be worked out from the total at ${where(eq.total)}`,
      );
  }

  const csv = writeCsvTable(table, grid);
  const remedied: CsvTable = {
    ...table,
    rows: table.rows.map((r, i) => ({ ...r, cells: grid[i] ?? r.cells })),
  };
  return { csv, verdict: checkCsvTable(file, remedied, settings), changes };
}

/**
 * Rounds every count to the nearest multiple of `base` (halves up); totals are rounded on their own, so they
 * may differ from the sum of the rounded cells. Rounding does not make a small count safe: the new verdict
 * judges the small-count and zero rules on the counts before rounding, so suppress those cells first.
 */
export function round(file: OutputFile, base: number, settings: DisclosureSettings): RemedyResult {
  if (!Number.isInteger(base) || base < 2)
    throw new AppError(
      'invalid',
      'disclosure.bad_rounding_base',
      `The rounding base must be a whole number of 2 or more, not ${base}`,
    );
  const { table, layout } = prepare(file, settings, 'round');
  const grid = table.rows.map((r) => [...r.cells]);
  const originals = new Map<string, number>();
  const changes: CellChange[] = [];
  for (const [r, row] of grid.entries())
    for (const c of layout.countColumns) {
      const raw = row[c] ?? '';
      const v = readCell(raw, table.decimal);
      if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0) continue;
      const rounded = Math.floor(v.value / base + 0.5) * base;
      originals.set(cellKey(r, c), v.value);
      if (String(rounded) === raw) continue;
      row[c] = String(rounded);
      changes.push({
        row: r + 1,
        column: columnName(table.header, c),
        from: raw,
        to: String(rounded),
        why: `${formatNumber(v.value)} rounded to the nearest multiple of ${base}`,
      });
    }
  const csv = writeCsvTable(table, grid);
  const remedied: CsvTable = {
    ...table,
    rows: table.rows.map((r, i) => ({ ...r, cells: grid[i] ?? r.cells })),
  };
  return { csv, verdict: checkCsvTable(file, remedied, settings, { originals }), changes };
}
