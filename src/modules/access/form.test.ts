import { describe, expect, it } from 'vitest';
import { estimateFees } from './fees.js';
import { missingFields } from './form.js';
import type { ApplicationForm } from './schemas.js';

const tariff = {
  evaluation: 650,
  dataRequest: 400,
  preparationHour: 60,
  preparationHoursPerDataset: 10,
  computeMonth: 40,
  amendment: 165,
};
const complete: ApplicationForm = {
  title: 'T',
  purpose: 'scientific_research',
  intendedUse: 'U',
  expectedBenefit: 'B',
  datasets: [{ datasetId: '00000000-0000-4000-8000-000000000000' }],
  period: { from: '2020-01-01', to: '2021-01-01' },
  dataForm: 'anonymised',
  safeguards: 'S',
  durationMonths: 6,
  namedPersons: [{ name: 'N', email: 'n@example.org' }],
  ethics: { required: false },
  noProhibitedUse: true,
};
const paths = (track: 'application' | 'data_request', form: ApplicationForm) =>
  missingFields(track, form).map((e) => e.path);

describe('what an application must contain', () => {
  it('accepts a complete application and names each missing Art 67 element', () => {
    expect(paths('application', complete)).toEqual([]);
    expect(paths('application', { ...complete, title: '  ', namedPersons: [] })).toEqual([
      '/form/title',
      '/form/namedPersons',
    ]);
  });

  it('asks why pseudonymised data are needed, and for the ethics reference when one is required', () => {
    expect(
      paths('application', { ...complete, dataForm: 'pseudonymised', ethics: { required: true } }),
    ).toEqual(['/form/pseudonymisationJustification', '/form/ethics']);
  });

  it('keeps purposes (a) to (c) for public-sector bodies and refuses a period that ends before it starts', () => {
    expect(paths('application', { ...complete, purpose: 'official_statistics' })).toEqual(['/form/purpose']);
    expect(
      paths('application', { ...complete, purpose: 'official_statistics', publicSectorBody: true }),
    ).toEqual([]);
    expect(paths('application', { ...complete, period: { from: '2022-01-01', to: '2021-01-01' } })).toEqual([
      '/form/period',
    ]);
  });

  it('needs the Art 54 declaration on both tracks, and anonymised output for a data request', () => {
    const request: ApplicationForm = {
      title: 'R',
      purpose: 'education',
      intendedUse: 'U',
      expectedBenefit: 'B',
      datasets: complete.datasets ?? [],
      statistics: 'Counts',
      noProhibitedUse: true,
    };
    expect(paths('data_request', request)).toEqual([]);
    expect(paths('data_request', { ...request, noProhibitedUse: false, dataForm: 'pseudonymised' })).toEqual([
      '/form/noProhibitedUse',
      '/form/dataForm',
    ]);
  });
});

describe('fee estimates', () => {
  it('adds the evaluation, preparation hours per dataset and the months of the secure environment', () => {
    const estimate = estimateFees(tariff, 'application', { ...complete, durationMonths: 24 });
    expect(estimate.lines.map((l) => [l.item, l.amount])).toEqual([
      ['evaluation', 650],
      ['preparation_hours', 600],
      ['secure_environment_months', 960],
    ]);
    expect(estimate.total).toBe(2210);
    expect(estimateFees(tariff, 'data_request', complete).total).toBe(1000);
  });
});
