import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the real PostgreSQL server, when the suite runs against one. */
    postgresUrl: string | null;
  }
}

/** With TEST_STORE=postgres, one real server serves the whole run; each test file gets its own database. */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.TEST_STORE !== 'postgres') {
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  const server = await startPostgresServer();
  process.stderr.write(`integration suite on a real server: ${server.version}\n`);
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
