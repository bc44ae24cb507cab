import path from 'node:path';
import { ingestDelivery } from '../src/modules/ingest/index.js';
import type { Lake } from '../src/modules/lake/index.js';
import type { PseudonymKey } from '../src/platform/pseudonym/index.js';

/** The synthetic holders and the organisation ids their deliveries come from in the benches. */
export const benchHolders = { hospital: 'DH-HOSPITAL', laboratory: 'DH-LAB', insurer: 'DH-INSURER' } as const;

/** Delivers each holder's folder of a `synthesize` output into the lake, valid parts accepted. */
export async function deliverPopulation(lake: Lake, synthDir: string, key: PseudonymKey): Promise<void> {
  for (const [folder, holderId] of Object.entries(benchHolders)) {
    await ingestDelivery({
      lake,
      holderId,
      paths: [path.join(synthDir, folder)],
      pseudonymKey: key,
      acceptValidPart: true,
    });
  }
}
