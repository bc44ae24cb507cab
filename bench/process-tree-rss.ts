import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of one process in KiB, or 0 if it has gone. */
function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

/** The process and all its descendants, from /proc (Linux). */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const pid = queue.pop() ?? root;
    out.push(pid);
    queue = queue.concat(children.get(pid) ?? []);
  }
  return out;
}

/**
 * Samples the summed resident memory of a process and its descendants (the staging child processes of an
 * ingestion, for example) every `intervalMs`, and keeps the peak. Linux only.
 */
export function sampleTreeRss(root: number, intervalMs = 100): { stop: () => number } {
  let peak = 0;
  const sample = (): void => {
    const total = tree(root).reduce((n, pid) => n + rssKiB(pid), 0);
    if (total > peak) peak = total;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** Stops sampling and returns the peak in KiB. */
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
