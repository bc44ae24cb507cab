import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The profile's loader is the catalogue's own; tests read the official rules with it.
import { loadProfile } from '../catalogue/profile.js';
import { demoDatasets } from '../catalogue/rdf/demo-datasets.js';
import { judge, type CheckDefinition } from './check.js';
import {
  computeLabel,
  documentationFacts,
  technicalFacts,
  type DocumentationFacts,
  type LabelInputs,
  type TechnicalFacts,
} from './label.js';
import { sharedData } from './test-support.js';

const profile = loadProfile(path.join(sharedData, 'healthdcat-ap-r8'));

const fullDocs: DocumentationFacts = {
  mandatory: { filled: 9, total: 9 },
  recommended: { filled: 20, total: 20 },
  missingRecommended: [],
  hasVariables: true,
  hasProvenance: true,
};

const cleanChecks: TechnicalFacts = {
  passed: 1000,
  failed: 2,
  notApplicable: 500,
  errors: 0,
  fatalFailed: 0,
  passRateByCategory: { conformance: 1, completeness: 0.998, plausibility: 0.999 },
};

const best: LabelInputs = {
  documentation: fullDocs,
  technical: cleanChecks,
  deliveryLagDays: 14,
  qualityRuns: 12,
  coverage: { persons: 2_000_000, nationalPopulation: 2_800_000, years: 12 },
  linkedShare: 0.9,
  inCommonDataModel: true,
  declarations: {
    qualityProcess: 'certified',
    checksAtSource: true,
    correctionsFedBack: true,
    daysToMakeAvailable: 5,
    enrichments: ['derived HbA1c trajectories'],
    linkedDatasets: ['national cancer registry'],
  },
};

describe('the Art 78 quality and utility label', () => {
  it('gives platinum when every element meets every criterion', () => {
    const label = computeLabel(best);
    expect(label.level).toBe('platinum');
    expect(label.elements.map((e) => e.level)).toEqual(Array(6).fill('platinum'));
    expect(label.toRaise).toEqual([]);
  });

  it("takes the weakest element's level and says what would raise it", () => {
    const label = computeLabel({
      ...best,
      deliveryLagDays: 200,
      coverage: { persons: 50_000, nationalPopulation: 2_800_000, years: 12 },
    });
    const technical = label.elements.find((e) => e.element === 'technicalQuality');
    const coverage = label.elements.find((e) => e.element === 'coverage');
    expect(technical?.level).toBe('silver');
    expect(technical?.toRaise).toEqual([
      'delivered within 90 days of the events (median delivery lag 200 days)',
    ]);
    expect(coverage?.level).toBe('silver');
    expect(coverage?.toRaise.join()).toMatch(/at least 10% of the population \(1\.8% of the population\)/);
    expect(label.level).toBe('silver');
    expect(label.toRaise.map((t) => t.element).sort()).toEqual(['coverage', 'technicalQuality']);
  });

  it('scores technical quality from the check results, and fails it on fatal failures', () => {
    const d = (id: string, severity: string, category: CheckDefinition['category']): CheckDefinition => ({
      id,
      checkName: id,
      origin: 'dqd',
      level: 'field',
      table: 'person',
      field: 'x',
      conceptId: null,
      sourceCode: null,
      unit: null,
      context: 'verification',
      category,
      subcategory: null,
      severity,
      description: '',
      thresholdPct: 0,
    });
    const results = [
      ...Array.from({ length: 98 }, (_, i) =>
        judge(d(`ok${String(i)}`, 'convention', 'completeness'), 0, 10),
      ),
      judge(d('pk', 'fatal', 'conformance'), 3, 10),
      judge(d('na', 'fatal', 'conformance'), 0, 0),
    ];
    const facts = technicalFacts(results);
    expect(facts).toMatchObject({ passed: 98, failed: 1, notApplicable: 1, fatalFailed: 1 });
    expect(facts.passRateByCategory.conformance).toBe(0);
    const element = computeLabel({ ...best, technical: facts }).elements.find(
      (e) => e.element === 'technicalQuality',
    );
    expect(element?.level).toBe('silver');
    expect(element?.toRaise).toContain('no fatal check fails (1 fail)');
    expect(element?.basis).toBe('measured');
  });

  it('scores documentation from the filled HealthDCAT-AP properties of the record', () => {
    const [record] = demoDatasets('https://salus.example');
    if (record === undefined) throw new Error('no demo dataset');
    const facts = documentationFacts(record, profile[record.accessRights]);
    expect(facts.mandatory.filled).toBe(facts.mandatory.total);
    expect(facts.recommended.total).toBeGreaterThan(10);
    const bare = documentationFacts(
      {
        ...record,
        keywords: [],
        purposes: [],
        variableTables: [],
        numberOfRecords: undefined,
      },
      profile[record.accessRights],
    );
    expect(bare.recommended.filled).toBeLessThan(facts.recommended.filled);
    expect(bare.missingRecommended).toEqual(
      expect.arrayContaining(['numberOfRecords', 'purposes', 'variableTables']),
    );
    expect(bare.hasVariables).toBe(false);
    const element = computeLabel({ ...best, documentation: bare }).elements.find(
      (e) => e.element === 'documentation',
    );
    expect(element?.criteria.find((c) => c.text.startsWith('every recommended'))?.met).toBe(false);
  });

  it('uses declarations where nothing is measured, and gives no label without them', () => {
    const none = computeLabel({
      documentation: null,
      technical: null,
      deliveryLagDays: null,
      qualityRuns: 0,
      coverage: null,
      linkedShare: null,
      inCommonDataModel: false,
      declarations: {},
    });
    expect(none.level).toBeNull();
    expect(none.toRaise.length).toBe(6);
    const access = computeLabel({ ...best, inCommonDataModel: false }).elements.find(
      (e) => e.element === 'accessAndProvision',
    );
    expect(access?.basis).toBe('measured and declared');
    expect(access?.level).toBe('bronze');
    expect(access?.toRaise).toEqual([
      'the data is held in a common data model (OMOP CDM), ready to extract per permit',
    ]);
  });
});
