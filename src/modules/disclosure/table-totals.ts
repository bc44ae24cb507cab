import type { CsvTable } from './csv-table.js';
import type { TableLayout } from './table-layout.js';

/** A cell by its index in the table's rows (0 for the first data row) and its column's index. */
export interface CellPos {
  readonly row: number;
  readonly column: number;
}

/**
 * A total and the cells that add up to it. `across` is a row's total (the cells of one row, in the family's
 * columns); `down` is a total row (the same column in the rows that differ only in one label).
 */
export interface TotalEquation {
  readonly total: CellPos;
  readonly members: readonly CellPos[];
  readonly direction: 'across' | 'down';
}

/**
 * The marginal equations of a table: each cell in a total row or total column equals the sum of the cells
 * that share all its other labels. A hidden cell that is the only hidden one in an equation can be worked
 * out by subtraction (or, if it is the total, by addition).
 */
export function totalEquations(table: CsvTable, layout: TableLayout): TotalEquation[] {
  const equations: TotalEquation[] = [];
  const labels = layout.labelColumns;
  // Group keys are built from strings once per row: this runs on tables at the row cap on every check.
  const sep = '\u001f';
  const rowKeys = table.rows.map((row) => {
    const key = labels.map((l) => (row.cells[l] ?? '').trim());
    return {
      isTotal: key.map((k) => layout.isTotalLabel(k)),
      whole: key.join(sep),
      without: key.map((_, d) => key.map((k, i) => (i === d ? '' : k)).join(sep)),
    };
  });
  const columnDim = labels.length;
  for (const family of layout.families) {
    const groupKey = (r: number, column: number, d: number): string => {
      const row = rowKeys[r];
      return d === columnDim ? `${d}${sep}${row?.whole}` : `${d}${sep}${row?.without[d]}${sep}${column}`;
    };
    const isTotal = (r: number, column: number, d: number): boolean =>
      d === columnDim ? column === family.totalColumn : (rowKeys[r]?.isTotal[d] ?? false);
    const groups = new Map<string, CellPos[]>();
    for (let r = 0; r < table.rows.length; r++)
      for (const column of family.columns)
        for (let d = 0; d <= columnDim; d++) {
          if (isTotal(r, column, d)) continue;
          const k = groupKey(r, column, d);
          const group = groups.get(k);
          if (group === undefined) groups.set(k, [{ row: r, column }]);
          else group.push({ row: r, column });
        }
    for (let r = 0; r < table.rows.length; r++)
      for (const column of family.columns)
        for (let d = 0; d <= columnDim; d++) {
          if (!isTotal(r, column, d)) continue;
          const members = groups.get(groupKey(r, column, d));
          if (members !== undefined && members.length > 0)
            equations.push({
              total: { row: r, column },
              members,
              direction: d === columnDim ? 'across' : 'down',
            });
        }
  }
  return equations;
}
