import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { pseudonymOf, type PseudonymKey } from '../../platform/pseudonym/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { AccessTables } from './tables.js';

export interface OptOutStatus {
  readonly optedOut: boolean;
  readonly since: string | null;
  /** A receipt the person can keep: it proves the record without holding their identifier. */
  readonly receipt: string | null;
}

/** What a person is given for a choice made: what, when, and a number the HDAB finds in its audit log. */
export interface OptOutReceipt {
  readonly action: 'opt_out' | 'opt_in';
  readonly at: string;
  readonly number: string;
}

const receiptOf = (pseudonym: string, at: Date, action: OptOutReceipt['action'] = 'opt_out'): string =>
  createHash('sha256')
    .update(`${pseudonym}\u0000${at.toISOString()}${action === 'opt_in' ? '\u0000in' : ''}`)
    .digest('hex')
    .slice(0, 20)
    .toUpperCase();

/**
 * The Art 71 opt-out register. It keeps the pseudonym under the node's key and the time, nothing else: the
 * national identifier is keyed on the way in and never stored, so the register links to the lake's persons
 * and to nobody's name. The front desk gives the identifier; a citizen signed in brings their pseudonym.
 */
export class OptOutRegister {
  private readonly db: Kysely<AccessTables>;

  constructor(
    database: Database,
    private readonly key: () => PseudonymKey,
    private readonly audit: AuditLog,
    private readonly exemptPurposes: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = database.kysely.withTables<AccessTables>();
  }

  status(nationalId: string): Promise<OptOutStatus> {
    return this.statusOf(this.pseudonym(nationalId));
  }

  async statusOf(pseudonym: string): Promise<OptOutStatus> {
    const row = await this.db
      .selectFrom('access_opt_out')
      .selectAll()
      .where('pseudonym', '=', checked(pseudonym))
      .executeTakeFirst();
    return row === undefined
      ? { optedOut: false, since: null, receipt: null }
      : {
          optedOut: true,
          since: row.opted_out_at.toISOString(),
          receipt: receiptOf(pseudonym, row.opted_out_at),
        };
  }

  /** Opting out again keeps the first time: the receipt stays valid. */
  async optOut(nationalId: string, context: AuditContext): Promise<OptOutStatus> {
    return (await this.optOutOf(this.pseudonym(nationalId), context)).status;
  }

  async optOutOf(
    pseudonym: string,
    context: AuditContext,
  ): Promise<{ status: OptOutStatus; receipt: OptOutReceipt }> {
    await this.db
      .insertInto('access_opt_out')
      .values({ pseudonym: checked(pseudonym), opted_out_at: this.now() })
      .onConflict((oc) => oc.column('pseudonym').doNothing())
      .execute();
    const status = await this.statusOf(pseudonym);
    const receipt: OptOutReceipt = {
      action: 'opt_out',
      at: status.since ?? this.now().toISOString(),
      number: status.receipt ?? '',
    };
    await auditAs(this.audit, context, {
      action: 'access.opt_out',
      outcome: 'success',
      target: { type: 'pseudonym', id: pseudonym },
      details: { receipt: receipt.number },
    });
    return { status, receipt };
  }

  async optIn(nationalId: string, context: AuditContext): Promise<OptOutStatus> {
    return (await this.optInOf(this.pseudonym(nationalId), context)).status;
  }

  async optInOf(
    pseudonym: string,
    context: AuditContext,
  ): Promise<{ status: OptOutStatus; receipt: OptOutReceipt }> {
    const at = this.now();
    await this.db.deleteFrom('access_opt_out').where('pseudonym', '=', checked(pseudonym)).execute();
    const receipt: OptOutReceipt = {
      action: 'opt_in',
      at: at.toISOString(),
      number: receiptOf(pseudonym, at, 'opt_in'),
    };
    await auditAs(this.audit, context, {
      action: 'access.opt_in',
      outcome: 'success',
      target: { type: 'pseudonym', id: pseudonym },
      details: { receipt: receipt.number },
    });
    return { status: { optedOut: false, since: null, receipt: null }, receipt };
  }

  /**
   * The pseudonyms to leave out of an extract for this purpose: every opted-out person, unless national
   * law exempts the purpose (Art 71(4)). Opt-outs recorded after `at` do not count for an extract built then.
   */
  async excluded(purpose: string | null, at: Date = new Date()): Promise<ReadonlySet<string>> {
    if (purpose !== null && this.exemptPurposes.includes(purpose)) return new Set();
    const rows = await this.db
      .selectFrom('access_opt_out')
      .select('pseudonym')
      .where('opted_out_at', '<=', at)
      .execute();
    return new Set(rows.map((r) => r.pseudonym));
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('access_opt_out')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  private pseudonym(nationalId: string): string {
    if (nationalId.trim().length < 4)
      throw new AppError('invalid', 'opt_out.identifier_invalid', 'This is not a national identifier.', [
        { path: '/nationalId', message: 'is too short to be a national identifier' },
      ]);
    return pseudonymOf(this.key(), nationalId);
  }
}

const checked = (pseudonym: string): string => {
  if (!/^[0-9a-f]{64}$/.test(pseudonym))
    throw new AppError('invalid', 'opt_out.pseudonym_invalid', 'This is not a pseudonym of this node.');
  return pseudonym;
};
