import { randomUUID } from 'node:crypto';
import { systemActor } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import { violations } from './findings.js';
import type { Catalogue } from './index.js';
import { demoDatasets } from './rdf/demo-datasets.js';

/**
 * Publishes the demo data holders' datasets when the catalogue is empty. Each must pass the official
 * shapes: a demo record that does not is a bug, and start-up says so.
 */
export async function seedDemoCatalogue(catalogue: Catalogue, identity: IdentityService): Promise<number> {
  if ((await catalogue.service.search({ sort: 'modified', page: 1, pageSize: 1 })).total > 0) return 0;
  if ((await catalogue.service.count()) > 0) return 0;
  const organisations = new Map((await identity.organisations()).map((o) => [o.name, o.id]));
  const context = { actor: systemActor, requestId: `seed-${randomUUID()}`, clientAddress: null };
  let published = 0;
  for (const record of demoDatasets(catalogue.service.catalogueIri(), Object.fromEntries(organisations))) {
    const holderId = record.custodian?.organisationId ?? null;
    const { id, findings } = await catalogue.service.createFor(holderId, record, context, [], true);
    if (violations(findings).length > 0) {
      throw new Error(
        `demo dataset "${record.title.en ?? record.identifier}" fails the official shapes: ${violations(
          findings,
        )
          .map((f) => f.message)
          .join('; ')}`,
      );
    }
    await catalogue.service.publishVersion(id, null, context);
    published++;
  }
  return published;
}
