import { describe, expect, it } from 'vitest';
import { addMonths, clockRule, clockView, deadlineOf, type ClockState } from './clock.js';

const at = (iso: string): Date => new Date(iso);
const state = (over: Partial<ClockState> = {}): ClockState => ({
  startedAt: at('2026-01-15T09:30:00Z'),
  rule: clockRule('application', false),
  extended: false,
  extensionReason: null,
  pausedMs: 0,
  pausedSince: null,
  stoppedAt: null,
  ...over,
});

describe('statutory clocks', () => {
  it('adds calendar months in UTC, falling back to the last day of a shorter month', () => {
    expect(addMonths(at('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(addMonths(at('2028-01-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(addMonths(at('2027-11-30T23:59:00Z'), 3).toISOString()).toBe('2028-02-29T23:59:00.000Z');
    expect(addMonths(at('2026-08-31T00:00:00Z'), 3).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(addMonths(at('2026-10-31T00:00:00Z'), 3).toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(addMonths(at('2028-02-29T00:00:00Z'), 12).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('gives each track its months: 3 + 3, public sector 2 + 1, data requests 3', () => {
    expect(clockRule('application', false)).toEqual({ months: 3, extensionMonths: 3 });
    expect(clockRule('application', true)).toEqual({ months: 2, extensionMonths: 1 });
    expect(clockRule('data_request', true)).toEqual({ months: 3, extensionMonths: 0 });
    const now = at('2026-02-01T00:00:00Z');
    expect(deadlineOf(state(), now).toISOString()).toBe('2026-04-15T09:30:00.000Z');
    expect(deadlineOf(state({ rule: clockRule('application', true) }), now).toISOString()).toBe(
      '2026-03-15T09:30:00.000Z',
    );
    expect(deadlineOf(state({ extended: true }), now).toISOString()).toBe('2026-07-15T09:30:00.000Z');
  });

  it('moves the deadline by the time spent waiting for the applicant, also while the pause runs', () => {
    const tenDays = 10 * 86_400_000;
    expect(deadlineOf(state({ pausedMs: tenDays }), at('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2026-04-25T09:30:00.000Z',
    );
    const paused = state({ pausedMs: tenDays, pausedSince: at('2026-03-01T00:00:00Z') });
    const fiveDaysLater = at('2026-03-06T00:00:00Z');
    expect(deadlineOf(paused, fiveDaysLater).toISOString()).toBe('2026-04-30T09:30:00.000Z');
    const view = clockView(paused, fiveDaysLater);
    expect(view.paused).toBe(true);
    expect(view.pausedDays).toBe(15);
  });

  it('counts days left and overdue, and freezes at the decision', () => {
    const view = clockView(state(), at('2026-04-16T00:00:00Z'));
    expect(view.overdue).toBe(true);
    expect(view.daysLeft).toBe(0);
    const early = clockView(state(), at('2026-04-05T09:30:00Z'));
    expect(early.daysLeft).toBe(10);
    const decided = clockView(state({ stoppedAt: at('2026-03-01T00:00:00Z') }), at('2030-01-01T00:00:00Z'));
    expect(decided.overdue).toBe(false);
    expect(decided.stopped).toBe(true);
  });
});
