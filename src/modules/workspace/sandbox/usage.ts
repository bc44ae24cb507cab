import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/** Paths longer than this are not measured but refused: the job nested folders to hide what it wrote. */
export const maxPathLength = 1024;

export interface FolderUsage {
  /** Allocated bytes (blocks), what the folder takes from the disk. */
  readonly bytes: number;
  /** Files, folders and other entries, the folder itself not counted. */
  readonly entries: number;
  /** True when counting stopped at maxEntries or at a path longer than maxPathLength. */
  readonly overLimit: boolean;
}

/** The disk use of a folder, without following symbolic links, stopping early past maxEntries. */
export async function folderUsage(dir: string, maxEntries: number): Promise<FolderUsage> {
  let bytes = 0;
  let entries = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      continue; // removed meanwhile, or not a folder any more
    }
    for (const name of names) {
      const full = path.join(current, name);
      if (++entries > maxEntries || full.length > maxPathLength) return { bytes, entries, overLimit: true };
      try {
        const stat = await lstat(full);
        bytes += stat.blocks * 512;
        if (stat.isDirectory()) pending.push(full);
      } catch {
        // removed between readdir and lstat
      }
    }
  }
  return { bytes, entries, overLimit: false };
}

export interface NamespaceUsage {
  /** Proportional set size of every process in the pid namespace, summed. */
  readonly memoryBytes: number;
  /** Processes (thread groups) in the namespace. */
  readonly processes: number;
  /** Threads, which the process limit (RLIMIT_NPROC) also counts. */
  readonly threads: number;
}

/**
 * Memory and processes of everything in one pid namespace (`pid:[4026532181]`, as /proc/N/ns/pid reads),
 * found by scanning the host's /proc. PSS shares pages between the processes that map them, so forked
 * children are not counted twice for what they share.
 */
export async function namespaceUsage(pidNamespace: string): Promise<NamespaceUsage> {
  let memoryBytes = 0;
  let processes = 0;
  let threads = 0;
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  for (const pid of pids) {
    try {
      if ((await readlink(`/proc/${pid}/ns/pid`)) !== pidNamespace) continue;
      const [rollup, status] = await Promise.all([
        readFile(`/proc/${pid}/smaps_rollup`, 'utf8'),
        readFile(`/proc/${pid}/status`, 'utf8'),
      ]);
      processes++;
      memoryBytes += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      threads += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return { memoryBytes, processes, threads };
}
