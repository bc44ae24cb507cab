import { describe, expect, it } from 'vitest';
import { checkFile } from './check-file.js';
import { cell, countsFile, messages, settings, textFile } from './test-support.js';

describe('a frequency table', () => {
  it('fails 9 persons, passes 10 and 11, with the reason on the cell', () => {
    const v = checkFile(countsFile([9, 10, 11]), settings);
    expect(v.status).toBe('fail');
    expect(v.cells.map((c) => [c.row, c.line, c.column, c.label, c.value, c.status])).toEqual([
      [1, 2, 'n', '20-29', '9', 'fail'],
      [2, 3, 'n', '30-39', '10', 'pass'],
      [3, 4, 'n', '40-49', '11', 'pass'],
    ]);
    expect(messages(cell(v, 1, 'n'))).toEqual(['9 persons: below the minimum of 10']);
    expect(messages(v)).toContain('1 cell is below the minimum count of 10');
  });

  it('says "1 person", and counts in the unit the context declares', () => {
    expect(messages(cell(checkFile(countsFile([1]), settings), 1, 'n'))).toEqual([
      '1 person: below the minimum of 10',
    ]);
    const episodes = checkFile(
      countsFile([3], { kind: 'frequency', countColumns: ['n'], unit: 'episodes' }),
      settings,
    );
    expect(messages(cell(episodes, 1, 'n'))).toEqual(['3 episodes: below the minimum of 10']);
  });

  it('follows a different minimum from the settings', () => {
    const v = checkFile(countsFile([4, 5]), { ...settings, minCellCount: 5 });
    expect(v.cells.map((c) => c.status)).toEqual(['fail', 'pass']);
    expect(messages(cell(v, 1, 'n'))).toEqual(['4 persons: below the minimum of 5']);
  });

  it('fails a zero as disclosive, unless the settings say zeros are not', () => {
    const v = checkFile(countsFile([0, 25]), settings);
    expect(cell(v, 1, 'n')).toMatchObject({
      status: 'fail',
      reasons: [
        {
          rule: 'zero',
          message: 'zero cell: a zero can disclose that nobody in the group has the attribute',
        },
      ],
    });
    expect(checkFile(countsFile([0, 25]), { ...settings, zerosDisclosive: false }).status).toBe('pass');
  });

  it('passes a table where every count is large enough, and says so', () => {
    const v = checkFile(countsFile([10, 250, 1200]), settings);
    expect(v.status).toBe('pass');
    expect(messages(v)).toEqual([
      'column "n" was taken as counts because of its name; declare the count columns in the file\'s context if that is wrong',
      'all 3 checked cells pass the automatic rules',
    ]);
  });

  it('requires rounded counts when rounding is on', () => {
    const rounding = { ...settings, rounding: { required: true, base: 5 } };
    const v = checkFile(countsFile([15, 17, 20]), rounding);
    expect(v.cells.map((c) => c.status)).toEqual(['pass', 'fail', 'pass']);
    expect(messages(cell(v, 2, 'n'))).toEqual([
      '17 is not a multiple of 5: counts must be rounded to a base of 5',
    ]);
    expect(messages(v)).toContain('1 count is not rounded to a base of 5');
  });

  it('passes hidden cells and sends empty or unreadable ones to a person', () => {
    const v = checkFile(countsFile(['*', '<10', '[c]', '', 'NA', 'few', '12.5', '-3']), settings);
    expect(v.cells.map((c) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'review',
      'review',
      'review',
      'review',
      'review',
    ]);
    expect(messages(cell(v, 4, 'n'))[0]).toMatch(
      /^no value: if it stands for a zero or a small count it may disclose/,
    );
    expect(messages(cell(v, 6, 'n'))).toEqual(['"few" is not a number: a person must look']);
    expect(messages(cell(v, 7, 'n'))).toEqual([
      '12.5 is not a whole number: is it a count? A person must look',
    ]);
    expect(messages(cell(v, 8, 'n'))).toEqual(['-3: a count cannot be negative; a person must look']);
    expect(v.status).toBe('review');
    expect(messages(v)).toContain(
      'the table has hidden cells and no totals; if a total of these cells is published elsewhere (another file, the text), a single hidden cell can be worked out from it',
    );
  });

  it('reads thousands separators, quoted fields, a byte order mark and CRLF line ends', () => {
    const text = '\uFEFFregion,"number, persons"\r\n"Nord, rural","1,234"\r\nSüd,1 005\r\n\r\nOst,9\r\n';
    const v = checkFile(
      textFile('regions.csv', text, { kind: 'frequency', countColumns: ['number, persons'] }),
      settings,
    );
    expect(v.cells.map((c) => [c.row, c.line, c.label, c.value, c.status])).toEqual([
      [1, 2, 'Nord, rural', '1,234', 'pass'],
      [2, 3, 'Süd', '1 005', 'pass'],
      [3, 5, 'Ost', '9', 'fail'],
    ]);
  });

  it('reads semicolon files with decimal commas and point thousands, as European spreadsheets write them', () => {
    const v = checkFile(
      textFile('t.csv', 'Altersgruppe;Anzahl;Anteil\n20-29;1.234;12,5\n30-39;7;0,1\n', {
        kind: 'frequency',
        countColumns: ['Anzahl'],
      }),
      settings,
    );
    expect(v.cells.map((c) => [c.value, c.status])).toEqual([
      ['1.234', 'pass'],
      ['7', 'fail'],
    ]);
  });

  it('asks for a person when a column of percentages or rates sits beside the counts', () => {
    const v = checkFile(textFile('t.csv', 'age_band,n,pct\n20-29,12,40.0\n30-39,18,60.0\n'), settings);
    expect(v.status).toBe('review');
    expect(messages(v)).toContain(
      'column "pct" holds numbers that are neither counts nor labels (a percentage, rate or mean?); it is not checked automatically and can reveal a small or hidden count: a person must look',
    );
  });

  it('checks only the declared count columns of a cross-tabulation', () => {
    const v = checkFile(
      textFile('t.csv', 'age_band,male,female\n20-29,12,3\n30-39,20,25\n', {
        kind: 'frequency',
        countColumns: ['male', 'female'],
      }),
      settings,
    );
    expect(v.cells.map((c) => `${c.label} ${c.column} ${c.status}`)).toEqual([
      '20-29 male pass',
      '20-29 female fail',
      '30-39 male pass',
      '30-39 female pass',
    ]);
  });

  it('takes the count column a SQL query names by itself', () => {
    const v = checkFile(textFile('t.csv', 'age_band,count_star()\n20-29,4\n30-39,"count(x)"\n'), settings);
    expect(v.cells.map((c) => [c.column, c.status])).toEqual([
      ['count_star()', 'fail'],
      ['count_star()', 'review'],
    ]);
  });

  it('sends a table with no recognisable count column to a person', () => {
    const v = checkFile(textFile('t.csv', 'age_band,male,female\n20-29,12,3\n'), settings);
    expect(v).toMatchObject({ status: 'review', cells: [] });
    expect(messages(v)[0]).toMatch(/^no column is declared or recognised as counts/);
  });

  it('fails a context that names a column the table does not have', () => {
    const v = checkFile(
      textFile('t.csv', 'age_band,n\n20-29,12\n', { kind: 'frequency', countColumns: ['count'] }),
      settings,
    );
    expect(v.status).toBe('fail');
    expect(messages(v)).toEqual([
      'the context names "count" as count columns, but the table has no such column (its columns: "age_band", "n")',
    ]);
  });
});

describe('hidden cells and totals', () => {
  const crosstab = (rows: string) =>
    textFile('t.csv', `age_band,male,female,Total\n${rows}`, {
      kind: 'frequency',
      countColumns: ['male', 'female', 'Total'],
    });

  it('fails a hidden cell that is the only one in a row with a total', () => {
    const v = checkFile(crosstab('20-29,*,15,27\n30-39,20,25,45\nTotal,32,40,72\n'), settings);
    expect(v.status).toBe('fail');
    expect(messages(cell(v, 1, 'male'))).toEqual([
      'it is the only hidden cell of row 1 adding up to the row total in column "Total", so it can be worked out by subtraction',
      'it is the only hidden cell of column "male" adding up to the total in row 3 (Total), so it can be worked out by subtraction',
    ]);
    expect(messages(v)).toContain('1 hidden cell can be worked out from a total');
    expect(messages(v)).toContain('column "Total" was taken as the row total because of its name');
  });

  it('passes hidden cells that no total gives away', () => {
    const v = checkFile(crosstab('20-29,*,*,27\n30-39,*,*,45\nTotal,32,40,72\n'), settings);
    expect(v.status).toBe('pass');
  });

  it('fails a hidden total whose cells are all shown', () => {
    const v = checkFile(crosstab('20-29,12,15,*\n30-39,20,25,45\nTotal,32,40,72\n'), settings);
    expect(messages(cell(v, 1, 'Total'))).toContain(
      'it is a total and every cell that adds up to it is shown, so it can be worked out by adding them up',
    );
  });

  it('finds a total row in a long table by its label', () => {
    const v = checkFile(textFile('t.csv', 'sex,n\nmale,*\nfemale,40\nAll,52\n'), settings);
    expect(v.status).toBe('fail');
    expect(messages(cell(v, 1, 'n'))).toEqual([
      'it is the only hidden cell of column "n" adding up to the total in row 3 (All), so it can be worked out by subtraction',
    ]);
  });

  it('takes the totals the context declares, or none', () => {
    const declared = textFile('t.csv', 'Geschlecht,n\nmännlich,*\nweiblich,40\nGesamt,52\n', {
      kind: 'frequency',
      countColumns: ['n'],
      totals: { rowLabel: 'Gesamt' },
    });
    expect(checkFile(declared, settings).status).toBe('fail');
    const none = textFile('t.csv', 'sex,n\nmale,*\nfemale,40\nAll,52\n', {
      kind: 'frequency',
      countColumns: ['n'],
      totals: { rowLabel: null },
    });
    expect(checkFile(none, settings).status).toBe('pass');
  });
});
