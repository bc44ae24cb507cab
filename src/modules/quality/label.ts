/**
 * The EHDS data quality and utility label (Art 78): six elements, each scored from what Salus measured
 * where it can (the checks, the catalogue record, the lake's coverage, delivery lag, linkage) and from the
 * data holder's declarations where nothing can be measured. Each element reaches the highest level whose
 * criteria, and those of every level below, are all met; the dataset's level is its weakest element's. Every
 * criterion is listed, met or not, so the breakdown says why and what would raise it. Pure functions.
 */
import type { CheckResult } from './check.js';

export type LabelLevel = 'bronze' | 'silver' | 'gold' | 'platinum';
export const labelLevels: readonly LabelLevel[] = ['bronze', 'silver', 'gold', 'platinum'];

export type LabelElementName =
  | 'documentation'
  | 'technicalQuality'
  | 'dataQualityManagement'
  | 'coverage'
  | 'accessAndProvision'
  | 'enrichments';

export type Requirement = 'mandatory' | 'recommended' | 'optional';

/** Where a criterion's fact came from. */
export type FactSource = 'measured' | 'declared';

export interface Criterion {
  readonly level: LabelLevel;
  readonly met: boolean;
  /** What the criterion asks, and the fact it was judged on. */
  readonly text: string;
  readonly source: FactSource;
}

export interface ElementScore {
  readonly element: LabelElementName;
  /** null: not even bronze. */
  readonly level: LabelLevel | null;
  readonly criteria: readonly Criterion[];
  /** Unmet criteria of the next level up: what would raise this element. */
  readonly toRaise: readonly string[];
  readonly basis: 'measured' | 'declared' | 'measured and declared';
}

export interface QualityLabel {
  readonly level: LabelLevel | null;
  readonly elements: readonly ElementScore[];
  /** The elements that hold the level down, and what would lift each. */
  readonly toRaise: readonly { readonly element: LabelElementName; readonly criteria: readonly string[] }[];
}

/** Filled fields of a catalogue record against the HealthDCAT-AP profile of its access level. */
export interface DocumentationFacts {
  readonly mandatory: { readonly filled: number; readonly total: number };
  readonly recommended: { readonly filled: number; readonly total: number };
  readonly missingRecommended: readonly string[];
  readonly hasVariables: boolean;
  readonly hasProvenance: boolean;
}

export interface TechnicalFacts {
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly errors: number;
  /** Failed checks of DQD severity 'fatal' (conformance the CDM requires). */
  readonly fatalFailed: number;
  /** Pass rate of the checks that ran, per Kahn category. */
  readonly passRateByCategory: Readonly<Record<string, number | null>>;
}

export interface CoverageFacts {
  readonly persons: number;
  /** The country's population (configurable): persons / population is the share covered. */
  readonly nationalPopulation: number | null;
  /** Years between the first and the last observation. */
  readonly years: number | null;
}

/** What the data holder declares (the measured facts take precedence where both exist). */
export interface HolderDeclarations {
  readonly qualityProcess?: 'none' | 'documented' | 'certified';
  readonly checksAtSource?: boolean;
  readonly correctionsFedBack?: boolean;
  /** Days from a request (permit) to making the data available. */
  readonly daysToMakeAvailable?: number;
  readonly enrichments?: readonly string[];
  readonly linkedDatasets?: readonly string[];
}

export interface LabelInputs {
  readonly documentation: DocumentationFacts | null;
  readonly technical: TechnicalFacts | null;
  /** Median days between the latest event a delivery holds and its arrival in the lake. */
  readonly deliveryLagDays: number | null;
  /** Quality runs kept for the dataset over time. */
  readonly qualityRuns: number;
  readonly coverage: CoverageFacts | null;
  /** Share (0-1) of the dataset's persons whom linkage finds in another holder's data. */
  readonly linkedShare: number | null;
  /** The data is in the lake in a common model (OMOP CDM), ready for extraction per permit. */
  readonly inCommonDataModel: boolean;
  readonly declarations: HolderDeclarations;
}

/** A record field counts as filled when it holds something: not undefined, empty text or an empty list. */
function filled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(filled);
  return true;
}

/**
 * Counts the record's filled fields against a HealthDCAT-AP profile (the requirements of its access level,
 * e.g. from the catalogue's `profile()`); `dataset` is the catalogue's DatasetRecord. The quality
 * annotation itself is left out: it is what we compute.
 */
export function documentationFacts(
  dataset: object,
  requirements: Readonly<Record<string, Requirement>>,
): DocumentationFacts {
  const record = dataset as Readonly<Record<string, unknown>>;
  const fields = Object.entries(requirements).filter(([field]) => field !== 'qualityLabel');
  const of = (r: Requirement) => fields.filter(([, req]) => req === r).map(([f]) => f);
  const mandatory = of('mandatory');
  const recommended = of('recommended');
  return {
    mandatory: { filled: mandatory.filter((f) => filled(record[f])).length, total: mandatory.length },
    recommended: { filled: recommended.filter((f) => filled(record[f])).length, total: recommended.length },
    missingRecommended: recommended.filter((f) => !filled(record[f])).sort(),
    hasVariables: filled(record.variableTables),
    hasProvenance: filled(record.provenance),
  };
}

/** Counts of a run's results, for the technical quality element. */
export function technicalFacts(results: readonly CheckResult[]): TechnicalFacts {
  const ran = results.filter((r) => r.status === 'passed' || r.status === 'failed');
  const byCategory: Record<string, number | null> = {};
  for (const category of ['conformance', 'completeness', 'plausibility']) {
    const inCategory = ran.filter((r) => r.category === category);
    byCategory[category] =
      inCategory.length === 0
        ? null
        : inCategory.filter((r) => r.status === 'passed').length / inCategory.length;
  }
  return {
    passed: ran.filter((r) => r.status === 'passed').length,
    failed: ran.filter((r) => r.status === 'failed').length,
    notApplicable: results.filter((r) => r.status === 'not_applicable').length,
    errors: results.filter((r) => r.status === 'error').length,
    fatalFailed: ran.filter((r) => r.status === 'failed' && r.severity === 'fatal').length,
    passRateByCategory: byCategory,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function criterion(
  level: LabelLevel,
  met: boolean,
  text: string,
  source: FactSource = 'measured',
): Criterion {
  return { level, met, text, source };
}

function score(element: LabelElementName, criteria: readonly Criterion[]): ElementScore {
  let level: LabelLevel | null = null;
  for (const l of labelLevels) {
    if (criteria.filter((c) => c.level === l).every((c) => c.met)) level = l;
    else break;
  }
  const next = labelLevels[level === null ? 0 : labelLevels.indexOf(level) + 1];
  const sources = new Set(criteria.map((c) => c.source));
  return {
    element,
    level,
    criteria,
    toRaise: next === undefined ? [] : criteria.filter((c) => c.level === next && !c.met).map((c) => c.text),
    basis: sources.size === 2 ? 'measured and declared' : sources.has('declared') ? 'declared' : 'measured',
  };
}

function documentation(d: DocumentationFacts | null): ElementScore {
  if (d === null) {
    return score('documentation', [criterion('bronze', false, 'a catalogue record describes the dataset')]);
  }
  const share = d.recommended.total === 0 ? 1 : d.recommended.filled / d.recommended.total;
  const has = `${String(d.recommended.filled)} of ${String(d.recommended.total)} recommended properties filled`;
  return score('documentation', [
    criterion(
      'bronze',
      d.mandatory.filled === d.mandatory.total,
      `every mandatory HealthDCAT-AP property filled (${String(d.mandatory.filled)} of ${String(d.mandatory.total)})`,
    ),
    criterion('silver', share >= 0.5, `at least half the recommended properties filled (${has})`),
    criterion('gold', share >= 0.8, `at least 80% of the recommended properties filled (${has})`),
    criterion('gold', d.hasVariables, 'the variables (schema) are described'),
    criterion('gold', d.hasProvenance, 'the provenance is described'),
    criterion(
      'platinum',
      share === 1,
      d.missingRecommended.length === 0
        ? 'every recommended property filled'
        : `every recommended property filled (missing: ${d.missingRecommended.join(', ')})`,
    ),
  ]);
}

function technicalQuality(t: TechnicalFacts | null, lagDays: number | null): ElementScore {
  if (t === null || t.passed + t.failed === 0) {
    return score('technicalQuality', [
      criterion('bronze', false, 'the data quality checks have run on the data'),
    ]);
  }
  const rate = t.passed / (t.passed + t.failed);
  const ran = `${String(t.passed)} of ${String(t.passed + t.failed)} checks passed, ${pct(rate)}`;
  const lag =
    lagDays === null ? 'delivery lag unknown' : `median delivery lag ${String(Math.round(lagDays))} days`;
  return score('technicalQuality', [
    criterion('bronze', t.errors === 0, `every check ran (${String(t.errors)} ended in error)`),
    criterion('silver', rate >= 0.9, `at least 90% of the checks pass (${ran})`),
    criterion('silver', lagDays !== null && lagDays <= 365, `delivered within a year of the events (${lag})`),
    criterion('gold', rate >= 0.97, `at least 97% of the checks pass (${ran})`),
    criterion('gold', t.fatalFailed === 0, `no fatal check fails (${String(t.fatalFailed)} fail)`),
    criterion('gold', lagDays !== null && lagDays <= 90, `delivered within 90 days of the events (${lag})`),
    criterion('platinum', rate >= 0.995, `at least 99.5% of the checks pass (${ran})`),
    criterion(
      'platinum',
      lagDays !== null && lagDays <= 30,
      `delivered within 30 days of the events (${lag})`,
    ),
  ]);
}

function dataQualityManagement(runs: number, d: HolderDeclarations): ElementScore {
  const process = d.qualityProcess ?? 'none';
  return score('dataQualityManagement', [
    criterion(
      'bronze',
      runs >= 1,
      `the data has been checked on delivery (${String(runs)} quality runs kept)`,
    ),
    criterion(
      'silver',
      process !== 'none',
      `the holder declares a documented quality process (${process})`,
      'declared',
    ),
    criterion('silver', runs >= 2, `quality is followed over deliveries (${String(runs)} runs)`),
    criterion(
      'gold',
      d.checksAtSource === true,
      'the holder declares quality checks at the source',
      'declared',
    ),
    criterion(
      'gold',
      d.correctionsFedBack === true,
      'the holder declares that findings are corrected at the source',
      'declared',
    ),
    criterion(
      'platinum',
      process === 'certified',
      'the quality process is certified (e.g. ISO 9001, ISO 8000)',
      'declared',
    ),
  ]);
}

function coverage(c: CoverageFacts | null): ElementScore {
  if (c === null || c.persons === 0) {
    return score('coverage', [criterion('bronze', false, 'the dataset holds persons in the lake')]);
  }
  const share =
    c.nationalPopulation === null || c.nationalPopulation <= 0 ? null : c.persons / c.nationalPopulation;
  const shareText = share === null ? 'national population not configured' : `${pct(share)} of the population`;
  const years = c.years ?? 0;
  const yearsText = `${years.toFixed(1)} years covered`;
  return score('coverage', [
    criterion('bronze', true, `${String(c.persons)} persons in the lake`),
    criterion('silver', years >= 1, `at least one year covered (${yearsText})`),
    criterion('silver', share !== null && share >= 0.01, `at least 1% of the population (${shareText})`),
    criterion('gold', years >= 5, `at least five years covered (${yearsText})`),
    criterion('gold', share !== null && share >= 0.1, `at least 10% of the population (${shareText})`),
    criterion('platinum', years >= 10, `at least ten years covered (${yearsText})`),
    criterion('platinum', share !== null && share >= 0.5, `at least half the population (${shareText})`),
  ]);
}

function accessAndProvision(inCdm: boolean, d: HolderDeclarations): ElementScore {
  const days = d.daysToMakeAvailable;
  const daysText = days === undefined ? 'not declared' : `${String(days)} days declared`;
  return score('accessAndProvision', [
    criterion(
      'bronze',
      inCdm || days !== undefined,
      'the data is in the lake or its availability is declared',
      inCdm ? 'measured' : 'declared',
    ),
    criterion(
      'silver',
      inCdm,
      'the data is held in a common data model (OMOP CDM), ready to extract per permit',
    ),
    criterion(
      'silver',
      days !== undefined && days <= 90,
      `made available within 90 days (${daysText})`,
      'declared',
    ),
    criterion(
      'gold',
      days !== undefined && days <= 30,
      `made available within 30 days (${daysText})`,
      'declared',
    ),
    criterion(
      'platinum',
      days !== undefined && days <= 7,
      `made available within a week (${daysText})`,
      'declared',
    ),
  ]);
}

function enrichments(linkedShare: number | null, d: HolderDeclarations): ElementScore {
  const enriched = d.enrichments ?? [];
  const linked = d.linkedDatasets ?? [];
  const shareText = linkedShare === null ? 'linkage not measured' : `${pct(linkedShare)} of persons linked`;
  return score('enrichments', [
    criterion(
      'bronze',
      linkedShare !== null || enriched.length > 0 || linked.length > 0,
      'links or enrichments are measured or declared',
      linkedShare !== null ? 'measured' : 'declared',
    ),
    criterion(
      'silver',
      linkedShare !== null && linkedShare > 0,
      `persons link to other holders' data (${shareText})`,
    ),
    criterion(
      'gold',
      linkedShare !== null && linkedShare >= 0.5,
      `at least half the persons link to other data (${shareText})`,
    ),
    criterion(
      'gold',
      linked.length > 0,
      `linked datasets are named (${linked.length === 0 ? 'none' : linked.join(', ')})`,
      'declared',
    ),
    criterion(
      'platinum',
      enriched.length > 0,
      `enrichments are described (${enriched.length === 0 ? 'none' : enriched.join(', ')})`,
      'declared',
    ),
  ]);
}

/** The label and its breakdown. */
export function computeLabel(inputs: LabelInputs): QualityLabel {
  const elements = [
    documentation(inputs.documentation),
    technicalQuality(inputs.technical, inputs.deliveryLagDays),
    dataQualityManagement(inputs.qualityRuns, inputs.declarations),
    coverage(inputs.coverage),
    accessAndProvision(inputs.inCommonDataModel, inputs.declarations),
    enrichments(inputs.linkedShare, inputs.declarations),
  ];
  const rank = (l: LabelLevel | null): number => (l === null ? -1 : labelLevels.indexOf(l));
  const lowest = Math.min(...elements.map((e) => rank(e.level)));
  const level = lowest < 0 ? null : (labelLevels[lowest] ?? null);
  return {
    level,
    elements,
    toRaise: elements
      .filter((e) => rank(e.level) === lowest && e.toRaise.length > 0)
      .map((e) => ({ element: e.element, criteria: e.toRaise })),
  };
}
