/**
 * What every benchmark hands back to the runner: its own typed figures, plus rows for the final summary
 * table, each pairing a Salus figure with the baseline it is read against.
 */
export interface SummaryRow {
  readonly benchmark: string;
  /** What was measured, e.g. "GET /api/me, 32 in flight". */
  readonly measure: string;
  readonly unit: string;
  readonly salus: number;
  /** The same work without what Salus adds (null where there is no fair baseline). */
  readonly baseline: number | null;
  readonly baselineLabel: string | null;
}

export interface BenchmarkResult {
  readonly name: string;
  readonly rows: readonly SummaryRow[];
  /** Things a reader of the figures should know: skipped variants, setup times, caveats. */
  readonly notes: readonly string[];
}

/** Salus over baseline: below 1 means Salus does less of the work per second than the bare baseline. */
export const ratio = (salus: number, baseline: number | null): number | null =>
  baseline === null || baseline === 0 ? null : salus / baseline;

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-GB');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatRatio(r: number | null): string {
  return r === null ? '-' : `${r.toFixed(3)}x`;
}

/** A plain-text table: readable in a terminal and pasteable into an issue as-is. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Text columns read left to right; figures line up on their last digit.
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,x%]+$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderSummary(results: readonly BenchmarkResult[]): string {
  const rows = results.flatMap((r) =>
    r.rows.map((row) => [
      row.benchmark,
      row.measure,
      row.unit,
      formatNumber(row.salus),
      row.baseline === null ? '-' : formatNumber(row.baseline),
      formatRatio(ratio(row.salus, row.baseline)),
      row.baselineLabel ?? '-',
    ]),
  );
  return renderTable(['benchmark', 'measure', 'unit', 'salus', 'baseline', 'ratio', 'baseline is'], rows);
}
