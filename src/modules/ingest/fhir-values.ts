/**
 * Readers of FHIR element values that check what they read: a wrong type or an impossible date becomes a
 * problem with the element's JSON path instead of a wrong row. Every reader returns null for an absent
 * element and records a problem (and returns null) for a malformed one.
 */
import { vocabularyOfSystem, vocabularyPreference } from './code-systems.js';

export interface Problem {
  readonly path: string;
  readonly reason: string;
}

/** What the readers need: where the resource sits (for paths) and how to resolve Bundle references. */
export interface ReadContext {
  /** JSON path prefix of the resource in its record, e.g. `entry[3].resource.` or ''. */
  readonly prefix: string;
  readonly problems: Problem[];
  /** `urn:uuid:` fullUrl → `Type/id`, for resources inside a Bundle. */
  readonly bundleRefs: ReadonlyMap<string, string> | null;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: unknown): string =>
  Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`;

function problem(ctx: ReadContext, path: string, reason: string): null {
  ctx.problems.push({ path: ctx.prefix + path, reason });
  return null;
}

export function str(ctx: ReadContext, v: unknown, path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return problem(ctx, path, `expected a string, got ${describe(v)}`);
  return v;
}

export function num(ctx: ReadContext, v: unknown, path: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    return problem(ctx, path, `expected a number, got ${describe(v)}`);
  return v;
}

export function obj(ctx: ReadContext, v: unknown, path: string): JsonObject | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) return problem(ctx, path, `expected an object, got ${describe(v)}`);
  return v;
}

export function arr(ctx: ReadContext, v: unknown, path: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problem(ctx, path, `expected an array, got ${describe(v)}`);
    return [];
  }
  return v as Json[];
}

export interface FhirDate {
  /** YYYY-MM-DD (a partial date is the first day of its month or year). */
  readonly date: string;
  /** YYYY-MM-DD HH:MM:SS as written (local time of the source), or null for a date without time. */
  readonly dateTime: string | null;
  /** 1 year, 2 month, 3 day. */
  readonly precision: 1 | 2 | 3;
}

const datePattern =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A FHIR date, dateTime or instant; `2023-02-30` and `birthDate: 42` are problems. */
export function date(ctx: ReadContext, v: unknown, path: string): FhirDate | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return problem(ctx, path, `expected a date string, got ${describe(v)}`);
  const m = datePattern.exec(v);
  if (m === null) return problem(ctx, path, `not a FHIR date or dateTime: "${v.slice(0, 40)}"`);
  const [, y = '', mo, d, hh, mi, ss] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || year < 1800) {
    return problem(ctx, path, `impossible date: "${v}"`);
  }
  if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? '0') > 59)) {
    return problem(ctx, path, `impossible time: "${v}"`);
  }
  const isoDate = `${y}-${mo ?? '01'}-${d ?? '01'}`;
  return {
    date: isoDate,
    dateTime: hh === undefined ? null : `${isoDate} ${hh}:${mi ?? '00'}:${ss ?? '00'}`,
    precision: mo === undefined ? 1 : d === undefined ? 2 : 3,
  };
}

export interface Code {
  readonly vocab: string | null;
  readonly code: string;
}

/** The preferred coding of a CodeableConcept (see code-systems.ts), or its first coding. */
export function codeOf(ctx: ReadContext, v: unknown, path: string): Code | null {
  const cc = obj(ctx, v, path);
  if (cc === null) return null;
  const codings = arr(ctx, cc.coding, `${path}.coding`);
  let best: Code | null = null;
  let bestRank = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < codings.length; i++) {
    const coding = codings[i];
    if (!isObject(coding)) {
      problem(ctx, `${path}.coding[${String(i)}]`, `expected an object, got ${describe(coding)}`);
      continue;
    }
    const code = str(ctx, coding.code, `${path}.coding[${String(i)}].code`);
    if (code === null) continue;
    const system = str(ctx, coding.system, `${path}.coding[${String(i)}].system`);
    const vocab = system === null ? null : (vocabularyOfSystem.get(system) ?? null);
    const rank = vocab === null ? vocabularyPreference.length : vocabularyPreference.indexOf(vocab);
    if (rank < bestRank) {
      best = { vocab, code };
      bestRank = rank;
    }
  }
  return best;
}

/** The code of a Coding (not a CodeableConcept), e.g. Encounter.class. */
export function codingCode(ctx: ReadContext, v: unknown, path: string): string | null {
  const coding = obj(ctx, v, path);
  return coding === null ? null : str(ctx, coding.code, `${path}.code`);
}

const literalReference = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/;
const absoluteReference = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;

/**
 * A Reference as `Type/id`: literal, absolute URL, or a `urn:uuid:` resolved in the Bundle. Conditional
 * (`Practitioner?identifier=...`) and contained (`#x`) references give null: they cannot be linked. A
 * `urn:uuid:` missing from the Bundle is a problem.
 */
export function ref(ctx: ReadContext, v: unknown, path: string): string | null {
  const reference = obj(ctx, v, path);
  if (reference === null) return null;
  const text = str(ctx, reference.reference, `${path}.reference`);
  if (text === null) return null;
  if (text.startsWith('urn:uuid:')) {
    const resolved = ctx.bundleRefs?.get(text);
    if (resolved === undefined)
      return problem(ctx, `${path}.reference`, `reference ${text} is not in the Bundle`);
    return resolved;
  }
  const literal = literalReference.exec(text) ?? absoluteReference.exec(text);
  return literal === null ? null : `${literal[1] ?? ''}/${literal[2] ?? ''}`;
}

/** A reference that must name a resource of one type (a patient, an encounter), else null. */
export function refTo(ctx: ReadContext, v: unknown, path: string, type: string): string | null {
  const r = ref(ctx, v, path);
  return r !== null && r.startsWith(`${type}/`) ? r : null;
}
