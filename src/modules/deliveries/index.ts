/**
 * deliveries: how data holders' extracts reach the lake through the node: resumable uploads, the ingestion
 * queue, the delivery record and the catalogue facts refreshed after each delivery; `salus ingest` for
 * files on the machine; the demo population.
 */
export { DeliveryService } from './service.js';
export type { UploadView, IngestRequest, IngestOutcome, CommittedDelivery } from './service.js';
export { registerDeliveryRoutes } from './routes.js';
export { deliveryMigrations } from './migrations.js';
export { registerIngestCommand } from './cli.js';
export { loadDemoPopulation, demoCitizens } from './demo.js';
