import { describe, expect, it } from 'vitest';
import { checkFile } from './check-file.js';
import type { MagnitudeCellFacts, MagnitudeTable } from './output-file.js';
import { cell, messages, settings, textFile } from './test-support.js';

/** Total cost of care per hospital, with the number of patients and the largest patients' costs. */
function costs(
  rows: readonly [string, number, number][],
  facts: readonly MagnitudeCellFacts[],
  statistic: MagnitudeTable['statistic'] = 'sum',
) {
  return textFile(
    'costs.csv',
    ['hospital,patients,cost', ...rows.map((r) => r.join(','))].join('\n'),
    { kind: 'magnitude', statistic, valueColumns: ['cost'], countColumn: 'patients', cells: facts },
    { description: 'total cost of diabetes care per hospital, 2023' },
  );
}

describe('a magnitude table: dominance (n = 2, k = 90%)', () => {
  it('passes when the two largest make up exactly 90% of the total', () => {
    const v = checkFile(
      costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [600, 300] }]),
      settings,
    );
    expect(cell(v, 1, 'cost')).toMatchObject({ status: 'pass', reasons: [] });
    expect(v.status).toBe('pass');
  });

  it('fails when they make up more, saying how much', () => {
    const v = checkFile(
      costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [480, 460] }]),
      settings,
    );
    expect(cell(v, 1, 'cost').status).toBe('fail');
    expect(messages(cell(v, 1, 'cost'))).toEqual([
      'the two largest contributors make up 94% of the total (limit 90%)',
    ]);
    expect(messages(v)).toContain('1 cell is dominated by two contributors (more than 90% of the total)');
  });

  it('shows enough decimals that a share just over the limit does not read as the limit', () => {
    const v = checkFile(
      costs([['A', 12, 10000]], [{ row: 1, column: 'cost', largest: [6000, 3004] }]),
      settings,
    );
    expect(messages(cell(v, 1, 'cost'))).toEqual([
      'the two largest contributors make up 90.04% of the total (limit 90%)',
    ]);
  });

  it('follows n and k from the settings', () => {
    const one = { ...settings, dominance: { n: 1, kPercent: 50 } };
    const v = checkFile(costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [510, 100] }]), one);
    expect(messages(cell(v, 1, 'cost'))).toEqual([
      'the largest contributor makes up 51% of the total (limit 50%)',
    ]);
  });
});

describe('a magnitude table: p-percent (10%)', () => {
  it('passes when the others add up to exactly 10% of the largest', () => {
    // total 1000, largest 500, second 450: the others add up to 50, 10% of 500; the top two are 95% though,
    // so dominance is turned off here to see the p-percent rule alone.
    const pOnly = { ...settings, dominance: { n: 2, kPercent: 100 } };
    const v = checkFile(costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [500, 450] }]), pOnly);
    expect(cell(v, 1, 'cost').status).toBe('pass');
  });

  it('fails when they add up to less, saying why it matters', () => {
    const pOnly = { ...settings, dominance: { n: 2, kPercent: 100 } };
    const v = checkFile(costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [500, 460] }]), pOnly);
    expect(messages(cell(v, 1, 'cost'))).toEqual([
      'the contributions other than the two largest add up to 8% of the largest (at least 10% needed): the second-largest contributor could estimate the largest too closely',
    ]);
  });

  it('fails a cell both rules catch with both reasons', () => {
    const v = checkFile(costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [900, 80] }]), settings);
    expect(cell(v, 1, 'cost').reasons.map((r) => r.rule)).toEqual(['dominance', 'p_percent']);
  });
});

describe('a magnitude table: contributors and missing facts', () => {
  it('fails a value from fewer than 10 contributors, and their count too', () => {
    const v = checkFile(costs([['A', 9, 1000]], [{ row: 1, column: 'cost', largest: [150, 140] }]), settings);
    expect(messages(cell(v, 1, 'cost'))).toEqual(['based on 9 contributors: below the minimum of 10']);
    expect(messages(cell(v, 1, 'patients'))).toEqual(['9 persons: below the minimum of 10']);
  });

  it('finds the total of a mean from the count', () => {
    // mean 100 over 10 patients: total 1000; the two largest (700 + 250) are 95% of it
    const v = checkFile(
      costs([['A', 10, 100]], [{ row: 1, column: 'cost', largest: [700, 250] }], 'mean'),
      settings,
    );
    expect(messages(cell(v, 1, 'cost'))[0]).toBe(
      'the two largest contributors make up 95% of the total (limit 90%)',
    );
  });

  it('sends a cell without its largest contributions to a person', () => {
    const v = checkFile(costs([['A', 12, 1000]], []), settings);
    expect(cell(v, 1, 'cost')).toMatchObject({
      status: 'review',
      reasons: [
        {
          rule: 'context',
          message:
            'dominance and p-percent could not be checked: the largest contributions to this cell were not given; a person must look',
        },
      ],
    });
    expect(v.status).toBe('review');
  });

  it('sends negative contributions to a person', () => {
    const v = checkFile(
      costs([['A', 12, 1000]], [{ row: 1, column: 'cost', largest: [1200, -50] }]),
      settings,
    );
    expect(cell(v, 1, 'cost')).toMatchObject({ status: 'review', reasons: [{ rule: 'negative' }] });
  });

  it('fails facts given for a cell the table does not have', () => {
    const v = checkFile(costs([['A', 12, 1000]], [{ row: 2, column: 'cost', largest: [1, 1] }]), settings);
    expect(v.status).toBe('fail');
    expect(messages(v)).toContain(
      'the context gives facts for row 2, column "cost", which is not a value cell of the table (1 row; value columns "cost")',
    );
  });

  it('uses per-cell counts given in the context when the table has no count column', () => {
    const file = textFile('costs.csv', 'hospital,cost\nA,1000\n', {
      kind: 'magnitude',
      statistic: 'sum',
      valueColumns: ['cost'],
      cells: [{ row: 1, column: 'cost', count: 4, largest: [300, 200] }],
    });
    expect(messages(cell(checkFile(file, settings), 1, 'cost'))).toEqual([
      'based on 4 contributors: below the minimum of 10',
    ]);
  });
});
