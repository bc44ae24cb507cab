import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server for the integration suite, started from the machine's own binaries (initdb,
 * pg_ctl) in a temporary directory on a free port, and removed afterwards.
 */
export interface PostgresServer {
  readonly url: string;
  readonly version: string;
  stop(): void;
}

export function findPostgresBinaries(): string | null {
  const candidates = [
    ...(process.env.PG_BINDIR === undefined ? [] : [process.env.PG_BINDIR]),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
    ...(process.env.PATH ?? '').split(':'),
  ];
  return (
    candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) ??
    null
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bindir = findPostgresBinaries();
  if (bindir === null) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found; install the Debian package "postgresql" or set PG_BINDIR.',
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-pg-'));
  // PostgreSQL refuses to run as root; as root, run it as the machine's postgres user.
  let asUser: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    asUser = { uid, gid };
  }
  const run = (cmd: string, args: string[]): void => {
    const r = spawnSync(path.join(bindir, cmd), args, {
      ...asUser,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.status !== 0)
      throw new Error(`${cmd} failed (${r.status ?? r.signal ?? 'unknown'}): ${r.stderr}${r.stdout}`);
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'salus', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);
  const version = execFileSync(path.join(bindir, 'postgres'), ['--version']).toString().trim();
  return {
    url: `postgres://salus@127.0.0.1:${port}/postgres`,
    version,
    stop: () => {
      spawnSync(path.join(bindir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...asUser });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
