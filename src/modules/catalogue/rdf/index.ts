/**
 * RDF for the catalogue: HealthDCAT-AP Release 8 dataset descriptions read and written in Turtle, JSON-LD
 * and RDF/XML, split into one graph per dataset, mapped to and from the DatasetRecord the form edits,
 * validated against the official shapes, and the demo node's datasets.
 */
export {
  defaultMaxBytes,
  fromNTriples,
  mediaTypeOf,
  parseRdf,
  rdfFormats,
  serializeRdf,
  sizeRefusal,
  toNTriples,
  type ParseOptions,
  type ParseResult,
  type RdfFormat,
} from './formats.js';
export { RemoteContextRefused, type JsonLdContexts } from './jsonld-contexts.js';
export {
  datasetGraphs,
  isSkolemIri,
  skolemise,
  subgraphOf,
  type DatasetGraph,
  type DatasetGraphOptions,
} from './dataset-graph.js';
export { graphFromRecord, recordFromGraph, splitDatasetGraph, unmodelledQuads } from './record-mapping.js';
export type { ReadOptions } from './record-reader.js';
export {
  loadVocabularies,
  type Vocabularies,
  type Vocabulary,
  type VocabularyConcept,
  type VocabularyName,
} from './vocabularies.js';
export {
  createCatalogueValidator,
  type CatalogueValidator,
  type Finding,
  type Severity,
  type ValidatorDescription,
} from './validate.js';
export type { ArtefactLocations } from './shapes.js';
export {
  demoDatasets,
  type DemoCountry,
  type DemoOptions,
  type DemoOrganisationIds,
} from './demo-datasets.js';
export { ehdsEli, prefixes } from './namespaces.js';
