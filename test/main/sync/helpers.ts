// Shared-mode test helpers: a real PostgreSQL 15 with the schema migrated and a few logins
// (one per group role), and clients — each a full core over its own SQLite file — that sync
// with it. Engine timers run on the system clock; the stores' HLC clocks are FakeClocks, so
// a test decides which write is "later".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, FakeClock } from '../../../src-main/core/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { addUser, bootstrapAdmin } from '../../../src-main/sync/users';
import { startPostgres, type PostgresPeer } from '../../peers/postgres';
import type { Role } from '../../../shared/choices';
import type { Actor } from '../../../shared/types';

export const PASSWORDS = { alice: 'alice-secret-1', tom: 'tom-secret-12', vera: 'vera-secret-1', pat: 'pat-secret-12', bill: 'bill-secret-1' } as const;

export interface SharedPg {
  pg: PostgresPeer;
  /** URL for a login of the test roster: alice (admin), tom (technician), vera (viewer), pat (provisioning), bill (billing). */
  url(login: keyof typeof PASSWORDS, port?: number): string;
  stop(): Promise<void>;
}

/** `ports`: a suite's own port range (inclusive), else anywhere in 25400–25499. */
export async function startSharedPg(opts: { ports?: readonly [number, number] } = {}): Promise<SharedPg> {
  const pg = await startPostgres(opts);
  const owner = await connectPg(pg.url());
  try {
    await migrate(owner);
    await bootstrapAdmin(owner, 'alice', PASSWORDS.alice, 'Alice Admin');
  } finally {
    await owner.end();
  }
  const admin = await connectPg(pg.url('alice', PASSWORDS.alice));
  try {
    await addUser(admin, { login: 'tom', password: PASSWORDS.tom, role: 'technician', customerId: null, fullName: 'Tom Tech' });
    await addUser(admin, { login: 'vera', password: PASSWORDS.vera, role: 'viewer', customerId: null, fullName: 'Vera Viewer' });
    await addUser(admin, { login: 'pat', password: PASSWORDS.pat, role: 'provisioning', customerId: null, fullName: 'Pat Prov' });
    await addUser(admin, { login: 'bill', password: PASSWORDS.bill, role: 'billing', customerId: null, fullName: 'Bill Billing' });
  } finally {
    await admin.end();
  }
  return {
    pg,
    url: (login, port) => {
      const u = new URL(pg.url(login, PASSWORDS[login]));
      if (port) u.port = String(port);
      return u.href;
    },
    stop: () => pg.stop(),
  };
}

export interface Client {
  core: Core;
  clock: FakeClock;
  dir: string;
  actor: Actor;
  caller(): ReturnType<Core['router']['createCaller']>;
  close(): Promise<void>;
}

export function makeClient(name: string, opts: { role?: Role; start?: number; pg?: string; dir?: string } = {}): Client {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `noc-sync-${name}-`));
  const clock = new FakeClock(opts.start);
  const core = createCore({ dataDir: dir, clock, pg: opts.pg ?? null, sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500 } });
  const actor: Actor = { id: `test:${name}`, name, role: opts.role ?? 'admin' };
  return {
    core, clock, dir, actor,
    caller: () => core.router.createCaller(core.createContext(actor)),
    async close() {
      await core.services.sync.stop();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until check() is true (polling every 10 ms, at most timeoutMs). */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'the condition'): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
