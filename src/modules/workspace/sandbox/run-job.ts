import { spawn } from 'node:child_process';
import type { Stats } from 'node:fs';
import { chown, lstat, mkdir, readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../../platform/errors/index.js';
import { languageSupport, missingSandboxPrograms } from './availability.js';
import { defaultRunAs, readHostRoot } from './host.js';
import { JobLog } from './job-log.js';
import { resolveLimits, type SandboxLimits } from './limits.js';
import { jobOutcome, type JobOutcome, type JobPeak, type StopReason } from './outcome.js';
import { collectOutputs, snapshotOutputs, type OutputFile, type RejectedEntry } from './outputs.js';
import { sandboxCommand, sandboxFds, type HostUser, type JobLanguage } from './sandbox-command.js';
import { seccompFilter } from './seccomp.js';
import { folderUsage, namespaceUsage } from './usage.js';

export interface JobRequest {
  readonly language: JobLanguage;
  /** The script's text; it is handed to the sandbox through a pipe, never written on the host. */
  readonly script: string;
  /** The workspace's extract (CSV copies of its tables), mounted read-only at /workspace/extract. */
  readonly extractDir: string;
  /** The workspace's output folder, mounted read-write at /workspace/output (the job's HOME and cwd). */
  readonly outputDir: string;
  /** Where the job's stdout and stderr go, on the host, outside both folders. */
  readonly logFile: string;
  readonly limits?: Partial<SandboxLimits>;
  readonly signal?: AbortSignal;
  /** The host account to run as; by default `nobody` when the node is root, else the node's own. */
  readonly runAs?: HostUser | null;
  /** How often the watchdog measures memory and disk use. */
  readonly watchIntervalMs?: number;
}

export interface JobResult extends JobOutcome {
  readonly language: JobLanguage;
  readonly durationMs: number;
  readonly log: {
    readonly path: string;
    /** Bytes the job printed, including any discarded past the cap. */
    readonly printedBytes: number;
    readonly truncated: boolean;
    /** The last 8 KiB of output. */
    readonly tail: string;
  };
  /** Files the job created or changed in the output folder. */
  readonly outputs: readonly OutputFile[];
  /** Entries the job left that the runner removed (symbolic links, FIFOs…). */
  readonly rejected: readonly RejectedEntry[];
  readonly peak: JobPeak;
  readonly limits: SandboxLimits;
}

const maxScriptBytes = 2 ** 20;

const stopNotes: Readonly<Record<StopReason, string>> = {
  wall_clock: 'time limit reached, stopping the job',
  memory: 'memory limit exceeded, stopping the job',
  disk_quota: 'output folder over its disk quota, stopping the job',
  files: 'too many files in the output folder, stopping the job',
  cancelled: 'cancelled, stopping the job',
};

/**
 * Runs one Python or R script in a bubblewrap sandbox and reports how it ended. Refusals before the start
 * (sandbox not installed, bad limits, output folder over quota) are AppErrors; everything the script
 * does, including breaking a limit, is a result: the node keeps running whatever the script does.
 */
export async function runJob(request: JobRequest): Promise<JobResult> {
  const limits = resolveLimits(request.limits);
  const runAs = request.runAs === undefined ? defaultRunAs() : request.runAs;
  const extractDir = path.resolve(request.extractDir);
  const outputDir = path.resolve(request.outputDir);
  await preflight(request.language, request.script, runAs, extractDir, outputDir, limits);

  const before = await snapshotOutputs(outputDir, limits.maxFiles);
  await mkdir(path.dirname(path.resolve(request.logFile)), { recursive: true });
  const log = new JobLog(path.resolve(request.logFile), limits.logBytes);
  const command = sandboxCommand({
    language: request.language,
    script: request.script,
    extractDir,
    outputDir,
    limits,
    runAs,
    hostRoot: readHostRoot(),
    seccomp: seccompFilter(),
  });

  const started = performance.now();
  const child = spawn(command.file, command.args, {
    env: command.env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', ...command.data.map(() => 'pipe' as const)],
  });
  command.data.forEach((content, i) => {
    const pipe = child.stdio[sandboxFds.firstData + i] as Writable;
    pipe.on('error', () => undefined); // bwrap gone before reading it: its exit says why
    pipe.end(content);
  });

  const peak = { memoryBytes: 0, processes: 0, diskBytes: 0, files: 0 };
  // Set from callbacks (status pipe, timers, watchdog), read once the sandbox has closed.
  const state: {
    stoppedBy: StopReason | null;
    sandboxPid: number | null;
    pidNamespace: string | null;
    exitStatus: number | null;
    checking: Promise<void> | null;
  } = { stoppedBy: null, sandboxPid: null, pidNamespace: null, exitStatus: null, checking: null };

  const stop = (why: StopReason): void => {
    if (state.stoppedBy !== null) return;
    state.stoppedBy = why;
    log.note(stopNotes[why]);
    // Killing the sandbox's pid 1 makes the kernel kill every process of its pid namespace; bwrap then
    // reaps it and exits. Before that pid is known, kill bwrap itself (--die-with-parent does the rest).
    if (state.sandboxPid === null) child.kill('SIGKILL');
    else signalProcess(state.sandboxPid);
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };

  const status = child.stdio[sandboxFds.status] as Readable;
  let statusText = '';
  status.on('data', (d: Buffer) => {
    statusText += d.toString();
    let newline: number;
    while ((newline = statusText.indexOf('\n')) >= 0) {
      const line = statusText.slice(0, newline);
      statusText = statusText.slice(newline + 1);
      const doc = parseStatus(line);
      if (typeof doc['child-pid'] === 'number') state.sandboxPid = doc['child-pid'];
      if (typeof doc['pid-namespace'] === 'number') state.pidNamespace = `pid:[${doc['pid-namespace']}]`;
      if (typeof doc['exit-code'] === 'number') state.exitStatus = doc['exit-code'];
    }
  });
  child.stdout?.on('data', (d: Buffer) => log.write(d));
  child.stderr?.on('data', (d: Buffer) => log.write(d));

  const check = async (): Promise<void> => {
    const disk = await folderUsage(outputDir, limits.maxFiles);
    peak.diskBytes = Math.max(peak.diskBytes, disk.bytes);
    peak.files = Math.max(peak.files, disk.entries);
    if (disk.overLimit) stop('files');
    else if (disk.bytes > limits.diskQuotaBytes) stop('disk_quota');
    if (state.pidNamespace === null) return;
    const ns = await namespaceUsage(state.pidNamespace);
    peak.memoryBytes = Math.max(peak.memoryBytes, ns.memoryBytes);
    peak.processes = Math.max(peak.processes, ns.threads);
    if (ns.memoryBytes > limits.memoryBytes) stop('memory');
  };
  const watchdog = setInterval(() => {
    if (state.checking !== null) return;
    state.checking = check()
      .catch(() => undefined)
      .finally(() => (state.checking = null));
  }, request.watchIntervalMs ?? 250);
  const timer = setTimeout(() => stop('wall_clock'), limits.wallSeconds * 1000);
  const onAbort = (): void => stop('cancelled');
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted === true) stop('cancelled');

  const closed = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    },
  );
  const durationMs = performance.now() - started;
  clearInterval(watchdog);
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  await state.checking;

  // bwrap (or prlimit) failed before the script started: a machine problem, not the script's outcome.
  const startFailed =
    state.stoppedBy === null &&
    (state.sandboxPid === null || (state.exitStatus === 1 && /^(bwrap|prlimit|nice): /.test(log.headText())));
  if (closed.error !== undefined || startFailed) {
    await log.close();
    throw new AppError(
      'unavailable',
      'sandbox.start_failed',
      `The sandbox could not start: ${closed.error?.message ?? (log.tailText().trim() || `bwrap exit code ${String(closed.code)}`)}`,
    );
  }

  const after = await folderUsage(outputDir, limits.maxFiles);
  peak.diskBytes = Math.max(peak.diskBytes, after.bytes);
  peak.files = Math.max(peak.files, after.entries);
  const { files, rejected } = await collectOutputs(outputDir, before, limits.maxFiles);
  for (const r of rejected) log.note(`removed ${r.kind} ${r.path} from the output folder`);
  const outcome = jobOutcome({
    exitStatus: state.exitStatus ?? closed.code,
    stoppedBy: state.stoppedBy,
    logTail: log.tailText(),
    limits,
    peak,
  });
  if (outcome.status !== 'succeeded') log.note(outcome.reason);
  await log.close();
  return {
    ...outcome,
    language: request.language,
    durationMs,
    log: { path: log.path, printedBytes: log.printedBytes, truncated: log.truncated, tail: log.tailText() },
    outputs: files,
    rejected,
    peak: { ...peak },
    limits,
  };
}

function signalProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function parseStatus(line: string): Record<string, unknown> {
  try {
    const doc: unknown = JSON.parse(line);
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Everything that would make the job fail for reasons that are not the script's, refused up front. */
async function preflight(
  language: JobLanguage,
  script: string,
  runAs: HostUser | null,
  extractDir: string,
  outputDir: string,
  limits: SandboxLimits,
): Promise<void> {
  if (Buffer.byteLength(script) > maxScriptBytes)
    throw new AppError(
      'too_large',
      'sandbox.script_too_large',
      `The script is larger than ${maxScriptBytes / 2 ** 20} MiB; put data in the extract or the output folder.`,
    );
  const missing = [...missingSandboxPrograms(runAs)];
  const support = languageSupport(language);
  if (!support.available) missing.push(...support.missing.filter((r) => r.path === support.interpreter));
  if (missing.length > 0)
    throw new AppError(
      'unavailable',
      'sandbox.unavailable',
      `Jobs cannot run on this node: ${missing.map((r) => `${r.what} (${r.path})`).join(', ')} missing; ` +
        `install the Debian packages ${[...new Set(missing.map((r) => r.debianPackage))].join(' ')}.`,
    );
  if (runAs !== null && process.getuid?.() !== 0)
    throw new AppError(
      'invalid',
      'sandbox.run_as_needs_root',
      'Only a node running as root can run jobs as another account.',
    );
  const inside = (a: string, b: string): boolean => a === b || a.startsWith(`${b}${path.sep}`);
  if (inside(extractDir, outputDir) || inside(outputDir, extractDir))
    throw new AppError(
      'invalid',
      'sandbox.folders_overlap',
      'The extract and the output folder must not contain each other.',
    );
  const extract = await lstat(extractDir).catch(() => null);
  if (extract === null || !extract.isDirectory())
    throw new AppError(
      'not_found',
      'sandbox.extract_missing',
      `The extract folder ${extractDir} is missing.`,
    );

  await mkdir(outputDir, { recursive: true });
  if (!(await lstat(outputDir)).isDirectory())
    throw new AppError('invalid', 'sandbox.output_not_folder', `${outputDir} is not a folder.`);
  if (runAs !== null) {
    // bwrap runs as runAs and opens both folders by path: every folder above them must let it pass.
    const unreachable =
      (await firstUnreachable(extractDir, runAs)) ?? (await firstUnreachable(outputDir, runAs));
    if (unreachable !== null)
      throw new AppError(
        'invalid',
        'sandbox.folder_unreachable',
        `The sandbox's account (uid ${runAs.uid}) cannot pass through ${unreachable}: give it search ` +
          'permission (chmod o+x, or a group the account is in), which lets it reach the workspace ' +
          'folders without listing anything.',
      );
    // The job writes as runAs; only the folder itself changes owner, not what is already in it.
    await chown(outputDir, runAs.uid, runAs.gid);
    const unreadable = await firstUnreadable(extractDir, runAs, limits.maxFiles);
    if (unreadable !== null)
      throw new AppError(
        'invalid',
        'sandbox.extract_unreadable',
        `The sandbox's account (uid ${runAs.uid}) cannot read ${unreadable}: extract folders must be ` +
          'mode 755 and files 644 (the workspace folder around them keeps others out).',
      );
  }

  const usage = await folderUsage(outputDir, limits.maxFiles);
  if (usage.overLimit)
    throw new AppError(
      'conflict',
      'sandbox.files_exceeded',
      `The output folder holds more than ${limits.maxFiles} files and folders; remove some before running a job.`,
    );
  if (usage.bytes >= limits.diskQuotaBytes)
    throw new AppError(
      'conflict',
      'sandbox.disk_quota_exceeded',
      `The output folder uses ${Math.round(usage.bytes / 2 ** 20)} MiB of its ${Math.round(limits.diskQuotaBytes / 2 ** 20)} MiB quota; remove files before running a job.`,
    );
  const fs = await statfs(outputDir);
  if (fs.bavail * fs.bsize < limits.diskQuotaBytes - usage.bytes)
    throw new AppError(
      'unavailable',
      'sandbox.host_disk_low',
      "The node's disk has less free space than the job's disk quota; jobs wait until space is freed.",
    );
}

/** Whether `user` has the permission bits `need` (4 read, 2 write, 1 search) on a file. */
function permits(stat: Stats, user: HostUser, need: number): boolean {
  const bits = stat.uid === user.uid ? stat.mode >> 6 : stat.gid === user.gid ? stat.mode >> 3 : stat.mode;
  return (bits & need) === need;
}

const describe = (dir: string, stat: Stats): string => `${dir} (mode ${(stat.mode & 0o777).toString(8)})`;

/** The first folder above `dir`, from the root down, that `user` may not search. */
async function firstUnreachable(dir: string, user: HostUser): Promise<string | null> {
  const above: string[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    above.unshift(d);
    if (d === path.dirname(d)) break;
  }
  for (const d of above) {
    const stat = await lstat(d);
    if (!permits(stat, user, 0o1)) return describe(d, stat);
  }
  return null;
}

/** The first entry of the extract that `user` could not read (folders: read and search). */
async function firstUnreadable(dir: string, user: HostUser, maxEntries: number): Promise<string | null> {
  const readable = (stat: Stats): boolean => permits(stat, user, stat.isDirectory() ? 0o5 : 0o4);
  const top = await lstat(dir);
  if (!readable(top)) return describe(dir, top);
  let seen = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const name of await readdir(current)) {
      if (++seen > maxEntries) return null;
      const full = path.join(current, name);
      const stat = await lstat(full);
      if (!readable(stat)) return describe(full, stat);
      if (stat.isDirectory()) pending.push(full);
    }
  }
  return null;
}
