/**
 * Value distributions for the dashboard: for each measured quantity with a plausible range (the LOINC codes
 * of `source-code-rules.ts` in their own unit, year of birth and days of supply with the DQD's bounds), how
 * many values fall below and above the range (the outliers, the rows the range checks count) and how the
 * plausible ones spread over a few bins. Counts only,
 * computed in one set-based query; bin edges come from the 1st and 99th percentiles, rounded, so no single
 * person's value is shown.
 */
import { scopedTableSource, type Lake, type LakeScope } from '../lake/index.js';
import { measurementSourceRules } from './source-code-rules.js';

export interface DistributionBin {
  readonly from: number;
  readonly to: number;
  readonly rows: number;
}

export interface Distribution {
  /** Stable across runs: `<table>.<field>[.<source code>]`. */
  readonly id: string;
  readonly table: string;
  readonly field: string;
  /** The LOINC code the values are of, for measurements. */
  readonly sourceCode: string | null;
  readonly name: string;
  readonly unit: string | null;
  /** The plausible range: values outside it are outliers. */
  readonly low: number;
  readonly high: number;
  /** Values counted (rows with a value). */
  readonly rows: number;
  readonly below: number;
  readonly above: number;
  /** The plausible values in equal bins; the first and last also hold the few beyond the 1st and 99th percentile. */
  readonly bins: readonly DistributionBin[];
}

const binCount = 12;

interface Series {
  readonly id: string;
  readonly table: 'measurement' | 'person' | 'drug_exposure';
  readonly field: string;
  readonly sourceCode: string | null;
  readonly name: string;
  readonly unit: string | null;
  readonly low: number;
  readonly high: number;
}

/** The series measured: every source-code rule, then the DQD's numeric bounds on persons and prescriptions. */
export function distributionSeries(asOf: string): Series[] {
  const year = Number(asOf.slice(0, 4));
  return [
    ...measurementSourceRules.map((r): Series => ({
      id: `measurement.value_as_number.${r.code}`,
      table: 'measurement',
      field: 'value_as_number',
      sourceCode: r.code,
      name: r.name,
      unit: r.units[0] ?? null,
      low: r.low,
      high: r.high,
    })),
    {
      id: 'person.year_of_birth',
      table: 'person',
      field: 'year_of_birth',
      sourceCode: null,
      name: 'Year of birth',
      unit: null,
      low: 1850,
      high: year + 1,
    },
    {
      id: 'drug_exposure.days_supply',
      table: 'drug_exposure',
      field: 'days_supply',
      sourceCode: null,
      name: 'Days of supply',
      unit: 'd',
      low: 1,
      high: 365,
    },
  ];
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Three significant digits: enough to read a histogram, too coarse to be anyone's exact value. */
export function roundEdge(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const step = 10 ** (magnitude - 2);
  return Math.round(x / step) * step;
}

/** The SQL of the whole measurement: one UNION ALL of the series the scope has data for. */
export function distributionSql(lake: Lake, scope: LakeScope, series: readonly Series[]): string | null {
  const parts: string[] = [];
  const measurement = scopedTableSource(lake, scope, 'measurement');
  const codes = series.filter((s) => s.table === 'measurement' && s.sourceCode !== null);
  if (measurement !== null && codes.length > 0) {
    const rules = codes
      .map(
        (s) =>
          `(${sqlString(s.id)}, ${sqlString(s.sourceCode ?? '')}, ${sqlString(s.unit ?? '')}, ${s.low}, ${s.high})`,
      )
      .join(', ');
    // Values in the code's own unit, as the range checks count them; other units are the unit check's.
    parts.push(`SELECT r.id, r.low, r.high, CAST(m.value_as_number AS DOUBLE) AS v
      FROM ${measurement} m JOIN (VALUES ${rules}) AS r(id, code, unit, low, high)
        ON m.measurement_source_value = r.code AND m.unit_source_value = r.unit
      WHERE m.value_as_number IS NOT NULL`);
  }
  for (const s of series) {
    if (s.table === 'measurement') continue;
    const src = scopedTableSource(lake, scope, s.table);
    if (src === null) continue;
    parts.push(`SELECT ${sqlString(s.id)} AS id, ${s.low} AS low, ${s.high} AS high,
        CAST(${s.field} AS DOUBLE) AS v
      FROM ${src} WHERE ${s.field} IS NOT NULL`);
  }
  if (parts.length === 0) return null;
  return `WITH vals AS (${parts.join('\nUNION ALL\n')}),
    stats AS (
      SELECT id, count(*) AS n,
        count(*) FILTER (WHERE v < low) AS below,
        count(*) FILTER (WHERE v > high) AS above,
        quantile_cont(v, 0.01) FILTER (WHERE v BETWEEN low AND high) AS lo,
        quantile_cont(v, 0.99) FILTER (WHERE v BETWEEN low AND high) AS hi
      FROM vals GROUP BY id),
    binned AS (
      SELECT v.id,
        CASE WHEN s.hi > s.lo
          THEN least(${binCount - 1}, greatest(0, CAST(floor((v.v - s.lo) / (s.hi - s.lo) * ${binCount}) AS INTEGER)))
          ELSE 0 END AS bin,
        count(*) AS k
      FROM vals v JOIN stats s ON s.id = v.id
      WHERE v.v BETWEEN v.low AND v.high
      GROUP BY ALL)
    SELECT s.id, s.n, s.below, s.above, s.lo, s.hi,
      list({'bin': b.bin, 'k': b.k}) FILTER (WHERE b.bin IS NOT NULL) AS bins
    FROM stats s LEFT JOIN binned b ON b.id = s.id
    GROUP BY s.id, s.n, s.below, s.above, s.lo, s.hi`;
}

/** The distributions of the scope's values, in the order of `distributionSeries`; series without data left out. */
export async function measureDistributions(
  lake: Lake,
  scope: LakeScope,
  options: { readonly asOf: string },
): Promise<Distribution[]> {
  const series = distributionSeries(options.asOf);
  const sql = distributionSql(lake, scope, series);
  if (sql === null) return [];
  const rows = new Map((await lake.query(sql)).map((r) => [String(r.id), r]));
  return series.flatMap((s): Distribution[] => {
    const row = rows.get(s.id);
    if (row === undefined || n(row.n) === 0) return [];
    const lo = row.lo === null ? null : Number(row.lo);
    const hi = row.hi === null ? null : Number(row.hi);
    const counts = new Map(
      ((row.bins ?? []) as readonly { bin: unknown; k: unknown }[]).map((b) => [n(b.bin), n(b.k)]),
    );
    let bins: DistributionBin[] = [];
    if (lo !== null && hi !== null) {
      const width = hi > lo ? (hi - lo) / binCount : 0;
      bins =
        width === 0
          ? [{ from: roundEdge(lo), to: roundEdge(hi), rows: counts.get(0) ?? 0 }]
          : Array.from({ length: binCount }, (_, i) => ({
              from: roundEdge(lo + i * width),
              to: roundEdge(lo + (i + 1) * width),
              rows: counts.get(i) ?? 0,
            }));
    }
    return [
      {
        id: s.id,
        table: s.table,
        field: s.field,
        sourceCode: s.sourceCode,
        name: s.name,
        unit: s.unit,
        low: s.low,
        high: s.high,
        rows: n(row.n),
        below: n(row.below),
        above: n(row.above),
        bins,
      },
    ];
  });
}
