import type { SandboxLimits } from './limits.js';

export type JobLanguage = 'python' | 'r';

/** A host account, by number, that the sandbox runs as when the node itself runs as root. */
export interface HostUser {
  readonly uid: number;
  readonly gid: number;
}

/** Programs on the host, by absolute path: never looked up on PATH (here PATH starts with pyenv's shims). */
export const hostPrograms = Object.freeze({
  bwrap: '/usr/bin/bwrap',
  setpriv: '/usr/bin/setpriv',
  prlimit: '/usr/bin/prlimit',
  nice: '/usr/bin/nice',
  true: '/usr/bin/true',
  python: '/usr/bin/python3',
  rscript: '/usr/bin/Rscript',
});

/** Where things are inside the sandbox; scripts may rely on these paths. */
export const sandboxPaths = Object.freeze({
  extract: '/workspace/extract',
  output: '/workspace/output',
  job: '/workspace/job',
});

/** The user inside the sandbox (a user namespace maps it to the host account running bwrap). */
const inside = { uid: 1000, gid: 1000, name: 'analyst' } as const;

const scriptName: Readonly<Record<JobLanguage, string>> = { python: 'script.py', r: 'script.R' };

/** The interpreter command line inside the sandbox, with the script at its fixed path. */
export function interpreterCommand(language: JobLanguage): readonly string[] {
  const script = `${sandboxPaths.job}/${scriptName[language]}`;
  switch (language) {
    case 'python':
      // -I: no user site, no PYTHON* variables, script folder not on sys.path; -u: log lines in order;
      // -B: no .pyc files (the system is read-only anyway).
      return [hostPrograms.python, '-I', '-u', '-B', script];
    case 'r':
      // --vanilla: no site or user profiles and environ files, no workspace save or restore.
      return [hostPrograms.rscript, '--vanilla', script];
  }
}

/** How the host's root is laid out: on merged-/usr systems /bin, /lib… are symbolic links into /usr. */
export interface HostRoot {
  /** Top-level names and what they point to (`usr/bin`), or null when they are real directories. */
  readonly links: readonly (readonly [name: string, target: string | null])[];
}

/** A file the sandbox gets as a copy made by bwrap from a pipe (read-only inside). */
export interface SandboxDataFile {
  readonly path: string;
  readonly content: string | Buffer;
}

export interface SandboxCommandInput {
  readonly language: JobLanguage;
  readonly script: string;
  /** Host folders, absolute: the extract (bound read-only) and the output folder (bound read-write). */
  readonly extractDir: string;
  readonly outputDir: string;
  readonly limits: SandboxLimits;
  /** The host account to switch to before bwrap starts; null to stay the node's own account. */
  readonly runAs: HostUser | null;
  readonly hostRoot: HostRoot;
  /** The seccomp program (see seccomp.ts), or null to run without. */
  readonly seccomp: Buffer | null;
}

/** The child's file descriptors: stdin (none), stdout, stderr, bwrap's status pipe, then the data pipes. */
export const sandboxFds = Object.freeze({ status: 3, firstData: 4 });

export interface SandboxCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** The environment bwrap itself runs with: it is readable in the sandbox as /proc/1/environ. */
  readonly env: Readonly<Record<string, string>>;
  /** What to write, in order, to the pipes at sandboxFds.firstData and after. */
  readonly data: readonly Buffer[];
}

const MiB = 2 ** 20;

/** /bin, /lib… as on the host: the same links into /usr, or the directories bound read-only. */
export function hostRootArgs(hostRoot: HostRoot): readonly string[] {
  return hostRoot.links.flatMap(([name, target]) =>
    target === null ? ['--ro-bind-try', `/${name}`, `/${name}`] : ['--symlink', target, `/${name}`],
  );
}

/**
 * The full command line: [setpriv →] bwrap → nice → prlimit → interpreter. Pure: the same input gives the
 * same line, so the line can be read and tested as a whole.
 */
export function sandboxCommand(input: SandboxCommandInput): SandboxCommand {
  const { limits } = input;
  const data: Buffer[] = [];
  const dataFile = (flag: '--ro-bind-data' | '--seccomp', content: string | Buffer, dest?: string) => {
    const fd = sandboxFds.firstData + data.length;
    data.push(typeof content === 'string' ? Buffer.from(content) : content);
    return dest === undefined ? [flag, String(fd)] : [flag, String(fd), dest];
  };

  const env = {
    PATH: '/usr/bin:/bin',
    HOME: sandboxPaths.output,
    USER: inside.name,
    LOGNAME: inside.name,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: '/tmp',
    SALUS_EXTRACT: sandboxPaths.extract,
    SALUS_OUTPUT: sandboxPaths.output,
    // Charts without a display; caches in /tmp so that the output folder holds only what the job writes.
    MPLBACKEND: 'Agg',
    MPLCONFIGDIR: '/tmp/matplotlib',
    XDG_CACHE_HOME: '/tmp/cache',
    // One BLAS/OpenMP thread per process: threads count against the process limit and the memory.
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };

  const root = hostRootArgs(input.hostRoot);

  const bwrap = [
    // Namespaces: own user (so the process limit counts this job only), no network, own pids, IPC, host
    // name and cgroup view; no further user namespaces inside.
    '--unshare-user',
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--disable-userns',
    '--uid',
    String(inside.uid),
    '--gid',
    String(inside.gid),
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    // The system, read-only: /usr (interpreters and libraries) and only the /etc files they read.
    '--ro-bind',
    '/usr',
    '/usr',
    ...root,
    '--ro-bind',
    '/etc/ld.so.cache',
    '/etc/ld.so.cache',
    '--ro-bind-try',
    '/etc/alternatives',
    '/etc/alternatives',
    '--ro-bind-try',
    '/etc/fonts',
    '/etc/fonts',
    '--ro-bind-try',
    '/etc/R',
    '/etc/R',
    '--ro-bind-try',
    '/etc/matplotlibrc',
    '/etc/matplotlibrc',
    '--ro-bind-try',
    '/var/cache/fontconfig',
    '/var/cache/fontconfig',
    ...dataFile(
      '--ro-bind-data',
      `root:x:0:0::/nonexistent:/usr/sbin/nologin\n${inside.name}:x:${inside.uid}:${inside.gid}::${sandboxPaths.output}:/bin/sh\n`,
      '/etc/passwd',
    ),
    ...dataFile('--ro-bind-data', `root:x:0:\n${inside.name}:x:${inside.gid}:\n`, '/etc/group'),
    ...dataFile('--ro-bind-data', '127.0.0.1 localhost\n::1 localhost\n', '/etc/hosts'),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(Math.max(MiB, Math.floor(limits.tmpBytes / 4))),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(limits.tmpBytes),
    '--tmpfs',
    '/tmp',
    // The workspace: its extract read-only, its output folder writable, the script read-only.
    '--ro-bind',
    input.extractDir,
    sandboxPaths.extract,
    '--bind',
    input.outputDir,
    sandboxPaths.output,
    ...dataFile('--ro-bind-data', input.script, `${sandboxPaths.job}/${scriptName[input.language]}`),
    // bwrap's own root and /dev are writable tmpfs without a size: make them read-only once filled.
    '--remount-ro',
    '/',
    '--remount-ro',
    '/dev',
    '--chdir',
    sandboxPaths.output,
    '--clearenv',
    ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
    '--json-status-fd',
    String(sandboxFds.status),
    ...(input.seccomp === null ? [] : dataFile('--seccomp', input.seccomp)),
    '--',
    // Lower priority than the node, then the per-process limits, then the interpreter.
    hostPrograms.nice,
    '-n',
    '10',
    hostPrograms.prlimit,
    `--as=${limits.memoryBytes}`,
    `--nproc=${limits.processes}`,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 5}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
    ...interpreterCommand(input.language),
  ];

  // bwrap's environment is visible inside as /proc/1/environ: give it nothing of the node's.
  const bwrapEnv = { PATH: '/usr/bin:/bin' };
  if (input.runAs === null) return { file: hostPrograms.bwrap, args: bwrap, env: bwrapEnv, data };
  return {
    file: hostPrograms.setpriv,
    args: [
      `--reuid=${input.runAs.uid}`,
      `--regid=${input.runAs.gid}`,
      '--clear-groups',
      '--no-new-privs',
      '--bounding-set=-all',
      '--',
      hostPrograms.bwrap,
      ...bwrap,
    ],
    env: bwrapEnv,
    data,
  };
}
