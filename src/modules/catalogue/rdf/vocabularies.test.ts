import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVocabularies } from './vocabularies.js';

const artefactsDir = path.resolve('../shared/data/healthdcat-ap-r8');

describe('loadVocabularies', () => {
  it('lists the concepts of the nine shipped vocabularies with their English labels', async () => {
    const { lists } = await loadVocabularies(artefactsDir);
    const sizes = Object.fromEntries(
      (
        [
          'healthCategories',
          'healthThemes',
          'codingSystems',
          'publisherTypes',
          'healthActivities',
          'standards',
          'datasetTypes',
          'distributionStatuses',
          'frequencies',
        ] as const
      ).map((name) => [name, lists[name].concepts.length]),
    );
    expect(sizes).toEqual({
      healthCategories: 17,
      healthThemes: 20,
      codingSystems: 32,
      publisherTypes: 36,
      healthActivities: 34,
      standards: 25,
      datasetTypes: 25,
      distributionStatuses: 9,
      frequencies: 40,
    });
    expect(lists.healthCategories.scheme).toBe(
      'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories',
    );
    expect(lists.healthCategories.concepts).toContainEqual({
      iri: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/EHRS',
      label: 'Electronic health data from EHRs',
    });
    expect(lists.codingSystems.concepts.find((c) => c.iri.endsWith('/LOINC'))?.label).toBe(
      'Logical Observation Identifiers Names and Codes',
    );
    // Upstream, some frequency labels end with a space.
    expect(lists.frequencies.concepts.every((c) => c.label === c.label.trim())).toBe(true);
  });

  it('holds the EU tables the artefacts do not ship, with the EU IRIs', async () => {
    const { lists, labelOf } = await loadVocabularies(artefactsDir);
    expect(lists.accessRights.concepts.map((c) => c.iri).sort()).toEqual([
      'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC',
      'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
      'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
    ]);
    const codes = (name: 'languages' | 'dataThemes' | 'fileTypes') =>
      lists[name].concepts.map((c) => c.iri.replace(/.*\//, ''));
    expect(codes('languages')).toEqual(expect.arrayContaining(['ENG', 'LIT', 'POR', 'SWE', 'FRA', 'DEU']));
    expect(codes('dataThemes')).toContain('HEAL');
    expect(codes('fileTypes')).toEqual(
      expect.arrayContaining(['CSV', 'JSON', 'PARQUET', 'RDF_TURTLE', 'ZIP']),
    );
    expect(labelOf('http://publications.europa.eu/resource/authority/data-theme/HEAL')).toBe('Health');
    expect(labelOf('http://publications.europa.eu/resource/authority/frequency/ANNUAL')).toBe('annual');
  });

  it('loads once per directory', async () => {
    const first = loadVocabularies(artefactsDir);
    const second = loadVocabularies(`${artefactsDir}/`);
    expect(second).toBe(first);
    expect(await second).toBe(await first);
  });
});
