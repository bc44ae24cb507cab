import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditContext } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import { nationalIdOfPerson, synthesize } from '../synth/index.js';
import type { DeliveryService } from './service.js';

/** The demo's three data holders and the folder of the synthetic delivery each one sends. */
const demoHolders = [
  { folder: 'hospital', identifier: 'DH-HOSPITAL' },
  { folder: 'laboratory', identifier: 'DH-LAB' },
  { folder: 'insurer', identifier: 'DH-INSURER' },
] as const;

const demoSeed = 20_261_201;

/**
 * Demo citizens for the opt-out page: the first persons of the demo population, signed in by the embedded
 * provider with their (synthetic) national identifier as a claim, so an opt-out made in the browser matches
 * their records in the lake.
 */
export const demoCitizens: readonly { readonly username: string; readonly nationalId: string }[] = [
  1, 2, 3,
].map((n) => ({ username: `citizen${n}`, nationalId: nationalIdOfPerson(demoSeed, n - 1) }));

/**
 * The demo node's data: a synthetic population delivered by the hospital, the laboratory and the insurer,
 * pseudonymised and linked in the lake, so the catalogue's facts, quality and extracts have data behind
 * them from the first start. Runs once: a lake that already holds deliveries is left as it is.
 */
export async function loadDemoPopulation(
  deliveries: DeliveryService,
  identity: IdentityService,
  options: { persons: number; workDir: string; logger: FastifyBaseLogger; context: AuditContext },
): Promise<number> {
  if (options.persons === 0) return 0;
  const lake = await deliveries.lake();
  if (lake.deliveries().length > 0) return 0;
  const organisations = await identity.organisations();
  const out = path.join(options.workDir, 'demo-population');
  rmSync(out, { recursive: true, force: true });
  options.logger.info({ persons: options.persons }, 'generating the demo population');
  await synthesize({ persons: options.persons, seed: demoSeed, outDir: out });
  let loaded = 0;
  for (const holder of demoHolders) {
    const org = organisations.find((o) => o.identifier === holder.identifier);
    const folder = path.join(out, holder.folder);
    if (org === undefined || !existsSync(folder)) continue;
    // Deliveries arrive with the faults real ones have; their valid part is loaded, the rest reported.
    const { report } = await deliveries.ingest(
      { organisationId: org.id, paths: [folder], acceptValidPart: true },
      options.context,
    );
    loaded += 1;
    options.logger.info(
      {
        holder: holder.identifier,
        status: report.status,
        records: report.resources,
        rejected: report.rejectedTotal,
      },
      'demo delivery loaded',
    );
  }
  // The generator's files carry names and addresses; only the lake's pseudonymised copy stays.
  rmSync(out, { recursive: true, force: true });
  return loaded;
}
