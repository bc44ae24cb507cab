import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/index.js';
import { checkFile } from './check-file.js';
import type { OutputFile } from './output-file.js';
import { round, suppress } from './remedies.js';
import { cell, countsFile, messages, settings, textFile } from './test-support.js';

const remedied = (file: OutputFile, csv: string): OutputFile => ({
  ...file,
  bytes: new TextEncoder().encode(csv),
});

describe('suppressing cells', () => {
  it('hides the failing cells of a table without totals, and the new table passes', () => {
    const file = countsFile([12, 4, 30]);
    const result = suppress(file, 'failing', settings);
    expect(result.csv).toBe('age_band,n\n20-29,12\n30-39,*\n40-49,30\n');
    expect(result.changes).toEqual([
      { row: 2, column: 'n', from: '4', to: '*', why: 'it fails the automatic checks' },
    ]);
    expect(result.verdict.status).toBe('pass');
    expect(cell(result.verdict, 2, 'n')).toMatchObject({ value: '*', status: 'pass' });
    // The verdict stands when the new file is checked afresh, and all of it is plain JSON to store.
    expect(checkFile(remedied(file, result.csv), settings)).toEqual(result.verdict);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('hides a second cell in a row and a column with totals, so the first cannot be worked out', () => {
    const file = textFile(
      't.csv',
      'age_band,male,female,Total\n20-29,12,3,15\n30-39,20,25,45\n40-49,30,33,63\nTotal,62,61,123\n',
      { kind: 'frequency', countColumns: ['male', 'female', 'Total'] },
    );
    const result = suppress(file, 'failing', settings);
    expect(result.csv).toBe(
      'age_band,male,female,Total\n20-29,*,*,15\n30-39,*,*,45\n40-49,30,33,63\nTotal,62,61,123\n',
    );
    expect(result.changes.map((c) => [c.row, c.column, c.from])).toEqual([
      [1, 'female', '3'],
      [1, 'male', '12'],
      [2, 'male', '20'],
      [2, 'female', '25'],
    ]);
    expect(result.changes[1]?.why).toBe(
      'otherwise the hidden cell at row 1, column "female" could be worked out from the total at row 1, column "Total"',
    );
    expect(result.verdict.status).toBe('pass');
  });

  it('leaves no total with exactly one hidden cell, in a larger table', () => {
    const file = textFile(
      't.csv',
      [
        'region,a,b,c,d,Total',
        'north,40,2,35,50,127',
        'south,33,41,7,52,133',
        'east,45,47,39,0,131',
        'west,60,61,62,63,246',
        'Total,178,151,143,165,637',
      ].join('\n'),
      { kind: 'frequency', countColumns: ['a', 'b', 'c', 'd', 'Total'] },
    );
    const before = checkFile(file, settings);
    expect(before.cells.filter((c) => c.status === 'fail').map((c) => `${c.label} ${c.column}`)).toEqual([
      'north b',
      'south c',
      'east d',
    ]);
    const result = suppress(file, 'failing', settings);
    expect(result.verdict.status).toBe('pass');
    const grid = result.csv
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const hidden = (r: number, c: number): boolean => grid[r]?.[c] === '*';
    for (let r = 1; r <= 5; r++) {
      const inRow = [1, 2, 3, 4, 5].filter((c) => hidden(r, c)).length;
      expect(inRow === 1, `row ${r}: ${grid[r]?.join(',')}`).toBe(false);
    }
    for (let c = 1; c <= 5; c++) {
      const inColumn = [1, 2, 3, 4, 5].filter((r) => hidden(r, c)).length;
      expect(inColumn === 1, `column ${c}`).toBe(false);
    }
    // Three primary cells; the fewest others would be three more (a cycle through the three rows). The greedy
    // choice hides one more than that: acceptable, and far from hiding whole rows.
    expect(result.changes.length).toBeLessThanOrEqual(7);
  });

  it('hides the cells the requester names, by row and column', () => {
    const result = suppress(countsFile([12, 40, 30]), [{ row: 3, column: 'n' }], settings);
    expect(result.changes).toEqual([
      { row: 3, column: 'n', from: '30', to: '*', why: 'the requester chose to hide it' },
    ]);
  });

  it('refuses a cell the table does not have, or a file that is not a table', () => {
    expect(() => suppress(countsFile([12]), [{ row: 2, column: 'n' }], settings)).toThrow(
      'counts.csv has no row 2 (its data rows are 1 to 1)',
    );
    expect(() => suppress(countsFile([12]), [{ row: 1, column: 'age_band' }], settings)).toThrow(
      'counts.csv has no checked column "age_band" (checked columns: "n")',
    );
    try {
      suppress(textFile('t.csv', 'a,b\n1,2,3\n'), 'failing', settings);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('disclosure.not_a_table');
      expect((e as AppError).message).toMatch(
        /^Cannot suppress cells of t\.csv: the file is not a well-formed CSV table: line 2/,
      );
    }
  });

  it('keeps the quoting, delimiter, byte order mark and line ends of the file', () => {
    const file = textFile('t.csv', '\uFEFFregion;"n"\r\n"Nord; rural";4\r\nSüd;40\r\n');
    expect(suppress(file, 'failing', settings).csv).toBe('\uFEFFregion;n\r\n"Nord; rural";*\r\nSüd;40\r\n');
  });

  it('hides dominated values of a magnitude table', () => {
    const file = textFile('costs.csv', 'hospital,patients,cost\nA,12,1000\nB,40,5000\n', {
      kind: 'magnitude',
      statistic: 'sum',
      valueColumns: ['cost'],
      countColumn: 'patients',
      cells: [
        { row: 1, column: 'cost', largest: [800, 150] },
        { row: 2, column: 'cost', largest: [500, 400] },
      ],
    });
    const result = suppress(file, 'failing', settings);
    expect(result.csv).toBe('hospital,patients,cost\nA,12,*\nB,40,5000\n');
    expect(result.verdict.status).toBe('pass');
  });
});

describe('rounding', () => {
  it('rounds every count to the nearest multiple of the base, halves up', () => {
    const result = round(countsFile([12, 13, 27, 10, 1234]), 5, settings);
    expect(result.csv).toBe('age_band,n\n20-29,10\n30-39,15\n40-49,25\n50-59,10\n60-69,1235\n');
    expect(result.changes.map((c) => `${c.from}→${c.to}`)).toEqual(['12→10', '13→15', '27→25', '1234→1235']);
    expect(result.verdict.status).toBe('pass');
  });

  it('satisfies the rounding rule when rounding is required', () => {
    const rounding = { ...settings, rounding: { required: true, base: 5 } };
    const file = countsFile([12, 23]);
    expect(checkFile(file, rounding).status).toBe('fail');
    expect(round(file, 5, rounding).verdict.status).toBe('pass');
    expect(messages(round(file, 3, rounding).verdict)).toContain('2 counts are not rounded to a base of 5');
  });

  it('does not pass a small count because it was rounded up to the minimum', () => {
    const result = round(countsFile([8, 40]), 5, settings);
    expect(result.csv).toBe('age_band,n\n20-29,10\n30-39,40\n');
    expect(result.verdict.status).toBe('fail');
    expect(messages(cell(result.verdict, 1, 'n'))).toEqual([
      '8 persons before rounding: below the minimum of 10 (shown as 10)',
    ]);
  });

  it('leaves hidden cells hidden: suppress first, then round', () => {
    const suppressed = suppress(countsFile([3, 42, 57]), 'failing', settings);
    const result = round(remedied(countsFile([]), suppressed.csv), 5, settings);
    expect(result.csv).toBe('age_band,n\n20-29,*\n30-39,40\n40-49,55\n');
    expect(result.verdict.status).toBe('pass');
  });

  it('refuses a base below 2', () => {
    expect(() => round(countsFile([12]), 1, settings)).toThrow(
      'The rounding base must be a whole number of 2 or more, not 1',
    );
  });
});
