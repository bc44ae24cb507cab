/**
 * The label's measured facts that come from the lake rather than from the checks: how many persons and
 * years a scope covers, how late its deliveries arrive after the events they hold, and how many of its
 * persons linkage finds in other holders' data.
 */
import {
  cdmTableNames,
  deliveriesInScope,
  scopedTableSource,
  type CdmTableName,
  type Lake,
  type LakeScope,
} from '../lake/index.js';
import type { CoverageFacts } from './label.js';

export interface LakeFacts {
  readonly coverage: CoverageFacts;
  /** Per delivery: days from the latest event it holds to its commit to the lake. */
  readonly deliveryLags: readonly { readonly deliveryId: string; readonly days: number }[];
  readonly medianDeliveryLagDays: number | null;
  /** Share (0-1) of the scope's persons whom another holder also delivered; null with one holder. */
  readonly linkedShare: number | null;
}

/** The date each event table is dated by. */
const eventDates: Partial<Record<CdmTableName, string>> = {
  visit_occurrence: 'visit_start_date',
  condition_occurrence: 'condition_start_date',
  drug_exposure: 'drug_exposure_start_date',
  procedure_occurrence: 'procedure_date',
  device_exposure: 'device_exposure_start_date',
  measurement: 'measurement_date',
  observation: 'observation_date',
};

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function measureLakeFacts(
  lake: Lake,
  scope: LakeScope,
  options: { readonly nationalPopulation: number | null },
): Promise<LakeFacts> {
  const persons = scopedTableSource(lake, scope, 'person');
  const periods = scopedTableSource(lake, scope, 'observation_period');
  let personCount = 0;
  let years: number | null = null;
  if (persons !== null) {
    const [row] = await lake.query(`SELECT count(DISTINCT person_id) AS n FROM ${persons}`);
    personCount = n(row?.n);
  }
  if (periods !== null) {
    const [row] = await lake.query(`SELECT date_diff('day', min(observation_period_start_date),
      max(observation_period_end_date)) AS days FROM ${periods}`);
    years = row?.days === null || row?.days === undefined ? null : n(row.days) / 365.25;
  }

  const deliveryLags: { deliveryId: string; days: number }[] = [];
  for (const m of deliveriesInScope(lake, scope)) {
    const one = { kind: 'delivery', deliveryId: m.deliveryId } as const;
    const latest = cdmTableNames.flatMap((table) => {
      const column = eventDates[table];
      const src = column === undefined ? null : scopedTableSource(lake, one, table);
      return src === null || column === undefined ? [] : [`SELECT max(${column}) AS d FROM ${src}`];
    });
    if (latest.length === 0) continue;
    const [row] = await lake.query(
      `SELECT date_diff('day', max(d), CAST(TIMESTAMP '${m.committedAt.replace(/[^0-9T:.Z-]/g, '')}' AS DATE)) AS days
       FROM (${latest.join(' UNION ALL ')})`,
    );
    if (row?.days !== null && row?.days !== undefined)
      deliveryLags.push({ deliveryId: m.deliveryId, days: n(row.days) });
  }

  return {
    coverage: { persons: personCount, nationalPopulation: options.nationalPopulation, years },
    deliveryLags,
    medianDeliveryLagDays: median(deliveryLags.map((d) => d.days)),
    linkedShare: await linkedShare(lake, scope),
  };
}

async function linkedShare(lake: Lake, scope: LakeScope): Promise<number | null> {
  const holders = [...new Set(lake.deliveries().map((m) => m.holderId))];
  if (holders.length < 2) return null;
  const perHolder = holders.flatMap((holderId) => {
    const src = scopedTableSource(lake, { kind: 'holder', holderId }, 'person');
    return src === null ? [] : [{ holderId, src }];
  });
  const tagged = perHolder
    .map((h) => `SELECT DISTINCT person_id, '${h.holderId}' AS holder FROM ${h.src}`)
    .join(' UNION ALL ');
  const mine = scopedTableSource(lake, scope, 'person');
  if (mine === null) return null;
  const [row] =
    await lake.query(`WITH holders AS (SELECT person_id, count(DISTINCT holder) AS k FROM (${tagged})
      GROUP BY person_id)
    SELECT count(*) AS total, count(*) FILTER (WHERE h.k >= 2) AS linked
    FROM (SELECT DISTINCT person_id FROM ${mine}) p LEFT JOIN holders h ON h.person_id = p.person_id`);
  const total = n(row?.total);
  return total === 0 ? null : n(row?.linked) / total;
}
