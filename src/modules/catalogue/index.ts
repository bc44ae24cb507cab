import type { FastifyBaseLogger } from 'fastify';
import { DataFactory, Parser, Writer } from 'n3';
import type { Config } from '../../platform/config/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AuditLog } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import type { Finding } from './findings.js';
import { loadProfile, type Requirement } from './profile.js';
import type { CatalogueRdf } from './rdf-port.js';
import type { AccessLevel } from './record.js';
import { datasetGraphs } from './rdf/dataset-graph.js';
import { parseRdf, serializeRdf } from './rdf/formats.js';
import { rdfStreamWriter } from './rdf/stream-writer.js';
import { graphFromRecord, splitDatasetGraph } from './rdf/record-mapping.js';
import { createCatalogueValidator } from './rdf/validate.js';
import { loadVocabularies, type Vocabularies } from './rdf/vocabularies.js';
import { CatalogueService } from './service.js';

export { CatalogueService, qualityMeasurementPrefix } from './service.js';
export type {
  ComputedMetadata,
  DatasetSummary,
  DatasetView,
  QualityAnnotation,
  SearchResult,
} from './service.js';
export type { DatasetRecord, AccessLevel } from './record.js';
export type { Finding } from './findings.js';
export { catalogueMigrations } from './migrations.js';
export { registerCatalogueRoutes } from './routes.js';
export { seedDemoCatalogue } from './demo-seed.js';

export interface Catalogue {
  readonly service: CatalogueService;
  readonly rdf: CatalogueRdf;
  readonly vocabularies: () => Record<string, readonly { iri: string; label: string }[]>;
  readonly profile: () => Record<AccessLevel, Record<string, Requirement>>;
}

const noShapes: Finding = {
  severity: 'violation',
  field: null,
  path: '',
  value: null,
  message:
    'The official HealthDCAT-AP Release 8 shapes are not installed on this node (set SALUS_HEALTHDCAT_AP_DIR), so this description cannot be validated or published.',
};

/** The RDF side of the catalogue over the official artefacts (or, without them, a validator that blocks). */
export async function catalogueRdf(
  config: Config,
): Promise<CatalogueRdf & { vocabularies: Vocabularies | null }> {
  const dir = config.catalogue.healthDcatApDir;
  const validator = dir === null ? null : createCatalogueValidator({ artefactsDir: dir });
  const vocabularies = dir === null ? null : await loadVocabularies(dir);
  const skolemBase = config.http.publicUrl;
  return {
    vocabularies,
    parse: async (text, format, baseIri) => {
      const result = await parseRdf(text, format, baseIri, { maxBytes: config.catalogue.importLimitBytes });
      if (!result.ok) throw result.error;
      return [...result.quads];
    },
    serialize: (quads, format) => serializeRdf(quads, format),
    streamWriter: (format) => rdfStreamWriter(format),
    datasets: (quads) =>
      datasetGraphs(quads, { skolemBase }).map((g) => ({ iri: g.iri, quads: [...g.quads] })),
    toRecord: (iri, quads) => {
      const { record, kept } = splitDatasetGraph(iri, quads);
      return { record, kept: [...kept] };
    },
    toGraph: (record, kept) => graphFromRecord(record, kept),
    validate: async (quads, level) => {
      if (validator === null) return [noShapes];
      const findings = await validator.validateDataset(quads, level);
      return findings.map((f) => ({
        severity: f.severity,
        field: f.field ?? null,
        path: f.path,
        value: f.value ?? null,
        message: f.message,
      }));
    },
    toNTriples: (quads) =>
      new Promise((resolve, reject) => {
        const writer = new Writer({ format: 'N-Triples' });
        writer.addQuads(
          quads.map((q) => DataFactory.quad(q.subject as never, q.predicate as never, q.object as never)),
        );
        writer.end((error: Error | null, result: string) =>
          error === null ? resolve(result) : reject(error),
        );
      }),
    fromNTriples: (text) => (text === '' ? [] : new Parser({ format: 'N-Triples' }).parse(text)),
  };
}

export async function createCatalogue(options: {
  config: Config;
  database: Database;
  identity: IdentityService;
  audit: AuditLog;
  logger: FastifyBaseLogger;
}): Promise<Catalogue> {
  const { config } = options;
  const rdf = await catalogueRdf(config);
  if (config.catalogue.healthDcatApDir === null) {
    options.logger.warn(
      'HealthDCAT-AP artefacts not found: catalogue descriptions cannot be validated or published (set SALUS_HEALTHDCAT_AP_DIR)',
    );
  }
  const labelOf = (iri: string): string | undefined => rdf.vocabularies?.labelOf(iri);
  const service = new CatalogueService(
    options.database,
    rdf,
    options.identity,
    options.audit,
    config.http.publicUrl,
    labelOf,
  );
  const profile =
    config.catalogue.healthDcatApDir === null ? null : loadProfile(config.catalogue.healthDcatApDir);
  return {
    service,
    rdf,
    vocabularies: () =>
      Object.fromEntries(
        Object.entries(rdf.vocabularies?.lists ?? {}).map(([name, v]) => [
          name,
          v.concepts.map((c) => ({ iri: c.iri, label: c.label })),
        ]),
      ),
    profile: () => {
      if (profile === null)
        throw new AppError(
          'unavailable',
          'catalogue.profile_unavailable',
          'The HealthDCAT-AP artefacts are not installed on this node.',
        );
      return profile;
    },
  };
}
