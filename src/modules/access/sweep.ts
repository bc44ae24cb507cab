import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { auditAs, systemActor, type AuditContext, type AuditLog } from '../audit/index.js';
import type { AccessMail, Reminder } from './reminders.js';
import type { AccessService } from './service.js';

const dayMs = 86_400_000;
/** How long before its deadline an open case is flagged to the HDAB (the in-app dashboard says the same). */
export const deadlineWarningDays = 14;
/** How long before its end a permit's holder is told. */
export const permitWarningDays = 30;
/** A decision mailed at the time but lost is sent again by a sweep within this many days, no later. */
const decisionCatchUpDays = 7;

export interface SweepReport {
  readonly at: string;
  readonly draftsExpired: readonly string[];
  readonly permitsExpired: readonly string[];
  readonly mailsSent: number;
}

const context: AuditContext = { actor: systemActor, requestId: null, clientAddress: null };

/**
 * The access module's periodic work: drafts and permits past their end are marked so (access already ends on
 * read; this puts it on record), and reminders go out by e-mail: drafts and permits about to end, deadlines
 * near or past, and any request for information or decision whose mail did not go out at the time. Every
 * step is an atomic update or a claimed key, so sweeps of two nodes, or a sweep run twice, do each thing once.
 */
export class AccessSweep {
  constructor(
    private readonly service: AccessService,
    private readonly mail: AccessMail | null,
    private readonly audit: AuditLog,
    private readonly draftWarningDays: number,
  ) {}

  async run(now: Date = new Date()): Promise<SweepReport> {
    const db = this.service.db;
    const draftsExpired = await this.service.expireDrafts(context, now);
    const permitsExpired = await this.service.expirePermits(context, now);
    const reminders: Reminder[] = [];

    if (this.mail?.enabled === true) {
      const soon = (days: number): Date => new Date(now.getTime() + days * dayMs);
      const drafts = await db
        .selectFrom('access_case')
        .select(['id', 'reference', 'title', 'status', 'draft_expires_at'])
        .where((eb) =>
          eb.or([
            eb.and([
              eb('status', '=', 'draft'),
              eb('draft_expires_at', '>', now),
              eb('draft_expires_at', '<=', soon(this.draftWarningDays)),
            ]),
            ...(draftsExpired.length === 0 ? [] : [eb('id', 'in', [...draftsExpired])]),
          ]),
        )
        .execute();
      for (const d of drafts) {
        const date = d.draft_expires_at?.toISOString();
        const facts = { caseId: d.id, reference: d.reference, title: d.title, date };
        reminders.push(
          d.status === 'draft'
            ? { key: `draft_expiring:${d.id}:${date ?? ''}`, kind: 'draft_expiring', to: 'applicant', facts }
            : { key: `draft_expired:${d.id}`, kind: 'draft_expired', to: 'applicant', facts },
        );
      }

      // The deadline as lists sort by it: the base plus a pause running now. Paused cases wait for the applicant.
      const open = await db
        .selectFrom('access_case')
        .select(['id', 'reference', 'title', 'deadline_base'])
        .where('status', 'in', ['submitted', 'pre_screening', 'processing'])
        .where('paused_since', 'is', null)
        .where('deadline_base', '<=', soon(deadlineWarningDays))
        .execute();
      for (const c of open) {
        if (c.deadline_base === null) continue;
        const date = c.deadline_base.toISOString();
        const passed = c.deadline_base <= now;
        reminders.push({
          key: `${passed ? 'deadline_passed' : 'deadline_near'}:${c.id}:${date}`,
          kind: passed ? 'deadline_passed' : 'deadline_near',
          to: 'officers',
          facts: { caseId: c.id, reference: c.reference, title: c.title, date },
        });
      }

      const waiting = await db
        .selectFrom('access_case as c')
        .select(['c.id', 'c.reference', 'c.title', 'c.paused_since'])
        .select((eb) =>
          eb
            .selectFrom('access_message as m')
            .select('m.fields')
            .whereRef('m.case_id', '=', 'c.id')
            .where('m.kind', '=', 'information_request')
            .orderBy('m.created_at', 'desc')
            .limit(1)
            .as('fields'),
        )
        .where('c.status', '=', 'awaiting_information')
        .execute();
      for (const c of waiting) {
        if (c.paused_since === null) continue;
        reminders.push({
          key: `information_requested:${c.id}:${c.paused_since.toISOString()}`,
          kind: 'information_requested',
          to: 'applicant',
          facts: {
            caseId: c.id,
            reference: c.reference,
            title: c.title,
            questions: (c.fields ?? []).map((f) => f.question),
          },
        });
      }

      const decided = await db
        .selectFrom('access_case as c')
        .select([
          'c.id',
          'c.reference',
          'c.title',
          sql<string | null>`c.decision ->> 'outcome'`.as('outcome'),
        ])
        .select((eb) =>
          eb
            .selectFrom('access_permit as p')
            .select('p.permit_number')
            .whereRef('p.case_id', '=', 'c.id')
            .limit(1)
            .as('permit_number'),
        )
        .where('c.status', '=', 'decision_issued')
        .where('c.decided_at', '>', new Date(now.getTime() - decisionCatchUpDays * dayMs))
        .execute();
      for (const c of decided)
        reminders.push({
          key: `decision_issued:${c.id}`,
          kind: 'decision_issued',
          to: 'applicant',
          facts: {
            caseId: c.id,
            reference: c.reference,
            title: c.title,
            outcome: c.outcome === 'refused' ? 'refused' : 'granted',
            permitNumber: c.permit_number ?? undefined,
          },
        });

      const permits = await db
        .selectFrom('access_permit as p')
        .innerJoin('access_case as c', 'c.id', 'p.case_id')
        .select([
          'p.id',
          'p.permit_number',
          'p.state',
          'p.valid_until',
          'c.id as case_id',
          'c.reference',
          'c.title',
        ])
        .where((eb) =>
          eb.or([
            eb.and([
              eb('p.state', '=', 'active'),
              eb('p.valid_until', '>', now),
              eb('p.valid_until', '<=', soon(permitWarningDays)),
            ]),
            ...(permitsExpired.length === 0 ? [] : [eb('p.id', 'in', [...permitsExpired])]),
          ]),
        )
        .execute();
      for (const p of permits) {
        const expired = p.state === 'expired';
        reminders.push({
          key: `${expired ? 'permit_expired' : 'permit_expiring'}:${p.id}`,
          kind: expired ? 'permit_expired' : 'permit_expiring',
          to: 'applicant',
          facts: {
            caseId: p.case_id,
            reference: p.reference,
            title: p.title,
            date: p.valid_until.toISOString(),
            permitNumber: p.permit_number,
          },
        });
      }
    }

    let mailsSent = 0;
    for (const r of reminders) if (await this.mail?.send(r, context, now)) mailsSent += 1;
    const report: SweepReport = { at: now.toISOString(), draftsExpired, permitsExpired, mailsSent };
    // A sweep that found nothing leaves no trace: the log records what changed, not the clock ticking.
    if (draftsExpired.length + permitsExpired.length + mailsSent > 0)
      await auditAs(this.audit, context, {
        action: 'access.sweep',
        outcome: 'success',
        details: {
          draftsExpired: draftsExpired.length,
          permitsExpired: permitsExpired.length,
          mailsSent,
        },
      });
    return report;
  }
}

/**
 * Runs the sweep every `seconds`, one run at a time, from the node's start until `stop()`, which waits for a
 * run in progress. The first run comes after one interval: expiry is enforced on read meanwhile.
 */
export function startSweep(
  sweep: AccessSweep,
  seconds: number,
  logger: FastifyBaseLogger,
): { stop(): Promise<void> } {
  if (seconds === 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running !== null || stopped) return;
    running = sweep
      .run()
      .then((report) => {
        if (report.draftsExpired.length + report.permitsExpired.length + report.mailsSent > 0)
          logger.info(report, 'access sweep');
      })
      .catch((e: unknown) => {
        logger.error({ err: e }, 'the access sweep failed; it runs again at the next interval');
      })
      .finally(() => {
        running = null;
      });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
