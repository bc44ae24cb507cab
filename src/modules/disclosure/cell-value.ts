/** What a table cell holds, read the way statistical tables are written. */
export type CellValue =
  | { readonly kind: 'number'; readonly value: number }
  /** Hidden on purpose: `*`, `c`, `x`, `[c]`, `suppressed`, or a bound such as `<10`. */
  | { readonly kind: 'hidden' }
  /** No value: empty, NA, NaN, null, `.` or `..`. It may stand for a zero (pandas writes empty cells so). */
  | { readonly kind: 'missing' }
  | { readonly kind: 'text' };

/** What `suppress` writes in place of a hidden cell. */
export const suppressedMarker = '*';

const missing = /^(|na|n\/a|nan|null|none|\.|\.\.)$/i;
const hidden = /^(\*+|\[?[cx]\]?|\[?suppressed\]?|(<|<=|≤)\s*\d+)$/i;
const thousandsFor = { '.': "[,\\s\\u00a0\\u202f'_]", ',': "[.\\s\\u00a0\\u202f'_]" } as const;
const patterns = {
  '.': new RegExp(
    `^([+\\-\\u2212]?)(\\d{1,3}(?:(${thousandsFor['.']})\\d{3})(?:\\3\\d{3})*|\\d+)(?:\\.(\\d+))?(?:[eE]([+-]?\\d+))?$`,
  ),
  ',': new RegExp(
    `^([+\\-\\u2212]?)(\\d{1,3}(?:(${thousandsFor[',']})\\d{3})(?:\\3\\d{3})*|\\d+)(?:,(\\d+))?(?:[eE]([+-]?\\d+))?$`,
  ),
} as const;

/**
 * Reads a cell: numbers with a decimal point or comma and with or without thousands separators (1,234 or
 * 1 234 or 1.234,5 when the decimal is a comma), a minus or Unicode minus sign.
 */
export function readCell(raw: string, decimal: '.' | ','): CellValue {
  const text = raw.trim();
  if (missing.test(text)) return { kind: 'missing' };
  if (hidden.test(text)) return { kind: 'hidden' };
  const m = patterns[decimal].exec(text);
  if (m === null) return { kind: 'text' };
  const [, sign = '', whole = '', sep, fraction, exponent] = m;
  const digits = sep === undefined ? whole : whole.split(sep).join('');
  const value = Number(
    `${sign === '' || sign === '+' ? '' : '-'}${digits}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`,
  );
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'text' };
}

export const isHiddenOrMissing = (v: CellValue): boolean => v.kind === 'hidden' || v.kind === 'missing';

const grouping = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/** A number as users read it in the reasons: 1,234 or 12.5. */
export const formatNumber = (n: number): string => grouping.format(n);

/**
 * A share as a percentage for a reason: one decimal at most, but enough decimals that a value just over a
 * limit is not shown as the limit itself ("90.04% (limit 90%)", not "90% (limit 90%)").
 */
export function formatPercent(share: number, limit: number): string {
  const pct = share * 100;
  let digits = Number.isInteger(pct) ? 0 : 1;
  while (digits < 4 && pct !== limit && Number(pct.toFixed(digits)) === limit) digits++;
  return String(Number(pct.toFixed(digits)));
}
