import { describe, expect, it } from 'vitest';
import type { QualityReport } from './assessments.js';
import { completenessByField, failingChecks, resultsByCategory } from './breakdown.js';
import { checkError, judge, notApplicable, type CheckDefinition } from './check.js';
import { reportHtml } from './report-html.js';

const check = (id: string, over: Partial<CheckDefinition> = {}): CheckDefinition => ({
  id,
  checkName: id.split('.')[0] ?? id,
  origin: 'dqd',
  level: 'field',
  table: 'measurement',
  field: 'value_as_number',
  conceptId: null,
  sourceCode: null,
  unit: null,
  context: 'verification',
  category: 'conformance',
  subcategory: 'value',
  severity: 'convention',
  description: `The rule ${id}.`,
  thresholdPct: 5,
  ...over,
});

const results = [
  judge(check('plausibleValueLow.a', { category: 'plausibility', subcategory: 'atemporal' }), 30, 100),
  judge(check('plausibleBeforeDeath.b', { category: 'plausibility', subcategory: 'temporal' }), 1, 100),
  judge(check('isPrimaryKey.c', { subcategory: 'relational', severity: 'fatal' }), 10, 100),
  judge(check('cdmField.d', { subcategory: 'value' }), 0, 10),
  judge(
    check('measureValueCompleteness.measurement.value_as_number', {
      category: 'completeness',
      subcategory: null,
      thresholdPct: 0,
    }),
    25,
    200,
  ),
  judge(
    check('measureValueCompleteness.person.year_of_birth', {
      category: 'completeness',
      subcategory: null,
      table: 'person',
      field: 'year_of_birth',
      thresholdPct: 0,
    }),
    0,
    50,
  ),
  notApplicable(check('fkDomain.e', { subcategory: 'value' }), 'no CONCEPT table'),
  checkError(check('withinVisitDates.f', { category: 'plausibility', subcategory: 'temporal' }), 'boom'),
];

describe("a run's results as the dashboard shows them", () => {
  it('counts per Kahn category, in the framework’s order', () => {
    expect(
      resultsByCategory(results).map((c) => [
        `${c.category}/${c.subcategory ?? ''}`,
        c.passed,
        c.failed,
        c.notApplicable,
        c.errors,
      ]),
    ).toEqual([
      ['conformance/value', 1, 0, 1, 0],
      ['conformance/relational', 0, 1, 0, 0],
      ['completeness/', 1, 1, 0, 0],
      ['plausibility/atemporal', 0, 1, 0, 0],
      ['plausibility/temporal', 1, 0, 0, 1],
    ]);
  });

  it('gives completeness per field, emptiest first, from the value completeness checks', () => {
    expect(completenessByField(results)).toEqual([
      {
        table: 'measurement',
        field: 'value_as_number',
        rows: 200,
        missing: 25,
        filledPct: 87.5,
        thresholdPct: 0,
        status: 'failed',
      },
      {
        table: 'person',
        field: 'year_of_birth',
        rows: 50,
        missing: 0,
        filledPct: 100,
        thresholdPct: 0,
        status: 'passed',
      },
    ]);
  });

  it('lists the failing checks: errors, then fatal ones, then by share of violating rows', () => {
    expect(failingChecks(results).map((r) => r.id)).toEqual([
      'withinVisitDates.f',
      'isPrimaryKey.c',
      'plausibleValueLow.a',
      'measureValueCompleteness.measurement.value_as_number',
    ]);
  });

  it('writes a report page that escapes what it shows and runs no script', () => {
    const run = {
      id: '00000000-0000-4000-8000-000000000001',
      scope: { kind: 'holder', holderId: 'DH-LAB' },
      holderId: 'DH-LAB',
      deliveryId: null,
      datasetId: null,
      startedAt: '2025-04-01T10:00:00Z',
      finishedAt: '2025-04-01T10:00:05Z',
      asOf: '2025-04-01',
      deathGraceDays: 60,
      deliveryIds: ['d1'],
      counts: { passed: 3, failed: 3, notApplicable: 1, errors: 1 },
      label: null,
    } as const;
    const report: QualityReport = {
      run,
      dataset: { id: 'x', title: 'Lab <script>alert(1)</script> results' },
      holderName: 'Central & Co',
      byCategory: resultsByCategory(results),
      completeness: completenessByField(results),
      distributions: [
        {
          id: 'measurement.value_as_number.4548-4',
          table: 'measurement',
          field: 'value_as_number',
          sourceCode: '4548-4',
          name: 'HbA1c',
          unit: '%',
          low: 2,
          high: 25,
          rows: 10,
          below: 1,
          above: 2,
          bins: [{ from: 4, to: 5, rows: 7 }],
        },
      ],
      failing: failingChecks(results),
      facts: null,
      publication: null,
      checks: results.length,
      generatedAt: '2025-04-01T10:01:00Z',
      node: 'https://node.example',
      results,
    };
    const html = reportHtml(report);
    expect(html).not.toContain('<script');
    expect(html).toContain('Lab &#60;script&#62;alert(1)&#60;/script&#62; results');
    expect(html).toContain('Central &#38; Co');
    expect(html).toContain('<h2>Failing checks</h2>');
    expect(html).toContain('1 below, 2 above');
    expect(html).toMatch(/isPrimaryKey[\s\S]*>10<\/td><td>100</);
  });
});
