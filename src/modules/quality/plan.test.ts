import { describe, expect, it } from 'vitest';
import { parseCsv } from './dqd-catalogue.js';
import { boundSql, planChecks } from './plan.js';
import { dqd } from './test-support.js';

describe('the check plan', () => {
  it('reads CSV cells with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b,c\r\n1,"x, ""y""\nz",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"\nz', ''],
    ]);
  });

  it("reads the DQD's bounds: numbers, quoted dates and the two GETDATE() forms", () => {
    expect(boundSql('0.0000001', '2025-03-31')).toBe('0.0000001');
    expect(boundSql("'19500101'", '2025-03-31')).toBe("DATE '1950-01-01'");
    expect(boundSql('DATEADD(dd,1,GETDATE())', '2025-03-31')).toBe("(DATE '2025-03-31' + 1)");
    expect(boundSql('YEAR(GETDATE())+1', '2025-03-31')).toBe('2026');
    expect(boundSql('SYSDATE()', '2025-03-31')).toBeNull();
  });

  it('classifies each check as the DQD does, with stable unique ids', () => {
    const plan = planChecks(dqd(), { asOf: '2025-03-31', deathGraceDays: 60 });
    const ids = plan.map((p) => p.definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(plan.map((p) => [p.definition.id, p.definition]));
    expect(byId.get('isPrimaryKey.measurement.measurement_id')).toMatchObject({
      context: 'verification',
      category: 'conformance',
      subcategory: 'relational',
      thresholdPct: 0,
    });
    expect(byId.get('plausibleBeforeDeath.drug_exposure.drug_exposure_start_date')).toMatchObject({
      category: 'plausibility',
      subcategory: 'temporal',
      thresholdPct: 1,
    });
    expect(byId.get('measureValueCompleteness.person.year_of_birth')?.category).toBe('completeness');
    expect(byId.get('plausibleGender.condition_occurrence.condition_concept_id.192367')).toMatchObject({
      level: 'concept',
      subcategory: 'atemporal',
    });
  });
});
