import { createHash, createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely, Selectable } from 'kysely';
import type { Principal } from '../../platform/auth/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, isAppError } from '../../platform/errors/index.js';
import { auditAs, systemActor, type AuditContext, type AuditLog } from '../audit/index.js';
import type { AccessModule, PermitView } from '../access/index.js';
import type { IdentityService } from '../identity/index.js';
import {
  checkFile,
  justify,
  round,
  suppress,
  type DisclosureSettings,
  type FileVerdict,
  type OutputFileContext,
} from '../disclosure/index.js';
import type { ConsoleResult, ExtractBuilder, JobRunner, SqlConsoles } from './ports.js';
import type {
  JobLanguage,
  JobStatus,
  OutputStatus,
  ReviewDecision,
  WorkspaceStatus,
  WorkspaceTables,
} from './tables.js';

export interface Caller {
  readonly principal: Principal;
  readonly context: AuditContext;
}

export interface WorkspaceSettings {
  /** Where workspaces keep their folders: `<root>/<id>/{extract,outputs,airlock}`. */
  readonly root: string;
  /** Days a workspace stays read-only after its permit ends, before it is locked. */
  readonly readOnlyDays: number;
  /** Days after the permit ends before the workspace's data are deleted (default about 6 months). */
  readonly retentionDays: number;
  /** Two output checkers must approve before anything leaves. */
  readonly twoCheckers: boolean;
  /** Secret from which each permit's re-keying secret is derived. */
  readonly secret: Buffer;
  readonly maxScriptBytes: number;
  /** The airlock's automatic checks (the ACRO defaults unless configured). */
  readonly disclosure: DisclosureSettings;
}

export interface WorkspaceView {
  readonly id: string;
  readonly taskId: string;
  readonly permitId: string;
  readonly caseReference: string | null;
  readonly title: string;
  readonly status: WorkspaceStatus;
  readonly statusReason: string | null;
  readonly extractReport: Record<string, unknown> | null;
  readonly validUntil: string | null;
  readonly createdAt: string;
  readonly deletedAt: string | null;
}

export interface JobView {
  readonly id: string;
  readonly workspaceId: string;
  readonly language: JobLanguage;
  readonly name: string;
  readonly script: string;
  readonly status: string;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly exitCode: number | null;
  readonly message: string | null;
  readonly logTail: string | null;
  readonly outputs: readonly string[];
}

export interface OutputFile {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly context: OutputFileContext;
  /** The automatic checks' verdict on the file as it now is. */
  readonly check: FileVerdict;
  /** What the requester did to it, in order, with the cells each remedy changed. */
  readonly remedies: readonly { action: 'suppressed' | 'rounded' | 'justified'; changes: number }[];
  readonly justification: string | null;
}

export interface OutputRequestView {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string;
  readonly status: OutputStatus;
  readonly requestedBy: string;
  readonly files: readonly OutputFile[];
  readonly reviews: readonly {
    reviewer: string;
    decision: ReviewDecision;
    comment: string;
    decidedAt: string;
  }[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface FilePreview {
  readonly name: string;
  readonly size: number;
  readonly kind: 'table' | 'image' | 'text' | 'other';
  /** A CSV file's first rows; a text file's first characters; a PNG as a data URL. */
  readonly table?: { readonly header: readonly string[]; readonly rows: readonly string[][] };
  readonly text?: string;
  readonly dataUrl?: string;
}

const staffRoles = ['data_steward', 'admin'] as const;
const fileName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const previewRows = 200;

/**
 * The secure processing environment (Art 73): a workspace per permit, opened only for the persons the
 * permit names while it is in force; SQL, Python and R over the permit's extract; and the airlock, through
 * which only checked, approved, anonymised results leave. Every session, query, job, request, review and
 * download is audited.
 */
export class WorkspaceService {
  private readonly db: Kysely<WorkspaceTables>;

  constructor(
    database: Database,
    private readonly audit: AuditLog,
    private readonly access: AccessModule,
    private readonly identity: IdentityService,
    private readonly engines: {
      readonly extracts: ExtractBuilder;
      readonly consoles: SqlConsoles;
      readonly jobs: JobRunner;
    },
    private readonly settings: WorkspaceSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = database.kysely.withTables<WorkspaceTables>();
  }

  // ---------------------------------------------------------------- preparation (data steward)

  /** Builds the workspace of a permit's preparation task: the extract and an empty outputs folder. */
  async prepare(
    caller: Caller,
    taskId: string,
    choices: Readonly<Record<string, unknown>> = {},
  ): Promise<WorkspaceView> {
    const task = (await this.access.service.tasks()).find((t) => t.id === taskId);
    if (task === undefined)
      throw new AppError('not_found', 'workspace.task_not_found', `There is no preparation task ${taskId}.`);
    if (task.permitId === null || task.order.kind !== 'permit_extract')
      throw new AppError(
        'invalid',
        'workspace.task_not_extract',
        'This task is for statistics (a data request), not a workspace: it has no permit to open one under.',
      );
    const permit = await this.access.service.permitInForce(task.permitId);
    const existing = await this.db
      .selectFrom('workspace')
      .select(['id', 'status'])
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (existing !== undefined && existing.status !== 'failed')
      throw new AppError(
        'conflict',
        'workspace.exists',
        `This task already has a workspace (${existing.id}, ${existing.status}).`,
      );
    const id = existing?.id ?? randomUUID();
    const now = this.now();
    const title = `${permit.permitNumber}: ${permit.elements.datasets.map((d) => d.title).join(', ')}`;
    if (existing === undefined) {
      await this.db
        .insertInto('workspace')
        .values({
          id,
          task_id: taskId,
          permit_id: permit.id,
          case_reference: task.caseReference,
          title,
          status: 'preparing',
          status_reason: null,
          extract_report: JSON.stringify(null),
          valid_until: permit.validUntil,
          created_at: now,
          created_by: caller.principal.userId,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
    } else {
      await this.setStatus(id, 'preparing', null);
    }
    await this.access.service.setTaskStatus(caller, taskId, 'in_progress');
    const dir = this.dirOf(id);
    try {
      await rm(path.join(dir, 'extract'), { recursive: true, force: true });
      await mkdir(path.join(dir, 'outputs'), { recursive: true });
      const optedOut = await this.access.excludedPseudonyms({ permitId: permit.id });
      const report = await this.engines.extracts.build({
        permitId: permit.id,
        // The steward's choices (cohort codes, date shift) turn the order's words into rules.
        order: { ...task.order, choices },
        optedOut,
        secret: this.permitSecret(permit.id),
        outDir: path.join(dir, 'extract'),
      });
      await this.db
        .updateTable('workspace')
        .set({
          status: 'open',
          status_reason: null,
          extract_report: JSON.stringify(report),
          updated_at: this.now(),
        })
        .where('id', '=', id)
        .execute();
      await this.access.service.setTaskStatus(caller, taskId, 'done');
      await auditAs(this.audit, caller.context, {
        action: 'workspace.prepare',
        outcome: 'success',
        target: { type: 'workspace', id },
        details: { permitId: permit.id, taskId, choices, optedOutExcluded: optedOut.size },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.setStatus(id, 'failed', message);
      await auditAs(this.audit, caller.context, {
        action: 'workspace.prepare',
        outcome: 'failure',
        target: { type: 'workspace', id },
        details: { permitId: permit.id, taskId, error: message },
      });
      throw error;
    }
    return this.viewOf(await this.row(id));
  }

  // ---------------------------------------------------------------- who may enter

  /** Workspaces the caller may see: staff see all; a data user those whose permit names them. */
  async list(principal: Principal): Promise<WorkspaceView[]> {
    const rows = await this.db.selectFrom('workspace').selectAll().orderBy('created_at', 'desc').execute();
    if (this.isStaff(principal) || principal.roles.includes('output_checker'))
      return rows.map((r) => this.viewOf(r));
    const email = await this.emailOf(principal);
    const mine: WorkspaceView[] = [];
    for (const r of rows) {
      const permit = await this.permitOf(r.permit_id);
      if (permit !== null && named(permit, email)) mine.push(this.viewOf(r));
    }
    return mine;
  }

  /** Opens a workspace for a person the permit names, while it is in force (an audited session). */
  async open(caller: Caller, id: string): Promise<WorkspaceView> {
    const row = await this.enter(caller, id, 'view');
    await auditAs(this.audit, caller.context, {
      action: 'workspace.session',
      outcome: 'success',
      target: { type: 'workspace', id },
    });
    return this.viewOf(row);
  }

  /**
   * The gate of every workspace action. 'view' lets the permit's persons look at a read-only workspace;
   * 'work' (queries, jobs, output requests) needs an open workspace and a permit in force. Staff prepare
   * workspaces but never enter them. Each refusal is audited with its reason.
   */
  private async enter(
    caller: Caller,
    id: string,
    need: 'view' | 'work',
  ): Promise<Selectable<WorkspaceTables['workspace']>> {
    const row = await this.row(id);
    try {
      if (row.status === 'preparing' || row.status === 'failed')
        throw new AppError('conflict', 'workspace.not_ready', 'The workspace is still being prepared.');
      if (row.status === 'locked' || row.status === 'deleted')
        throw new AppError(
          'forbidden',
          `workspace.${row.status}`,
          row.status === 'locked'
            ? 'The permit has ended and the workspace is locked.'
            : 'The workspace and its data have been deleted.',
        );
      const email = await this.emailOf(caller.principal);
      if (need === 'work' || row.status === 'open') {
        // In force and naming the caller: what the access module answers for every permit use. An amended
        // or renewed permit is a new version: the workspace follows its newest one.
        const permitId = await this.access.service.latestVersionId(row.permit_id);
        await this.access.service.permitInForce(permitId, email ?? '');
        if (row.status !== 'open')
          throw new AppError(
            'forbidden',
            'workspace.read_only',
            'The permit has ended: the workspace is read-only, no new work can start.',
          );
      } else {
        const permit = await this.permitOf(row.permit_id);
        if (permit === null || !named(permit, email))
          throw new AppError('forbidden', 'permit.not_named', 'The permit does not name you.');
      }
      return row;
    } catch (error) {
      if (isAppError(error) && (error.kind === 'forbidden' || error.kind === 'conflict'))
        await auditAs(this.audit, caller.context, {
          action: need === 'work' ? 'workspace.work' : 'workspace.session',
          outcome: 'denied',
          target: { type: 'workspace', id },
          details: { code: error.code, reason: error.message },
        });
      throw error;
    }
  }

  // ---------------------------------------------------------------- SQL

  async query(caller: Caller, id: string, sql: string): Promise<ConsoleResult> {
    await this.enter(caller, id, 'work');
    try {
      const result = await this.engines.consoles.query(path.join(this.dirOf(id), 'extract'), sql);
      await auditAs(this.audit, caller.context, {
        action: 'workspace.query',
        outcome: 'success',
        target: { type: 'workspace', id },
        details: { sql, rows: result.rowCount, truncated: result.truncated, ms: result.elapsedMs },
      });
      return result;
    } catch (error) {
      await auditAs(this.audit, caller.context, {
        action: 'workspace.query',
        outcome: isAppError(error) && error.kind === 'forbidden' ? 'denied' : 'failure',
        target: { type: 'workspace', id },
        details: { sql, error: error instanceof Error ? error.message : String(error) },
      });
      throw error;
    }
  }

  /** Runs a query and keeps its result as a CSV file among the workspace's outputs. */
  async saveTable(caller: Caller, id: string, sql: string, name: string): Promise<FilePreview> {
    const file = checkedName(name.endsWith('.csv') ? name : `${name}.csv`);
    const result = await this.query(caller, id, sql);
    if (result.truncated)
      throw new AppError(
        'invalid',
        'workspace.table_truncated',
        `The result has more rows than the console shows (${String(result.rows.length)}); aggregate it first.`,
      );
    const csv = [
      result.columns.map((c) => csvCell(c.name)).join(','),
      ...result.rows.map((r) => r.map(csvCell).join(',')),
    ].join('\n');
    await this.writeOutput(id, file, `${csv}\n`);
    await this.recordJob(caller, id, 'sql', file, sql, {
      status: 'succeeded',
      exitCode: 0,
      durationMs: Math.round(result.elapsedMs),
      message: `${String(result.rowCount)} rows saved as ${file}`,
      logTail: '',
      outputs: [file],
    });
    return this.preview(caller, id, file);
  }

  // ---------------------------------------------------------------- Python and R

  async runJob(
    caller: Caller,
    id: string,
    input: { language: 'python' | 'r'; script: string; name?: string | undefined },
  ): Promise<JobView> {
    await this.enter(caller, id, 'work');
    if (Buffer.byteLength(input.script) > this.settings.maxScriptBytes)
      throw new AppError(
        'too_large',
        'workspace.script_too_large',
        `The script is larger than ${String(this.settings.maxScriptBytes)} bytes.`,
      );
    const missing = await this.engines.jobs.unavailable(input.language);
    if (missing !== null) throw new AppError('unavailable', 'workspace.sandbox_unavailable', missing);
    const dir = this.dirOf(id);
    const outcome = await this.engines.jobs.run({
      language: input.language,
      script: input.script,
      extractDir: path.join(dir, 'extract'),
      workDir: path.join(dir, 'outputs'),
    });
    const name = input.name?.trim() || `${input.language === 'r' ? 'R' : 'Python'} script`;
    return this.recordJob(caller, id, input.language, name, input.script, outcome);
  }

  private async recordJob(
    caller: Caller,
    id: string,
    language: JobLanguage,
    name: string,
    script: string,
    outcome: {
      status: string;
      exitCode: number | null;
      durationMs: number;
      message: string;
      logTail: string;
      outputs: readonly string[];
    },
  ): Promise<JobView> {
    const jobId = randomUUID();
    const ended = this.now();
    await this.db
      .insertInto('workspace_job')
      .values({
        id: jobId,
        workspace_id: id,
        language,
        name: name.slice(0, 200),
        script,
        status: outcome.status as JobStatus,
        started_by: caller.principal.userId,
        started_at: new Date(ended.getTime() - outcome.durationMs),
        ended_at: ended,
        duration_ms: outcome.durationMs,
        exit_code: outcome.exitCode,
        message: outcome.message,
        log_tail: outcome.logTail.slice(-20_000),
        outputs: JSON.stringify(outcome.outputs),
      })
      .execute();
    await auditAs(this.audit, caller.context, {
      action: 'workspace.job',
      outcome: outcome.status === 'succeeded' ? 'success' : 'failure',
      target: { type: 'workspace', id },
      details: { jobId, language, status: outcome.status, outputs: outcome.outputs },
    });
    return this.jobOf(
      await this.db.selectFrom('workspace_job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow(),
    );
  }

  async jobs(caller: Caller, id: string): Promise<JobView[]> {
    await this.enter(caller, id, 'view');
    const rows = await this.db
      .selectFrom('workspace_job')
      .selectAll()
      .where('workspace_id', '=', id)
      .orderBy('started_at', 'desc')
      .execute();
    return rows.map((r) => this.jobOf(r));
  }

  // ---------------------------------------------------------------- outputs (to look at, not to take)

  async files(caller: Caller, id: string): Promise<{ name: string; size: number; modifiedAt: string }[]> {
    await this.enter(caller, id, 'view');
    const dir = path.join(this.dirOf(id), 'outputs');
    if (!existsSync(dir)) return [];
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    const out = [];
    for (const name of names.sort()) {
      const s = await stat(path.join(dir, name));
      out.push({ name, size: s.size, modifiedAt: s.mtime.toISOString() });
    }
    return out;
  }

  async preview(caller: Caller, id: string, name: string): Promise<FilePreview> {
    await this.enter(caller, id, 'view');
    const bytes = await this.readOutput(id, checkedName(name));
    await auditAs(this.audit, caller.context, {
      action: 'workspace.file.view',
      outcome: 'success',
      target: { type: 'workspace', id },
      details: { file: name },
    });
    return previewOf(name, bytes);
  }

  // ---------------------------------------------------------------- the airlock

  async fileOutputRequest(
    caller: Caller,
    id: string,
    input: { title: string; files: readonly { name: string; context: OutputFileContext }[] },
  ): Promise<OutputRequestView> {
    await this.enter(caller, id, 'work');
    if (input.files.length === 0)
      throw new AppError('invalid', 'airlock.no_files', 'Choose at least one file to take out.');
    const requestId = randomUUID();
    const folder = path.join(this.dirOf(id), 'airlock', requestId);
    const files: OutputFile[] = [];
    try {
      await mkdir(folder, { recursive: true });
      for (const f of input.files) {
        const name = checkedName(f.name);
        const bytes = await this.readOutput(id, name);
        // The request keeps its own copy: what the checker sees is what leaves, whatever happens next.
        await writeFile(path.join(folder, name), bytes);
        files.push(this.checked(name, bytes, f.context, [], null));
      }
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    const now = this.now();
    await this.db
      .insertInto('workspace_output_request')
      .values({
        id: requestId,
        workspace_id: id,
        title: input.title.trim() || files.map((f) => f.name).join(', '),
        status: 'checked',
        requested_by: caller.principal.userId,
        files: JSON.stringify(files),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await auditAs(this.audit, caller.context, {
      action: 'airlock.request',
      outcome: 'success',
      target: { type: 'output_request', id: requestId },
      details: { workspaceId: id, files: files.map((f) => ({ name: f.name, status: f.check.status })) },
    });
    return this.outputRequest(caller, requestId);
  }

  /** The requester's remedies: suppress or round a table's cells, or justify an exception for the checker. */
  async remedy(
    caller: Caller,
    requestId: string,
    input: {
      file: string;
      action: 'suppress' | 'round' | 'justify';
      justification?: string | undefined;
      base?: number | undefined;
    },
    version: number,
  ): Promise<OutputRequestView> {
    const request = await this.requestRow(requestId);
    await this.enter(caller, request.workspace_id, 'work');
    if (request.requested_by !== caller.principal.userId)
      throw new AppError('forbidden', 'airlock.not_requester', 'Only the requester changes a request.');
    if (request.status !== 'checked' && request.status !== 'returned')
      throw new AppError(
        'conflict',
        'airlock.not_editable',
        `The request is ${request.status}: it can no longer be changed.`,
      );
    const files = request.files as OutputFile[];
    const file = files.find((f) => f.name === input.file);
    if (file === undefined)
      throw new AppError('not_found', 'airlock.file_not_found', `The request has no file ${input.file}.`);
    const folder = path.join(this.dirOf(request.workspace_id), 'airlock', requestId);
    const bytes = await readFile(path.join(folder, file.name));
    let next: OutputFile;
    if (input.action === 'justify') {
      const why = input.justification?.trim() ?? '';
      if (why.length < 10)
        throw new AppError(
          'invalid',
          'airlock.justification_required',
          'Say why this output is safe to release (at least 10 characters).',
        );
      next = {
        ...file,
        check: justify(file.check, { file: why }),
        justification: why,
        remedies: [...file.remedies, { action: 'justified', changes: 0 }],
      };
    } else {
      const current = { name: file.name, bytes, context: file.context };
      const settings = this.settings.disclosure;
      const result =
        input.action === 'suppress'
          ? suppress(current, 'failing', settings)
          : round(current, input.base ?? settings.rounding.base, settings);
      const changed = Buffer.from(result.csv, 'utf8');
      await writeFile(path.join(folder, file.name), changed);
      next = {
        ...this.checked(file.name, changed, file.context, file.remedies, null),
        check: result.verdict,
        remedies: [
          ...file.remedies,
          { action: input.action === 'suppress' ? 'suppressed' : 'rounded', changes: result.changes.length },
        ],
      };
    }
    await this.updateRequest(
      request,
      files.map((f) => (f.name === next.name ? next : f)),
      request.status,
      version,
    );
    await auditAs(this.audit, caller.context, {
      action: 'airlock.remedy',
      outcome: 'success',
      target: { type: 'output_request', id: requestId },
      details: { file: file.name, action: input.action, status: next.check.status },
    });
    return this.outputRequest(caller, requestId);
  }

  async submit(caller: Caller, requestId: string, version: number): Promise<OutputRequestView> {
    const request = await this.requestRow(requestId);
    await this.enter(caller, request.workspace_id, 'work');
    if (request.requested_by !== caller.principal.userId)
      throw new AppError('forbidden', 'airlock.not_requester', 'Only the requester submits a request.');
    if (request.status !== 'checked' && request.status !== 'returned')
      throw new AppError('conflict', 'airlock.not_editable', `The request is already ${request.status}.`);
    const files = request.files as OutputFile[];
    const failing = files.filter((f) => f.check.status === 'fail');
    if (failing.length > 0)
      throw new AppError(
        'invalid',
        'airlock.checks_failing',
        `Fix or justify what the automatic checks failed first: ${failing.map((f) => f.name).join(', ')}.`,
      );
    await this.updateRequest(request, files, 'submitted', version);
    await auditAs(this.audit, caller.context, {
      action: 'airlock.submit',
      outcome: 'success',
      target: { type: 'output_request', id: requestId },
    });
    return this.outputRequest(caller, requestId);
  }

  /** Requests waiting for an output checker (never shown their own). */
  async queue(principal: Principal): Promise<OutputRequestView[]> {
    const rows = await this.db
      .selectFrom('workspace_output_request')
      .selectAll()
      .where('status', '=', 'submitted')
      .orderBy('updated_at', 'asc')
      .execute();
    const out = [];
    for (const r of rows.filter((r) => r.requested_by !== principal.userId))
      out.push(await this.requestView(r));
    return out;
  }

  async review(
    caller: Caller,
    requestId: string,
    input: { decision: ReviewDecision; comment: string },
    version: number,
  ): Promise<OutputRequestView> {
    const request = await this.requestRow(requestId);
    if (request.requested_by === caller.principal.userId)
      throw new AppError(
        'forbidden',
        'airlock.own_request',
        'An output checker never checks their own request.',
      );
    if (request.status !== 'submitted')
      throw new AppError(
        'conflict',
        'airlock.not_submitted',
        `The request is ${request.status}, not waiting for a check.`,
      );
    const comment = input.comment.trim();
    if (input.decision !== 'approve' && comment.length === 0)
      throw new AppError(
        'invalid',
        'airlock.comment_required',
        'Say why, so that the requester can act on it.',
      );
    const reviews = await this.reviewsOf(requestId);
    if (reviews.some((r) => r.reviewer === caller.principal.userId && r.decision === 'approve'))
      throw new AppError('conflict', 'airlock.already_approved', 'You have already approved this request.');
    const approvals =
      reviews.filter((r) => r.decision === 'approve').length + (input.decision === 'approve' ? 1 : 0);
    const next: OutputStatus =
      input.decision === 'reject'
        ? 'rejected'
        : input.decision === 'return'
          ? 'returned'
          : approvals >= (this.settings.twoCheckers ? 2 : 1)
            ? 'released'
            : 'submitted';
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('workspace_output_request')
        .set({ status: next, updated_at: this.now(), version: version + 1 })
        .where('id', '=', requestId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        throw new AppError('conflict', 'airlock.changed', 'The request changed meanwhile; reload it.');
      await trx
        .insertInto('workspace_output_review')
        .values({
          id: randomUUID(),
          request_id: requestId,
          reviewer: caller.principal.userId,
          decision: input.decision,
          comment,
          decided_at: this.now(),
        })
        .execute();
    });
    await auditAs(this.audit, caller.context, {
      action: 'airlock.review',
      outcome: 'success',
      target: { type: 'output_request', id: requestId },
      details: { decision: input.decision, status: next },
    });
    return this.requestView(await this.requestRow(requestId));
  }

  async outputRequests(caller: Caller, workspaceId: string): Promise<OutputRequestView[]> {
    await this.enter(caller, workspaceId, 'view');
    const rows = await this.db
      .selectFrom('workspace_output_request')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute();
    const out = [];
    for (const r of rows) out.push(await this.requestView(r));
    return out;
  }

  async outputRequest(caller: Caller, requestId: string): Promise<OutputRequestView> {
    const row = await this.requestRow(requestId);
    if (!caller.principal.roles.includes('output_checker'))
      await this.enter(caller, row.workspace_id, 'view');
    return this.requestView(row);
  }

  /** A checker looks at a file of a request before deciding (audited). */
  async reviewPreview(caller: Caller, requestId: string, name: string): Promise<FilePreview> {
    const row = await this.requestRow(requestId);
    if (row.requested_by === caller.principal.userId)
      throw new AppError(
        'forbidden',
        'airlock.own_request',
        'An output checker never checks their own request.',
      );
    const bytes = await this.requestFile(row, name);
    await auditAs(this.audit, caller.context, {
      action: 'airlock.file.view',
      outcome: 'success',
      target: { type: 'output_request', id: requestId },
      details: { file: name },
    });
    return previewOf(name, bytes);
  }

  /** A released file, for the persons the permit names: the only way anything leaves the workspace. */
  async download(
    caller: Caller,
    requestId: string,
    name: string,
  ): Promise<{ bytes: Buffer; mediaType: string }> {
    const row = await this.requestRow(requestId);
    try {
      const workspace = await this.row(row.workspace_id);
      const permit = await this.permitOf(workspace.permit_id);
      if (permit === null || !named(permit, await this.emailOf(caller.principal)))
        throw new AppError('forbidden', 'permit.not_named', 'The permit does not name you.');
      if (row.status !== 'released')
        throw new AppError(
          'forbidden',
          'airlock.not_released',
          `This file has not been released (the request is ${row.status}).`,
        );
      if (workspace.status === 'deleted')
        throw new AppError('forbidden', 'workspace.deleted', 'The workspace and its data have been deleted.');
      const bytes = await this.requestFile(row, name);
      await auditAs(this.audit, caller.context, {
        action: 'airlock.download',
        outcome: 'success',
        target: { type: 'output_request', id: requestId },
        details: { file: name, sha256: createHash('sha256').update(bytes).digest('hex') },
      });
      return { bytes, mediaType: mediaTypeOf(name) };
    } catch (error) {
      if (isAppError(error) && error.kind === 'forbidden')
        await auditAs(this.audit, caller.context, {
          action: 'airlock.download',
          outcome: 'denied',
          target: { type: 'output_request', id: requestId },
          details: { file: name, code: error.code },
        });
      throw error;
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Follows each workspace's permit: once it is no longer in force the workspace becomes read-only, after
   * `readOnlyDays` locked, and after `retentionDays` its folder is deleted and the deletion audited.
   */
  async sweep(now: Date = this.now()): Promise<{ readOnly: string[]; locked: string[]; deleted: string[] }> {
    const context: AuditContext = { actor: systemActor, requestId: null, clientAddress: null };
    const report = { readOnly: [] as string[], locked: [] as string[], deleted: [] as string[] };
    const rows = await this.db
      .selectFrom('workspace')
      .selectAll()
      .where('status', 'in', ['open', 'read_only', 'locked', 'failed'])
      .execute();
    for (const row of rows) {
      const ended = await this.permitEnded(row.permit_id, now);
      if (ended === null) continue;
      const days = (now.getTime() - ended.getTime()) / 86_400_000;
      let next: WorkspaceStatus | null = null;
      if (days >= this.settings.retentionDays) next = 'deleted';
      else if (days >= this.settings.readOnlyDays && row.status !== 'locked') next = 'locked';
      else if (row.status === 'open') next = 'read_only';
      if (next === null || next === row.status) continue;
      if (next === 'deleted') {
        await rm(this.dirOf(row.id), { recursive: true, force: true });
        await this.db
          .updateTable('workspace')
          .set({
            status: 'deleted',
            status_reason: 'retention period over',
            deleted_at: now,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute();
        report.deleted.push(row.id);
      } else {
        await this.setStatus(row.id, next, `permit ended on ${ended.toISOString().slice(0, 10)}`);
        (next === 'locked' ? report.locked : report.readOnly).push(row.id);
      }
      await auditAs(this.audit, context, {
        action: next === 'deleted' ? 'workspace.delete' : `workspace.${next}`,
        outcome: 'success',
        target: { type: 'workspace', id: row.id },
        details: { permitId: row.permit_id, permitEnded: ended.toISOString() },
      });
    }
    return report;
  }

  // ---------------------------------------------------------------- internals

  private async permitEnded(id: string, now: Date): Promise<Date | null> {
    const permitId = await this.access.service.latestVersionId(id);
    try {
      const permit = await this.access.service.permitInForce(permitId);
      return new Date(permit.validUntil) <= now ? new Date(permit.validUntil) : null;
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'forbidden') throw error;
      const permit = await this.permitOf(permitId);
      if (permit === null) return now;
      return new Date(permit.endedAt ?? permit.validUntil);
    }
  }

  private checked(
    name: string,
    bytes: Uint8Array,
    context: OutputFileContext,
    remedies: OutputFile['remedies'],
    justification: string | null,
  ): OutputFile {
    return {
      name,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      context,
      check: checkFile({ name, bytes, context }, this.settings.disclosure),
      remedies,
      justification,
    };
  }

  private async updateRequest(
    request: Selectable<WorkspaceTables['workspace_output_request']>,
    files: readonly OutputFile[],
    status: OutputStatus,
    version: number,
  ): Promise<void> {
    const updated = await this.db
      .updateTable('workspace_output_request')
      .set({ files: JSON.stringify(files), status, updated_at: this.now(), version: version + 1 })
      .where('id', '=', request.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new AppError('conflict', 'airlock.changed', 'The request changed meanwhile; reload it.');
  }

  private async requestFile(
    row: Selectable<WorkspaceTables['workspace_output_request']>,
    name: string,
  ): Promise<Buffer> {
    if (!(row.files as OutputFile[]).some((f) => f.name === name))
      throw new AppError('not_found', 'airlock.file_not_found', `The request has no file ${name}.`);
    const file = path.join(this.dirOf(row.workspace_id), 'airlock', row.id, checkedName(name));
    if (!existsSync(file))
      throw new AppError('not_found', 'airlock.file_gone', 'The file was deleted with the workspace.');
    return readFile(file);
  }

  private async reviewsOf(requestId: string) {
    return (
      await this.db
        .selectFrom('workspace_output_review')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('decided_at', 'asc')
        .execute()
    ).map((r) => ({
      reviewer: r.reviewer,
      decision: r.decision,
      comment: r.comment,
      decidedAt: r.decided_at.toISOString(),
    }));
  }

  private async requestView(
    r: Selectable<WorkspaceTables['workspace_output_request']>,
  ): Promise<OutputRequestView> {
    return {
      id: r.id,
      workspaceId: r.workspace_id,
      title: r.title,
      status: r.status,
      requestedBy: r.requested_by,
      files: r.files as OutputFile[],
      reviews: await this.reviewsOf(r.id),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    };
  }

  private async requestRow(id: string) {
    const row = await this.db
      .selectFrom('workspace_output_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined)
      throw new AppError('not_found', 'airlock.request_not_found', `There is no output request ${id}.`);
    return row;
  }

  private async row(id: string) {
    const row = await this.db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined)
      throw new AppError('not_found', 'workspace.not_found', `There is no workspace ${id}.`);
    return row;
  }

  private async setStatus(id: string, status: WorkspaceStatus, reason: string | null): Promise<void> {
    await this.db
      .updateTable('workspace')
      .set({ status, status_reason: reason, updated_at: this.now() })
      .where('id', '=', id)
      .execute();
  }

  private async writeOutput(id: string, name: string, content: string): Promise<void> {
    const dir = path.join(this.dirOf(id), 'outputs');
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, path.join(dir, name));
  }

  private async readOutput(id: string, name: string): Promise<Buffer> {
    const file = path.join(this.dirOf(id), 'outputs', name);
    if (!existsSync(file))
      throw new AppError('not_found', 'workspace.file_not_found', `The workspace has no output ${name}.`);
    return readFile(file);
  }

  private dirOf(id: string): string {
    return path.join(this.settings.root, id);
  }

  private permitSecret(permitId: string): Buffer {
    return createHmac('sha256', this.settings.secret).update(`permit|${permitId}`).digest();
  }

  private isStaff(principal: Principal): boolean {
    return principal.roles.some((r) => (staffRoles as readonly string[]).includes(r));
  }

  private async emailOf(principal: Principal): Promise<string | null> {
    if (principal.via === 'citizen') return null;
    return (await this.identity.user(principal.userId)).email ?? null;
  }

  /** The permit as it stands, whatever its state (null when the access module knows no such permit). */
  private async permitOf(id: string): Promise<PermitView | null> {
    const permitId = await this.access.service.latestVersionId(id);
    try {
      return await this.access.service.permitInForce(permitId);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return this.access.service.permitAnyState(permitId);
    }
  }

  private viewOf(r: Selectable<WorkspaceTables['workspace']>): WorkspaceView {
    return {
      id: r.id,
      taskId: r.task_id,
      permitId: r.permit_id,
      caseReference: r.case_reference,
      title: r.title,
      status: r.status,
      statusReason: r.status_reason,
      extractReport: r.extract_report,
      validUntil: r.valid_until?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      deletedAt: r.deleted_at?.toISOString() ?? null,
    };
  }

  private jobOf(r: Selectable<WorkspaceTables['workspace_job']>): JobView {
    return {
      id: r.id,
      workspaceId: r.workspace_id,
      language: r.language,
      name: r.name,
      script: r.script,
      status: r.status,
      startedBy: r.started_by,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at?.toISOString() ?? null,
      durationMs: r.duration_ms,
      exitCode: r.exit_code,
      message: r.message,
      logTail: r.log_tail,
      outputs: r.outputs,
    };
  }
}

const named = (permit: PermitView, email: string | null): boolean =>
  email !== null && permit.elements.namedPersons.some((p) => p.email.toLowerCase() === email.toLowerCase());

function checkedName(name: string): string {
  if (!fileName.test(name) || name.includes('..'))
    throw new AppError(
      'invalid',
      'workspace.file_name',
      `"${name.slice(0, 120)}" is not a file name the workspace accepts (letters, digits, dot, dash, underscore).`,
    );
  return name;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : JSON.stringify(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function mediaTypeOf(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return ext === '.csv'
    ? 'text/csv; charset=utf-8'
    : ext === '.png'
      ? 'image/png'
      : ext === '.txt' || ext === '.md'
        ? 'text/plain; charset=utf-8'
        : 'application/octet-stream';
}

/** A look at a file without handing it over: a table's first rows, a text's start, a chart as an image. */
export function previewOf(name: string, bytes: Buffer): FilePreview {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.png')
    return {
      name,
      size: bytes.length,
      kind: 'image',
      dataUrl: `data:image/png;base64,${bytes.toString('base64')}`,
    };
  if (ext === '.csv') {
    let records: string[][];
    try {
      records = parse(bytes, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        to: previewRows + 1,
      });
    } catch {
      return { name, size: bytes.length, kind: 'text', text: bytes.toString('utf8').slice(0, 20_000) };
    }
    const [header = [], ...rows] = records;
    return {
      name,
      size: bytes.length,
      kind: 'table',
      table: { header, rows },
    };
  }
  if (ext === '.txt' || ext === '.md' || ext === '.log')
    return { name, size: bytes.length, kind: 'text', text: bytes.toString('utf8').slice(0, 20_000) };
  return { name, size: bytes.length, kind: 'other' };
}

/** Runs the workspace lifecycle sweep every `seconds` (0: never), one run at a time; stop() waits for it. */
export function startWorkspaceSweep(
  service: WorkspaceService,
  seconds: number,
  logger: { info(o: object, m: string): void; error(o: object, m: string): void },
): { stop(): Promise<void> } {
  if (seconds === 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = service
      .sweep()
      .then((r) => {
        if (r.readOnly.length + r.locked.length + r.deleted.length > 0) logger.info(r, 'workspace sweep');
      })
      .catch((e: unknown) => logger.error({ err: e }, 'the workspace sweep failed; it runs again later'))
      .finally(() => (running = null));
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
