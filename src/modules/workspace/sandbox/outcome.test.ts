import { describe, expect, it } from 'vitest';
import { resolveLimits } from './limits.js';
import { jobOutcome, type OutcomeInput } from './outcome.js';

const MiB = 2 ** 20;
const base: OutcomeInput = {
  exitStatus: 0,
  stoppedBy: null,
  logTail: '',
  limits: resolveLimits({ memoryBytes: 512 * MiB, processes: 32, wallSeconds: 60, diskQuotaBytes: 64 * MiB }),
  peak: { memoryBytes: 0, processes: 2, diskBytes: 0, files: 0 },
};
const outcome = (over: Partial<OutcomeInput>) => jobOutcome({ ...base, ...over });

describe('how a job ended', () => {
  it('succeeded, or failed with its exit code', () => {
    expect(outcome({})).toMatchObject({ status: 'succeeded', exitCode: 0, signal: null });
    expect(outcome({ exitStatus: 2, logTail: 'Error in f(): object not found' })).toEqual({
      status: 'failed',
      limit: null,
      reason: 'The script ended with exit code 2.',
      exitCode: 2,
      signal: null,
    });
  });

  it('names the limit the runner stopped it for', () => {
    expect(outcome({ stoppedBy: 'wall_clock', exitStatus: 137 })).toMatchObject({
      status: 'timed_out',
      limit: 'wall_clock',
      reason: 'Stopped after the time limit of 60 s.',
      signal: 'SIGKILL',
    });
    expect(outcome({ stoppedBy: 'wall_clock', peak: { ...base.peak, processes: 32 } }).reason).toBe(
      'Stopped after the time limit of 60 s; it had reached its limit of 32 processes.',
    );
    expect(outcome({ stoppedBy: 'memory', peak: { ...base.peak, memoryBytes: 600 * MiB } })).toMatchObject({
      status: 'killed_memory',
      reason: 'Stopped: its processes together used 600 MiB, over the memory limit of 512 MiB.',
    });
    expect(outcome({ stoppedBy: 'disk_quota', peak: { ...base.peak, diskBytes: 91 * MiB } })).toMatchObject({
      status: 'killed_limit',
      limit: 'disk_quota',
      reason: 'Stopped: the output folder reached 91 MiB, over its quota of 64 MiB.',
    });
    expect(outcome({ stoppedBy: 'cancelled' }).status).toBe('cancelled');
  });

  it('reads kernel limits from the signal or from what the interpreter printed', () => {
    expect(outcome({ exitStatus: 128 + 24 })).toMatchObject({
      status: 'killed_limit',
      limit: 'cpu',
      signal: 'SIGXCPU',
    });
    expect(outcome({ exitStatus: 128 + 25 })).toMatchObject({ limit: 'file_size', signal: 'SIGXFSZ' });
    expect(outcome({ exitStatus: 1, logTail: 'Traceback …\nMemoryError\n' })).toMatchObject({
      status: 'killed_memory',
      limit: 'memory',
    });
    expect(
      outcome({ exitStatus: 1, logTail: 'Error: cannot allocate vector of size 76.3 Mb\n' }).status,
    ).toBe('killed_memory');
    expect(outcome({ exitStatus: 1, logTail: 'OSError: [Errno 27] File too large' }).limit).toBe('file_size');
    expect(
      outcome({ exitStatus: 1, logTail: 'BlockingIOError: [Errno 11] Resource temporarily unavailable' })
        .limit,
    ).toBe('processes');
    expect(outcome({ exitStatus: 1, logTail: 'OSError: [Errno 28] No space left on device' })).toMatchObject({
      limit: 'tmp_space',
      reason:
        'Failed: no space left, /tmp in the sandbox holds at most 512 MiB (write results to the output folder).',
    });
  });
});
