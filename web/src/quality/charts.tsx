import { useId } from 'react';
import { t } from '../i18n/index.js';
import type { Distribution, Run } from './quality-api.js';

const number = (n: number): string => n.toLocaleString('en-GB');

/** Share of the checks that ran (passed or failed) that passed, 0-100; null when none ran. */
export const passRate = (run: Run): number | null => {
  const ran = run.counts.passed + run.counts.failed;
  return ran === 0 ? null : (100 * run.counts.passed) / ran;
};

/**
 * The pass rate across runs as a line, one point per run. The chart is a picture for the eye: its title and
 * description say the same in words, and the runs table beside it has every number.
 */
export const TrendChart = ({ runs }: { readonly runs: readonly Run[] }) => {
  const titleId = useId();
  const descId = useId();
  const points = runs.flatMap((run) => {
    const rate = passRate(run);
    return rate === null ? [] : [{ run, rate }];
  });
  if (points.length === 0) return null;
  const width = 640;
  const height = 200;
  const pad = { left: 44, right: 12, top: 12, bottom: 28 };
  const lowest = Math.max(0, Math.floor(Math.min(...points.map((p) => p.rate)) / 10) * 10 - 10);
  const x = (i: number): number =>
    points.length === 1
      ? pad.left + (width - pad.left - pad.right) / 2
      : pad.left + (i * (width - pad.left - pad.right)) / (points.length - 1);
  const y = (rate: number): number =>
    pad.top + ((100 - rate) * (height - pad.top - pad.bottom)) / Math.max(1, 100 - lowest);
  const ticks = [lowest, (lowest + 100) / 2, 100];
  const first = points[0];
  const last = points[points.length - 1];
  const date = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return (
    <figure className="quality-chart">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${width} ${height}`}
        className="quality-chart__svg"
      >
        <title id={titleId}>{t('quality.trend.chartTitle')}</title>
        <desc id={descId}>
          {first !== undefined && last !== undefined
            ? t('quality.trend.chartDescription', {
                runs: points.length,
                first: first.rate.toFixed(1),
                last: last.rate.toFixed(1),
              })
            : ''}
        </desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(tick)}
              y2={y(tick)}
              className="quality-chart__grid"
            />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="quality-chart__axis">
              {`${tick.toFixed(0)}%`}
            </text>
          </g>
        ))}
        <polyline
          className="quality-chart__line"
          points={points.map((p, i) => `${x(i)},${y(p.rate)}`).join(' ')}
        />
        {points.map((p, i) => (
          <g key={p.run.id}>
            <circle cx={x(i)} cy={y(p.rate)} r={4} className="quality-chart__point">
              <title>
                {t('quality.trend.point', {
                  date: date(p.run.finishedAt),
                  rate: p.rate.toFixed(1),
                  failed: number(p.run.counts.failed),
                })}
              </title>
            </circle>
            {(i === 0 || i === points.length - 1 || points.length <= 8) && (
              <text x={x(i)} y={height - 8} textAnchor="middle" className="quality-chart__axis">
                {date(p.run.finishedAt)}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
};

/**
 * A histogram of one quantity: the plausible values in blue bins, the outliers below and above the plausible
 * range as hatched red bars at either end, each labelled in words under the chart.
 */
export const Histogram = ({ distribution: d }: { readonly distribution: Distribution }) => {
  const titleId = useId();
  const hatch = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const bars = [
    { key: 'below', rows: d.below, outlier: true, label: t('quality.distribution.below', { low: d.low }) },
    ...d.bins.map((b, i) => ({
      key: String(i),
      rows: b.rows,
      outlier: false,
      label: `${number(b.from)}–${number(b.to)}`,
    })),
    { key: 'above', rows: d.above, outlier: true, label: t('quality.distribution.above', { high: d.high }) },
  ];
  const max = Math.max(1, ...bars.map((b) => b.rows));
  const barWidth = 22;
  const gap = 4;
  const height = 110;
  const width = bars.length * (barWidth + gap);
  return (
    <figure className="quality-histogram">
      <figcaption id={titleId}>
        <strong>
          {d.name}
          {d.sourceCode === null ? '' : ` (LOINC ${d.sourceCode})`}
          {d.unit === null ? '' : `, ${d.unit}`}
        </strong>
        <span className="block">
          {t('quality.distribution.summary', {
            rows: number(d.rows),
            low: d.low,
            high: d.high,
          })}{' '}
          <span className={d.below + d.above > 0 ? 'error-text' : undefined}>
            {t('quality.distribution.outliers', { below: number(d.below), above: number(d.above) })}
          </span>
        </span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${width} ${height + 4}`}
        className="quality-histogram__svg"
      >
        <defs>
          <pattern
            id={hatch}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="quality-histogram__outlier" />
            <line x1="0" y1="0" x2="0" y2="6" className="quality-histogram__hatch" />
          </pattern>
        </defs>
        {bars.map((b, i) => {
          const h = b.rows === 0 ? 0 : Math.max(2, Math.round((b.rows / max) * height));
          return (
            <rect
              key={b.key}
              x={i * (barWidth + gap)}
              y={height - h}
              width={barWidth}
              height={h}
              className={b.outlier ? undefined : 'quality-histogram__bar'}
              fill={b.outlier ? `url(#${hatch})` : undefined}
            >
              <title>{`${b.label}: ${number(b.rows)}`}</title>
            </rect>
          );
        })}
        <line x1={0} x2={width} y1={height + 1} y2={height + 1} className="quality-chart__grid" />
      </svg>
      <p className="quality-histogram__ends muted" aria-hidden="true">
        <span>{t('quality.distribution.belowShort', { low: d.low })}</span>
        <span>{t('quality.distribution.aboveShort', { high: d.high })}</span>
      </p>
    </figure>
  );
};
