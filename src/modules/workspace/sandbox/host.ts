import { lstatSync, readlinkSync } from 'node:fs';
import type { HostRoot, HostUser } from './sandbox-command.js';

/** The unprivileged account jobs run as when the node runs as root: Debian's `nobody`/`nogroup`. */
export const nobody: HostUser = Object.freeze({ uid: 65534, gid: 65534 });

/**
 * Who the sandbox runs as on the host. As root, bwrap would map the job's user to host uid 0, and a process
 * with uid 0 passes the kernel's owner checks on what it can still reach (it could, for one, write host
 * sysctls through /proc/sys): so a root node always switches to an unprivileged account first. A node
 * that is not root runs bwrap as itself.
 */
export function defaultRunAs(): HostUser | null {
  return process.getuid?.() === 0 ? nobody : null;
}

/** /bin, /lib, /lib64 and /sbin as this host has them: links into /usr (merged /usr) or directories. */
export function readHostRoot(): HostRoot {
  const links = (['bin', 'lib', 'lib64', 'sbin'] as const).flatMap((name) => {
    try {
      const stat = lstatSync(`/${name}`);
      return [[name, stat.isSymbolicLink() ? readlinkSync(`/${name}`) : null] as const];
    } catch {
      return [];
    }
  });
  return { links };
}
