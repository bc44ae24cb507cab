import { AppError, type FieldError } from '../../../platform/errors/index.js';

/**
 * What one job may use. Kernel-enforced per process (rlimits set by `prlimit` inside the sandbox): CPU
 * seconds, address space, processes, file size, open files. Enforced for the whole job by the runner's
 * watchdog: wall-clock time, memory of all its processes together, the output folder's disk use and file
 * count. Size-limited tmpfs: /tmp and /dev/shm.
 */
export interface SandboxLimits {
  /** Wall-clock time before the whole sandbox is killed. */
  readonly wallSeconds: number;
  /** CPU seconds per process (RLIMIT_CPU): SIGXCPU at the limit, SIGKILL five seconds later. */
  readonly cpuSeconds: number;
  /**
   * Memory: each process's address space (RLIMIT_AS, so an allocation past it fails with MemoryError or
   * "cannot allocate vector") and the proportional resident memory of all the job's processes together
   * (watchdog, so many processes cannot each take the per-process allowance).
   */
  readonly memoryBytes: number;
  /** Processes and threads of the job (RLIMIT_NPROC, counted in the sandbox's own user namespace). */
  readonly processes: number;
  /** Largest file the job may write (RLIMIT_FSIZE). */
  readonly fileSizeBytes: number;
  /** Disk use of the output folder (the only place on disk the job can write), checked by the watchdog. */
  readonly diskQuotaBytes: number;
  /** Files and folders in the output folder (inodes), checked by the watchdog. */
  readonly maxFiles: number;
  /** Size of the job's private /tmp (tmpfs, in memory); /dev/shm gets a quarter of it. */
  readonly tmpBytes: number;
  /** stdout and stderr kept in the job's log; the rest is counted and discarded. */
  readonly logBytes: number;
  /** Open files per process (RLIMIT_NOFILE). */
  readonly openFiles: number;
}

const MiB = 2 ** 20;

export const defaultSandboxLimits: SandboxLimits = Object.freeze({
  wallSeconds: 30 * 60,
  cpuSeconds: 30 * 60,
  memoryBytes: 4096 * MiB,
  processes: 64,
  fileSizeBytes: 1024 * MiB,
  diskQuotaBytes: 4096 * MiB,
  maxFiles: 10_000,
  tmpBytes: 512 * MiB,
  logBytes: 2 * MiB,
  openFiles: 1024,
});

/** Smallest sensible values: below them the interpreters themselves cannot start. */
const minimum: Readonly<Record<keyof SandboxLimits, number>> = {
  wallSeconds: 1,
  cpuSeconds: 1,
  memoryBytes: 256 * MiB,
  processes: 4,
  fileSizeBytes: 1 * MiB,
  diskQuotaBytes: 1 * MiB,
  maxFiles: 10,
  tmpBytes: 16 * MiB,
  logBytes: 4096,
  openFiles: 64,
};

/** The defaults with the given values over them; every value a whole number at or above its minimum. */
export function resolveLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits: SandboxLimits = { ...defaultSandboxLimits, ...overrides };
  const errors: FieldError[] = [];
  for (const key of Object.keys(minimum) as (keyof SandboxLimits)[]) {
    const value = limits[key];
    if (!Number.isSafeInteger(value) || value < minimum[key])
      errors.push({ path: `/${key}`, message: `must be a whole number of at least ${minimum[key]}` });
  }
  if (errors.length > 0)
    throw new AppError('invalid', 'sandbox.invalid_limits', 'The job limits are not valid.', errors);
  return Object.freeze(limits);
}
