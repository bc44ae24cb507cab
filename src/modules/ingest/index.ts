/**
 * ingest: reading data holders' deliveries (FHIR R4 Bulk NDJSON and Bundles, OMOP CDM CSV extracts),
 * pseudonymising and linking them, and loading the lake through its build and commit steps.
 */
export {
  ingestDelivery,
  deliveryIdOf,
  defaultNationalIdSystems,
  defaultMaxLineBytes,
  defaultRejectCap,
} from './ingest-delivery.js';
export type { IngestOptions, IngestProgress, DeliveryReport, DeliveredFile } from './ingest-delivery.js';
export type { Rejected, TypeCount } from './stage-file.js';
export type { FileFormat } from './delivery-files.js';
export { skipReasons } from './fhir-mapper.js';
export { vocabularyOfSystem } from './code-systems.js';
