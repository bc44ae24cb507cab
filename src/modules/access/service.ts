import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Principal } from '../../platform/auth/index.js';
import type { Config } from '../../platform/config/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { CatalogueService } from '../catalogue/index.js';
import type { IdentityService, IdentityTables } from '../identity/index.js';
import { addMonths, clockRule, clockView, type ClockState } from './clock.js';
import { amendmentFee, estimateFees } from './fees.js';
import { criteriaOf, missingFields } from './form.js';
import type { AccessMail } from './reminders.js';
import type {
  ApplicationForm,
  BasketItem,
  CaseSummary,
  CaseView,
  ChecklistEntry,
  Decision,
  FeeEstimate,
  Message,
  PermitElements,
  PermitView,
  RequestedField,
  TaskView,
} from './schemas.js';
import { attachmentTypes } from './schemas.js';
import type { AccessTables, AttachmentKind, CaseStatus, PermitState, TaskStatus, Track } from './tables.js';

type Tables = AccessTables & IdentityTables;
type CaseRow = Selectable<AccessTables['access_case']> & {
  applicant_name: string;
  organisation_name: string | null;
};
type CaseUpdate = Updateable<AccessTables['access_case']>;
type PermitRow = Selectable<AccessTables['access_permit']> & { case_reference: string | null };

const dayMs = 86_400_000;
/** Statuses in which the HDAB still owes a decision. */
const open: readonly CaseStatus[] = ['submitted', 'pre_screening', 'processing', 'awaiting_information'];
const withdrawable: readonly CaseStatus[] = ['draft', ...open];

export interface Notification {
  readonly caseId: string;
  readonly kind:
    'information_requested' | 'draft_expiring' | 'deadline_near' | 'deadline_passed' | 'not_picked_up';
  readonly message: string;
}

export interface Caller {
  readonly principal: Principal;
  readonly context: AuditContext;
}

export interface CaseQuery {
  readonly status?: CaseStatus | undefined;
  readonly track?: Track | undefined;
  readonly q?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface GrantInput {
  readonly conditions: readonly string[];
  readonly environment?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly note?: string | undefined;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

const changed = (): AppError =>
  new AppError(
    'conflict',
    'access.case_changed',
    'Someone else changed this case meanwhile; reload it and try again.',
  );

const draftExpired = (): AppError =>
  new AppError(
    'conflict',
    'access.draft_expired',
    'This draft expired; clone it to start again from its content.',
  );

const wrongStatus = (action: string, status: CaseStatus, allowed: readonly CaseStatus[]): AppError =>
  new AppError(
    'conflict',
    'access.wrong_status',
    `A case can be ${action} only when it is ${allowed.join(' or ')}; this one is ${status}.`,
  );

/**
 * The HDAB's case management: drafts and submissions on both tracks, pre-screening, requests for
 * information, assessment, decisions, permits in versions, and the preparation orders they create.
 */
export class AccessService {
  readonly db: Kysely<Tables>;

  constructor(
    database: Database,
    private readonly audit: AuditLog,
    private readonly identity: IdentityService,
    private readonly catalogue: CatalogueService,
    private readonly settings: Config['access'],
    private readonly now: () => Date = () => new Date(),
    /** The e-mail channel of reminders; null sends none. */
    readonly mail: AccessMail | null = null,
  ) {
    this.db = database.kysely.withTables<Tables>();
  }

  // ---------------------------------------------------------------- applying

  async createDraft(caller: Caller, track: Track, form: ApplicationForm): Promise<CaseView> {
    const user = await this.identity.user(caller.principal.userId);
    const basket = await this.basketOf(form);
    const now = this.now();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('access_case')
        .values({
          id,
          reference: null,
          track,
          public_sector: form.publicSectorBody === true,
          status: 'draft',
          resume_status: null,
          applicant_user_id: user.id,
          applicant_organisation_id: user.organisation?.id ?? null,
          title: titleOf(form),
          purpose: form.purpose ?? null,
          form: JSON.stringify(form),
          basket: JSON.stringify(basket),
          checklist: '[]',
          assessor_user_id: null,
          decision: 'null',
          decided_by: null,
          decided_at: null,
          clock_started_at: null,
          paused_ms: 0,
          paused_since: null,
          extended: false,
          extension_reason: null,
          deadline_base: null,
          closed_at: null,
          draft_expires_at: this.draftExpiry(now),
          cloned_from: null,
          revision: 1,
          created_at: now,
          updated_at: now,
          submitted_at: null,
        })
        .execute();
      await this.event(trx, id, caller, null, 'draft', null);
    });
    await this.record(caller, 'access.case.create', id, { track });
    return this.view(caller.principal, id, false);
  }

  async saveDraft(
    caller: Caller,
    id: string,
    form: ApplicationForm,
    expectedRevision?: number,
  ): Promise<CaseView> {
    const row = await this.ownDraft(caller.principal, id);
    if (expectedRevision !== undefined && expectedRevision !== row.revision) throw changed();
    const basket = await this.basketOf(form);
    await this.update(row, {
      form: JSON.stringify(form),
      basket: JSON.stringify(basket),
      title: titleOf(form),
      purpose: form.purpose ?? null,
      public_sector: form.publicSectorBody === true,
      draft_expires_at: this.draftExpiry(this.now()),
    });
    await this.record(caller, 'access.case.save', id, {});
    return this.view(caller.principal, id, false);
  }

  /** A new draft with the same content: to apply again after a refusal, or for a similar project. */
  async clone(caller: Caller, id: string): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'applicant');
    const view = await this.createDraft(caller, row.track, row.form);
    await this.db.updateTable('access_case').set({ cloned_from: id }).where('id', '=', view.id).execute();
    await this.record(caller, 'access.case.clone', view.id, { from: id });
    return this.view(caller.principal, view.id, false);
  }

  async submit(caller: Caller, id: string): Promise<CaseView> {
    const row = await this.ownDraft(caller.principal, id);
    const missing = missingFields(row.track, row.form);
    if (missing.length > 0) {
      throw new AppError(
        'invalid',
        'access.incomplete',
        `The ${row.track === 'application' ? 'application' : 'data request'} is not complete: ${missing.length} field${missing.length === 1 ? '' : 's'} still need${missing.length === 1 ? 's' : ''} an answer.`,
        missing,
      );
    }
    // The datasets must still be in the catalogue at submission.
    const basket = await this.basketOf(row.form);
    const now = this.now();
    const rule = clockRule(row.track, row.public_sector);
    await this.db.transaction().execute(async (trx) => {
      const { n } = await sql<{ n: number }>`SELECT nextval('access_case_number') AS n`
        .execute(trx)
        .then((r) => r.rows[0] ?? { n: 0 });
      const reference = `${row.track === 'application' ? 'DAA' : 'DR'}-${now.getUTCFullYear()}-${String(n).padStart(5, '0')}`;
      await this.transition(trx, row, caller, 'submitted', null, {
        reference,
        basket: JSON.stringify(basket),
        submitted_at: now,
        clock_started_at: now,
        deadline_base: addMonths(now, rule.months),
        draft_expires_at: null,
      });
    });
    await this.record(caller, 'access.case.submit', id, { track: row.track });
    return this.view(caller.principal, id, false);
  }

  async withdraw(caller: Caller, id: string, reason: string | undefined): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'applicant');
    if (!withdrawable.includes(row.status)) throw wrongStatus('withdrawn', row.status, withdrawable);
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await this.transition(trx, row, caller, 'withdrawn', reason ?? null, {
        ...this.resumeClock(row, now),
        closed_at: now,
      });
    });
    await this.record(caller, 'access.case.withdraw', id, {});
    return this.view(caller.principal, id, false);
  }

  // ---------------------------------------------------------------- the HDAB's workflow

  async startPreScreening(caller: Caller, id: string): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    if (row.status !== 'submitted') throw wrongStatus('pre-screened', row.status, ['submitted']);
    await this.db
      .transaction()
      .execute((trx) => this.transition(trx, row, caller, 'pre_screening', null, {}));
    await this.record(caller, 'access.case.pre_screening', id, {});
    return this.view(caller.principal, id, false);
  }

  /** The completeness check: a complete case goes on to assessment. */
  async confirmComplete(caller: Caller, id: string, note: string | undefined): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    if (row.status !== 'pre_screening') throw wrongStatus('found complete', row.status, ['pre_screening']);
    await this.db
      .transaction()
      .execute((trx) => this.transition(trx, row, caller, 'processing', note ?? 'complete', {}));
    await this.record(caller, 'access.case.complete', id, {});
    return this.view(caller.principal, id, false);
  }

  /** Asks the applicant about named fields; the clock pauses until they answer. */
  async requestInformation(
    caller: Caller,
    id: string,
    message: string,
    fields: readonly RequestedField[],
  ): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    const allowed: CaseStatus[] = ['pre_screening', 'processing'];
    if (!allowed.includes(row.status)) throw wrongStatus('asked for information', row.status, allowed);
    const now = this.now();
    const author = await this.identity.user(caller.principal.userId);
    await this.db.transaction().execute(async (trx) => {
      await this.transition(trx, row, caller, 'awaiting_information', message, {
        resume_status: row.status,
        paused_since: now,
      });
      await this.message(
        trx,
        id,
        author.id,
        author.displayName,
        'hdab',
        'information_request',
        message,
        fields,
      );
    });
    await this.record(caller, 'access.case.request_information', id, { fields: fields.map((f) => f.field) });
    await this.mail?.send(
      {
        key: `information_requested:${id}:${now.toISOString()}`,
        kind: 'information_requested',
        to: 'applicant',
        facts: {
          caseId: id,
          reference: row.reference,
          title: row.title,
          questions: fields.map((f) => f.question),
        },
      },
      caller.context,
      now,
    );
    return this.view(caller.principal, id, false);
  }

  /** The applicant answers; only the fields asked about may change. The clock runs again. */
  async respond(
    caller: Caller,
    id: string,
    message: string,
    changes: ApplicationForm | undefined,
  ): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'applicant');
    if (row.status !== 'awaiting_information')
      throw wrongStatus('answered', row.status, ['awaiting_information']);
    const asked = await this.openQuestions(id);
    const askedFields = new Set(asked.map((q) => q.field));
    const outside: FieldError[] = Object.keys(changes ?? {})
      .filter((field) => !askedFields.has(field))
      .map((field) => ({ path: `/form/${field}`, message: 'was not asked about; it cannot change now' }));
    if (outside.length > 0)
      throw new AppError(
        'invalid',
        'access.field_not_requested',
        `Only the fields the HDAB asked about may change (${[...askedFields].join(', ')}).`,
        outside,
      );
    const form: ApplicationForm = { ...row.form, ...changes };
    const basket = changes?.datasets === undefined ? row.basket : await this.basketOf(form);
    const now = this.now();
    const author = await this.identity.user(caller.principal.userId);
    await this.db.transaction().execute(async (trx) => {
      await this.transition(trx, row, caller, row.resume_status ?? 'processing', null, {
        ...this.resumeClock(row, now),
        resume_status: null,
        form: JSON.stringify(form),
        basket: JSON.stringify(basket),
        title: titleOf(form),
        purpose: form.purpose ?? null,
      });
      await this.message(
        trx,
        id,
        author.id,
        author.displayName,
        'applicant',
        'information_response',
        message,
        [],
      );
    });
    await this.record(caller, 'access.case.respond', id, { changed: Object.keys(changes ?? {}) });
    return this.view(caller.principal, id, false);
  }

  async postMessage(caller: Caller, id: string, body: string): Promise<CaseView> {
    const officer = caller.principal.roles.includes('access_officer');
    const row = await this.caseFor(caller.principal, id, 'read');
    if (row.status === 'draft' || row.status === 'expired')
      throw new AppError(
        'conflict',
        'access.not_submitted',
        'Submit the application before writing to the HDAB.',
      );
    const side = officer && !(await this.isApplicant(caller.principal, row)) ? 'hdab' : 'applicant';
    const author = await this.identity.user(caller.principal.userId);
    await this.message(this.db, id, author.id, author.displayName, side, 'message', body, []);
    await this.record(caller, 'access.case.message', id, { side });
    return this.view(caller.principal, id, false);
  }

  async recordAssessment(
    caller: Caller,
    id: string,
    checklist: readonly ChecklistEntry[],
  ): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    if (row.status !== 'processing') throw wrongStatus('assessed', row.status, ['processing']);
    const allowed = criteriaOf(row.track);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    checklist.forEach((entry, i) => {
      if (!allowed.includes(entry.criterion))
        errors.push({ path: `/checklist/${i}/criterion`, message: `is not a criterion for ${row.track}s` });
      if (seen.has(entry.criterion))
        errors.push({ path: `/checklist/${i}/criterion`, message: 'is listed twice' });
      seen.add(entry.criterion);
      if (entry.verdict === 'not_met' && entry.note.trim() === '')
        errors.push({ path: `/checklist/${i}/note`, message: 'say why the criterion is not met' });
    });
    if (errors.length > 0)
      throw new AppError(
        'invalid',
        'access.checklist_invalid',
        'The assessment checklist has errors.',
        errors,
      );
    await this.update(row, {
      checklist: JSON.stringify(checklist),
      assessor_user_id: caller.principal.userId,
    });
    await this.record(caller, 'access.case.assess', id, {
      verdicts: Object.fromEntries(checklist.map((c) => [c.criterion, c.verdict])),
    });
    return this.view(caller.principal, id, false);
  }

  /** The one extension the regulation allows, with its reason on record. */
  async extend(caller: Caller, id: string, reason: string): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    if (!open.includes(row.status)) throw wrongStatus('extended', row.status, open);
    const rule = clockRule(row.track, row.public_sector);
    if (rule.extensionMonths === 0)
      throw new AppError(
        'conflict',
        'access.no_extension',
        'The time limit of a data request cannot be extended.',
      );
    if (row.extended)
      throw new AppError(
        'conflict',
        'access.already_extended',
        'This case has had its one extension already.',
      );
    const start = row.clock_started_at ?? row.created_at;
    await this.db.transaction().execute((trx) =>
      this.transition(trx, row, caller, row.status, `extended: ${reason}`, {
        extended: true,
        extension_reason: reason,
        deadline_base: new Date(
          addMonths(start, rule.months + rule.extensionMonths).getTime() + row.paused_ms,
        ),
      }),
    );
    await this.record(caller, 'access.case.extend', id, { reason, months: rule.extensionMonths });
    return this.view(caller.principal, id, false);
  }

  async grant(caller: Caller, id: string, input: GrantInput): Promise<CaseView> {
    const row = await this.decidable(caller, id);
    const criteria = criteriaOf(row.track);
    const verdicts = new Map(row.checklist.map((c) => [c.criterion, c.verdict]));
    const problems: FieldError[] = criteria
      .filter((c) => verdicts.get(c) === undefined || verdicts.get(c) === 'not_met')
      .map((c) => ({
        path: `/checklist/${c}`,
        message: verdicts.get(c) === 'not_met' ? 'is not met' : 'has not been assessed',
      }));
    if (problems.length > 0)
      throw new AppError(
        'conflict',
        'access.assessment_incomplete',
        'A permit can be granted only when every criterion of the assessment is met or does not apply.',
        problems,
      );
    const now = this.now();
    const form = row.form;
    const validFrom = input.validFrom === undefined ? now : new Date(input.validFrom);
    const months = form.durationMonths ?? 12;
    const elements: PermitElements | null =
      row.track === 'application'
        ? {
            datasets: row.basket,
            purpose: form.purpose ?? 'scientific_research',
            intendedUse: form.intendedUse ?? '',
            dataForm: form.dataForm ?? 'anonymised',
            environment: input.environment ?? 'Salus secure processing environment of this HDAB',
            namedPersons: (form.namedPersons ?? []).map((p) => ({ name: p.name, email: p.email })),
            period: form.period === undefined ? null : { from: form.period.from, to: form.period.to },
            durationMonths: months,
            fees: this.fees(row),
            conditions: [...input.conditions],
          }
        : null;
    const permitId = elements === null ? null : randomUUID();
    const decision: Decision = { outcome: 'granted', grounds: [], note: input.note ?? null };
    await this.db.transaction().execute(async (trx) => {
      await this.transition(trx, row, caller, 'decision_issued', 'granted', {
        decision: JSON.stringify(decision),
        decided_by: caller.principal.userId,
        decided_at: now,
        closed_at: now,
      });
      if (elements !== null && permitId !== null) {
        await trx
          .insertInto('access_permit')
          .values({
            id: permitId,
            case_id: id,
            permit_number: `${row.reference ?? id}-P`,
            version: 1,
            previous_id: null,
            change: 'granted',
            state: 'active',
            elements: JSON.stringify(elements),
            valid_from: validFrom,
            valid_until: addMonths(validFrom, months),
            renewed: false,
            issued_at: now,
            issued_by: caller.principal.userId,
            ended_at: null,
            end_reason: null,
          })
          .execute();
      }
      // The data steward's order: what to prepare, never who will look at it.
      await trx
        .insertInto('access_preparation_task')
        .values({
          id: randomUUID(),
          case_id: id,
          permit_id: permitId,
          status: 'open',
          work_order: JSON.stringify({
            kind: row.track === 'application' ? 'permit_extract' : 'statistics',
            datasets: row.basket.map((b) => ({
              datasetId: b.datasetId,
              title: b.title,
              variables: b.variables,
            })),
            period: form.period ?? null,
            cohortCriteria: form.cohortCriteria ?? null,
            dataForm: row.track === 'application' ? (form.dataForm ?? 'anonymised') : 'anonymised',
            statistics: form.statistics ?? null,
            validUntil: elements === null ? null : addMonths(validFrom, months).toISOString(),
          }),
          created_at: now,
          updated_at: now,
          updated_by: caller.principal.userId,
        })
        .execute();
    });
    await this.record(caller, 'access.case.decide', id, { outcome: 'granted', permitId });
    await this.mailDecision(
      caller,
      row,
      'granted',
      now,
      permitId === null ? undefined : `${row.reference ?? id}-P`,
    );
    if (permitId !== null)
      await auditAs(this.audit, caller.context, {
        action: 'access.permit.grant',
        outcome: 'success',
        target: { type: 'permit', id: permitId },
        details: { caseId: id, version: 1 },
      });
    return this.view(caller.principal, id, false);
  }

  async refuse(
    caller: Caller,
    id: string,
    grounds: Decision['grounds'],
    note: string | undefined,
  ): Promise<CaseView> {
    const row = await this.decidable(caller, id);
    const now = this.now();
    const decision: Decision = { outcome: 'refused', grounds: [...grounds], note: note ?? null };
    await this.db.transaction().execute((trx) =>
      this.transition(trx, row, caller, 'decision_issued', 'refused', {
        decision: JSON.stringify(decision),
        decided_by: caller.principal.userId,
        decided_at: now,
        closed_at: now,
      }),
    );
    await this.record(caller, 'access.case.decide', id, {
      outcome: 'refused',
      grounds: grounds.map((g) => g.code),
    });
    await this.mailDecision(caller, row, 'refused', now);
    return this.view(caller.principal, id, false);
  }

  async appeal(caller: Caller, id: string, grounds: string): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'applicant');
    if (row.status !== 'decision_issued') throw wrongStatus('appealed', row.status, ['decision_issued']);
    const appealId = randomUUID();
    await this.db
      .insertInto('access_appeal')
      .values({
        id: appealId,
        case_id: id,
        filed_by: caller.principal.userId,
        filed_at: this.now(),
        grounds,
        outcome: null,
        outcome_note: null,
        decided_at: null,
      })
      .execute();
    await this.record(caller, 'access.case.appeal', id, { appealId });
    return this.view(caller.principal, id, false);
  }

  async appealOutcome(
    caller: Caller,
    id: string,
    appealId: string,
    outcome: 'upheld' | 'dismissed',
    note: string,
  ): Promise<CaseView> {
    await this.caseFor(caller.principal, id, 'officer');
    const result = await this.db
      .updateTable('access_appeal')
      .set({ outcome, outcome_note: note, decided_at: this.now() })
      .where('id', '=', appealId)
      .where('case_id', '=', id)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError(
        'conflict',
        'access.appeal_not_open',
        'There is no open appeal with this id on this case.',
      );
    await this.record(caller, 'access.case.appeal_outcome', id, { appealId, outcome });
    return this.view(caller.principal, id, false);
  }

  /**
   * A protocol, an ethics approval or another document, while the applicant may still change the case: in a
   * draft, or to answer a request for information. Its type is checked by its first bytes, not its name.
   */
  async attach(
    caller: Caller,
    id: string,
    file: { kind: AttachmentKind; filename: string; mediaType: string; content: Buffer },
  ): Promise<CaseView> {
    const row = await this.caseFor(caller.principal, id, 'applicant');
    const allowed: CaseStatus[] = ['draft', 'awaiting_information'];
    if (!allowed.includes(row.status)) throw wrongStatus('given attachments', row.status, allowed);
    const type = attachmentTypes[file.mediaType];
    if (type === undefined)
      throw new AppError(
        'invalid',
        'access.attachment_type',
        `Attach PDF, DOCX or ODT documents; ${file.mediaType} is not accepted.`,
        [{ path: 'content-type', message: `is ${file.mediaType}` }],
      );
    if (
      file.content.length === 0 ||
      !file.content.subarray(0, type.magic.length).equals(Buffer.from(type.magic))
    )
      throw new AppError(
        'invalid',
        'access.attachment_content',
        `The file is not a ${type.extension.toUpperCase()} document, whatever its name says.`,
        [{ path: 'body', message: `does not start as a ${type.extension.toUpperCase()} file does` }],
      );
    const attachmentId = randomUUID();
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    await this.db
      .insertInto('access_attachment')
      .values({
        id: attachmentId,
        case_id: id,
        kind: file.kind,
        filename: file.filename,
        media_type: file.mediaType,
        size_bytes: file.content.length,
        sha256,
        content: file.content,
        uploaded_by: caller.principal.userId,
        uploaded_at: this.now(),
      })
      .execute();
    await this.record(caller, 'access.case.attach', id, {
      attachmentId,
      kind: file.kind,
      size: file.content.length,
      sha256,
    });
    return this.view(caller.principal, id, false);
  }

  async attachment(
    caller: Caller,
    id: string,
    attachmentId: string,
  ): Promise<{ filename: string; mediaType: string; content: Buffer }> {
    await this.caseFor(caller.principal, id, 'read');
    const row = await this.db
      .selectFrom('access_attachment')
      .select(['filename', 'media_type', 'content'])
      .where('id', '=', attachmentId)
      .where('case_id', '=', id)
      .executeTakeFirst();
    if (row === undefined)
      throw new AppError('not_found', 'access.attachment_not_found', 'This case has no such attachment.');
    await auditAs(this.audit, caller.context, {
      action: 'access.attachment.read',
      outcome: 'success',
      target: { type: 'access_attachment', id: attachmentId },
      details: { caseId: id },
    });
    return { filename: row.filename, mediaType: row.media_type, content: Buffer.from(row.content) };
  }

  // ---------------------------------------------------------------- reading cases

  /** Cases as lists show them; listing is audited when a request asks, as the list names applicants. */
  async list(
    principal: Principal,
    query: CaseQuery,
    context?: AuditContext,
  ): Promise<{ total: number; page: number; pageSize: number; cases: CaseSummary[] }> {
    const officer = principal.roles.includes('access_officer');
    const user = await this.identity.user(principal.userId);
    const orgId = user.organisation?.id ?? null;
    let base = this.db
      .selectFrom('access_case as c')
      .innerJoin('app_user as u', 'u.id', 'c.applicant_user_id')
      .leftJoin('organisation as o', 'o.id', 'c.applicant_organisation_id')
      .where((eb) => {
        const mine =
          orgId === null
            ? eb('c.applicant_user_id', '=', user.id)
            : eb.or([eb('c.applicant_user_id', '=', user.id), eb('c.applicant_organisation_id', '=', orgId)]);
        return officer ? eb.or([mine, eb('c.status', 'not in', ['draft', 'expired'])]) : mine;
      });
    const now = this.now();
    // A draft past its expiry is expired, whether or not a sweep has marked it yet.
    if (query.status === 'draft')
      base = base.where('c.status', '=', 'draft').where('c.draft_expires_at', '>', now);
    else if (query.status === 'expired')
      base = base.where((eb) =>
        eb.or([
          eb('c.status', '=', 'expired'),
          eb.and([eb('c.status', '=', 'draft'), eb('c.draft_expires_at', '<=', now)]),
        ]),
      );
    else if (query.status !== undefined) base = base.where('c.status', '=', query.status);
    if (query.track !== undefined) base = base.where('c.track', '=', query.track);
    if (query.q !== undefined && query.q.trim() !== '') {
      const like = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      base = base.where((eb) =>
        eb.or([eb('c.title', 'ilike', like), eb('c.reference', 'ilike', like), eb('o.name', 'ilike', like)]),
      );
    }
    // Open cases first, the nearest deadline first (a running pause moves it); then the rest by deadline;
    // ties the most recent first. The order is read from three indexes instead of sorting every case: open
    // cases running, open cases paused (their deadline moves with the clock, so their index holds the
    // deadline less the pause's start), and the others; each gives at most one page past the offset, and the
    // page is merged from them here. What the query asks is visible in each of the three.
    const reach = query.page * query.pageSize;
    const searching = query.q !== undefined && query.q.trim() !== '';
    const branch = (group: 'running' | 'paused' | 'other') => {
      let q = base.select(['c.id', 'c.updated_at', 'c.deadline_base', 'c.paused_since']);
      if (group === 'running')
        q = q
          .where('c.status', 'in', open)
          .where('c.paused_since', 'is', null)
          .orderBy('c.deadline_base', (ob) => ob.asc().nullsLast());
      else if (group === 'paused')
        q = q
          .where('c.status', 'in', open)
          .where('c.paused_since', 'is not', null)
          .orderBy(sql`c.deadline_base - c.paused_since`, (ob) => ob.asc().nullsLast());
      else q = q.where('c.status', 'not in', open).orderBy('c.deadline_base', (ob) => ob.asc().nullsLast());
      return q.orderBy('c.updated_at', 'desc').orderBy('c.id').limit(reach).execute();
    };
    const due = (r: { deadline_base: Date | null; paused_since: Date | null }): number =>
      r.deadline_base === null
        ? Number.POSITIVE_INFINITY
        : r.deadline_base.getTime() +
          (r.paused_since === null ? 0 : now.getTime() - r.paused_since.getTime());
    const pageOf = async (): Promise<{ ids: string[]; total: number }> => {
      if (searching) {
        // A search reads every case's text anyway: one pass filters, counts and sorts the few that match.
        const rows = await base
          .select(['c.id', sql<number | string>`count(*) OVER ()`.as('n')])
          .orderBy(sql`CASE WHEN c.status IN (${sql.join(open)}) THEN 0 ELSE 1 END`)
          .orderBy(sql`c.deadline_base + COALESCE(now() - c.paused_since, interval '0') ASC NULLS LAST`)
          .orderBy('c.updated_at', 'desc')
          .orderBy('c.id')
          .limit(query.pageSize)
          .offset(reach - query.pageSize)
          .execute();
        const total =
          rows[0]?.n ??
          (query.page === 1
            ? 0
            : ((await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst())?.n ??
              0));
        return { ids: rows.map((r) => r.id), total: Number(total) };
      }
      const [running, paused, other, counted] = await Promise.all([
        branch('running'),
        branch('paused'),
        branch('other'),
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
      ]);
      const ids = [
        ...[...running, ...paused].map((r) => ({ ...r, group: 0 })),
        ...other.map((r) => ({ ...r, group: 1 })),
      ]
        .sort(
          (a, b) =>
            a.group - b.group ||
            due(a) - due(b) ||
            b.updated_at.getTime() - a.updated_at.getTime() ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        )
        .slice(reach - query.pageSize, reach)
        .map((r) => r.id);
      return { ids, total: Number(counted?.n ?? 0) };
    };
    const { ids, total } = await pageOf();
    const byId = new Map(
      ids.length === 0
        ? []
        : (await this.caseQuery().where('c.id', 'in', ids).execute()).map((r) => [r.id, r as CaseRow]),
    );
    const rows = ids.flatMap((id) => byId.get(id) ?? []);
    if (context !== undefined)
      await auditAs(this.audit, context, {
        action: 'access.case.list',
        outcome: 'success',
        details: { shown: rows.length, total, status: query.status ?? null, page: query.page },
      });
    return {
      total,
      page: query.page,
      pageSize: query.pageSize,
      cases: rows.map((r) => this.summaryOf(r, now)),
    };
  }

  /** One case with everything its page shows; reading it is audited, as it names people. */
  async view(principal: Principal, id: string, audited = true, context?: AuditContext): Promise<CaseView> {
    const row = await this.caseFor(principal, id, 'read');
    const now = this.now();
    const [messages, events, appeals, permits, attachments] = await Promise.all([
      this.db
        .selectFrom('access_message')
        .selectAll()
        .where('case_id', '=', id)
        .orderBy('created_at')
        .execute(),
      this.db.selectFrom('access_case_event').selectAll().where('case_id', '=', id).orderBy('at').execute(),
      this.db.selectFrom('access_appeal').selectAll().where('case_id', '=', id).orderBy('filed_at').execute(),
      this.permitRows().where('p.case_id', '=', id).orderBy('p.version').execute(),
      this.db
        .selectFrom('access_attachment')
        .select(['id', 'kind', 'filename', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
        .where('case_id', '=', id)
        .orderBy('uploaded_at')
        .execute(),
    ]);
    if (audited && context !== undefined)
      await auditAs(this.audit, context, {
        action: 'access.case.read',
        outcome: 'success',
        target: { type: 'access_case', id },
      });
    const thread: Message[] = messages.map((m) => ({
      id: m.id,
      author: m.author_name,
      side: m.side,
      kind: m.kind,
      body: m.body,
      fields: m.fields,
      createdAt: m.created_at.toISOString(),
    }));
    const lastRequest = [...messages].reverse().find((m) => m.kind === 'information_request');
    return {
      ...this.summaryOf(row, now),
      form: row.form,
      basket: row.basket,
      missing: missingFields(row.track, row.form),
      checklist: row.checklist,
      criteria: [...criteriaOf(row.track)],
      assessorId: row.assessor_user_id,
      decisionDetail: row.decision,
      decidedAt: iso(row.decided_at),
      fees: this.fees(row),
      messages: thread,
      openQuestions: row.status === 'awaiting_information' ? (lastRequest?.fields ?? []) : [],
      history: events.map((e) => ({
        at: e.at.toISOString(),
        from: e.from_status,
        to: e.to_status,
        note: e.note,
      })),
      appeals: appeals.map((a) => ({
        id: a.id,
        filedAt: a.filed_at.toISOString(),
        grounds: a.grounds,
        outcome: a.outcome,
        outcomeNote: a.outcome_note,
        decidedAt: iso(a.decided_at),
      })),
      attachments: attachments.map((a) => ({
        id: a.id,
        kind: a.kind,
        filename: a.filename,
        mediaType: a.media_type,
        size: a.size_bytes,
        sha256: a.sha256,
        uploadedAt: a.uploaded_at.toISOString(),
      })),
      permits: permits.map((p) => this.permitOf(p, now)),
      clonedFrom: row.cloned_from,
      actions: await this.actionsFor(principal, row, now),
    };
  }

  /**
   * In-app reminders, worked out when asked: for an applicant, questions waiting for them and drafts about
   * to expire; for an officer, cases whose deadline is near or past and cases nobody has picked up.
   */
  async notifications(principal: Principal): Promise<Notification[]> {
    const out: Notification[] = [];
    const mine = await this.list(principal, { page: 1, pageSize: 200 });
    const applicantView = !principal.roles.includes('access_officer');
    for (const c of mine.cases) {
      const label = c.reference ?? c.title;
      if (applicantView || c.applicant.id === principal.userId) {
        if (c.status === 'awaiting_information')
          out.push({
            caseId: c.id,
            kind: 'information_requested',
            message: `The HDAB asked you for information on ${label}.`,
          });
        if (c.status === 'draft' && c.draftExpiryWarning)
          out.push({
            caseId: c.id,
            kind: 'draft_expiring',
            message: `The draft “${c.title}” expires on ${c.draftExpiresAt?.slice(0, 10) ?? ''}.`,
          });
      }
      if (!applicantView && c.clock !== null && !c.clock.stopped) {
        if (c.clock.overdue)
          out.push({
            caseId: c.id,
            kind: 'deadline_passed',
            message: `The time limit for ${label} has passed.`,
          });
        else if (c.clock.daysLeft <= 14 && !c.clock.paused)
          out.push({
            caseId: c.id,
            kind: 'deadline_near',
            message: `${c.clock.daysLeft} days left to decide ${label}.`,
          });
        if (c.status === 'submitted')
          out.push({ caseId: c.id, kind: 'not_picked_up', message: `${label} waits for pre-screening.` });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- permits

  async permits(principal: Principal): Promise<PermitView[]> {
    let query = this.permitRows();
    if (!principal.roles.some((r) => r === 'access_officer' || r === 'data_steward')) {
      const user = await this.identity.user(principal.userId);
      const orgId = user.organisation?.id ?? null;
      query = query.where((eb) =>
        orgId === null
          ? eb('c.applicant_user_id', '=', user.id)
          : eb.or([eb('c.applicant_user_id', '=', user.id), eb('c.applicant_organisation_id', '=', orgId)]),
      );
    }
    const now = this.now();
    return (await query.orderBy('p.issued_at', 'desc').execute()).map((p) => this.permitOf(p, now));
  }

  /** One version of a permit; reading it is audited, as it names the persons it admits. */
  async permit(principal: Principal, id: string, context?: AuditContext): Promise<PermitView> {
    const row = await this.permitRow(id);
    await this.caseFor(principal, row.case_id, 'read', 'permit');
    if (context !== undefined)
      await auditAs(this.audit, context, {
        action: 'access.permit.read',
        outcome: 'success',
        target: { type: 'permit', id },
      });
    return this.permitOf(row, this.now());
  }

  /** An amendment is a new version with its own id; the one it replaces is kept, superseded. */
  async amend(
    caller: Caller,
    id: string,
    changes: {
      conditions?: readonly string[] | undefined;
      namedPersons?: readonly { name: string; email: string }[] | undefined;
      validUntil?: string | undefined;
    },
    reason: string,
  ): Promise<PermitView> {
    const row = await this.activePermit(id);
    const elements: PermitElements = {
      ...row.elements,
      ...(changes.conditions === undefined ? {} : { conditions: [...changes.conditions] }),
      ...(changes.namedPersons === undefined
        ? {}
        : { namedPersons: changes.namedPersons.map((p) => ({ ...p })) }),
      fees: amendmentFee(this.settings.tariff),
    };
    const validUntil = changes.validUntil === undefined ? row.valid_until : new Date(changes.validUntil);
    if (validUntil.getTime() > addMonths(row.valid_from, 120 + (row.renewed ? 120 : 0)).getTime())
      throw new AppError('invalid', 'access.permit_too_long', 'A permit runs for at most ten years.', [
        { path: '/validUntil', message: 'is more than ten years after the permit started' },
      ]);
    return this.newVersion(caller, row, 'amended', elements, validUntil, row.renewed, reason);
  }

  /** Renewal: once per permit, by up to another ten years. */
  async renew(caller: Caller, id: string, months: number, reason: string): Promise<PermitView> {
    const row = await this.activePermit(id);
    if (row.renewed)
      throw new AppError('conflict', 'access.already_renewed', 'A permit can be renewed once only.');
    return this.newVersion(
      caller,
      row,
      'renewed',
      row.elements,
      addMonths(row.valid_until, months),
      true,
      reason,
    );
  }

  async revoke(caller: Caller, id: string, reason: string): Promise<PermitView> {
    const row = await this.activePermit(id);
    const now = this.now();
    const result = await this.db
      .updateTable('access_permit')
      .set({ state: 'revoked', ended_at: now, end_reason: reason })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw changed();
    await auditAs(this.audit, caller.context, {
      action: 'access.permit.revoke',
      outcome: 'success',
      target: { type: 'permit', id },
      details: { reason, caseId: row.case_id },
    });
    return this.permitOf({ ...row, state: 'revoked', ended_at: now, end_reason: reason }, now);
  }

  /** Marks permits past their end as expired (a permit past its end gives no access even before this runs). */
  async expirePermits(context: AuditContext, now: Date = this.now()): Promise<string[]> {
    const rows = await this.db
      .updateTable('access_permit')
      .set({ state: 'expired', ended_at: sql`valid_until`, end_reason: 'the permit ran out' })
      .where('state', '=', 'active')
      .where('valid_until', '<=', now)
      .returning('id')
      .execute();
    for (const r of rows)
      await auditAs(this.audit, context, {
        action: 'access.permit.expire',
        outcome: 'success',
        target: { type: 'permit', id: r.id },
      });
    return rows.map((r) => r.id);
  }

  /**
   * Marks drafts past their expiry as expired, with the step in their history (a draft past its expiry is
   * shown expired and refuses changes even before this runs). Each row is taken by one update only, so two
   * nodes sweeping at once mark each draft once.
   */
  async expireDrafts(context: AuditContext, now: Date = this.now()): Promise<string[]> {
    const ids = await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('access_case')
        .set((eb) => ({ status: 'expired', revision: eb('revision', '+', 1), updated_at: now }))
        .where('status', '=', 'draft')
        .where('draft_expires_at', '<=', now)
        .returning('id')
        .execute();
      if (rows.length > 0)
        await trx
          .insertInto('access_case_event')
          .values(
            rows.map((r) => ({
              id: randomUUID(),
              case_id: r.id,
              at: now,
              actor_user_id: null,
              from_status: 'draft' as const,
              to_status: 'expired' as const,
              note: 'not saved or submitted in time',
            })),
          )
          .execute();
      return rows.map((r) => r.id);
    });
    for (const id of ids)
      await auditAs(this.audit, context, {
        action: 'access.case.expire',
        outcome: 'success',
        target: { type: 'access_case', id },
      });
    return ids;
  }

  /**
   * Whether a person may use a permit now: the version in force, within its term, naming them. What the
   * secure processing environment asks before it opens a workspace or builds an extract.
   */
  async permitInForce(id: string, email?: string): Promise<PermitView> {
    const row = await this.permitRow(id);
    const view = this.permitOf(row, this.now());
    if (view.state !== 'active') {
      const code = view.state === 'superseded' ? 'permit.superseded' : `permit.${view.state}`;
      throw new AppError(
        'forbidden',
        code,
        view.state === 'superseded'
          ? 'This version of the permit has been replaced by a newer one.'
          : `This permit is ${view.state}: it gives no access.`,
      );
    }
    if (this.now() < row.valid_from)
      throw new AppError('forbidden', 'permit.not_yet_valid', `This permit starts on ${view.validFrom}.`);
    if (
      email !== undefined &&
      !view.elements.namedPersons.some((p) => p.email.toLowerCase() === email.toLowerCase())
    )
      throw new AppError('forbidden', 'permit.not_named', 'The permit does not name you.');
    return view;
  }

  /** The newest version of a permit (amendments and renewals each make a new one): its id. */
  async latestVersionId(id: string): Promise<string> {
    let current = id;
    for (let hops = 0; hops < 1000; hops++) {
      const next = await this.db
        .selectFrom('access_permit')
        .select('id')
        .where('previous_id', '=', current)
        .executeTakeFirst();
      if (next === undefined) return current;
      current = next.id;
    }
    return current;
  }

  /** A permit version as it stands, in force or not: what a workspace follows through its lifecycle. */
  async permitAnyState(id: string): Promise<PermitView | null> {
    const row = await this.permitRows().where('p.id', '=', id).executeTakeFirst();
    return row === undefined ? null : this.permitOf(row, this.now());
  }

  // ---------------------------------------------------------------- preparation

  async tasks(): Promise<TaskView[]> {
    const rows = await this.db
      .selectFrom('access_preparation_task as t')
      .innerJoin('access_case as c', 'c.id', 't.case_id')
      .selectAll('t')
      .select('c.reference')
      .orderBy('t.created_at', 'desc')
      .execute();
    return rows.map((t) => ({
      id: t.id,
      caseId: t.case_id,
      caseReference: t.reference,
      permitId: t.permit_id,
      status: t.status,
      order: t.work_order,
      createdAt: t.created_at.toISOString(),
      updatedAt: t.updated_at.toISOString(),
    }));
  }

  async setTaskStatus(caller: Caller, id: string, status: TaskStatus): Promise<TaskView> {
    const result = await this.db
      .updateTable('access_preparation_task')
      .set({ status, updated_at: this.now(), updated_by: caller.principal.userId })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError('not_found', 'access.task_not_found', `There is no preparation task ${id}.`);
    await auditAs(this.audit, caller.context, {
      action: 'access.task.status',
      outcome: 'success',
      target: { type: 'preparation_task', id },
      details: { status },
    });
    const task = (await this.tasks()).find((t) => t.id === id);
    if (task === undefined)
      throw new AppError('not_found', 'access.task_not_found', `There is no task ${id}.`);
    return task;
  }

  // ---------------------------------------------------------------- internals

  fees(row: { track: Track; form: ApplicationForm }): FeeEstimate {
    return estimateFees(this.settings.tariff, row.track, row.form);
  }

  private async mailDecision(
    caller: Caller,
    row: CaseRow,
    outcome: 'granted' | 'refused',
    now: Date,
    permitNumber?: string,
  ): Promise<void> {
    await this.mail?.send(
      {
        key: `decision_issued:${row.id}`,
        kind: 'decision_issued',
        to: 'applicant',
        facts: { caseId: row.id, reference: row.reference, title: row.title, outcome, permitNumber },
      },
      caller.context,
      now,
    );
  }

  private draftExpiry(now: Date): Date {
    return new Date(now.getTime() + this.settings.draftExpiryDays * dayMs);
  }

  private summaryOf(row: CaseRow, now: Date): CaseSummary {
    const expired = row.status === 'draft' && row.draft_expires_at !== null && row.draft_expires_at <= now;
    const state: ClockState | null =
      row.clock_started_at === null
        ? null
        : {
            startedAt: row.clock_started_at,
            rule: clockRule(row.track, row.public_sector),
            extended: row.extended,
            extensionReason: row.extension_reason,
            pausedMs: row.paused_ms,
            pausedSince: row.paused_since,
            stoppedAt: row.closed_at,
          };
    return {
      id: row.id,
      reference: row.reference,
      track: row.track,
      publicSector: row.public_sector,
      status: expired ? 'expired' : row.status,
      title: row.title,
      purpose: row.form.purpose ?? null,
      organisation:
        row.applicant_organisation_id === null
          ? null
          : { id: row.applicant_organisation_id, name: row.organisation_name ?? '' },
      applicant: { id: row.applicant_user_id, name: row.applicant_name },
      datasets: row.basket.map((b) => ({ datasetId: b.datasetId, title: b.title })),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      submittedAt: iso(row.submitted_at),
      clock: state === null ? null : clockView(state, now),
      draftExpiresAt: iso(row.draft_expires_at),
      draftExpiryWarning:
        row.status === 'draft' &&
        row.draft_expires_at !== null &&
        row.draft_expires_at.getTime() - now.getTime() <= this.settings.draftWarningDays * dayMs,
      decision: row.decision?.outcome ?? null,
      revision: row.revision,
    };
  }

  private async actionsFor(principal: Principal, row: CaseRow, now: Date): Promise<string[]> {
    const actions: string[] = [];
    const status = this.summaryOf(row, now).status;
    if (await this.isApplicant(principal, row)) {
      if (status === 'draft') actions.push('save', 'submit');
      if (withdrawable.includes(status)) actions.push('withdraw');
      if (status === 'awaiting_information') actions.push('respond');
      if (status === 'draft' || status === 'awaiting_information') actions.push('attach');
      if (status === 'decision_issued') actions.push('appeal');
      actions.push('clone');
    }
    if (principal.roles.includes('access_officer') && status !== 'draft' && status !== 'expired') {
      if (status === 'submitted') actions.push('pre_screen');
      if (status === 'pre_screening') actions.push('confirm_complete', 'request_information');
      if (status === 'processing') {
        actions.push('request_information', 'assess', 'refuse');
        const fourEyesBlocks = this.settings.fourEyes && row.assessor_user_id === principal.userId;
        if (!fourEyesBlocks) actions.push('grant');
      }
      const rule = clockRule(row.track, row.public_sector);
      if (open.includes(status) && !row.extended && rule.extensionMonths > 0) actions.push('extend');
    }
    if (status !== 'draft' && status !== 'expired') actions.push('message');
    return [...new Set(actions)];
  }

  private async decidable(caller: Caller, id: string): Promise<CaseRow> {
    const row = await this.caseFor(caller.principal, id, 'officer');
    if (row.status !== 'processing') throw wrongStatus('decided', row.status, ['processing']);
    if (this.settings.fourEyes && row.assessor_user_id === caller.principal.userId)
      throw new AppError(
        'forbidden',
        'access.four_eyes',
        'Four-eyes rule: another officer than the assessor must take the decision.',
      );
    return row;
  }

  private resumeClock(
    row: CaseRow,
    now: Date,
  ): { paused_ms?: number; paused_since?: null; deadline_base?: Date } {
    if (row.paused_since === null) return {};
    const paused = Math.max(0, now.getTime() - row.paused_since.getTime());
    return {
      paused_ms: row.paused_ms + paused,
      paused_since: null,
      ...(row.deadline_base === null
        ? {}
        : { deadline_base: new Date(row.deadline_base.getTime() + paused) }),
    };
  }

  private async basketOf(form: ApplicationForm): Promise<BasketItem[]> {
    const errors: FieldError[] = [];
    const basket: BasketItem[] = [];
    const seen = new Set<string>();
    for (const [i, item] of (form.datasets ?? []).entries()) {
      if (seen.has(item.datasetId)) {
        errors.push({ path: `/form/datasets/${i}/datasetId`, message: 'is already in the basket' });
        continue;
      }
      seen.add(item.datasetId);
      try {
        const dataset = await this.catalogue.view(null, item.datasetId);
        basket.push({
          datasetId: dataset.id,
          title: dataset.title.en ?? Object.values(dataset.title)[0] ?? dataset.id,
          holder: dataset.holder === null ? null : { id: dataset.holder.id, name: dataset.holder.name },
          variables: [...(item.variables ?? [])],
        });
      } catch (e) {
        if (!isAppError(e) || e.kind !== 'not_found') throw e;
        errors.push({
          path: `/form/datasets/${i}/datasetId`,
          message: 'is not a published dataset of the catalogue',
        });
      }
    }
    if (errors.length > 0)
      throw new AppError(
        'invalid',
        'access.dataset_unknown',
        'The basket holds datasets the catalogue does not publish.',
        errors,
      );
    return basket;
  }

  private caseQuery() {
    return this.db
      .selectFrom('access_case as c')
      .innerJoin('app_user as u', 'u.id', 'c.applicant_user_id')
      .leftJoin('organisation as o', 'o.id', 'c.applicant_organisation_id')
      .selectAll('c')
      .select(['u.display_name as applicant_name', 'o.name as organisation_name']);
  }

  private async isApplicant(principal: Principal, row: CaseRow): Promise<boolean> {
    if (!principal.roles.includes('data_user')) return false;
    if (row.applicant_user_id === principal.userId) return true;
    if (row.applicant_organisation_id === null) return false;
    const user = await this.identity.user(principal.userId);
    return user.organisation?.id === row.applicant_organisation_id;
  }

  /**
   * The case, if the caller may act on it in this capacity: the applicant's own organisation (or the
   * applicant in person), or the HDAB's officers for submitted cases.
   */
  private async caseFor(
    principal: Principal,
    id: string,
    as: 'read' | 'applicant' | 'officer',
    what: 'case' | 'permit' = 'case',
  ): Promise<CaseRow> {
    const row = (await this.caseQuery().where('c.id', '=', id).executeTakeFirst()) as CaseRow | undefined;
    if (row === undefined)
      throw new AppError(
        'not_found',
        'access.case_not_found',
        `There is no application or data request ${id}.`,
      );
    const officer =
      principal.roles.includes('access_officer') && row.status !== 'draft' && row.status !== 'expired';
    const steward = what === 'permit' && principal.roles.includes('data_steward');
    const ok =
      as === 'officer'
        ? officer
        : as === 'applicant'
          ? await this.isApplicant(principal, row)
          : officer || steward || (await this.isApplicant(principal, row));
    if (!ok)
      throw new AppError(
        'forbidden',
        as === 'officer' ? 'access.officers_only' : 'access.not_your_case',
        as === 'officer'
          ? 'Only the HDAB’s access officers handle submitted cases.'
          : `This ${what === 'permit' ? 'permit' : 'case'} belongs to another applicant.`,
      );
    return row;
  }

  private async ownDraft(principal: Principal, id: string): Promise<CaseRow> {
    const row = await this.caseFor(principal, id, 'applicant');
    if (row.status === 'expired') throw draftExpired();
    if (row.status !== 'draft')
      throw new AppError(
        'conflict',
        'access.not_a_draft',
        `This case is ${row.status}; only a draft can change.`,
      );
    if (row.draft_expires_at !== null && row.draft_expires_at <= this.now()) throw draftExpired();
    return row;
  }

  /** Changes a case if nobody else changed it since it was read. */
  private async update(
    row: CaseRow,
    set: CaseUpdate,
    trx: Kysely<Tables> | Transaction<Tables> = this.db,
  ): Promise<void> {
    const result = await trx
      .updateTable('access_case')
      .set({ ...set, revision: row.revision + 1, updated_at: this.now() })
      .where('id', '=', row.id)
      .where('revision', '=', row.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw changed();
  }

  private async transition(
    trx: Transaction<Tables>,
    row: CaseRow,
    caller: Caller,
    to: CaseStatus,
    note: string | null,
    set: CaseUpdate,
  ): Promise<void> {
    const result = await trx
      .updateTable('access_case')
      .set({ ...set, status: to, revision: row.revision + 1, updated_at: this.now() })
      .where('id', '=', row.id)
      .where('revision', '=', row.revision)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw changed();
    await this.event(trx, row.id, caller, row.status, to, note);
  }

  private async event(
    trx: Kysely<Tables>,
    caseId: string,
    caller: Caller,
    from: CaseStatus | null,
    to: CaseStatus,
    note: string | null,
  ): Promise<void> {
    await trx
      .insertInto('access_case_event')
      .values({
        id: randomUUID(),
        case_id: caseId,
        at: this.now(),
        actor_user_id: caller.principal.userId,
        from_status: from,
        to_status: to,
        note,
      })
      .execute();
  }

  private async message(
    trx: Kysely<Tables>,
    caseId: string,
    authorId: string,
    authorName: string,
    side: 'applicant' | 'hdab',
    kind: 'message' | 'information_request' | 'information_response',
    body: string,
    fields: readonly RequestedField[],
  ): Promise<void> {
    await trx
      .insertInto('access_message')
      .values({
        id: randomUUID(),
        case_id: caseId,
        author_user_id: authorId,
        author_name: authorName,
        side,
        kind,
        body,
        fields: JSON.stringify(fields),
        created_at: this.now(),
      })
      .execute();
  }

  private async openQuestions(caseId: string): Promise<RequestedField[]> {
    const last = await this.db
      .selectFrom('access_message')
      .select('fields')
      .where('case_id', '=', caseId)
      .where('kind', '=', 'information_request')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last?.fields ?? [];
  }

  private record(
    caller: Caller,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ): Promise<unknown> {
    return auditAs(this.audit, caller.context, {
      action,
      outcome: 'success',
      target: { type: 'access_case', id },
      details,
    });
  }

  private permitRows() {
    return this.db
      .selectFrom('access_permit as p')
      .innerJoin('access_case as c', 'c.id', 'p.case_id')
      .selectAll('p')
      .select('c.reference as case_reference');
  }

  private async permitRow(id: string): Promise<PermitRow> {
    const row = await this.permitRows().where('p.id', '=', id).executeTakeFirst();
    if (row === undefined) throw new AppError('not_found', 'permit.not_found', `There is no permit ${id}.`);
    return row;
  }

  private async activePermit(id: string): Promise<PermitRow> {
    const row = await this.permitRow(id);
    const state = this.permitOf(row, this.now()).state;
    if (state !== 'active')
      throw new AppError(
        'conflict',
        `permit.${state}`,
        state === 'superseded'
          ? 'This version was replaced; change the version in force.'
          : `This permit is ${state}; it can no longer change.`,
      );
    return row;
  }

  private async newVersion(
    caller: Caller,
    row: PermitRow,
    change: 'amended' | 'renewed',
    elements: PermitElements,
    validUntil: Date,
    renewed: boolean,
    reason: string,
  ): Promise<PermitView> {
    const now = this.now();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const old = await trx
        .updateTable('access_permit')
        .set({ state: 'superseded', ended_at: now, end_reason: `${change}: ${reason}` })
        .where('id', '=', row.id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(old.numUpdatedRows) === 0) throw changed();
      await trx
        .insertInto('access_permit')
        .values({
          id,
          case_id: row.case_id,
          permit_number: row.permit_number,
          version: row.version + 1,
          previous_id: row.id,
          change,
          state: 'active',
          elements: JSON.stringify(elements),
          valid_from: row.valid_from,
          valid_until: validUntil,
          renewed,
          issued_at: now,
          issued_by: caller.principal.userId,
          ended_at: null,
          end_reason: null,
        })
        .execute();
    });
    await auditAs(this.audit, caller.context, {
      action: `access.permit.${change === 'amended' ? 'amend' : 'renew'}`,
      outcome: 'success',
      target: { type: 'permit', id },
      details: { previous: row.id, version: row.version + 1, reason },
    });
    return this.permitOf(await this.permitRow(id), now);
  }

  permitOf(row: PermitRow, now: Date): PermitView {
    const state: PermitState = row.state === 'active' && row.valid_until <= now ? 'expired' : row.state;
    return {
      id: row.id,
      permitNumber: row.permit_number,
      version: row.version,
      previousId: row.previous_id,
      caseId: row.case_id,
      caseReference: row.case_reference ?? '',
      change: row.change,
      state,
      elements: row.elements,
      validFrom: row.valid_from.toISOString(),
      validUntil: row.valid_until.toISOString(),
      renewed: row.renewed,
      issuedAt: row.issued_at.toISOString(),
      endedAt: iso(row.ended_at ?? (state === 'expired' ? row.valid_until : null)),
      endReason: row.end_reason ?? (state === 'expired' ? 'the permit ran out' : null),
    };
  }
}

const titleOf = (form: ApplicationForm): string =>
  form.title === undefined || form.title.trim() === '' ? 'Untitled application' : form.title.trim();
