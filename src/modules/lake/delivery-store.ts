/**
 * The lake's folder: committed deliveries, staging areas, DuckDB's spill space. A delivery is built in
 * `staging/<name>/` and committed by fsync of every file and one atomic rename to `deliveries/<deliveryId>/`,
 * so a crash at any point leaves either the whole delivery or none of it; leftover staging folders are
 * removed when the lake opens.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors/index.js';
import { cdmTableNames } from './cdm-schema.js';
import { patientRefsFile } from './fhir-build.js';

/**
 * The only files a committed delivery keeps besides its manifest: one Parquet file per OMOP table, and the
 * keys of its patient references (salted hashes, with their person ids).
 */
const committedFiles = new Set<string>([...cdmTableNames.map((t) => `${t}.parquet`), patientRefsFile]);

/** What the lake records of each committed delivery (`manifest.json` in its folder). */
export interface DeliveryManifest {
  readonly deliveryId: string;
  readonly holderId: string;
  readonly committedAt: string;
  /** Rows per OMOP table file in this delivery. */
  readonly tables: Readonly<Record<string, number>>;
  /** OMOP vocabulary ids of the source codes in this delivery. */
  readonly codingSystems: readonly string[];
  /** The ingestion report, kept as the record of the delivery (files, checksums, rejects). */
  readonly details: unknown;
}

export interface StagingArea {
  readonly dir: string;
}

const holderPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const deliveryPattern = /^[a-f0-9]{16,64}$/;

/** A holder id becomes part of file paths and SQL: only a plain identifier is accepted. */
export function assertHolderId(holderId: string): void {
  if (!holderPattern.test(holderId)) {
    throw new AppError(
      'invalid',
      'lake.holder_id_invalid',
      `Holder id "${holderId}" is not a plain identifier.`,
      [{ path: 'holderId', message: 'letters, digits, dot, dash and underscore; at most 64 characters' }],
    );
  }
}

export class DeliveryStore {
  readonly deliveriesDir: string;
  readonly stagingDir: string;
  readonly tempDir: string;

  constructor(readonly dir: string) {
    this.deliveriesDir = path.join(dir, 'deliveries');
    this.stagingDir = path.join(dir, 'staging');
    this.tempDir = path.join(dir, 'tmp');
  }

  /** Creates the folders and removes what a crashed delivery left behind. */
  prepare(): void {
    for (const d of [this.deliveriesDir, this.stagingDir, this.tempDir]) mkdirSync(d, { recursive: true });
    for (const leftover of readdirSync(this.stagingDir)) {
      rmSync(path.join(this.stagingDir, leftover), { recursive: true, force: true });
    }
    for (const leftover of readdirSync(this.tempDir)) {
      rmSync(path.join(this.tempDir, leftover), { recursive: true, force: true });
    }
    // Lakes written by earlier versions kept the working file of a delivery's patients (local ids).
    for (const id of readdirSync(this.deliveriesDir)) {
      const stray = path.join(this.deliveriesDir, id, 'patients.parquet');
      if (existsSync(stray)) rmSync(stray);
    }
  }

  /** Committed deliveries in a stable order (by commit time, then id). */
  readManifests(): DeliveryManifest[] {
    const manifests: DeliveryManifest[] = [];
    for (const id of readdirSync(this.deliveriesDir)) {
      const file = path.join(this.deliveriesDir, id, 'manifest.json');
      if (!existsSync(file)) continue;
      manifests.push(JSON.parse(readFileSync(file, 'utf8')) as DeliveryManifest);
    }
    return manifests.sort(
      (a, b) => a.committedAt.localeCompare(b.committedAt) || a.deliveryId.localeCompare(b.deliveryId),
    );
  }

  has(deliveryId: string): boolean {
    return existsSync(path.join(this.deliveriesDir, deliveryId, 'manifest.json'));
  }

  tableFile(deliveryId: string, table: string): string {
    return path.join(this.deliveriesDir, deliveryId, `${table}.parquet`);
  }

  createStaging(): StagingArea {
    const dir = path.join(this.stagingDir, randomBytes(8).toString('hex'));
    mkdirSync(dir, { recursive: true });
    return { dir };
  }

  discard(area: StagingArea): void {
    rmSync(area.dir, { recursive: true, force: true });
  }

  /**
   * Makes the staged OMOP table files the committed delivery: everything else (the staged TSV, the working
   * file of the delivery's patients with their local ids) is removed, the manifest written, every file and the folder fsynced, then one rename. Returns false when the
   * delivery is already there (a concurrent or repeated commit): nothing is changed then.
   */
  commit(area: StagingArea, manifest: DeliveryManifest): boolean {
    if (!deliveryPattern.test(manifest.deliveryId)) {
      throw new AppError(
        'internal',
        'lake.delivery_id_invalid',
        `Delivery id ${manifest.deliveryId} is malformed.`,
      );
    }
    const target = path.join(this.deliveriesDir, manifest.deliveryId);
    if (existsSync(target)) {
      this.discard(area);
      return false;
    }
    for (const name of readdirSync(area.dir)) {
      if (!committedFiles.has(name)) rmSync(path.join(area.dir, name), { recursive: true, force: true });
    }
    writeFileSync(path.join(area.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    for (const name of readdirSync(area.dir)) fsyncPath(path.join(area.dir, name));
    fsyncPath(area.dir);
    renameSync(area.dir, target);
    fsyncPath(this.deliveriesDir);
    return true;
  }
}

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
