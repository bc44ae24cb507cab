import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';

/**
 * The operational store: the same PostgreSQL dialect whether it is embedded PGlite or a real server.
 * Modules add their table types with `db.kysely.withTables<...>()`.
 */
export interface Database {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  readonly kysely: Kysely<{}>;
  readonly kind: DatabaseConfig['kind'];
  /** A short description for logs (never the password). */
  readonly description: string;
  close(): Promise<void>;
}

const int8 = 20;
// Counts and sequence numbers are bigint columns that stay far below 2^53: read them as numbers.
const bigintsAsNumbers = new pg.TypeOverrides();
bigintsAsNumbers.setTypeParser(int8, 'text', Number);

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      types: bigintsAsNumbers,
    });
    const url = new URL(config.url);
    try {
      const client = await pool.connect();
      client.release();
    } catch (e) {
      await pool.end();
      throw new AppError(
        'unavailable',
        'store.unreachable',
        `The PostgreSQL server at ${url.host}${url.pathname} could not be reached: ${(e as Error).message}`,
      );
    }
    return {
      // eslint-disable-next-line @typescript-eslint/no-empty-object-type
      kysely: new Kysely<{}>({ dialect: new PostgresDialect({ pool }) }),
      kind: 'postgres',
      description: `PostgreSQL at ${url.host}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  const unlock = config.dataDir === null ? () => undefined : lockDataDir(config.dataDir);
  const pglite = new PGlite({
    ...(config.dataDir === null ? {} : { dataDir: config.dataDir }),
    parsers: { [int8]: (v: string) => Number(v) },
  });
  try {
    await pglite.waitReady;
  } catch (e) {
    unlock();
    throw new AppError(
      'unavailable',
      'store.unreadable',
      `The embedded store in ${config.dataDir ?? 'memory'} could not be opened: ${(e as Error).message}`,
    );
  }
  const pool = pglitePool(pglite);
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  const kysely = new Kysely<{}>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind: 'pglite',
    description:
      config.dataDir === null
        ? 'embedded PostgreSQL (in memory)'
        : `embedded PostgreSQL in ${config.dataDir}`,
    close: async () => {
      await kysely.destroy();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * The embedded store is one process's: a second process opening the same directory would corrupt it. The
 * lock file names the holder, and a lock left by a process that is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'salus.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch {
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new AppError(
          'unavailable',
          'store.locked',
          `The embedded store in ${dataDir} is in use by another Salus process (pid ${holder}). Stop that process first, or point SALUS_DATABASE_URL at a PostgreSQL server that several processes can share.`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new AppError('unavailable', 'store.locked', `The embedded store in ${dataDir} could not be locked.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has one connection. This pool hands it out to one borrower at a time, so a transaction holds it
 * exclusively, exactly as a pooled connection of a real server would be held.
 */
function pglitePool(pglite: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  const client: Omit<PostgresPoolClient, 'release'> = {
    query: (async (sql: string, parameters: readonly unknown[]) => {
      const r = await pglite.query(sql, parameters as unknown[]);
      return {
        command: (r as { command?: string }).command ?? 'SELECT',
        rowCount: r.affectedRows ?? r.rows.length,
        rows: r.rows,
      };
    }) as PostgresPoolClient['query'],
  };
  return {
    connect: async () => {
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const before = tail;
      tail = tail.then(() => mine);
      await before;
      let released = false;
      return {
        ...client,
        release: () => {
          if (!released) {
            released = true;
            release();
          }
        },
      };
    },
    end: async () => {
      await tail;
    },
  };
}
