import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/index.js';
import { defaultDisclosureSettings, parseDisclosureSettings } from './settings.js';

function problems(env: Record<string, string>): { path: string; message: string }[] {
  try {
    parseDisclosureSettings(env);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('disclosure.settings_invalid');
    return (e as AppError).errors.map((x) => ({ path: x.path, message: x.message }));
  }
  throw new Error('expected the settings to be refused');
}

describe('disclosure settings', () => {
  it('default to the ACRO rules', () => {
    expect(parseDisclosureSettings({})).toEqual({
      minCellCount: 10,
      dominance: { n: 2, kPercent: 90 },
      pPercent: 10,
      zerosDisclosive: true,
      minResidualDf: 10,
      rounding: { required: false, base: 5 },
      maxRows: 5000,
      allowedFileTypes: ['csv', 'png', 'txt', 'md', 'json'],
      maxFileBytes: 10 * 1024 * 1024,
    });
    expect(parseDisclosureSettings({})).toEqual(defaultDisclosureSettings);
  });

  it('read every variable, with percentages, switches, lists and sizes written as people write them', () => {
    const s = parseDisclosureSettings({
      SALUS_DISCLOSURE_MIN_CELL_COUNT: '5',
      SALUS_DISCLOSURE_DOMINANCE_N: '1',
      SALUS_DISCLOSURE_DOMINANCE_K: '85%',
      SALUS_DISCLOSURE_P_PERCENT: '12.5',
      SALUS_DISCLOSURE_ZEROS_DISCLOSIVE: 'off',
      SALUS_DISCLOSURE_MIN_RESIDUAL_DF: '20',
      SALUS_DISCLOSURE_ROUNDING: 'yes',
      SALUS_DISCLOSURE_ROUNDING_BASE: '10',
      SALUS_DISCLOSURE_MAX_ROWS: '200',
      SALUS_DISCLOSURE_FILE_TYPES: ' CSV, .png ',
      SALUS_DISCLOSURE_MAX_FILE_BYTES: '2 MiB',
    });
    expect(s).toEqual({
      minCellCount: 5,
      dominance: { n: 1, kPercent: 85 },
      pPercent: 12.5,
      zerosDisclosive: false,
      minResidualDf: 20,
      rounding: { required: true, base: 10 },
      maxRows: 200,
      allowedFileTypes: ['csv', 'png'],
      maxFileBytes: 2 * 1024 * 1024,
    });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('refuse a fraction where a percentage is meant, saying what to write instead', () => {
    expect(problems({ SALUS_DISCLOSURE_DOMINANCE_K: '0.9' })).toEqual([
      {
        path: 'SALUS_DISCLOSURE_DOMINANCE_K',
        message:
          'SALUS_DISCLOSURE_DOMINANCE_K="0.9" is not valid: 0.9 looks like a fraction; give the percentage, e.g. 90 (expected a percentage above 0 and at most 100, e.g. 90 (default 90))',
      },
    ]);
  });

  it('name each bad value with where it is, what it is and why it is refused, all at once', () => {
    const found = problems({
      SALUS_DISCLOSURE_MIN_CELL_COUNT: 'ten',
      SALUS_DISCLOSURE_DOMINANCE_N: '0',
      SALUS_DISCLOSURE_P_PERCENT: '150',
      SALUS_DISCLOSURE_ZEROS_DISCLOSIVE: 'maybe',
      SALUS_DISCLOSURE_ROUNDING_BASE: '1',
      SALUS_DISCLOSURE_MAX_ROWS: '5.5',
      SALUS_DISCLOSURE_FILE_TYPES: 'csv,xlsx,exe',
      SALUS_DISCLOSURE_MAX_FILE_BYTES: '10 parsecs',
      SALUS_DISCLOSURE_MINIMUM: '3',
    });
    expect(found.map((p) => p.path)).toEqual([
      'SALUS_DISCLOSURE_MINIMUM',
      'SALUS_DISCLOSURE_FILE_TYPES',
      'SALUS_DISCLOSURE_MAX_FILE_BYTES',
      'SALUS_DISCLOSURE_MIN_CELL_COUNT',
      'SALUS_DISCLOSURE_DOMINANCE_N',
      'SALUS_DISCLOSURE_P_PERCENT',
      'SALUS_DISCLOSURE_ZEROS_DISCLOSIVE',
      'SALUS_DISCLOSURE_ROUNDING_BASE',
      'SALUS_DISCLOSURE_MAX_ROWS',
    ]);
    const text = found.map((p) => p.message).join('\n');
    expect(text).toContain(
      'SALUS_DISCLOSURE_MINIMUM is not a disclosure setting (known: SALUS_DISCLOSURE_MIN_CELL_COUNT',
    );
    expect(text).toContain('SALUS_DISCLOSURE_MIN_CELL_COUNT="ten" is not valid: not a whole number');
    expect(text).toContain('SALUS_DISCLOSURE_DOMINANCE_N="0" is not valid: 0 is below 1');
    expect(text).toContain(
      'SALUS_DISCLOSURE_P_PERCENT="150" is not valid: 150 is outside the range above 0 and at most 100',
    );
    expect(text).toContain('SALUS_DISCLOSURE_ZEROS_DISCLOSIVE="maybe" is not valid: not true or false');
    expect(text).toContain('SALUS_DISCLOSURE_ROUNDING_BASE="1" is not valid: 1 is below 2');
    expect(text).toContain('SALUS_DISCLOSURE_MAX_ROWS="5.5" is not valid: not a whole number');
    expect(text).toContain(
      'SALUS_DISCLOSURE_FILE_TYPES="csv,xlsx,exe" is not valid: "xlsx", "exe" are not types the checks can read',
    );
    expect(text).toContain('SALUS_DISCLOSURE_MAX_FILE_BYTES="10 parsecs" is not valid: not a size');
  });

  it('refuse an empty list of file types and a size cap past 1 GiB', () => {
    expect(problems({ SALUS_DISCLOSURE_FILE_TYPES: ',', SALUS_DISCLOSURE_MAX_FILE_BYTES: '2GiB' })).toEqual([
      {
        path: 'SALUS_DISCLOSURE_FILE_TYPES',
        message: expect.stringContaining(
          'SALUS_DISCLOSURE_FILE_TYPES="," is not valid: no file type is listed',
        ) as string,
      },
      {
        path: 'SALUS_DISCLOSURE_MAX_FILE_BYTES',
        message: expect.stringContaining('2147483648 bytes is outside 1 byte to 1 GiB') as string,
      },
    ]);
  });

  it('take an empty variable as not set', () => {
    expect(parseDisclosureSettings({ SALUS_DISCLOSURE_MIN_CELL_COUNT: '  ' }).minCellCount).toBe(10);
  });
});
