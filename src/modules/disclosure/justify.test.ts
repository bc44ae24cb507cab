import { describe, expect, it } from 'vitest';
import { checkFile } from './check-file.js';
import { justify } from './justify.js';
import { cell, countsFile, messages, settings, textFile } from './test-support.js';

describe('justified exceptions', () => {
  it('turn a failing cell into one a person decides, keeping why it failed', () => {
    const verdict = checkFile(countsFile([4, 40]), settings);
    const justified = justify(verdict, {
      cells: [{ row: 1, column: 'n', justification: 'these are hospitals, not persons' }],
    });
    expect(justified.status).toBe('review');
    expect(cell(justified, 1, 'n')).toMatchObject({
      status: 'review',
      justification: 'these are hospitals, not persons',
      reasons: [{ rule: 'minimum_count', message: '4 persons: below the minimum of 10' }],
    });
    expect(justified.reasons.find((r) => r.rule === 'minimum_count')?.status).toBe('review');
  });

  it('leave the other failing cells failing', () => {
    const verdict = checkFile(countsFile([4, 3, 40]), settings);
    const justified = justify(verdict, { cells: [{ row: 1, column: 'n', justification: 'public figure' }] });
    expect(justified.status).toBe('fail');
    expect(cell(justified, 2, 'n').status).toBe('fail');
  });

  it('for the whole file cover every rule failure, but not a file that is not what it claims', () => {
    const big = justify(checkFile(countsFile([4, 0, 40]), settings), { file: 'aggregate of published data' });
    expect(big).toMatchObject({ status: 'review', justification: 'aggregate of published data' });
    expect(big.cells.map((c) => c.status)).toEqual(['review', 'review', 'pass']);

    const fake = checkFile(
      { name: 'chart.png', bytes: new Uint8Array([1, 2, 3]), context: { description: 'x' } },
      settings,
    );
    const stillFake = justify(fake, { file: 'trust me' });
    expect(stillFake.status).toBe('fail');
    expect(messages(stillFake)).toEqual([
      'the file is named .png but its first bytes are not the PNG signature',
    ]);
  });

  it('cover a model below the minimum degrees of freedom', () => {
    const model = checkFile(textFile('model.txt', 'coef\n', { kind: 'model', residualDf: 4 }), settings);
    expect(justify(model, { file: 'the model is of 12 regions, published' }).status).toBe('review');
  });

  it('refuse an empty justification or a cell that is not there', () => {
    const verdict = checkFile(countsFile([4]), settings);
    expect(() => justify(verdict, { file: '  ' })).toThrow('The justification for counts.csv is empty');
    expect(() => justify(verdict, { cells: [{ row: 1, column: 'n', justification: '' }] })).toThrow(
      'The justification for row 1, column "n" of counts.csv is empty',
    );
    expect(() => justify(verdict, { cells: [{ row: 9, column: 'n', justification: 'why' }] })).toThrow(
      'counts.csv has no checked cell at row 9, column "n"',
    );
  });

  it('stay plain JSON for the workspace to store', () => {
    const justified = justify(checkFile(countsFile([4, 40]), settings), {
      cells: [{ row: 1, column: 'n', justification: 'hospitals' }],
    });
    expect(JSON.parse(JSON.stringify(justified))).toEqual(justified);
  });
});
