import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSweep, type AccessSweep, type SweepReport } from './sweep.js';

const report: SweepReport = { at: '', draftsExpired: [], permitsExpired: [], mailsSent: 0 };

describe('the periodic access sweep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every interval from the start, one run at a time, and stops for good on close', async () => {
    vi.useFakeTimers();
    let finish: () => void = () => undefined;
    const run = vi.fn(
      () =>
        new Promise<SweepReport>((resolve) => {
          finish = () => {
            resolve(report);
          };
        }),
    );
    const sweep = startSweep({ run } as unknown as AccessSweep, 60, pino({ level: 'silent' }));
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    // Still running at the next tick: a slow sweep is not overtaken by the next.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
    const stopped = sweep.stop();
    finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('keeps going after a failed run, and never starts when the interval is 0', async () => {
    vi.useFakeTimers();
    const run = vi.fn().mockRejectedValueOnce(new Error('store away')).mockResolvedValue(report);
    const sweep = startSweep({ run } as unknown as AccessSweep, 10, pino({ level: 'silent' }));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(run).toHaveBeenCalledTimes(2);
    await sweep.stop();
    const never = vi.fn();
    await startSweep({ run: never } as unknown as AccessSweep, 0, pino({ level: 'silent' })).stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(never).not.toHaveBeenCalled();
  });
});
