/**
 * Stages one FHIR input file: NDJSON (one resource or Bundle a line) or a JSON document (a Bundle or one
 * resource). Each resource is mapped; one with a problem is rejected whole (nothing of it is staged) and
 * reported with file, line, resource id, JSON path and reason. Self-contained (plain data in, plain data
 * out) so that it can run in a worker thread.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
// The lake's staging contract comes from its own file, not the lake's index: this module runs in worker
// threads, which should not load DuckDB (the index does).
import { stagedFileName, stagedPatientColumns, tsvLine, type StagedTarget } from '../lake/staging-rows.js';
import type { PseudonymKey } from '../../platform/pseudonym/index.js';
import { isObject, type Json, type JsonObject, type Problem, type ReadContext } from './fhir-values.js';
import { mapResource, type Mapped } from './fhir-mapper.js';
import { readLines, type ByteRange } from './line-reader.js';

export interface StageFileTask {
  /** Index of this task: names its staging files and tags its rows (a big file is split in several). */
  readonly src: number;
  /** For NDJSON: the byte range of the file this task reads, or null for all of it. */
  readonly range: ByteRange | null;
  readonly file: string;
  readonly format: 'ndjson' | 'json';
  readonly stagingDir: string;
  readonly holderId: string;
  readonly keyBytes: Buffer;
  readonly nationalIdSystems: readonly string[];
  readonly maxLineBytes: number;
  readonly rejectCap: number;
}

export interface TypeCount {
  read: number;
  loaded: number;
  skipped: number;
  rejected: number;
}

export interface Rejected {
  readonly file: string;
  readonly line: number;
  readonly resourceId: string | null;
  readonly path: string;
  readonly reason: string;
}

export interface StageFileResult {
  readonly src: number;
  /** Lines read (within the range): line numbers in rejects are relative to the range's first line. */
  readonly lines: number;
  /** OMOP vocabulary ids of the codes staged. */
  readonly vocabularies: string[];
  /** Rows staged per target table. */
  readonly stagedRows: Record<string, number>;
  readonly perType: Record<string, TypeCount>;
  readonly skipReasons: Record<string, string>;
  readonly rejects: Rejected[];
  readonly rejectedTotal: number;
  readonly resources: number;
  readonly bundles: number;
}

const bundleTypes = new Set(['transaction', 'batch', 'collection', 'searchset']);
const flushBytes = 1 << 20;

/**
 * Buffered TSV output, one file per target, opened on first use. Lines are encoded straight into a fixed
 * buffer, so that a row's string dies young (holding strings until a flush made most of the staging time
 * garbage collection).
 */
class StagedOutput {
  private readonly outputs = new Map<string, { fd: number; buffer: Buffer; used: number }>();
  constructor(
    private readonly dir: string,
    private readonly src: number,
  ) {}

  add(target: StagedTarget | 'patient', line: string): void {
    let out = this.outputs.get(target);
    if (out === undefined) {
      const fd = openSync(path.join(this.dir, stagedFileName(this.src, target)), 'w');
      out = { fd, buffer: Buffer.allocUnsafe(flushBytes), used: 0 };
      this.outputs.set(target, out);
    }
    // At most 3 bytes per UTF-16 unit: flush first when the line might not fit.
    if (out.used + line.length * 3 > flushBytes) {
      writeSync(out.fd, out.buffer, 0, out.used);
      out.used = 0;
      if (line.length * 3 > flushBytes) {
        writeSync(out.fd, line);
        return;
      }
    }
    out.used += out.buffer.write(line, out.used);
  }

  close(): void {
    for (const out of this.outputs.values()) {
      if (out.used > 0) writeSync(out.fd, out.buffer, 0, out.used);
      closeSync(out.fd);
    }
    this.outputs.clear();
  }
}

export async function stageFile(
  task: StageFileTask,
  onProgress?: (bytesRead: number, resources: number) => void | Promise<void>,
): Promise<StageFileResult> {
  const key: PseudonymKey = { bytes: task.keyBytes };
  const name = path.basename(task.file);
  const perType: Record<string, TypeCount> = {};
  const skipReasons: Record<string, string> = {};
  const rejects: Rejected[] = [];
  let rejectedTotal = 0;
  let resources = 0;
  let bundles = 0;
  let lines = 0;
  const vocabularies = new Set<string>();
  const stagedRows: Record<string, number> = {};
  const output = new StagedOutput(task.stagingDir, task.src);
  const mapper = { holderId: task.holderId, key, nationalIdSystems: task.nationalIdSystems };

  const count = (type: string): TypeCount =>
    (perType[type] ??= { read: 0, loaded: 0, skipped: 0, rejected: 0 });
  const reject = (line: number, resourceId: string | null, problems: readonly Problem[]): void => {
    for (const p of problems) {
      rejectedTotal++;
      if (rejects.length < task.rejectCap)
        rejects.push({ file: name, line, resourceId, path: p.path, reason: p.reason });
    }
  };

  const resource = (
    value: Json,
    line: number,
    prefix: string,
    bundleRefs: ReadonlyMap<string, string> | null,
    fallbackId: string | null,
  ): void => {
    resources++;
    if (!isObject(value)) {
      count('(not a resource)').read++;
      count('(not a resource)').rejected++;
      reject(line, null, [{ path: prefix || '$', reason: 'not a JSON object' }]);
      return;
    }
    const rtype = value.resourceType;
    const rawId = value.id;
    const rid = typeof rawId === 'string' && rawId !== '' ? rawId : fallbackId;
    if (typeof rtype !== 'string' || !/^[A-Z][A-Za-z]{1,63}$/.test(rtype)) {
      count('(no resourceType)').read++;
      count('(no resourceType)').rejected++;
      reject(line, rid, [{ path: `${prefix}resourceType`, reason: 'resource without a valid resourceType' }]);
      return;
    }
    const c = count(rtype);
    c.read++;
    if (rid === null || !/^[A-Za-z0-9\-.]{1,64}$/.test(rid)) {
      c.rejected++;
      reject(line, null, [{ path: `${prefix}id`, reason: 'resource without a valid id' }]);
      return;
    }
    const ctx: ReadContext = { prefix, problems: [], bundleRefs };
    let mapped: Mapped;
    try {
      mapped = mapResource(value, rtype, rid, ctx, mapper);
    } catch (e) {
      ctx.problems.push({ path: prefix || '$', reason: `could not be read: ${(e as Error).message}` });
      mapped = { events: [], patient: null, skipped: null };
    }
    if (ctx.problems.length > 0) {
      c.rejected++;
      reject(line, rid, ctx.problems);
      return;
    }
    if (mapped.skipped !== null) {
      c.skipped++;
      skipReasons[rtype] = mapped.skipped;
      return;
    }
    c.loaded++;
    for (const [target, event] of mapped.events) {
      event.src = task.src;
      event.line = line;
      if (event.vocab !== null) vocabularies.add(event.vocab);
      if (event.unit !== null) vocabularies.add('UCUM');
      stagedRows[target] = (stagedRows[target] ?? 0) + 1;
      output.add(target, event.toTsv());
    }
    if (mapped.patient !== null) {
      output.add('patient', tsvLine(stagedPatientColumns, { ...mapped.patient, src: task.src, line, rid }));
    }
  };

  const bundle = (b: JsonObject, line: number): void => {
    bundles++;
    const type = b.type;
    if (typeof type !== 'string' || !bundleTypes.has(type)) {
      count('Bundle').read++;
      count('Bundle').rejected++;
      reject(line, typeof b.id === 'string' ? b.id : null, [
        {
          path: 'type',
          reason: `Bundle type ${JSON.stringify(type)} is not accepted (transaction, batch, collection)`,
        },
      ]);
      return;
    }
    const entries = Array.isArray(b.entry) ? b.entry : [];
    // First pass: what each urn:uuid fullUrl stands for, so references inside the Bundle resolve.
    const refs = new Map<string, string>();
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.fullUrl !== 'string' || !isObject(entry.resource)) continue;
      const r = entry.resource;
      const id = typeof r.id === 'string' && r.id !== '' ? r.id : uuidOf(entry.fullUrl);
      if (typeof r.resourceType === 'string' && id !== null)
        refs.set(entry.fullUrl, `${r.resourceType}/${id}`);
    }
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const prefix = `entry[${String(i)}].resource.`;
      if (!isObject(entry) || entry.resource === undefined) {
        resource(null, line, `entry[${String(i)}].`, refs, null);
        continue;
      }
      const request = isObject(entry.request) ? entry.request : null;
      if (request !== null && request.method === 'DELETE') continue;
      const fallback = typeof entry.fullUrl === 'string' ? uuidOf(entry.fullUrl) : null;
      if (isObject(entry.resource) && entry.resource.resourceType === 'Bundle') {
        count('Bundle').read++;
        count('Bundle').skipped++;
        skipReasons.Bundle = 'nested Bundle inside a Bundle entry is not read';
        continue;
      }
      resource(entry.resource, line, prefix, refs, fallback);
    }
  };

  const record = (text: string, line: number): void => {
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
    } catch (e) {
      resources++;
      count('(invalid JSON)').read++;
      count('(invalid JSON)').rejected++;
      reject(line, null, [{ path: '$', reason: `invalid JSON: ${(e as Error).message.slice(0, 200)}` }]);
      return;
    }
    if (isObject(value) && value.resourceType === 'Bundle') bundle(value, line);
    else resource(value, line, '', null, null);
  };

  try {
    if (task.format === 'json') {
      const size = statSync(task.file).size;
      if (size > task.maxLineBytes) {
        resources++;
        count('(too large)').read++;
        count('(too large)').rejected++;
        reject(1, null, [
          {
            path: '$',
            reason: `JSON document of ${String(size)} bytes is over the cap of ${String(task.maxLineBytes)}`,
          },
        ]);
      } else {
        record(readFileSync(task.file, 'utf8'), 1);
      }
      lines = 1;
    } else {
      const read = await readLines(
        task.file,
        task.maxLineBytes,
        {
          onLine: record,
          onTooLong: (line, bytes) => {
            resources++;
            count('(line too long)').read++;
            count('(line too long)').rejected++;
            reject(line, null, [
              {
                path: '$',
                reason: `line of ${String(bytes)} bytes is over the cap of ${String(task.maxLineBytes)}`,
              },
            ]);
          },
          onChunk: (bytesRead) => onProgress?.(bytesRead, resources),
        },
        task.range,
      );
      lines = read.lines;
    }
  } finally {
    output.close();
  }
  return {
    src: task.src,
    lines,
    vocabularies: [...vocabularies].sort(),
    stagedRows,
    perType,
    skipReasons,
    rejects,
    rejectedTotal,
    resources,
    bundles,
  };
}

function uuidOf(fullUrl: string): string | null {
  if (fullUrl.startsWith('urn:uuid:')) return fullUrl.slice('urn:uuid:'.length);
  const m = /\/([A-Za-z0-9\-.]{1,64})$/.exec(fullUrl);
  return m?.[1] ?? null;
}
