import { describe, expect, it } from 'vitest';
import { ehdsEli, type DatasetRecord } from '../types.js';
import { draftFromRecord, emptyDistribution, newDraft, recordFromDraft } from './draft.js';

const record: DatasetRecord = {
  iri: 'https://node.example/catalogue/datasets/t2d',
  identifier: 'T2D',
  title: { en: 'Type 2 diabetes registry', lt: 'Antrojo tipo diabeto registras' },
  description: { en: 'Everyone diagnosed since 2010.' },
  accessRights: 'NON_PUBLIC',
  applicableLegislation: [ehdsEli, 'http://data.europa.eu/eli/reg/2016/679/oj'],
  themes: [{ iri: 'http://publications.europa.eu/resource/authority/data-theme/HEAL', label: 'Health' }],
  keywords: [{ en: 'diabetes' }, { en: 'registry' }, { lt: 'diabetas' }],
  languages: [],
  documentation: [],
  spatial: [{ iri: 'http://publications.europa.eu/resource/authority/country/LTU' }],
  distributions: [{ accessUrl: 'https://hdab.example/apply', byteSize: 1000, rights: { en: 'Permit only' } }],
  samples: [],
  healthCategories: [{ iri: 'https://x/PHDR', label: 'Registries' }],
  healthThemes: [],
  codingSystems: [],
  codeValues: ['E11'],
  numberOfRecords: 410000,
  minTypicalAge: 18,
  maxTypicalAge: 99,
  temporal: { start: '2010-01-01', end: '2024-12-31' },
  purposes: [{ en: 'Disease surveillance' }],
  legalBases: [],
  personalData: [],
  hasStructuredData: true,
  variableTables: [{ name: 'patients', variables: [{ name: 'hba1c', datatype: 'decimal' }] }],
  qualityLabel: 'gold',
};

describe('the form copy of a record', () => {
  it('gives back the record it was made from, properties the form does not edit included', () => {
    const back = recordFromDraft(draftFromRecord(record), 'NON_PUBLIC', () => undefined);
    expect(back).toEqual({ ...record, iri: record.iri });
  });

  it('groups keywords by language for editing and splits them again', () => {
    const draft = draftFromRecord(record);
    expect(draft.keywords).toEqual({ en: 'diabetes, registry', lt: 'diabetas' });
    const back = recordFromDraft(
      { ...draft, keywords: { en: 'diabetes; HbA1c,  ' } },
      'NON_PUBLIC',
      () => undefined,
    );
    expect(back.keywords).toEqual([{ en: 'diabetes' }, { en: 'HbA1c' }]);
  });

  it('leaves out rows offered but never filled in, and attaches vocabulary labels', () => {
    const draft = {
      ...newDraft({ id: 'org-1', name: 'Riverside University Hospital' }),
      title: { en: 'Echo' },
      healthCategories: ['https://x/EHRS'],
      distributions: [emptyDistribution()],
    };
    const saved = recordFromDraft(draft, 'PUBLIC', (iri) =>
      iri === 'https://x/EHRS' ? 'EHR data' : undefined,
    );
    expect(saved.distributions).toEqual([]);
    expect(saved.healthCategories).toEqual([{ iri: 'https://x/EHRS', label: 'EHR data' }]);
    expect(saved.applicableLegislation).toEqual([ehdsEli]);
    expect(saved.custodian).toMatchObject({
      name: { en: 'Riverside University Hospital' },
      organisationId: 'org-1',
    });
    expect(saved.hdab).toBeUndefined();
  });
});
