// A real PostgreSQL 15 (Debian `postgresql`) for tests: a throwaway cluster in a temp dir,
// on a loopback port in 25400–25499, SCRAM over TCP. Wraps test/peers/pg/start.sh, stop.sh
// and restart.sh (adapted from the shared recipe); stop() removes everything it made.
//
//   const pg = await startPostgres();
//   pg.url()                          // the migrator (schema owner, CREATEROLE) over TCP
//   await pg.sql('select 1')          // as the superuser over the unix socket (test setup only)
//   await pg.crash(); await pg.restart();   // like a power cut, then crash recovery
//   await pg.stop();
import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const HERE = join(fileURLToPath(new URL('.', import.meta.url)), 'pg');
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const MIGRATOR = { user: 'schema_owner', password: 'migratorpass', database: 'nocdb' } as const;

export interface PostgresPeer {
  port: number;
  dir: string;
  /** postgresql:// URL over TCP (SCRAM); the migrator unless a user is given. */
  url(user?: string, password?: string): string;
  /** One statement as the superuser over the unix socket (test setup and assertions only). */
  sql<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Stops like a crash (pg_ctl -m immediate): open transactions are lost, not committed. */
  crash(): Promise<void>;
  /** Clean shutdown (pg_ctl -m fast). */
  halt(): Promise<void>;
  /** Starts the same cluster again (after crash(): crash recovery first). */
  restart(): Promise<void>;
  running(): boolean;
  stop(): Promise<void>;
}

/** null when PostgreSQL 15 is installed, else a sentence saying what is missing. */
export function postgresMissing(): string | null {
  const r = spawnSync('sh', ['-c', `test -x ${PG_BIN}/postgres && command -v ss`]);
  return r.status === 0 ? null : 'PostgreSQL 15 is not installed (Debian: apt-get install -y postgresql iproute2)';
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A free port in 25400–25499 (random start, so parallel test files rarely collide), or in a suite's own range. */
export async function freePgPort(range: readonly [number, number] = [25400, 25499]): Promise<number> {
  const [from, to] = range;
  const n = to - from + 1;
  const start = Math.floor(Math.random() * n);
  for (let i = 0; i < n; i++) {
    const port = from + ((start + i) % n);
    if (await portFree(port)) return port;
  }
  throw new Error(`No free port in ${from}–${to} for a test PostgreSQL.`);
}

/** `ports`: a suite's own port range (inclusive), when it must not wander into others'. */
export async function startPostgres(opts: { ports?: readonly [number, number] } = {}): Promise<PostgresPeer> {
  const root = await mkdtemp(join(tmpdir(), 'noc-pg-'));
  await chmod(root, 0o755); // the server runs as the postgres OS user when we are root
  const dir = join(root, 'cluster');
  let port = 0;
  // Another test file may take the port between the check and the start: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePgPort(opts.ports);
    try {
      await run(join(HERE, 'start.sh'), [String(port), dir], { timeout: 60_000 });
      break;
    } catch (err) {
      if (attempt >= 4) {
        await rm(root, { recursive: true, force: true });
        throw err;
      }
    }
  }
  let up = true;
  const su = () => new pg.Client({ host: join(dir, 'sock'), port, user: 'postgres', database: MIGRATOR.database });
  const peer: PostgresPeer = {
    port,
    dir,
    url: (user = MIGRATOR.user, password = MIGRATOR.password) =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${MIGRATOR.database}`,
    async sql(text, params) {
      const c = su();
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    async crash() {
      await run(join(HERE, 'stop.sh'), [dir, 'immediate'], { timeout: 60_000 });
      up = false;
    },
    async halt() {
      await run(join(HERE, 'stop.sh'), [dir, 'fast'], { timeout: 60_000 });
      up = false;
    },
    async restart() {
      await run(join(HERE, 'restart.sh'), [dir], { timeout: 60_000 });
      up = true;
    },
    running: () => up,
    async stop() {
      if (up) await run(join(HERE, 'stop.sh'), [dir, 'immediate'], { timeout: 60_000 }).catch(() => undefined);
      up = false;
      await rm(root, { recursive: true, force: true });
    },
  };
  return peer;
}
