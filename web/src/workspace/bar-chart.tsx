import { useId } from 'react';
import { t } from '../i18n/index.js';
import { cellText, number } from './labels.js';
import type { ConsoleResult } from './workspace-api.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

const numericType = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/i;
const maxBars = 40;

const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
};

/**
 * The quick chart of a console result: the first text column as the labels, the first numeric column as the
 * bars. Null when the result has no such pair, or no rows.
 */
export const chartOf = (
  result: ConsoleResult,
): { readonly labelColumn: string; readonly valueColumn: string; readonly bars: Bar[] } | null => {
  const valueAt = result.columns.findIndex((c) => numericType.test(c.type));
  const labelAt = result.columns.findIndex((c) => !numericType.test(c.type));
  const valueColumn = result.columns[valueAt];
  const labelColumn = result.columns[labelAt];
  if (valueColumn === undefined || labelColumn === undefined) return null;
  const bars = result.rows.flatMap((row) => {
    const value = asNumber(row[valueAt]);
    const raw = row[labelAt];
    const label = raw === null || raw === undefined ? '∅' : cellText(raw);
    return value === null ? [] : [{ label, value }];
  });
  if (bars.length === 0) return null;
  return { labelColumn: labelColumn.name, valueColumn: valueColumn.name, bars };
};

/**
 * Horizontal bars in SVG, one per row, labelled at their left and valued at their right: a picture for the
 * eye. Its title says what it shows; the result table beside it has every number for everyone else.
 */
export const BarChart = ({ title, bars }: { readonly title: string; readonly bars: readonly Bar[] }) => {
  const titleId = useId();
  const shown = bars.slice(0, maxBars);
  const max = Math.max(0, ...shown.map((b) => b.value));
  const min = Math.min(0, ...shown.map((b) => b.value));
  const span = max - min === 0 ? 1 : max - min;
  const labelWidth = Math.min(220, 12 + 7.5 * Math.max(...shown.map((b) => Math.min(28, b.label.length))));
  const valueWidth = 70;
  const width = 640;
  const barHeight = 20;
  const gap = 6;
  const plot = width - labelWidth - valueWidth;
  const x = (v: number): number => labelWidth + ((v - min) / span) * plot;
  const height = shown.length * (barHeight + gap) + gap;
  const clip = (s: string): string => (s.length > 28 ? `${s.slice(0, 27)}…` : s);
  return (
    <figure className="ws-chart">
      <figcaption id={titleId} className="ws-chart__caption">
        {title}
        {bars.length > maxBars && (
          <span className="muted">
            {' '}
            {t('workspace.sql.chartFirst', { shown: maxBars, total: bars.length })}
          </span>
        )}
      </figcaption>
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${width} ${height}`} className="ws-chart__svg">
        <line x1={x(0)} x2={x(0)} y1={0} y2={height} className="ws-chart__axis" />
        {shown.map((b, i) => {
          const y = gap + i * (barHeight + gap);
          const from = x(Math.min(0, b.value));
          const to = x(Math.max(0, b.value));
          return (
            <g key={`${i}-${b.label}`}>
              <text x={labelWidth - 8} y={y + barHeight / 2 + 5} textAnchor="end" className="ws-chart__label">
                {clip(b.label)}
              </text>
              <rect
                x={from}
                y={y}
                width={Math.max(1, to - from)}
                height={barHeight}
                className="ws-chart__bar"
              >
                <title>{`${b.label}: ${number(b.value)}`}</title>
              </rect>
              <text x={to + 6} y={y + barHeight / 2 + 5} className="ws-chart__value">
                {number(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};
