import type { Track } from './tables.js';

const dayMs = 86_400_000;

/** The statutory time limits of each track, in months: the decision, and the one extension allowed. */
export interface ClockRule {
  readonly months: number;
  readonly extensionMonths: number;
}

/**
 * Art 68: 3 months from submission, extendable once by 3; public-sector bodies 2 + 1; Art 69 data requests
 * 3, without extension.
 */
export function clockRule(track: Track, publicSector: boolean): ClockRule {
  if (track === 'data_request') return { months: 3, extensionMonths: 0 };
  return publicSector ? { months: 2, extensionMonths: 1 } : { months: 3, extensionMonths: 3 };
}

/**
 * Adds calendar months in UTC. A day the target month lacks falls back to its last day (31 January plus
 * one month is 28 or 29 February), as periods "expire on the last day of that month" in Regulation 1182/71.
 */
export function addMonths(start: Date, months: number): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(start);
  d.setUTCDate(1);
  d.setUTCFullYear(y, m, Math.min(start.getUTCDate(), lastDay));
  return d;
}

export interface ClockState {
  readonly startedAt: Date;
  readonly rule: ClockRule;
  readonly extended: boolean;
  readonly extensionReason: string | null;
  /** Time already spent waiting for the applicant, in milliseconds. */
  readonly pausedMs: number;
  /** Set while the HDAB waits for the applicant now. */
  readonly pausedSince: Date | null;
  /** The clock stops at the decision or withdrawal. */
  readonly stoppedAt: Date | null;
}

export interface Clock {
  readonly startedAt: string;
  readonly months: number;
  readonly extensionMonths: number;
  readonly extended: boolean;
  readonly extensionReason: string | null;
  readonly paused: boolean;
  readonly pausedDays: number;
  readonly deadline: string;
  readonly daysLeft: number;
  readonly overdue: boolean;
  readonly stopped: boolean;
}

/** Total time paused up to `at`, the running pause included. */
export const pausedUntil = (state: ClockState, at: Date): number =>
  state.pausedMs + (state.pausedSince === null ? 0 : Math.max(0, at.getTime() - state.pausedSince.getTime()));

/**
 * The deadline as it stands at `now`: the statutory months (plus the extension, if granted) from the start,
 * moved later by every day spent waiting for the applicant. While paused, it moves on with the pause.
 */
export function deadlineOf(state: ClockState, now: Date): Date {
  const months = state.rule.months + (state.extended ? state.rule.extensionMonths : 0);
  const at = state.stoppedAt ?? now;
  return new Date(addMonths(state.startedAt, months).getTime() + pausedUntil(state, at));
}

export function clockView(state: ClockState, now: Date): Clock {
  const deadline = deadlineOf(state, now);
  const at = state.stoppedAt ?? now;
  const left = deadline.getTime() - at.getTime();
  return {
    startedAt: state.startedAt.toISOString(),
    months: state.rule.months,
    extensionMonths: state.rule.extensionMonths,
    extended: state.extended,
    extensionReason: state.extensionReason,
    paused: state.pausedSince !== null && state.stoppedAt === null,
    pausedDays: Math.round((pausedUntil(state, at) / dayMs) * 10) / 10,
    deadline: deadline.toISOString(),
    daysLeft: Math.ceil(left / dayMs) + 0, // never -0
    overdue: left < 0,
    stopped: state.stoppedAt !== null,
  };
}
