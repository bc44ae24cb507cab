/**
 * One delivery from one data holder, end to end: checksums (the delivery id is derived from the holder and
 * the files' SHA-256, so the same delivery again is 'unchanged'), staging of every file, the lake's build
 * (patient linkage, concept mapping, Parquet), then an atomic commit, or nothing at all when the delivery
 * has errors and the holder did not ask to load its valid part.
 */
import { createHash } from 'node:crypto';
import { assertHolderId, type Lake } from '../lake/index.js';
import { AppError } from '../../platform/errors/index.js';
import {
  localPseudonymOf,
  patientRefSaltOf,
  personIdOf,
  type PseudonymKey,
} from '../../platform/pseudonym/index.js';
import { listDeliveryFiles, type DeliveryFileEntry, type FileFormat } from './delivery-files.js';
import { sha256OfFile, type ByteRange } from './line-reader.js';
import { stageFiles } from './stage-files.js';
import type { Rejected, StageFileResult, TypeCount } from './stage-file.js';

export const defaultNationalIdSystems: readonly string[] = [
  'urn:salus:national-id',
  'http://hl7.org/fhir/sid/us-ssn',
];
export const defaultMaxLineBytes = 64 * 2 ** 20;
export const defaultRejectCap = 1000;
/** NDJSON files bigger than this are staged in ranges of this size, in parallel. */
export const defaultRangeBytes = 32 * 2 ** 20;

export interface IngestProgress {
  readonly phase: 'checksum' | 'staging' | 'building' | 'committing';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly resources: number;
}

export interface IngestOptions {
  readonly lake: Lake;
  /** A plain identifier (letters, digits, dot, dash, underscore). Whether the files are this holder's is
   * the caller's concern. */
  readonly holderId: string;
  /** Files or folders (one level deep). */
  readonly paths: readonly string[];
  readonly pseudonymKey: PseudonymKey;
  /** Commit the valid records of a delivery that has rejects (default false: reject it all). */
  readonly acceptValidPart?: boolean;
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Identifier systems of the national identifier, in order of preference. */
  readonly nationalIdSystems?: readonly string[];
  /** Lines (and JSON documents) longer than this are rejected without being held in memory. */
  readonly maxLineBytes?: number;
  /** How many rejects the report lists (the total is always counted). */
  readonly rejectCap?: number;
  /** Worker threads staging files in parallel (default: 2 when running compiled JavaScript, else 0). */
  readonly workers?: number;
  /** Size of the byte ranges big NDJSON files are split in (default 32 MiB). */
  readonly rangeBytes?: number;
}

export interface DeliveredFile {
  /** The file's name (no folder). */
  readonly path: string;
  readonly format: FileFormat;
  readonly bytes: number;
  readonly sha256: string;
  /** Why an ignored file was not read. */
  readonly note?: string;
}

export interface DeliveryReport {
  readonly deliveryId: string;
  readonly status: 'committed' | 'unchanged' | 'rejected';
  readonly holderId: string;
  readonly receivedAt: string;
  readonly files: readonly DeliveredFile[];
  readonly rowsPerTable: Readonly<Record<string, number>>;
  /** Per resource type (or OMOP table): read = loaded + skipped + rejected. */
  readonly resourcesPerType: Readonly<Record<string, TypeCount>>;
  readonly skipped: Readonly<Record<string, { readonly count: number; readonly reason: string }>>;
  /** Rows whose source code did not map to a standard concept (concept id 0). */
  readonly unmappedCodes: { readonly rows: number; readonly distinctCodes: number };
  /** The first `rejectCap` problems. */
  readonly rejected: readonly Rejected[];
  readonly rejectedTotal: number;
  readonly resources: number;
  readonly bundles: number;
  readonly elapsedMs: number;
}

export async function ingestDelivery(options: IngestOptions): Promise<DeliveryReport> {
  const started = performance.now();
  const receivedAt = new Date().toISOString();
  const { lake, holderId } = options;
  assertHolderId(holderId);
  const rejectCap = options.rejectCap ?? defaultRejectCap;
  const acceptValidPart = options.acceptValidPart ?? false;
  const entries = listDeliveryFiles(options.paths);
  const readable = entries.filter((e) => e.format !== 'ignored');
  if (readable.length === 0) {
    throw new AppError(
      'invalid',
      'ingest.nothing_to_read',
      'The delivery has no FHIR or OMOP CSV file to read.',
      [{ path: 'paths', message: entries.map((e) => `${e.name}: ${e.note ?? ''}`).join('; ') || 'no files' }],
    );
  }

  const files: DeliveredFile[] = [];
  let bytesTotal = 0;
  for (const e of entries) {
    const { sha256, bytes } = await sha256OfFile(e.file);
    bytesTotal += bytes;
    files.push({
      path: e.name,
      format: e.format,
      bytes,
      sha256,
      ...(e.note === null ? {} : { note: e.note }),
    });
    options.onProgress?.({ phase: 'checksum', bytesDone: bytesTotal, bytesTotal: 0, resources: 0 });
  }
  const deliveryId = deliveryIdOf(
    holderId,
    files.filter((f) => f.format !== 'ignored'),
  );
  const base = { deliveryId, holderId, receivedAt, files };
  if (lake.hasDelivery(deliveryId)) {
    const previous = lake.deliveries().find((m) => m.deliveryId === deliveryId);
    return {
      ...base,
      status: 'unchanged',
      rowsPerTable: previous?.tables ?? {},
      resourcesPerType: {},
      skipped: {},
      unmappedCodes: { rows: 0, distinctCodes: 0 },
      rejected: [],
      rejectedTotal: 0,
      resources: 0,
      bundles: 0,
      elapsedMs: performance.now() - started,
    };
  }

  const area = lake.beginDelivery(holderId);
  try {
    // Big NDJSON files are split in byte ranges so that workers share them; each range is a task.
    const rangeBytes = Math.max(1, options.rangeBytes ?? defaultRangeBytes);
    const pieces: { entry: number; range: ByteRange | null }[] = [];
    for (const e of readable.filter((x) => x.format !== 'omop-csv')) {
      const entry = entries.indexOf(e);
      const bytes = files[entry]?.bytes ?? 0;
      if (e.format !== 'ndjson' || bytes <= rangeBytes) pieces.push({ entry, range: null });
      else {
        for (let start = 0; start < bytes; start += rangeBytes) {
          pieces.push({ entry, range: { start, end: Math.min(bytes, start + rangeBytes) } });
        }
      }
    }
    const staged: StageFileResult[] = await stageFiles(
      pieces.map((p, src) => ({
        src,
        range: p.range,
        file: entries[p.entry]?.file ?? '',
        format: entries[p.entry]?.format === 'json' ? 'json' : 'ndjson',
        stagingDir: area.dir,
        holderId,
        keyBytes: options.pseudonymKey.bytes,
        nationalIdSystems: options.nationalIdSystems ?? defaultNationalIdSystems,
        maxLineBytes: options.maxLineBytes ?? defaultMaxLineBytes,
        rejectCap,
      })),
      options.workers,
      (bytesDone, resources) => options.onProgress?.({ phase: 'staging', bytesDone, bytesTotal, resources }),
    );
    const resources = staged.reduce((n, r) => n + r.resources, 0);
    // Line numbers of a range count from its start: add the lines of the ranges before it.
    const lineOffset: number[] = [];
    for (let src = 0, previous = -1, offset = 0; src < pieces.length; src++) {
      const entry = pieces[src]?.entry ?? -1;
      if (entry !== previous) offset = 0;
      lineOffset.push(offset);
      offset += staged[src]?.lines ?? 0;
      previous = entry;
    }
    const stagedRows: Record<string, number> = {};
    for (const r of staged) {
      for (const [t, n] of Object.entries(r.stagedRows)) stagedRows[t] = (stagedRows[t] ?? 0) + n;
    }
    options.onProgress?.({ phase: 'building', bytesDone: bytesTotal, bytesTotal, resources });
    const omopFiles = readable
      .filter(
        (e): e is DeliveryFileEntry & { table: NonNullable<DeliveryFileEntry['table']> } => e.table !== null,
      )
      .map((e) => ({ table: e.table, path: e.file, src: entries.indexOf(e) }));
    const built =
      omopFiles.length > 0
        ? await lake.buildOmopDelivery(area, omopFiles, {
            holderId,
            acceptValidPart,
            rejectCap,
            pseudonymOf: (localKey) => localPseudonymOf(options.pseudonymKey, holderId, localKey),
            personIdOf,
          })
        : await lake.buildFhirDelivery(area, {
            holderId,
            acceptValidPart,
            rejectCap,
            stagedRows,
            codingSystems: [...new Set(staged.flatMap((r) => r.vocabularies))].sort(),
            refSalt: patientRefSaltOf(options.pseudonymKey, holderId),
          });

    // Merge what staging found with what the lake found (unknown patients, bad CSV values).
    const resourcesPerType: Record<string, TypeCount> = {};
    const skipped: Record<string, { count: number; reason: string }> = {};
    const rejected: Rejected[] = [];
    let rejectedTotal = built.rejectedTotal;
    for (const r of staged) {
      for (const [type, c] of Object.entries(r.perType)) {
        const t = (resourcesPerType[type] ??= { read: 0, loaded: 0, skipped: 0, rejected: 0 });
        t.read += c.read;
        t.loaded += c.loaded;
        t.skipped += c.skipped;
        t.rejected += c.rejected;
      }
      for (const [type, reason] of Object.entries(r.skipReasons)) skipped[type] = { count: 0, reason };
      const offset = lineOffset[r.src] ?? 0;
      for (const x of r.rejects.slice(0, Math.max(0, rejectCap - rejected.length))) {
        rejected.push({ ...x, line: x.line + offset });
      }
      rejectedTotal += r.rejectedTotal;
    }
    for (const [type, s] of Object.entries(skipped)) s.count = resourcesPerType[type]?.skipped ?? 0;
    for (const [type, n] of Object.entries(built.rejectedByType)) {
      const t = (resourcesPerType[type] ??= { read: 0, loaded: 0, skipped: 0, rejected: 0 });
      if (omopFiles.length > 0) t.read += n;
      else t.loaded -= n;
      t.rejected += n;
    }
    if (omopFiles.length > 0) {
      for (const f of omopFiles) {
        const t = (resourcesPerType[f.table] ??= { read: 0, loaded: 0, skipped: 0, rejected: 0 });
        t.loaded += built.rows[f.table] ?? 0;
        t.read += built.rows[f.table] ?? 0;
      }
    }
    for (const r of built.rejects) {
      if (rejected.length >= rejectCap) break;
      // FHIR rejects name their task (a file or a range of it), OMOP rejects their file.
      const file = omopFiles.length > 0 ? files[r.src] : files[pieces[r.src]?.entry ?? -1];
      const line = omopFiles.length > 0 ? r.line : r.line + (lineOffset[r.src] ?? 0);
      rejected.push({
        file: file?.path ?? String(r.src),
        line,
        resourceId: r.rid,
        path: r.path,
        reason: r.reason,
      });
    }
    rejected.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

    const report: Omit<DeliveryReport, 'status' | 'elapsedMs'> = {
      ...base,
      rowsPerTable: built.rows,
      resourcesPerType,
      skipped,
      unmappedCodes: built.unmapped,
      rejected,
      rejectedTotal,
      resources:
        resources + (omopFiles.length > 0 ? Object.values(built.rows).reduce((a, b) => a + b, 0) : 0),
      bundles: staged.reduce((n, r) => n + r.bundles, 0),
    };
    if (rejectedTotal > 0 && !acceptValidPart) {
      lake.discardDelivery(area);
      return { ...report, status: 'rejected', rowsPerTable: {}, elapsedMs: performance.now() - started };
    }
    options.onProgress?.({ phase: 'committing', bytesDone: bytesTotal, bytesTotal, resources });
    const status = await lake.commitDelivery(area, {
      deliveryId,
      holderId,
      committedAt: new Date().toISOString(),
      tables: built.rows,
      codingSystems: built.codingSystems,
      // The lake keeps the counts, not the reject list: it names resource ids, which stay out of lake files.
      details: { ...report, rejected: [] },
    });
    return { ...report, status, elapsedMs: performance.now() - started };
  } catch (e) {
    lake.discardDelivery(area);
    throw e;
  }
}

/** The delivery id: the holder and the checksums of what it delivered, so the same delivery is recognised. */
export function deliveryIdOf(
  holderId: string,
  files: readonly Pick<DeliveredFile, 'path' | 'sha256'>[],
): string {
  const hash = createHash('sha256').update(`salus-delivery-v1\n${holderId}\n`);
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path)))
    hash.update(`${f.path}\t${f.sha256}\n`);
  return hash.digest('hex').slice(0, 32);
}
