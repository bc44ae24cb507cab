import { AppError, type FieldError } from '../../platform/errors/index.js';

/** The file types an output request may carry; each is checked by its content, not only by its name. */
export type FileType = 'csv' | 'png' | 'txt' | 'md' | 'json';
export const fileTypes: readonly FileType[] = ['csv', 'png', 'txt', 'md', 'json'];

/**
 * The rules of the automatic output checks. The defaults are those of the SACRO project's ACRO tool
 * (safe_threshold 10, safe_nk_n 2, safe_nk_k 0.90, safe_pratio_p 0.10, zeros_are_disclosive, safe_dof_threshold
 * 10), written here as counts and percentages.
 */
export interface DisclosureSettings {
  /** A count below this (persons, or contributors to a sum or mean) fails. */
  readonly minCellCount: number;
  /** The n largest contributors to a cell may make up at most k percent of its total. */
  readonly dominance: { readonly n: number; readonly kPercent: number };
  /** What the others add up to must be at least this percentage of the largest contribution. */
  readonly pPercent: number;
  /** A zero count fails: it says that nobody in the group has the attribute. */
  readonly zerosDisclosive: boolean;
  /** A model's residual degrees of freedom must be at least this. */
  readonly minResidualDf: number;
  /** When required, every count must be a multiple of the base. */
  readonly rounding: { readonly required: boolean; readonly base: number };
  /** Data rows (after the header) a table may have. */
  readonly maxRows: number;
  readonly allowedFileTypes: readonly FileType[];
  readonly maxFileBytes: number;
}

export const defaultDisclosureSettings: DisclosureSettings = Object.freeze({
  minCellCount: 10,
  dominance: Object.freeze({ n: 2, kPercent: 90 }),
  pPercent: 10,
  zerosDisclosive: true,
  minResidualDf: 10,
  rounding: Object.freeze({ required: false, base: 5 }),
  maxRows: 5000,
  allowedFileTypes: Object.freeze([...fileTypes]),
  maxFileBytes: 10 * 2 ** 20,
});

/** Every variable the disclosure settings read, with what it expects: the source of errors and docs. */
export const disclosureSettingVariables = {
  SALUS_DISCLOSURE_MIN_CELL_COUNT: 'a whole number from 1 to 1000 (default 10)',
  SALUS_DISCLOSURE_DOMINANCE_N: 'the number of largest contributors, a whole number from 1 to 10 (default 2)',
  SALUS_DISCLOSURE_DOMINANCE_K: 'a percentage above 0 and at most 100, e.g. 90 (default 90)',
  SALUS_DISCLOSURE_P_PERCENT: 'a percentage above 0 and at most 100, e.g. 10 (default 10)',
  SALUS_DISCLOSURE_ZEROS_DISCLOSIVE: 'true or false (default true)',
  SALUS_DISCLOSURE_MIN_RESIDUAL_DF: 'a whole number from 0 to 1000000 (default 10)',
  SALUS_DISCLOSURE_ROUNDING: 'true or false: counts must be rounded (default false)',
  SALUS_DISCLOSURE_ROUNDING_BASE: 'a whole number from 2 to 1000 (default 5)',
  SALUS_DISCLOSURE_MAX_ROWS: 'a whole number from 1 to 1000000 (default 5000)',
  SALUS_DISCLOSURE_FILE_TYPES: `comma-separated file types among ${fileTypes.join(', ')} (default all of them)`,
  SALUS_DISCLOSURE_MAX_FILE_BYTES:
    'a size from 1 byte to 1 GiB, in bytes or with a unit: 10485760, 500KB, 10MiB (default 10MiB)',
} as const;

export type DisclosureSettingVariable = keyof typeof disclosureSettingVariables;

const units: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * Builds the disclosure settings from environment-style variables (`SALUS_DISCLOSURE_*`); anything not given
 * keeps the ACRO default. Every bad value is collected and reported at once, each naming the variable, the
 * value, why it was refused and what is expected.
 */
export function parseDisclosureSettings(
  env: Readonly<Partial<Record<string, string | undefined>>>,
): DisclosureSettings {
  const problems: FieldError[] = [];
  const known = Object.keys(disclosureSettingVariables);
  for (const name of Object.keys(env)) {
    if (name.startsWith('SALUS_DISCLOSURE_') && !known.includes(name))
      problems.push({
        path: name,
        message: `${name} is not a disclosure setting (known: ${known.join(', ')})`,
      });
  }
  const get = (name: DisclosureSettingVariable): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const bad = (name: DisclosureSettingVariable, raw: string, why: string): void => {
    problems.push({
      path: name,
      message: `${name}=${JSON.stringify(raw)} is not valid: ${why} (expected ${disclosureSettingVariables[name]})`,
    });
  };
  const whole = (name: DisclosureSettingVariable, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(raw)) {
      bad(name, raw, 'not a whole number');
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) {
      bad(name, raw, `${n} is ${n < min ? `below ${min}` : `above ${max}`}`);
      return fallback;
    }
    return n;
  };
  const percent = (name: DisclosureSettingVariable, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const m = /^([+-]?\d+(?:\.\d+)?)\s*%?$/.exec(raw);
    if (m === null) {
      bad(name, raw, 'not a number');
      return fallback;
    }
    const n = Number(m[1]);
    if (n <= 0 || n > 100) {
      bad(name, raw, `${n} is outside the range above 0 and at most 100`);
      return fallback;
    }
    // ACRO's own files write these as fractions (0.90); a percentage below 1 is almost surely that mistake.
    if (n < 1 && !raw.endsWith('%')) {
      bad(name, raw, `${n} looks like a fraction; give the percentage, e.g. ${n * 100}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: DisclosureSettingVariable, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    bad(name, raw, 'not true or false');
    return fallback;
  };

  const typesRaw = get('SALUS_DISCLOSURE_FILE_TYPES');
  let allowedFileTypes = defaultDisclosureSettings.allowedFileTypes;
  if (typesRaw !== undefined) {
    const listed = typesRaw
      .split(',')
      .map((t) => t.trim().toLowerCase().replace(/^\./, ''))
      .filter((t) => t !== '');
    const unknown = listed.filter((t) => !(fileTypes as readonly string[]).includes(t));
    if (listed.length === 0) bad('SALUS_DISCLOSURE_FILE_TYPES', typesRaw, 'no file type is listed');
    else if (unknown.length > 0)
      bad(
        'SALUS_DISCLOSURE_FILE_TYPES',
        typesRaw,
        `${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is not a type' : 'are not types'} the checks can read`,
      );
    else allowedFileTypes = [...new Set(listed as FileType[])];
  }

  const sizeRaw = get('SALUS_DISCLOSURE_MAX_FILE_BYTES');
  let maxFileBytes = defaultDisclosureSettings.maxFileBytes;
  if (sizeRaw !== undefined) {
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(sizeRaw);
    const factor = units[(m?.[2] ?? '').toLowerCase() || 'b'];
    if (m === null || factor === undefined)
      bad(
        'SALUS_DISCLOSURE_MAX_FILE_BYTES',
        sizeRaw,
        'not a size (a number, optionally with B, KB, MB, GB, KiB, MiB or GiB)',
      );
    else {
      const bytes = Math.floor(Number(m[1]) * factor);
      if (bytes < 1 || bytes > 2 ** 30)
        bad('SALUS_DISCLOSURE_MAX_FILE_BYTES', sizeRaw, `${bytes} bytes is outside 1 byte to 1 GiB`);
      else maxFileBytes = bytes;
    }
  }

  const d = defaultDisclosureSettings;
  const settings: DisclosureSettings = {
    minCellCount: whole('SALUS_DISCLOSURE_MIN_CELL_COUNT', d.minCellCount, 1, 1000),
    dominance: {
      n: whole('SALUS_DISCLOSURE_DOMINANCE_N', d.dominance.n, 1, 10),
      kPercent: percent('SALUS_DISCLOSURE_DOMINANCE_K', d.dominance.kPercent),
    },
    pPercent: percent('SALUS_DISCLOSURE_P_PERCENT', d.pPercent),
    zerosDisclosive: bool('SALUS_DISCLOSURE_ZEROS_DISCLOSIVE', d.zerosDisclosive),
    minResidualDf: whole('SALUS_DISCLOSURE_MIN_RESIDUAL_DF', d.minResidualDf, 0, 1_000_000),
    rounding: {
      required: bool('SALUS_DISCLOSURE_ROUNDING', d.rounding.required),
      base: whole('SALUS_DISCLOSURE_ROUNDING_BASE', d.rounding.base, 2, 1000),
    },
    maxRows: whole('SALUS_DISCLOSURE_MAX_ROWS', d.maxRows, 1, 1_000_000),
    allowedFileTypes,
    maxFileBytes,
  };
  if (problems.length > 0)
    throw new AppError(
      'invalid',
      'disclosure.settings_invalid',
      `The disclosure settings are not valid:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
      problems,
    );
  return Object.freeze({
    ...settings,
    dominance: Object.freeze(settings.dominance),
    rounding: Object.freeze(settings.rounding),
    allowedFileTypes: Object.freeze([...settings.allowedFileTypes]),
  });
}
