/**
 * A test fixture, run as its own process by crash.test.ts: ingests one delivery and reports progress on
 * stdout, so that the test can kill it with SIGKILL at a chosen moment.
 * Usage: node crash-child.js <lakeDir> <secretsDir> <holderId> <path>
 */
import { openLake } from '../lake/index.js';
import { loadPseudonymKey } from '../../platform/pseudonym/index.js';
import { ingestDelivery } from './ingest-delivery.js';

const [lakeDir = '', secretsDir = '', holderId = '', input = ''] = process.argv.slice(2);
const lake = await openLake({ dir: lakeDir, vocabularyDir: null });
const report = await ingestDelivery({
  lake,
  holderId,
  paths: [input],
  pseudonymKey: loadPseudonymKey(secretsDir),
  workers: 0,
  onProgress: (p) => process.stdout.write(`${p.phase} ${String(p.resources)}\n`),
});
await lake.close();
process.stdout.write(`done ${report.status}\n`);
