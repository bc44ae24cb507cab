/**
 * The label and the key measurements as W3C Data Quality Vocabulary triples for the dataset's catalogue
 * graph. The label itself is the record's quality certificate (`qualityLabel`, written by the catalogue as
 * a dqv:QualityCertificate, the only annotation class HealthDCAT-AP's ranges allow); what stands behind it
 * goes beside it as dqv:QualityMeasurement nodes of Salus metrics (check pass rates per Kahn category,
 * coverage, delivery lag, linkage, and each label element's level), which the shapes leave open.
 */
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { CheckResult } from './check.js';
import type { LabelElementName, QualityLabel } from './label.js';
import type { LakeFacts } from './lake-facts.js';

const namedNode = (iri: string) => DataFactory.namedNode(iri);
const literal = (value: string, languageOrDatatype?: string | ReturnType<typeof namedNode>) =>
  DataFactory.literal(value, languageOrDatatype);
const quad = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']): Quad => DataFactory.quad(s, p, o);

const ns = (base: string) => (local: string) => namedNode(`${base}${local}`);
const dqv = ns('http://www.w3.org/ns/dqv#');
const rdf = ns('http://www.w3.org/1999/02/22-rdf-syntax-ns#');
const skos = ns('http://www.w3.org/2004/02/skos/core#');
const prov = ns('http://www.w3.org/ns/prov#');
const xsd = ns('http://www.w3.org/2001/XMLSchema#');

/** The EHDS Art 78 dimensions the metrics belong to. */
const dimensionOf: Readonly<Record<string, string>> = {
  conformance: 'technical-quality',
  completeness: 'technical-quality',
  plausibility: 'technical-quality',
  checks: 'technical-quality',
  deliveryLag: 'technical-quality',
  persons: 'coverage',
  years: 'coverage',
  linkedShare: 'enrichments',
};

export interface DqvOptions {
  readonly datasetIri: string;
  /** Where Salus's metric and dimension IRIs live (`<node>/quality`). */
  readonly vocabularyBase: string;
  readonly label: QualityLabel;
  readonly results: readonly CheckResult[];
  readonly facts: LakeFacts | null;
  /** When the measurements were made (the run's end). */
  readonly generatedAt: string;
}

interface Measurement {
  readonly metric: string;
  readonly dimension: string;
  readonly label: string;
  readonly value: ReturnType<typeof literal>;
}

const decimal = (x: number): ReturnType<typeof literal> => literal(x.toFixed(4), xsd('decimal'));
const integer = (x: number): ReturnType<typeof literal> => literal(String(Math.round(x)), xsd('integer'));

function measurements(options: DqvOptions): Measurement[] {
  const ran = options.results.filter((r) => r.status === 'passed' || r.status === 'failed');
  const out: Measurement[] = [];
  const rate = (rs: readonly CheckResult[]): number =>
    rs.filter((r) => r.status === 'passed').length / rs.length;
  if (ran.length > 0) {
    out.push({
      metric: 'checks-pass-rate',
      dimension: 'checks',
      label: 'Share of quality checks passed',
      value: decimal(rate(ran)),
    });
    for (const category of ['conformance', 'completeness', 'plausibility'] as const) {
      const inCategory = ran.filter((r) => r.category === category);
      if (inCategory.length === 0) continue;
      out.push({
        metric: `${category}-pass-rate`,
        dimension: category,
        label: `Share of ${category} checks passed`,
        value: decimal(rate(inCategory)),
      });
    }
  }
  const f = options.facts;
  if (f !== null) {
    out.push({
      metric: 'persons',
      dimension: 'persons',
      label: 'Persons in the lake',
      value: integer(f.coverage.persons),
    });
    if (f.coverage.years !== null) {
      out.push({
        metric: 'years-covered',
        dimension: 'years',
        label: 'Years covered',
        value: decimal(f.coverage.years),
      });
    }
    if (f.medianDeliveryLagDays !== null) {
      out.push({
        metric: 'median-delivery-lag-days',
        dimension: 'deliveryLag',
        label: 'Median days from the latest event to delivery',
        value: decimal(f.medianDeliveryLagDays),
      });
    }
    if (f.linkedShare !== null) {
      out.push({
        metric: 'linked-share',
        dimension: 'linkedShare',
        label: "Share of persons linked to other holders' data",
        value: decimal(f.linkedShare),
      });
    }
  }
  return out;
}

const elementDimension: Readonly<Record<LabelElementName, string>> = {
  documentation: 'documentation',
  technicalQuality: 'technical-quality',
  dataQualityManagement: 'data-quality-management',
  coverage: 'coverage',
  accessAndProvision: 'access-and-provision',
  enrichments: 'enrichments',
};

export function dqvQuads(options: DqvOptions): Quad[] {
  const dataset = namedNode(options.datasetIri);
  const base = options.vocabularyBase.replace(/\/+$/, '');
  const quads: Quad[] = [];
  const add = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']): void => {
    quads.push(quad(s, p, o));
  };
  const generated = literal(options.generatedAt, xsd('dateTime'));
  const measure = (metric: string, dimension: string, label: string, value: Quad['object']): void => {
    const node = namedNode(`${options.datasetIri}#quality-measurement-${metric}`);
    const metricNode = namedNode(`${base}/metrics/${metric}`);
    const dimensionNode = namedNode(`${base}/dimensions/${dimension}`);
    add(dataset, dqv('hasQualityMeasurement'), node);
    add(node, rdf('type'), dqv('QualityMeasurement'));
    add(node, dqv('isMeasurementOf'), metricNode);
    add(node, dqv('computedOn'), dataset);
    add(node, dqv('value'), value);
    add(node, prov('generatedAtTime'), generated);
    add(metricNode, rdf('type'), dqv('Metric'));
    add(metricNode, skos('prefLabel'), literal(label, 'en'));
    add(metricNode, dqv('inDimension'), dimensionNode);
    add(dimensionNode, rdf('type'), dqv('Dimension'));
    add(dimensionNode, skos('prefLabel'), literal(dimension.replace(/-/g, ' '), 'en'));
  };
  for (const m of measurements(options)) {
    measure(m.metric, dimensionOf[m.dimension] ?? m.dimension, m.label, m.value);
  }
  for (const e of options.label.elements) {
    measure(
      `label-${elementDimension[e.element]}`,
      elementDimension[e.element],
      `Art 78 label level of ${elementDimension[e.element].replace(/-/g, ' ')}`,
      literal(e.level ?? 'none'),
    );
  }
  return quads;
}
