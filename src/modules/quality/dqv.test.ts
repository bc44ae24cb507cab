import path from 'node:path';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
// The catalogue's own RDF mapping and validator over the official HealthDCAT-AP Release 8 shapes.
import { demoDatasets } from '../catalogue/rdf/demo-datasets.js';
import { graphFromRecord } from '../catalogue/rdf/record-mapping.js';
import { createCatalogueValidator } from '../catalogue/rdf/validate.js';
import { judge, type CheckDefinition } from './check.js';
import { dqvQuads } from './dqv.js';
import { computeLabel } from './label.js';
import { sharedData } from './test-support.js';

const validator = createCatalogueValidator({ artefactsDir: path.join(sharedData, 'healthdcat-ap-r8') });

const definition = (id: string, category: CheckDefinition['category']): CheckDefinition => ({
  id,
  checkName: id,
  origin: 'dqd',
  level: 'field',
  table: 'measurement',
  field: 'value_as_number',
  conceptId: null,
  sourceCode: null,
  unit: null,
  context: 'verification',
  category,
  subcategory: null,
  severity: 'convention',
  description: '',
  thresholdPct: 5,
});

describe('the label in the catalogue record as W3C DQV', { timeout: 60_000 }, () => {
  it('adds the measurements beside the quality certificate, and the record still passes the shapes', async () => {
    const [demo] = demoDatasets('https://node.example');
    if (demo === undefined) throw new Error('no demo dataset');
    const results = [
      judge(definition('a', 'completeness'), 1, 100),
      judge(definition('b', 'conformance'), 0, 100),
      judge(definition('c', 'plausibility'), 30, 100),
    ];
    const label = computeLabel({
      documentation: null,
      technical: null,
      deliveryLagDays: 20,
      qualityRuns: 3,
      coverage: { persons: 1200, nationalPopulation: 2_800_000, years: 10 },
      linkedShare: 0.6,
      inCommonDataModel: true,
      declarations: { qualityProcess: 'documented' },
    });
    const record = { ...demo, qualityLabel: label.level ?? 'none' };
    const quads = dqvQuads({
      datasetIri: record.iri,
      vocabularyBase: 'https://node.example/quality',
      label,
      results,
      facts: {
        coverage: { persons: 1200, nationalPopulation: 2_800_000, years: 10 },
        deliveryLags: [{ deliveryId: 'd1', days: 20 }],
        medianDeliveryLagDays: 20,
        linkedShare: 0.6,
      },
      generatedAt: '2025-04-01T10:00:00Z',
    });
    const value = (metric: string) =>
      quads.find(
        (q) =>
          q.subject.value === `${record.iri}#quality-measurement-${metric}` &&
          q.predicate.value === 'http://www.w3.org/ns/dqv#value',
      )?.object.value;
    expect(value('checks-pass-rate')).toBe('0.6667');
    expect(value('plausibility-pass-rate')).toBe('0.0000');
    expect(value('persons')).toBe('1200');
    expect(value('label-documentation')).toBe('none');
    const before = await validator.validateDataset(graphFromRecord(demo), demo.accessRights);
    const after = await validator.validateDataset(
      [...graphFromRecord(record), ...quads],
      record.accessRights,
    );
    expect(after.filter((f) => f.severity === 'violation')).toEqual([]);
    expect(after.length).toBe(before.length);
    // The shapes do look at quality annotations: one that is not a certificate is refused.
    const stray = DataFactory.namedNode(`${record.iri}#stray`);
    const refused = await validator.validateDataset(
      [
        ...graphFromRecord(record),
        ...quads,
        DataFactory.quad(
          DataFactory.namedNode(record.iri),
          DataFactory.namedNode('http://www.w3.org/ns/dqv#hasQualityAnnotation'),
          stray,
        ),
      ],
      record.accessRights,
    );
    expect(refused.some((f) => f.severity === 'violation' && f.path.endsWith('hasQualityAnnotation'))).toBe(
      true,
    );
  });
});
