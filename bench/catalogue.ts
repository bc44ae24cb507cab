import { sql } from 'kysely';
import type { DatasetRecord } from '../src/modules/catalogue/index.js';
import { demoDatasets } from '../src/modules/catalogue/rdf/demo-datasets.js';
import type { SearchQuery } from '../src/modules/catalogue/search.js';
import { benchContext, startBenchNode } from './bench-node.js';
import type { BenchmarkResult } from './summary.js';

const datasets = 10_000;
const queries = 300;
const validations = 60;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const median = (xs: readonly number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** A small seedable generator, so every run loads the same catalogue. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const topics = [
  'diabetes',
  'oncology',
  'cardiology',
  'stroke',
  'asthma',
  'maternity',
  'mental health',
  'renal',
  'vaccination',
  'dementia',
  'obesity',
  'hypertension',
];
const places = [
  'Riverside',
  'Northgate',
  'Lakeshore',
  'Hillcrest',
  'Eastport',
  'Westvale',
  'Southfield',
  'Brookhaven',
];

/**
 * The catalogue at the size of a large national node: 10,000 published datasets. Measures search latency
 * (with facets), the full DCAT export, and SHACL validation per dataset, each against a baseline doing the
 * bare part of the same work in the same run.
 */
export async function catalogueBench(): Promise<BenchmarkResult> {
  const bench = await startBenchNode();
  const notes: string[] = [];
  try {
    const { node } = bench;
    const catalogue = node.catalogue;
    const holders: string[] = [];
    for (let i = 0; i < 8; i++) {
      holders.push(
        (
          await node.identity.createOrganisation(
            { name: `${places[i] ?? 'Holder'} Health Data Holder`, kind: 'data_holder' },
            benchContext,
          )
        ).id,
      );
    }
    const templates = demoDatasets(catalogue.service.catalogueIri(), {});
    const categories = [...new Set(templates.flatMap((t) => t.healthCategories.map((c) => c.iri)))];
    const random = mulberry32(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

    // SHACL per dataset: validation of the demo records, against parsing alone as the baseline.
    const validationMs: number[] = [];
    const parseMs: number[] = [];
    await catalogue.rdf.validate(catalogue.rdf.toGraph(templates[0]!, []), templates[0]!.accessRights); // compile the shapes
    for (let i = 0; i < validations; i++) {
      const record = templates[i % templates.length]!;
      const graph = catalogue.rdf.toGraph(record, []);
      const turtle = await catalogue.rdf.serialize(graph, 'turtle');
      let t = performance.now();
      await catalogue.rdf.parse(turtle, 'turtle', record.iri);
      parseMs.push(performance.now() - t);
      t = performance.now();
      const findings = await catalogue.rdf.validate(graph, record.accessRights);
      validationMs.push(performance.now() - t);
      if (findings.some((f) => f.severity === 'violation'))
        notes.push(`demo record ${record.identifier} has violations`);
    }

    // Load 10,000 published datasets (validated above in kind; the bulk path skips re-validation).
    let t = performance.now();
    for (let i = 0; i < datasets; i++) {
      const base = templates[i % templates.length]!;
      const topic = pick(topics);
      const min = Math.floor(random() * 60);
      const start = 1995 + Math.floor(random() * 25);
      const record: DatasetRecord = {
        ...base,
        iri: `${catalogue.service.catalogueIri()}/bench/${i}`,
        identifier: `BENCH-${i}`,
        title: { en: `${pick(places)} ${topic} cohort ${i}` },
        description: {
          en: `Records of ${topic} care in ${pick(places)} from ${start}, for secondary use. ${base.description.en ?? ''}`,
        },
        keywords: [{ en: topic }, { en: pick(topics) }],
        healthCategories: [{ iri: pick(categories) }],
        minTypicalAge: min,
        maxTypicalAge: min + 20 + Math.floor(random() * 60),
        temporal: { start: `${start}-01-01`, end: `${start + 1 + Math.floor(random() * 10)}-12-31` },
        nodeIris: undefined,
      };
      const { id } = await catalogue.service.createFor(pick(holders), record, benchContext, [], true, {
        alreadyValidated: true,
      });
      await catalogue.service.publishVersion(id, null, benchContext, { alreadyValidated: true });
    }
    const loadSeconds = (performance.now() - t) / 1000;
    notes.push(
      `loaded ${datasets} published datasets in ${loadSeconds.toFixed(1)} s (${Math.round(datasets / loadSeconds)}/s)`,
    );

    // Search: text, facets and ranges mixed, as people search; baseline: the same text match alone, no facets.
    const searchMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < queries; i++) {
      const topic = pick(topics);
      const q: SearchQuery = {
        q: i % 4 === 0 ? undefined : topic.slice(0, 3 + (i % 4)),
        healthCategory: i % 3 === 0 ? [pick(categories)] : undefined,
        holder: i % 5 === 0 ? [pick(holders)] : undefined,
        ageFrom: i % 7 === 0 ? 18 : undefined,
        from: i % 6 === 0 ? 2005 : undefined,
        sort: 'relevance',
        page: 1 + (i % 3),
        pageSize: 20,
      };
      t = performance.now();
      await catalogue.service.search(q);
      searchMs.push(performance.now() - t);
      t = performance.now();
      await sql`SELECT summary FROM catalogue_search WHERE document @@ to_tsquery('simple', ${`${topic.slice(0, 3)}:*`}) LIMIT 20`.execute(
        node.db.kysely,
      );
      rawMs.push(performance.now() - t);
    }
    const sortedSearch = [...searchMs].sort((a, b) => a - b);
    const sortedRaw = [...rawMs].sort((a, b) => a - b);

    // The full export, streamed as the HTTP route and the CLI stream it; baseline: reading the stored graphs.
    const exportSeconds: Record<string, number> = {};
    for (const format of ['turtle', 'jsonld', 'rdfxml'] as const) {
      let bytes = 0;
      t = performance.now();
      await catalogue.service.exportCatalogue(format, (chunk) => {
        bytes += Buffer.byteLength(chunk);
      });
      exportSeconds[format] = (performance.now() - t) / 1000;
      notes.push(`export ${format}: ${(bytes / 1e6).toFixed(1)} MB in ${exportSeconds[format].toFixed(2)} s`);
    }
    t = performance.now();
    await sql`SELECT v.graph FROM catalogue_version v`.execute(node.db.kysely);
    const readSeconds = (performance.now() - t) / 1000;

    return {
      name: 'catalogue',
      rows: [
        {
          benchmark: 'catalogue',
          measure: `search with facets, ${datasets} datasets, p50`,
          unit: 'ms',
          salus: percentile(sortedSearch, 50),
          baseline: percentile(sortedRaw, 50),
          baselineLabel: 'text match alone, no facets',
        },
        {
          benchmark: 'catalogue',
          measure: `search with facets, ${datasets} datasets, p95`,
          unit: 'ms',
          salus: percentile(sortedSearch, 95),
          baseline: percentile(sortedRaw, 95),
          baselineLabel: 'text match alone, no facets',
        },
        {
          benchmark: 'catalogue',
          measure: `full DCAT export (Turtle), ${datasets} datasets`,
          unit: 's',
          salus: exportSeconds.turtle ?? 0,
          baseline: readSeconds,
          baselineLabel: 'reading the stored graphs',
        },
        {
          benchmark: 'catalogue',
          measure: 'SHACL validation per dataset (official shapes)',
          unit: 'ms',
          salus: median(validationMs),
          baseline: median(parseMs),
          baselineLabel: 'parsing its Turtle',
        },
      ],
      notes,
    };
  } finally {
    await bench.stop();
  }
}
