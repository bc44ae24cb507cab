import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Principal } from '../../platform/auth/index.js';
import type { LakeConfig } from '../../platform/config/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { PseudonymKey } from '../../platform/pseudonym/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { ComputedMetadata, CatalogueService } from '../catalogue/index.js';
import type { IdentityService } from '../identity/index.js';
import { ingestDelivery, type DeliveryReport, type IngestProgress } from '../ingest/index.js';
import { openLake, type Lake, type LinkageReport } from '../lake/index.js';
import type { DeclaredFile, DeliveryTables, UploadStatus } from './tables.js';

/** An upload as its holder and the HDAB's staff see it. */
export interface UploadView {
  readonly id: string;
  readonly organisation: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: UploadStatus;
  readonly acceptValidPart: boolean;
  readonly datasetId: string | null;
  readonly files: readonly (DeclaredFile & { readonly received: number })[];
  readonly progress: IngestProgress | null;
  readonly report: DeliveryReport | null;
  readonly error: string | null;
}

export interface IngestRequest {
  readonly organisationId: string;
  readonly paths: readonly string[];
  readonly acceptValidPart?: boolean;
  /** The catalogue dataset the delivery feeds; by default the holder's only dataset, if it has one. */
  readonly datasetId?: string | null;
  readonly onProgress?: (progress: IngestProgress) => void;
  /** The upload this ingestion finishes; without one (the CLI, the demo) the delivery is recorded anew. */
  readonly uploadId?: string;
  /** Who asked, for the delivery record. */
  readonly userId?: string | null;
}

/** A delivery that reached the lake, for whoever follows up on it (quality runs). */
export interface CommittedDelivery {
  readonly deliveryId: string;
  readonly holderId: string;
  readonly organisationId: string;
  /** The catalogue dataset the delivery feeds, if any. */
  readonly datasetId: string | null;
  readonly context: AuditContext;
}

export interface IngestOutcome {
  readonly report: DeliveryReport;
  /** The catalogue dataset whose facts were refreshed, and its new version when it was published. */
  readonly catalogue: { readonly datasetId: string; readonly version: number | null } | null;
}

/** Lake vocabulary ids as the HealthDCAT-AP coding-system vocabulary names them. */
const codingSystemOf: Readonly<Record<string, string>> = {
  SNOMED: 'SNOMED-CT',
  LOINC: 'LOINC',
  ICD10: 'ICD-10',
  ICD10CM: 'ICD-10',
  ICD9CM: 'ICD-9-CM',
  ATC: 'ATC',
  RxNorm: 'RXNORM',
  UCUM: 'UCUM',
};

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const fileTypes = /\.(ndjson|json|csv)$/i;

/**
 * Deliveries from data holders to the lake: resumable uploads through the API, ingestion one delivery at a
 * time (the lake commits atomically, so a crash loses only the delivery in progress, which can be run
 * again), the delivery record, and the catalogue facts refreshed afterwards.
 */
export class DeliveryService {
  private readonly db: Kysely<DeliveryTables>;
  private lakeOpening: Promise<Lake> | null = null;
  /** Ingestions run one after another: two deliveries at once would only compete for the same two cores. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly live = new Map<string, IngestProgress>();
  private readonly committedListeners: ((delivery: CommittedDelivery) => void)[] = [];
  private ingestions = 0;

  constructor(
    database: Database,
    private readonly config: LakeConfig,
    private readonly key: PseudonymKey,
    private readonly identity: IdentityService,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditLog,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.db = database.kysely.withTables<DeliveryTables>();
  }

  /** The lake, opened on first use (commands that never touch it do not pay for DuckDB). */
  lake(): Promise<Lake> {
    this.lakeOpening ??= openLake({
      dir: this.config.dir,
      vocabularyDir: this.config.vocabularyDir,
      memoryLimit: this.config.memoryLimit,
    });
    return this.lakeOpening;
  }

  /**
   * Runs work on the lake in the ingestion queue, after the deliveries already waiting: long reads of the
   * lake (quality checks) neither compete with an ingestion for the cores nor see a half-refreshed lake.
   */
  exclusive<T>(work: (lake: Lake) => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => work(await this.lake()));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Tells `listener` of each delivery committed to the lake (after its catalogue facts are refreshed). */
  onCommitted(listener: (delivery: CommittedDelivery) => void): void {
    this.committedListeners.push(listener);
  }

  /** Deliveries that were being ingested when the node stopped: their files are kept, they can run again. */
  async recoverInterrupted(): Promise<number> {
    const r = await this.db
      .updateTable('delivery_upload')
      .set({ status: 'interrupted', updated_at: new Date(), progress: JSON.stringify(null) })
      .where('status', 'in', ['queued', 'ingesting'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async close(): Promise<void> {
    // Work queued by work in the queue (a quality run after a delivery) is waited for too.
    for (let waited: Promise<unknown> | null = null; waited !== this.queue;) {
      waited = this.queue;
      await waited.catch(() => undefined);
    }
    if (this.lakeOpening !== null) await (await this.lakeOpening).close();
  }

  /** The lake's name for a holder organisation: its identifier when it has a plain one, else its id. */
  async holderIdOf(organisationId: string): Promise<string> {
    const org = (await this.identity.organisations()).find((o) => o.id === organisationId);
    if (org === undefined)
      throw new AppError(
        'not_found',
        'delivery.no_organisation',
        `There is no organisation ${organisationId}.`,
      );
    if (org.kind !== 'data_holder')
      throw new AppError(
        'invalid',
        'delivery.not_a_holder',
        `${org.name} is not a data holder, so it delivers no data.`,
      );
    return org.identifier !== null && namePattern.test(org.identifier) ? org.identifier : org.id;
  }

  /** Ingests files already on this machine (the CLI, the demo, and uploads once complete). */
  async ingest(request: IngestRequest, context: AuditContext): Promise<IngestOutcome> {
    this.ingestions += 1;
    try {
      return await this.ingestQueued(request, context);
    } finally {
      this.ingestions -= 1;
    }
  }

  /** Whether a delivery is being ingested or waits to be (work that can wait, such as quality runs, does). */
  busy(): boolean {
    return this.ingestions > 0;
  }

  private async ingestQueued(request: IngestRequest, context: AuditContext): Promise<IngestOutcome> {
    const holderId = await this.holderIdOf(request.organisationId);
    const datasetId = await this.feedsDataset(request.organisationId, request.datasetId ?? null);
    const run = async (): Promise<IngestOutcome> => {
      const lake = await this.lake();
      const report = await ingestDelivery({
        lake,
        holderId,
        paths: request.paths,
        pseudonymKey: this.key,
        acceptValidPart: request.acceptValidPart === true,
        ...(this.config.nationalIdSystems === null
          ? {}
          : { nationalIdSystems: this.config.nationalIdSystems }),
        ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
      });
      await auditAs(this.audit, context, {
        action: 'delivery.ingest',
        outcome: report.status === 'rejected' ? 'failure' : 'success',
        target: { type: 'delivery', id: report.deliveryId },
        details: {
          holder: holderId,
          status: report.status,
          files: report.files.map((f) => ({ name: f.path, sha256: f.sha256, bytes: f.bytes })),
          rowsPerTable: report.rowsPerTable,
          rejected: report.rejectedTotal,
        },
      });
      if (request.uploadId === undefined) await this.record(request, holderId, datasetId, report);
      let catalogue: IngestOutcome['catalogue'] = null;
      if (report.status === 'committed' && datasetId !== null) {
        const facts = await this.factsOf(lake, holderId);
        const applied = await this.catalogue.applyComputedMetadata(datasetId, facts, context);
        catalogue = { datasetId, version: applied.version };
      }
      if (report.status === 'committed') {
        const committed: CommittedDelivery = {
          deliveryId: report.deliveryId,
          holderId,
          organisationId: request.organisationId,
          datasetId,
          context,
        };
        for (const listener of this.committedListeners) listener(committed);
      }
      return { report, catalogue };
    };
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Keeps the record of a delivery that did not come through an upload. */
  private async record(
    request: IngestRequest,
    holderId: string,
    datasetId: string | null,
    report: DeliveryReport,
  ): Promise<void> {
    const now = new Date();
    await this.db
      .insertInto('delivery_upload')
      .values({
        id: randomUUID(),
        organisation_id: request.organisationId,
        holder_id: holderId,
        created_by: request.userId ?? null,
        created_at: new Date(report.receivedAt),
        updated_at: now,
        files: JSON.stringify(report.files.map((f) => ({ name: f.path, size: f.bytes }))),
        accept_valid_part: request.acceptValidPart === true,
        dataset_id: datasetId,
        status: report.status,
        progress: JSON.stringify(null),
        report: JSON.stringify(report),
        error: null,
      })
      .execute();
  }

  /** What the lake knows about a holder's data, in the catalogue's terms. */
  async factsOf(lake: Lake, holderId: string): Promise<ComputedMetadata> {
    const m = await lake.datasetMetadata(holderId);
    return {
      numberOfRecords: m.numberOfRecords,
      numberOfUniqueIndividuals: m.numberOfUniqueIndividuals,
      minTypicalAge: m.minTypicalAge,
      maxTypicalAge: m.maxTypicalAge,
      temporalCoverage: m.temporalCoverage,
      codingSystems: [
        ...new Set([
          ...m.codingSystems.flatMap((v) => {
            const code = codingSystemOf[v];
            return code === undefined ? [] : [code];
          }),
          ...(lake.hasVocabulary ? ['OHDSI-VOCAB'] : []),
        ]),
      ],
    };
  }

  private async feedsDataset(organisationId: string, datasetId: string | null): Promise<string | null> {
    const datasets = await this.catalogue.datasetsOfHolder(organisationId);
    if (datasetId !== null) {
      if (!datasets.some((d) => d.id === datasetId))
        throw new AppError(
          'invalid',
          'delivery.unknown_dataset',
          `Dataset ${datasetId} is not one of this data holder's catalogue datasets.`,
          [{ path: 'datasetId', message: 'is not a dataset of this holder' }],
        );
      return datasetId;
    }
    return datasets.length === 1 ? (datasets[0]?.id ?? null) : null;
  }

  // ---- Uploads through the API ------------------------------------------------------------------

  async createUpload(
    principal: Principal,
    input: { files: readonly DeclaredFile[]; acceptValidPart?: boolean; datasetId?: string | null },
    context: AuditContext,
  ): Promise<UploadView> {
    const organisationId = await this.organisationOf(principal);
    const holderId = await this.holderIdOf(organisationId);
    const errors: { path: string; message: string }[] = [];
    const seen = new Set<string>();
    input.files.forEach((f, i) => {
      if (!namePattern.test(f.name) || !fileTypes.test(f.name))
        errors.push({
          path: `body/files/${i}/name`,
          message: `"${f.name}" is not a plain file name ending in .ndjson, .json or .csv`,
        });
      if (seen.has(f.name))
        errors.push({ path: `body/files/${i}/name`, message: `"${f.name}" is listed twice` });
      seen.add(f.name);
      if (f.size > this.config.uploadFileLimitBytes)
        errors.push({
          path: `body/files/${i}/size`,
          message: `${f.size} bytes is more than the ${this.config.uploadFileLimitBytes} bytes a file may have`,
        });
    });
    if (errors.length > 0)
      throw new AppError('invalid', 'delivery.bad_files', 'Some files cannot be delivered.', errors);
    const datasetId = await this.feedsDataset(organisationId, input.datasetId ?? null);
    const id = randomUUID();
    const now = new Date();
    mkdirSync(this.folderOf(id), { recursive: true, mode: 0o700 });
    await this.db
      .insertInto('delivery_upload')
      .values({
        id,
        organisation_id: organisationId,
        holder_id: holderId,
        created_by: principal.userId,
        created_at: now,
        updated_at: now,
        files: JSON.stringify(input.files),
        accept_valid_part: input.acceptValidPart === true,
        dataset_id: datasetId,
        status: 'receiving',
        progress: JSON.stringify(null),
        report: JSON.stringify(null),
        error: null,
      })
      .execute();
    await auditAs(this.audit, context, {
      action: 'delivery.upload.create',
      outcome: 'success',
      target: { type: 'delivery_upload', id },
      details: { files: input.files.length, bytes: input.files.reduce((n, f) => n + f.size, 0) },
    });
    return this.view(principal, id);
  }

  /**
   * Appends bytes to one file of an upload at the given offset, which must be what the node already holds:
   * after a broken connection the client asks how much arrived and goes on from there.
   */
  async receive(
    principal: Principal,
    id: string,
    name: string,
    offset: number,
    body: Readable,
    context: AuditContext,
  ): Promise<{ received: number; size: number }> {
    const row = await this.ownRow(principal, id);
    if (row.status !== 'receiving')
      throw new AppError(
        'conflict',
        'delivery.not_receiving',
        `This delivery is ${row.status}; it takes no more files.`,
      );
    const declared = row.files.find((f) => f.name === name);
    if (declared === undefined)
      throw new AppError(
        'not_found',
        'delivery.unknown_file',
        `The delivery declared no file named "${name}".`,
      );
    const file = path.join(this.folderOf(id), name);
    const held = existsSync(file) ? statSync(file).size : 0;
    if (offset !== held)
      throw new AppError(
        'conflict',
        'delivery.wrong_offset',
        `The node holds ${held} bytes of ${name}; send from offset ${held}, not ${offset}.`,
        [{ path: 'querystring/offset', message: `must be ${held}` }],
      );
    let received = held;
    const limit = declared.size;
    const guard = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        received += chunk.length;
        if (received > limit)
          throw new AppError(
            'too_large',
            'delivery.file_too_large',
            `${name} was declared as ${limit} bytes; more arrived.`,
          );
        yield chunk;
      }
    };
    try {
      await pipeline(body, guard, createWriteStream(file, { flags: 'a', mode: 0o600 }));
    } catch (e) {
      // What arrived before the fault stays: the client resumes from there. Bytes past the declared size
      // are cut off again so the file never holds more than was declared. A fault in the first piece can
      // come before the file is even opened, so there may be no file.
      if (existsSync(file) && statSync(file).size > limit) {
        const { truncateSync } = await import('node:fs');
        truncateSync(file, limit);
      }
      throw e;
    }
    await this.db
      .updateTable('delivery_upload')
      .set({ updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (received === limit)
      await auditAs(this.audit, context, {
        action: 'delivery.upload.file_received',
        outcome: 'success',
        target: { type: 'delivery_upload', id },
        details: { file: name, bytes: limit },
      });
    return { received, size: limit };
  }

  /** All files arrived: the delivery joins the ingestion queue. */
  async complete(principal: Principal, id: string, context: AuditContext): Promise<UploadView> {
    const row = await this.ownRow(principal, id);
    if (row.status !== 'receiving' && row.status !== 'interrupted')
      throw new AppError('conflict', 'delivery.not_receiving', `This delivery is already ${row.status}.`);
    const missing = row.files.flatMap((f) => {
      const file = path.join(this.folderOf(id), f.name);
      const held = existsSync(file) ? statSync(file).size : 0;
      return held === f.size ? [] : [{ path: f.name, message: `${held} of ${f.size} bytes arrived` }];
    });
    if (missing.length > 0)
      throw new AppError('conflict', 'delivery.incomplete', 'Some files have not fully arrived.', missing);
    await this.setStatus(id, 'queued');
    void this.ingest(
      {
        organisationId: row.organisation_id,
        paths: row.files.map((f) => path.join(this.folderOf(id), f.name)),
        acceptValidPart: row.accept_valid_part,
        datasetId: row.dataset_id,
        uploadId: id,
        onProgress: (p) => {
          if (!this.live.has(id)) void this.setStatus(id, 'ingesting');
          this.live.set(id, p);
        },
      },
      context,
    ).then(
      async ({ report }) => {
        this.live.delete(id);
        await this.db
          .updateTable('delivery_upload')
          .set({ status: report.status, report: JSON.stringify(report), updated_at: new Date() })
          .where('id', '=', id)
          .execute();
        // The lake holds what was committed; the delivered files, with their direct identifiers, go.
        rmSync(this.folderOf(id), { recursive: true, force: true });
      },
      async (error: unknown) => {
        this.live.delete(id);
        this.logger.error({ err: error, upload: id }, 'delivery ingestion failed');
        await this.db
          .updateTable('delivery_upload')
          .set({ status: 'failed', error: (error as Error).message, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      },
    );
    return this.view(principal, id);
  }

  async view(principal: Principal, id: string): Promise<UploadView> {
    return this.toView(await this.visibleRow(principal, id));
  }

  /** A holder's own uploads; the HDAB's staff see every holder's. */
  async list(principal: Principal): Promise<UploadView[]> {
    let q = this.db.selectFrom('delivery_upload').selectAll().orderBy('created_at', 'desc').limit(200);
    if (!isStaff(principal)) q = q.where('organisation_id', '=', await this.organisationOf(principal));
    const rows = await q.execute();
    return Promise.all(rows.map((r) => this.toView(r)));
  }

  /** Per pair of holders, how many persons both delivered; holders by their organisation's name. */
  async linkage(): Promise<LinkageReport & { holderNames: Record<string, string> }> {
    const report = await (await this.lake()).linkageReport();
    const holderNames: Record<string, string> = {};
    for (const org of await this.identity.organisations()) {
      if (org.kind !== 'data_holder') continue;
      holderNames[org.identifier !== null && namePattern.test(org.identifier) ? org.identifier : org.id] =
        org.name;
    }
    return { ...report, holderNames };
  }

  private folderOf(id: string): string {
    return path.join(this.config.uploadDir, id);
  }

  private async setStatus(id: string, status: UploadStatus): Promise<void> {
    await this.db
      .updateTable('delivery_upload')
      .set({ status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  private async organisationOf(principal: Principal): Promise<string> {
    const user = await this.identity.user(principal.userId);
    if (user.organisation === null)
      throw new AppError(
        'forbidden',
        'delivery.no_organisation',
        'You belong to no organisation, so you cannot deliver data; ask an administrator to add you to your data holder.',
      );
    return user.organisation.id;
  }

  private async row(id: string) {
    const row = await this.db
      .selectFrom('delivery_upload')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined)
      throw new AppError('not_found', 'delivery.not_found', `There is no delivery ${id}.`);
    return row;
  }

  /** Only the holder's own people may add to or complete its deliveries. */
  private async ownRow(principal: Principal, id: string) {
    const row = await this.row(id);
    if (
      !principal.roles.includes('data_holder') ||
      row.organisation_id !== (await this.organisationOf(principal))
    )
      throw new AppError('not_found', 'delivery.not_found', `There is no delivery ${id}.`);
    return row;
  }

  private async visibleRow(principal: Principal, id: string) {
    const row = await this.row(id);
    if (isStaff(principal)) return row;
    if (row.organisation_id !== (await this.organisationOf(principal)))
      throw new AppError('not_found', 'delivery.not_found', `There is no delivery ${id}.`);
    return row;
  }

  private async toView(row: Awaited<ReturnType<DeliveryService['row']>>): Promise<UploadView> {
    const org = (await this.identity.organisations()).find((o) => o.id === row.organisation_id);
    const folder = this.folderOf(row.id);
    return {
      id: row.id,
      organisation: { id: row.organisation_id, name: org?.name ?? row.holder_id },
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      status: row.status,
      acceptValidPart: row.accept_valid_part,
      datasetId: row.dataset_id,
      files: row.files.map((f) => {
        const file = path.join(folder, f.name);
        const done = row.status !== 'receiving' && row.status !== 'interrupted' && row.status !== 'queued';
        return { ...f, received: done ? f.size : existsSync(file) ? statSync(file).size : 0 };
      }),
      progress: this.live.get(row.id) ?? null,
      report: row.report,
      error: row.error,
    };
  }
}

const isStaff = (principal: Principal): boolean =>
  principal.roles.some((r) => r === 'data_steward' || r === 'access_officer' || r === 'admin');
