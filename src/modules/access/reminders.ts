import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Mailer } from '../../platform/mail/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { IdentityTables } from '../identity/index.js';
import type { AccessTables } from './tables.js';

/** The events that reach people by e-mail as well as in the app. */
export type ReminderKind =
  | 'information_requested'
  | 'decision_issued'
  | 'draft_expiring'
  | 'draft_expired'
  | 'deadline_near'
  | 'deadline_passed'
  | 'permit_expiring'
  | 'permit_expired';

/** What a reminder says about its case: enough to recognise it, nothing the node link does not show. */
export interface ReminderFacts {
  readonly caseId: string;
  readonly reference: string | null;
  readonly title: string;
  /** The date the reminder is about: the deadline, the draft's or the permit's end (ISO). */
  readonly date?: string | undefined;
  readonly questions?: readonly string[] | undefined;
  readonly outcome?: 'granted' | 'refused' | undefined;
  readonly permitNumber?: string | undefined;
}

export interface Reminder {
  /** Names the reminder once and for all: the same key is never sent twice. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly to: 'applicant' | 'officers';
  readonly facts: ReminderFacts;
}

const day = (iso: string | undefined): string => (iso ?? '').slice(0, 10);

/** Subject and text of a reminder, in plain English; the link leads to the case, behind sign-in. */
export function reminderText(
  kind: ReminderKind,
  facts: ReminderFacts,
  publicUrl: string,
): { subject: string; text: string } {
  const name = facts.reference === null ? `“${facts.title}”` : `${facts.reference} “${facts.title}”`;
  const link = `${publicUrl}/access/cases/${facts.caseId}`;
  const lines = ((): { subject: string; body: string[] } => {
    switch (kind) {
      case 'information_requested':
        return {
          subject: `The HDAB asks for information on ${facts.reference ?? facts.title}`,
          body: [
            `The Health Data Access Body asks for more information on ${name}:`,
            '',
            ...(facts.questions ?? []).map((q) => `  - ${q}`),
            '',
            'The time limit for the decision is paused until you answer.',
          ],
        };
      case 'decision_issued':
        return {
          subject: `Decision on ${facts.reference ?? facts.title}: ${facts.outcome ?? 'issued'}`,
          body: [
            facts.outcome === 'granted'
              ? `The Health Data Access Body granted ${name}.${facts.permitNumber === undefined ? '' : ` The permit is ${facts.permitNumber}.`}`
              : `The Health Data Access Body refused ${name}. The decision gives the grounds and how to appeal.`,
          ],
        };
      case 'draft_expiring':
        return {
          subject: `Your draft ${facts.title} expires on ${day(facts.date)}`,
          body: [
            `Your draft ${name} expires on ${day(facts.date)} unless you save or submit it before then.`,
          ],
        };
      case 'draft_expired':
        return {
          subject: `Your draft ${facts.title} has expired`,
          body: [`Your draft ${name} expired. You can start again from its content by cloning it.`],
        };
      case 'deadline_near':
        return {
          subject: `Deadline ${day(facts.date)}: ${facts.reference ?? facts.title}`,
          body: [`The statutory time limit to decide ${name} ends on ${day(facts.date)}.`],
        };
      case 'deadline_passed':
        return {
          subject: `Deadline passed: ${facts.reference ?? facts.title}`,
          body: [`The statutory time limit to decide ${name} ended on ${day(facts.date)}.`],
        };
      case 'permit_expiring':
        return {
          subject: `Permit ${facts.permitNumber ?? ''} ends on ${day(facts.date)}`,
          body: [
            `The data permit ${facts.permitNumber ?? ''} for ${name} ends on ${day(facts.date)}. Access to the data ends with it; ask the HDAB to renew it if you need longer.`,
          ],
        };
      case 'permit_expired':
        return {
          subject: `Permit ${facts.permitNumber ?? ''} has ended`,
          body: [
            `The data permit ${facts.permitNumber ?? ''} for ${name} ended on ${day(facts.date)}. Access to the data has closed.`,
          ],
        };
    }
  })();
  return {
    subject: `[Salus] ${lines.subject}`,
    text: [...lines.body, '', `Open the case: ${link}`, '', '— Salus, for the Health Data Access Body'].join(
      '\n',
    ),
  };
}

/**
 * The e-mail channel of the access module's notifications. Each reminder has a key, claimed in the store
 * before its mail goes out: two nodes sweeping at once, a sweep run again, or an action and a sweep racing,
 * send it once. A mail the relay refuses gives its key back, so the next sweep tries again. Without an SMTP
 * relay nothing is claimed and nothing is sent.
 */
export class AccessMail {
  private readonly db: Kysely<AccessTables & IdentityTables>;

  constructor(
    db: Kysely<AccessTables & IdentityTables>,
    private readonly mailer: Mailer | null,
    private readonly audit: AuditLog,
    private readonly publicUrl: string,
    private readonly logger: FastifyBaseLogger | null = null,
  ) {
    this.db = db;
  }

  get enabled(): boolean {
    return this.mailer !== null;
  }

  /** Sends the reminder unless it was sent already; true when this call sent it. Never throws. */
  async send(reminder: Reminder, context: AuditContext, now: Date): Promise<boolean> {
    if (this.mailer === null) return false;
    try {
      const claimed = await this.db
        .insertInto('access_reminder')
        .values({ key: reminder.key, kind: reminder.kind, case_id: reminder.facts.caseId, sent_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (claimed === undefined) return false;
      const to = await this.recipients(reminder);
      if (to.length === 0) return false;
      const { subject, text } = reminderText(reminder.kind, reminder.facts, this.publicUrl);
      try {
        await this.mailer.send({ to, subject, text });
      } catch (e) {
        await this.db.deleteFrom('access_reminder').where('key', '=', reminder.key).execute();
        this.logger?.warn({ err: e, kind: reminder.kind }, 'a reminder e-mail could not be sent');
        await auditAs(this.audit, context, {
          action: 'access.reminder.mail',
          outcome: 'failure',
          target: { type: 'access_case', id: reminder.facts.caseId },
          details: { kind: reminder.kind, key: reminder.key, error: (e as Error).message },
        });
        return false;
      }
      await auditAs(this.audit, context, {
        action: 'access.reminder.mail',
        outcome: 'success',
        target: { type: 'access_case', id: reminder.facts.caseId },
        details: { kind: reminder.kind, key: reminder.key, recipients: to.length },
      });
      return true;
    } catch (e) {
      // A reminder must never undo or fail the action that caused it.
      this.logger?.error({ err: e, kind: reminder.kind }, 'a reminder could not be processed');
      return false;
    }
  }

  /** The applicant in person, or the HDAB: the case's assessor once there is one, else every officer. */
  private async recipients(reminder: Reminder): Promise<string[]> {
    if (reminder.to === 'applicant') {
      const row = await this.db
        .selectFrom('access_case as c')
        .innerJoin('app_user as u', 'u.id', 'c.applicant_user_id')
        .select('u.email')
        .where('c.id', '=', reminder.facts.caseId)
        .executeTakeFirst();
      return row?.email === null || row?.email === undefined ? [] : [row.email];
    }
    const assessor = await this.db
      .selectFrom('access_case as c')
      .innerJoin('app_user as u', 'u.id', 'c.assessor_user_id')
      .select('u.email')
      .where('c.id', '=', reminder.facts.caseId)
      .executeTakeFirst();
    if (assessor?.email !== undefined && assessor.email !== null) return [assessor.email];
    const officers = await this.db
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', 'r.user_id', 'u.id')
      .select('u.email')
      .where('r.role', '=', 'access_officer')
      .where('u.email', 'is not', null)
      .orderBy('u.email')
      .execute();
    return officers.flatMap((o) => (o.email === null ? [] : [o.email]));
  }
}
