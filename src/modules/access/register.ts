import { sql, type Kysely } from 'kysely';
import type { IdentityTables } from '../identity/index.js';
import type { RegisterEntry } from './schemas.js';
import type { AccessTables, Track } from './tables.js';

type Tables = AccessTables & IdentityTables;

/** How an applicant without an organisation appears: the register names no individual (Art 57). */
export const individualApplicant = 'Individual applicant';

export interface RegisterQuery {
  readonly kind?: Track | undefined;
  readonly decision?: 'granted' | 'refused' | undefined;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * The public register (Arts 57-58): every application and data request as it arrives, with its decision,
 * grounds and permit. It is built from organisation names, purposes and dataset titles only; the named
 * persons, the applicant's name and e-mail, and the message thread never leave the case.
 */
export async function registerPage(
  db: Kysely<Tables>,
  query: RegisterQuery,
): Promise<{ total: number; page: number; pageSize: number; entries: RegisterEntry[] }> {
  let base = db
    .selectFrom('access_case as c')
    .leftJoin('organisation as o', 'o.id', 'c.applicant_organisation_id')
    .where('c.submitted_at', 'is not', null);
  if (query.kind !== undefined) base = base.where('c.track', '=', query.kind);
  if (query.decision !== undefined)
    base = base.where(sql<string>`c.decision ->> 'outcome'`, '=', query.decision);
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .select([
      'c.reference',
      'c.track',
      'c.title',
      'c.purpose',
      'c.basket',
      'c.submitted_at',
      'c.status',
      'c.decision',
      'c.decided_at',
      'o.name as organisation',
    ])
    .select((eb) =>
      eb
        .selectFrom('access_permit as p')
        .whereRef('p.case_id', '=', 'c.id')
        .select(
          sql<{
            number: string;
            state: string;
            valid_until: string;
          } | null>`json_build_object('number', p.permit_number, 'state', CASE WHEN p.state = 'active' AND p.valid_until <= now() THEN 'expired' ELSE p.state END, 'valid_until', p.valid_until)`.as(
            'permit',
          ),
        )
        .orderBy('p.version', 'desc')
        .limit(1)
        .as('permit'),
    )
    .orderBy('c.submitted_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    entries: rows.map((r) => ({
      reference: r.reference ?? '',
      kind: r.track,
      title: r.title,
      organisation: r.organisation ?? individualApplicant,
      purpose: r.purpose,
      datasets: r.basket.map((b) => b.title),
      receivedAt: (r.submitted_at ?? new Date(0)).toISOString(),
      status: r.status,
      decision: r.decision?.outcome ?? null,
      decidedAt: r.decided_at === null ? null : r.decided_at.toISOString(),
      refusalGrounds: r.decision?.grounds ?? [],
      permitNumber: r.permit?.number ?? null,
      permitState: r.permit?.state ?? null,
      permitValidUntil: r.permit === null ? null : new Date(r.permit.valid_until).toISOString(),
    })),
  };
}

const csvCell = (value: string | null): string => {
  const v = value ?? '';
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function registerCsv(entries: readonly RegisterEntry[]): string {
  const header = [
    'reference',
    'kind',
    'title',
    'organisation',
    'purpose',
    'datasets',
    'received_at',
    'status',
    'decision',
    'decided_at',
    'refusal_grounds',
    'permit_number',
    'permit_state',
    'permit_valid_until',
  ];
  const lines = entries.map((e) =>
    [
      e.reference,
      e.kind,
      e.title,
      e.organisation,
      e.purpose,
      e.datasets.join('; '),
      e.receivedAt,
      e.status,
      e.decision,
      e.decidedAt,
      e.refusalGrounds.map((g) => `${g.code}: ${g.explanation}`).join('; '),
      e.permitNumber,
      e.permitState,
      e.permitValidUntil,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

export interface ActivityReport {
  readonly from: string;
  readonly to: string;
  readonly received: { readonly applications: number; readonly dataRequests: number };
  readonly decisions: {
    readonly granted: number;
    readonly refused: number;
    readonly withdrawn: number;
  };
  /** Days from submission to decision, the time spent waiting for applicants left out. */
  readonly decisionDays: {
    readonly mean: number | null;
    readonly median: number | null;
    readonly max: number | null;
  };
  readonly decidedLate: number;
  readonly extensions: number;
  readonly refusalsByGround: Record<string, number>;
  readonly permits: {
    readonly issued: number;
    readonly amended: number;
    readonly renewed: number;
    readonly revoked: number;
  };
  readonly appeals: number;
  readonly openAtEnd: number;
  readonly optOuts: number;
}

/** Art 59: the HDAB's activity in a period, in numbers only. */
export async function activityReport(db: Kysely<Tables>, from: Date, to: Date): Promise<ActivityReport> {
  const received = await db
    .selectFrom('access_case')
    .select(['track', (eb) => eb.fn.countAll<number>().as('n')])
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy('track')
    .execute();
  const closed = await db
    .selectFrom('access_case')
    .select(['status', 'decision', 'submitted_at', 'closed_at', 'paused_ms', 'extended', 'deadline_base'])
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .where('submitted_at', 'is not', null)
    .execute();
  const decided = closed.filter((c) => c.status === 'decision_issued');
  const days = decided
    .map((c) => ((c.closed_at?.getTime() ?? 0) - (c.submitted_at?.getTime() ?? 0) - c.paused_ms) / 86_400_000)
    .sort((a, b) => a - b);
  const refusalsByGround: Record<string, number> = {};
  for (const c of decided)
    if (c.decision?.outcome === 'refused')
      for (const g of c.decision.grounds) refusalsByGround[g.code] = (refusalsByGround[g.code] ?? 0) + 1;
  const round1 = (n: number): number => Math.round(n * 10) / 10;
  const median =
    days.length === 0
      ? null
      : days.length % 2 === 1
        ? (days[(days.length - 1) / 2] ?? 0)
        : ((days[days.length / 2 - 1] ?? 0) + (days[days.length / 2] ?? 0)) / 2;
  const permits = await db
    .selectFrom('access_permit')
    .select(['change', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issued_at', '>=', from)
    .where('issued_at', '<', to)
    .groupBy('change')
    .execute();
  const revoked = await db
    .selectFrom('access_permit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'revoked')
    .where('ended_at', '>=', from)
    .where('ended_at', '<', to)
    .executeTakeFirst();
  const appeals = await db
    .selectFrom('access_appeal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('filed_at', '>=', from)
    .where('filed_at', '<', to)
    .executeTakeFirst();
  const openAtEnd = await db
    .selectFrom('access_case')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submitted_at', '<', to)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', to)]))
    .executeTakeFirst();
  const optOuts = await db
    .selectFrom('access_opt_out')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('opted_out_at', '<', to)
    .executeTakeFirst();
  const count = (rows: readonly { n: number }[], pick: (r: never) => boolean): number =>
    rows.filter((r) => pick(r as never)).reduce((s, r) => s + r.n, 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    received: {
      applications: count(received, (r: { track: string }) => r.track === 'application'),
      dataRequests: count(received, (r: { track: string }) => r.track === 'data_request'),
    },
    decisions: {
      granted: decided.filter((c) => c.decision?.outcome === 'granted').length,
      refused: decided.filter((c) => c.decision?.outcome === 'refused').length,
      withdrawn: closed.filter((c) => c.status === 'withdrawn').length,
    },
    decisionDays: {
      mean: days.length === 0 ? null : round1(days.reduce((s, d) => s + d, 0) / days.length),
      median: median === null ? null : round1(median),
      max: days.length === 0 ? null : round1(days[days.length - 1] ?? 0),
    },
    decidedLate: decided.filter(
      (c) => c.deadline_base !== null && c.closed_at !== null && c.closed_at > c.deadline_base,
    ).length,
    extensions: closed.filter((c) => c.extended).length,
    refusalsByGround,
    permits: {
      issued: count(permits, (r: { change: string }) => r.change === 'granted'),
      amended: count(permits, (r: { change: string }) => r.change === 'amended'),
      renewed: count(permits, (r: { change: string }) => r.change === 'renewed'),
      revoked: revoked?.n ?? 0,
    },
    appeals: appeals?.n ?? 0,
    openAtEnd: openAtEnd?.n ?? 0,
    optOuts: optOuts?.n ?? 0,
  };
}
