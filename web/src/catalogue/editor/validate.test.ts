import { describe, expect, it } from 'vitest';
import type { Requirement } from '../types.js';
import { newDraft, type Draft } from './draft.js';
import { checkDraft } from './validate.js';

const base: Draft = {
  ...newDraft(null),
  accessRights: 'RESTRICTED',
  title: { en: 'Echo' },
  identifier: 'ECHO',
};
const messages = (draft: Draft, requirements?: Record<string, Requirement>) =>
  checkDraft(draft, requirements).map((p) => `${p.field}/${p.blocks}: ${p.message}`);

describe('the checks the form makes while typing', () => {
  it('needs an access level, a title and an identifier before a draft can be saved', () => {
    expect(messages({ ...base, accessRights: '', title: {}, identifier: ' ' })).toEqual([
      'accessRights/save: Choose who may have the data.',
      'title/save: Give the dataset a title: a draft needs one to be saved.',
      'identifier/save: Enter an identifier: a draft needs one to be saved.',
    ]);
    expect(messages(base)).toEqual([]);
  });

  it('says in plain words what is wrong with counts, ages and dates', () => {
    const found = messages({
      ...base,
      numberOfRecords: '-5',
      numberOfUniqueIndividuals: '12,000',
      minTypicalAge: '80',
      maxTypicalAge: '20',
      temporalStart: '2024-02-30',
      retentionStart: '2030-01-01',
      retentionEnd: '2020-01-01',
    });
    expect(found).toEqual([
      'numberOfRecords/save: Number of records cannot be below 0.',
      'numberOfUniqueIndividuals/save: Number of people must be a whole number, like 12000, without spaces or commas.',
      'maxTypicalAge/save: The oldest typical age must be the same as or more than the youngest.',
      'temporal/save: Enter a real date, like 2024-12-31.',
      'retentionPeriod/save: The end date must be the same as or after the start date.',
    ]);
  });

  it('checks web and email addresses, and the access address of each distribution started', () => {
    const found = messages({
      ...base,
      landingPage: 'www.example.org',
      contactEmail: 'someone@',
      distributions: [{ ...base.distributions[0]!, title: { en: 'Extract' } }],
    });
    expect(found).toEqual([
      'landingPage/save: Enter a full web address, starting with https://',
      'contactPoint/save: Enter an email address in the right format, like name@example.org.',
      'distributions/save: Enter the access address of distribution 1, or remove it.',
    ]);
  });

  it('marks what the access level makes mandatory as blocking submission only', () => {
    const found = messages(base, { title: 'mandatory', keywords: 'mandatory', healthThemes: 'recommended' });
    expect(found).toEqual([
      'keywords/submit: Enter at least one keyword. It is mandatory for restricted datasets.',
    ]);
  });
});
