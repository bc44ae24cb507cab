import type { Stats } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { maxPathLength } from './usage.js';

/** A file the job created or changed in the output folder. */
export interface OutputFile {
  /** Relative to the output folder, with `/` between folders. */
  readonly path: string;
  readonly bytes: number;
  readonly change: 'created' | 'modified';
}

/**
 * Something the job left in the output folder that is not a plain file or folder, removed by the runner: a
 * symbolic link would point the node (which reads outputs outside the sandbox, for the file view and the
 * airlock) at a host file such as /etc/shadow; a FIFO would block its reader.
 */
export interface RejectedEntry {
  readonly path: string;
  readonly kind: 'symbolic link' | 'fifo' | 'socket' | 'device' | 'too deep';
}

type Snapshot = ReadonlyMap<string, { readonly bytes: number; readonly mtimeMs: number }>;

async function walk(
  dir: string,
  maxEntries: number,
  visit: (rel: string, full: string, stat: Stats) => Promise<void>,
): Promise<void> {
  let seen = 0;
  const pending = [''];
  for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
    let names: string[];
    try {
      names = await readdir(path.join(dir, rel));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (++seen > maxEntries) return;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(dir, childRel);
      let stat: Stats;
      try {
        stat = await lstat(full);
      } catch {
        continue;
      }
      if (stat.isDirectory() && full.length <= maxPathLength) pending.push(childRel);
      await visit(childRel, full, stat);
    }
  }
}

/** Every plain file in the output folder with its size and modification time, before the job runs. */
export async function snapshotOutputs(dir: string, maxEntries: number): Promise<Snapshot> {
  const files = new Map<string, { bytes: number; mtimeMs: number }>();
  await walk(dir, maxEntries, async (rel, _full, stat) => {
    if (stat.isFile()) files.set(rel, { bytes: stat.size, mtimeMs: stat.mtimeMs });
  });
  return files;
}

/**
 * After the job (every process of it gone, so nothing can race this): the files it created or changed,
 * and the removal of whatever is not a plain file or folder.
 */
export async function collectOutputs(
  dir: string,
  before: Snapshot,
  maxEntries: number,
): Promise<{ readonly files: readonly OutputFile[]; readonly rejected: readonly RejectedEntry[] }> {
  const files: OutputFile[] = [];
  const rejected: RejectedEntry[] = [];
  await walk(dir, maxEntries, async (rel, full, stat) => {
    if (stat.isDirectory()) {
      if (full.length > maxPathLength) {
        await rm(full, { recursive: true, force: true }).catch(() => undefined);
        rejected.push({ path: rel, kind: 'too deep' });
      }
      return;
    }
    if (stat.isFile()) {
      const previous = before.get(rel);
      if (previous === undefined) files.push({ path: rel, bytes: stat.size, change: 'created' });
      else if (previous.bytes !== stat.size || previous.mtimeMs !== stat.mtimeMs)
        files.push({ path: rel, bytes: stat.size, change: 'modified' });
      return;
    }
    const kind = stat.isSymbolicLink()
      ? 'symbolic link'
      : stat.isFIFO()
        ? 'fifo'
        : stat.isSocket()
          ? 'socket'
          : 'device';
    await rm(full, { force: true });
    rejected.push({ path: rel, kind });
  });
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, rejected };
}
