import { constants } from 'node:os';
import type { SandboxLimits } from './limits.js';

export type JobStatus = 'succeeded' | 'failed' | 'timed_out' | 'killed_memory' | 'killed_limit' | 'cancelled';

/** Which limit ended the job. */
export type LimitName =
  'wall_clock' | 'cpu' | 'memory' | 'processes' | 'file_size' | 'disk_quota' | 'files' | 'tmp_space';

/** Why the runner itself stopped the job (its watchdog, its timer, or the caller). */
export type StopReason = 'wall_clock' | 'memory' | 'disk_quota' | 'files' | 'cancelled';

/** The most the job used, as the watchdog saw it. */
export interface JobPeak {
  /** Proportional resident memory of all the job's processes together. */
  readonly memoryBytes: number;
  readonly processes: number;
  /** Disk use of the output folder (allocated blocks). */
  readonly diskBytes: number;
  readonly files: number;
}

export interface JobOutcome {
  readonly status: JobStatus;
  readonly limit: LimitName | null;
  /** One plain-language sentence for the job list. */
  readonly reason: string;
  /** The script's exit code; null when it ended by a signal. */
  readonly exitCode: number | null;
  /** The signal that ended the script (`SIGKILL`), or null. */
  readonly signal: string | null;
}

export interface OutcomeInput {
  /** What bwrap reports: the exit code, or 128 + the signal number. Null when bwrap reported nothing. */
  readonly exitStatus: number | null;
  readonly stoppedBy: StopReason | null;
  /** The end of the job's output, where interpreters print why they stopped. */
  readonly logTail: string;
  readonly limits: SandboxLimits;
  readonly peak: JobPeak;
}

const MiB = 2 ** 20;
const mib = (n: number): string => `${(n / MiB).toFixed(n < 10 * MiB ? 1 : 0)} MiB`;

const signalName = (n: number): string | null =>
  Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? null;

/** What an interpreter prints when a kernel limit refuses it something (Python and R wordings). */
const markers: readonly { readonly limit: LimitName; readonly pattern: RegExp }[] = [
  {
    limit: 'memory',
    pattern: /MemoryError|cannot allocate vector of size|cannot allocate memory block|std::bad_alloc/i,
  },
  { limit: 'file_size', pattern: /File too large|\[Errno 27\]/ },
  {
    limit: 'processes',
    pattern: /Resource temporarily unavailable|BlockingIOError|unable to fork|cannot fork|\[Errno 11\]/,
  },
  { limit: 'tmp_space', pattern: /No space left on device|\[Errno 28\]/ },
];

/** The job's status and a reason a data user can act on, from how it ended. */
export function jobOutcome(input: OutcomeInput): JobOutcome {
  const { limits, peak } = input;
  const signalled =
    input.exitStatus !== null && input.exitStatus > 128 && input.exitStatus <= 128 + 64
      ? signalName(input.exitStatus - 128)
      : null;
  const exitCode = signalled === null ? input.exitStatus : null;
  const ended = { exitCode, signal: signalled };
  const atProcessLimit =
    peak.processes >= limits.processes - 1
      ? `; it had reached its limit of ${limits.processes} processes`
      : '';

  switch (input.stoppedBy) {
    case 'wall_clock':
      return {
        status: 'timed_out',
        limit: 'wall_clock',
        reason: `Stopped after the time limit of ${limits.wallSeconds} s${atProcessLimit}.`,
        ...ended,
      };
    case 'memory':
      return {
        status: 'killed_memory',
        limit: 'memory',
        reason: `Stopped: its processes together used ${mib(peak.memoryBytes)}, over the memory limit of ${mib(limits.memoryBytes)}.`,
        ...ended,
      };
    case 'disk_quota':
      return {
        status: 'killed_limit',
        limit: 'disk_quota',
        reason: `Stopped: the output folder reached ${mib(peak.diskBytes)}, over its quota of ${mib(limits.diskQuotaBytes)}.`,
        ...ended,
      };
    case 'files':
      return {
        status: 'killed_limit',
        limit: 'files',
        reason: `Stopped: the output folder holds more than ${limits.maxFiles} files and folders.`,
        ...ended,
      };
    case 'cancelled':
      return { status: 'cancelled', limit: null, reason: 'Cancelled.', ...ended };
    case null:
      break;
  }

  if (input.exitStatus === 0) return { status: 'succeeded', limit: null, reason: 'Finished.', ...ended };
  if (signalled === 'SIGXCPU')
    return {
      status: 'killed_limit',
      limit: 'cpu',
      reason: `Stopped: a process used its ${limits.cpuSeconds} s of CPU time.`,
      ...ended,
    };
  if (signalled === 'SIGXFSZ')
    return {
      status: 'killed_limit',
      limit: 'file_size',
      reason: `Stopped: a file reached the size limit of ${mib(limits.fileSizeBytes)}.`,
      ...ended,
    };
  if (signalled === 'SIGKILL')
    return {
      status: 'killed_limit',
      limit: null,
      reason:
        'Killed by the kernel (SIGKILL): a process passed the hard CPU time limit or the machine ran out of memory.',
      ...ended,
    };

  const marker = markers.find((m) => m.pattern.test(input.logTail));
  switch (marker?.limit) {
    case 'memory':
      return {
        status: 'killed_memory',
        limit: 'memory',
        reason: `Failed: a process reached the memory limit of ${mib(limits.memoryBytes)} (see the end of the log).`,
        ...ended,
      };
    case 'file_size':
      return {
        status: 'killed_limit',
        limit: 'file_size',
        reason: `Failed: a file reached the size limit of ${mib(limits.fileSizeBytes)}.`,
        ...ended,
      };
    case 'processes':
      return {
        status: 'killed_limit',
        limit: 'processes',
        reason: `Failed: the job could not start more processes than its limit of ${limits.processes}.`,
        ...ended,
      };
    case 'tmp_space':
      return {
        status: 'killed_limit',
        limit: 'tmp_space',
        reason: `Failed: no space left, /tmp in the sandbox holds at most ${mib(limits.tmpBytes)} (write results to the output folder).`,
        ...ended,
      };
    case 'wall_clock':
    case 'cpu':
    case 'disk_quota':
    case 'files':
    case undefined:
      break;
  }
  return {
    status: 'failed',
    limit: null,
    reason:
      signalled === null
        ? `The script ended with exit code ${String(input.exitStatus ?? 'unknown')}.`
        : `The script was ended by ${signalled}.`,
    ...ended,
  };
}
