// noc db migrate|status|connect|draft-migration, noc sync status|now, and the --pg path of
// noc user add|list|grant: shared mode from the command line. The schema changes only here
// (or an admin's click in the app), never as a side effect of an ordinary client.
import type { Command } from 'commander';
import type pg from 'pg';
import { STAFF_GROUPS, addPgUserInput, pgLoginSchema } from '../../shared/schemas/sync';
import type { Core } from '../core/create-core';
import type { SyncProgress } from '../sync/engine';
import { migrate, schemaVersion } from '../sync/migrate';
import { PG_SCHEMA } from '../sync/migrations';
import { draftMigration } from '../sync/migrations/draft';
import { connectPg, parsePgUrl, SyncError } from '../sync/pg';
import { addUser, bootstrapAdmin, grantRole, listUsers } from '../sync/users';
import { openStore } from '../store/db';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';

interface PgOptions extends StoreOptions { pg?: string }

/** --pg, else NOC_PG_URL; the password may be in the URL or in PGPASSWORD. */
export function pgUrlOf(opts: { pg?: string }): string {
  const url = opts.pg ?? process.env.NOC_PG_URL;
  if (!url) throw new UsageError('Give the shared database with --pg postgresql://USER@HOST:5432/DATABASE (or NOC_PG_URL); the password in the URL or in PGPASSWORD.');
  parsePgUrl(url);
  return url;
}

/** Progress of an upload or download, on stderr (a line per 10 % when not a terminal). */
export function progressPrinter(): (p: SyncProgress) => void {
  let last = '';
  return (p) => {
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    const what = p.phase === 'upload' ? 'Uploading changes' : `Downloading${p.table ? ` ${p.table}` : ''}`;
    const line = `${what}: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} (${pct} %)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else {
      const key = `${p.phase}:${Math.floor(pct / 10)}`;
      if (key !== last) process.stderr.write(`${line}\n`);
      last = key;
    }
  };
}

/** Connects a core to the shared database (the switch from standalone uploads once), saying what it did. */
export async function connectShared(core: Core, url: string): Promise<string> {
  const report = await core.services.sync.connect(url, undefined, progressPrinter());
  if (process.stderr.isTTY) process.stderr.write('\n');
  return report.message;
}

/**
 * `noc serve --pg`: connect (the switch uploads once, with progress); when the database cannot
 * be reached, a shared store keeps serving its local copy and reconnects by itself, and a
 * standalone one stays standalone. Either way the host starts.
 */
export async function serveShared(core: Core, pg: string | undefined): Promise<void> {
  const url = pgUrlOf({ pg });
  try {
    process.stdout.write(`${await connectShared(core, url)}
`);
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    if (core.services.sync.mode() === 'shared') {
      process.stderr.write(`noc: ${err.message}
Serving the local copy; it syncs as soon as the shared database answers.
`);
      core.services.sync.startBackground(url);
    } else {
      process.stderr.write(`noc: ${err.message}
Serving this store standalone.
`);
    }
  }
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connectPg(url, { appName: 'aedify-noc cli' });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function promptSecret(question: string, env = 'NOC_PASSWORD'): Promise<string> {
  const fromEnv = process.env[env];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`Give the password in ${env}, or run this in a terminal to be asked for it.`);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await rl.question(question);
  rl.close();
  return answer;
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the shared PostgreSQL database (shared mode)');

  db.command('migrate').description('create or upgrade the shared schema (as the database owner, a login with CREATEROLE)')
    .requiredOption('--pg <url>', 'postgresql://OWNER@HOST:5432/DATABASE (password in the URL or PGPASSWORD)')
    .option('--admin <login>', 'also create the first administrator login (password from NOC_PASSWORD or a prompt)')
    .option('--json', 'machine-readable output')
    .action(action(async (opts: { pg: string; admin?: string; json?: boolean }) => {
      const url = pgUrlOf(opts);
      const result = await withPg(url, async (c) => {
        const r = await migrate(c, (m) => { if (!opts.json) process.stderr.write(`Applying ${String(m.version).padStart(4, '0')}-${m.name}…\n`); });
        if (opts.admin) {
          const login = pgLoginSchema.safeParse(opts.admin);
          if (!login.success) throw new UsageError(login.error.issues[0]!.message);
          const password = await promptSecret(`Password for ${opts.admin} (at least 10 characters): `);
          if (password.length < 10) throw new UsageError('Passwords have at least 10 characters.');
          await bootstrapAdmin(c, login.data, password);
        }
        return r;
      });
      print(opts, result, () => [
        result.applied.length === 0 ? `The shared schema is already at ${result.to}; nothing to do.` : `Upgraded the shared schema from ${result.from} to ${result.to}: ${result.applied.map((m) => `${m.version} ${m.name}`).join(', ')}.`,
        opts.admin ? `Administrator ${opts.admin} can log in now; add the others with \`noc user add NAME --role ROLE --pg URL\`.` : '',
      ].filter(Boolean).join('\n'));
    }));

  db.command('status').description('the shared schema of a database, next to what this app speaks')
    .requiredOption('--pg <url>', 'postgresql://USER@HOST:5432/DATABASE')
    .option('--json', 'machine-readable output')
    .action(action(async (opts: { pg: string; json?: boolean }) => {
      const version = await withPg(pgUrlOf(opts), (c) => schemaVersion(c));
      const state = version === 0 ? 'none' : version < PG_SCHEMA ? 'older' : version > PG_SCHEMA ? 'newer' : 'current';
      print(opts, { version, expected: PG_SCHEMA, state }, () => ({
        none: `No Aedify NOC schema there yet: run \`noc db migrate --pg URL\` as the database owner.`,
        older: `Schema ${version}; this app needs ${PG_SCHEMA}: run \`noc db migrate --pg URL\`.`,
        current: `Schema ${version}, as this app expects.`,
        newer: `Schema ${version}, newer than this app (${PG_SCHEMA}): update Aedify NOC.`,
      })[state]);
    }));

  withStoreOptions(db.command('connect').description('make this store a copy of the shared database (uploads its data once, with progress), then sync'))
    .option('--pg <url>', 'postgresql://USER@HOST:5432/DATABASE (or NOC_PG_URL); your own login')
    .action(action(async (opts: PgOptions) => {
      const url = pgUrlOf(opts);
      const core = openCore(opts);
      try {
        const message = await connectShared(core, url);
        print(opts, core.services.sync.status(), () => message);
      } finally {
        await core.services.sync.stop();
        core.close();
      }
    }));

  db.command('draft-migration').description('print a draft PostgreSQL migration for local synced tables (for developers)')
    .argument('<tables...>')
    .option('--version <n>', 'its number', String(PG_SCHEMA + 1))
    .option('--name <name>', 'its name', 'new-tables')
    .action(action(async (tables: string[], opts: { version: string; name: string }) => {
      const mem = openStore(':memory:');
      try {
        process.stdout.write(draftMigration(mem, tables, Number(opts.version), opts.name));
      } finally {
        mem.close();
      }
    }));

  const sync = program.command('sync').description('shared mode: state of this store, and syncing now');
  withStoreOptions(sync.command('status').description('mode, changes waiting, refused changes, conflicts (and the server, with --pg)'))
    .option('--pg <url>', 'also connect and sync, to show the live state')
    .action(action(async (opts: PgOptions) => {
      const core = openCore(opts);
      try {
        if (opts.pg || (process.env.NOC_PG_URL && core.services.sync.mode() === 'shared')) {
          try {
            await core.services.sync.connect(pgUrlOf(opts));
          } catch (err) {
            if (!(err instanceof SyncError)) throw err;
          }
        }
        const s = core.services.sync.status();
        print(opts, s, () => [
          s.mode === 'standalone' ? 'Standalone: this store is not shared (noc db connect --pg URL makes it a copy of a shared database).' : `Shared: ${s.url} — ${s.state}${s.login ? ` as ${s.login} (${s.role})` : ''}`,
          s.lastSyncAt ? `last sync       ${s.lastSyncAt}` : '',
          `waiting         ${s.pending} change(s) to push`,
          s.refused ? `refused         ${s.refused} change(s) refused by the server (see Conflicts in the app)` : '',
          s.parked ? `parked          ${s.parked} change(s) wait for the shared schema to have their table` : '',
          s.conflicts ? `conflicts       ${s.conflicts} open` : '',
          s.lastError ? `problem         ${s.lastError}` : '',
        ].filter(Boolean).join('\n'));
      } finally {
        await core.services.sync.stop();
        core.close();
      }
    }));

  withStoreOptions(sync.command('now').description('push what waits and pull what is new, now'))
    .option('--pg <url>', 'postgresql://USER@HOST:5432/DATABASE (or NOC_PG_URL)')
    .action(action(async (opts: PgOptions) => {
      const core = openCore(opts);
      try {
        if (core.services.sync.mode() === 'standalone') throw new UsageError('This store is standalone. Make it a copy of the shared database first: noc db connect --pg URL');
        const message = await connectShared(core, pgUrlOf(opts));
        print(opts, core.services.sync.status(), () => message);
      } finally {
        await core.services.sync.stop();
        core.close();
      }
    }));
}

// ---- the --pg path of `noc user` (src-main/cli/users.ts calls these) ----

export async function pgUserAdd(name: string, opts: { pg?: string; role: string; customer?: string; json?: boolean }, password: string): Promise<void> {
  const input = addPgUserInput.safeParse({ login: name, password, role: opts.role, customerId: opts.customer ?? null });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => i.message).join(' '));
  await withPg(pgUrlOf(opts), (c) => addUser(c, { login: input.data.login, password: input.data.password, role: input.data.role, customerId: input.data.customerId, fullName: input.data.fullName }));
  print(opts, { login: input.data.login, role: input.data.role }, () => `Added ${input.data.login} (${input.data.role}) on the shared database; they log in with their own password.`);
}

export async function pgUserList(opts: { pg?: string; json?: boolean }): Promise<void> {
  const users = await withPg(pgUrlOf(opts), (c) => listUsers(c));
  print(opts, users, () => table(users.map((u) => ({ ...u, canLogin: u.canLogin ? 'yes' : 'no' })), ['login', 'role', 'customerId', 'fullName', 'canLogin', 'createdBy']));
}

export function registerPgGrant(user: Command): void {
  user.command('grant').description('give a login on the shared database another staff role (admins)').argument('<name>')
    .requiredOption('--role <role>', STAFF_GROUPS.join('|'))
    .option('--pg <url>', 'postgresql://ADMIN@HOST:5432/DATABASE (or NOC_PG_URL)')
    .option('--json', 'machine-readable output')
    .action(action(async (name: string, opts: { role: string; pg?: string; json?: boolean }) => {
      if (!(STAFF_GROUPS as readonly string[]).includes(opts.role)) throw new UsageError(`Unknown role ${opts.role}; use one of ${STAFF_GROUPS.join(', ')}.`);
      await withPg(pgUrlOf(opts), (c) => grantRole(c, name, opts.role));
      print(opts, { login: name, role: opts.role }, () => `${name} is now ${opts.role} on the shared database.`);
    }));
}
