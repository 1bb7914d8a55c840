// `noc db …`, `noc sync …` and `noc user … --pg` as a user runs them: real processes, a real
// store folder, a real PostgreSQL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresPeer } from '../../peers/postgres';

let pg: PostgresPeer;
const data = mkdtempSync(join(tmpdir(), 'noc-cli-sync-'));
const plain = mkdtempSync(join(tmpdir(), 'noc-cli-plain-'));

function noc(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const url = (user: string, password: string) => pg.url(user, password);

beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(data, { recursive: true, force: true });
  rmSync(plain, { recursive: true, force: true });
});

describe('noc db / noc sync / noc user --pg', () => {
  it('migrates explicitly, creates the first admin, and manages logins', () => {
    const before = noc(['db', 'status', '--pg', pg.url()]);
    expect(before.out).toMatch(/No Aedify NOC schema there yet: run `noc db migrate --pg URL`/);
    const m = noc(['db', 'migrate', '--pg', pg.url(), '--admin', 'alice'], { NOC_PASSWORD: 'alice-secret-1' });
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/Upgraded the shared schema from 0 to \d+: 1 base, 2 inventory/);
    expect(m.out).toMatch(/Administrator alice can log in now/);
    expect(noc(['db', 'migrate', '--pg', pg.url()]).out).toMatch(/already at \d+; nothing to do/);
    expect(noc(['db', 'status', '--pg', pg.url(), '--json']).out).toMatch(/"state": "current"/);

    const add = noc(['user', 'add', 'tom', '--role', 'technician', '--pg', url('alice', 'alice-secret-1')], { NOC_PASSWORD: 'tom-secret-12' });
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/Added tom \(technician\) on the shared database/);
    expect(noc(['user', 'grant', 'tom', '--role', 'provisioning', '--pg', url('alice', 'alice-secret-1')]).out).toMatch(/tom is now provisioning/);
    const list = JSON.parse(noc(['user', 'list', '--pg', url('alice', 'alice-secret-1'), '--json']).out) as Array<{ login: string; role: string }>;
    expect(list.map((u) => `${u.login}:${u.role}`)).toEqual(['alice:admin', 'tom:provisioning']);
    // the local logins are still the local ones
    const local = noc(['user', 'list', '--data', plain]);
    expect(local.code).toBe(0);
    expect(local.out.trim()).toBe('(none)');
    // a non-admin is refused by the database
    const refused = noc(['user', 'add', 'eve', '--role', 'admin', '--pg', url('tom', 'tom-secret-12')], { NOC_PASSWORD: 'eve-secret-12' });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/permission denied for function noc_create_user/);
  });

  it('switches a standalone store to shared with progress and says what it did; status and bad input are plain', () => {
    expect(noc(['demo', 'load', '--data', data]).code).toBe(0);
    const c = noc(['db', 'connect', '--pg', url('alice', 'alice-secret-1'), '--data', data]);
    expect(c.code).toBe(0);
    expect(c.err).toMatch(/Uploading changes: [\d,]+ of [\d,]+ \(100 %\)/);
    expect(c.out).toMatch(/This store is now a copy of the shared database postgresql:\/\/alice@127\.0\.0\.1:\d+\/nocdb .*Uploaded [\d,]+ changes \(.*devices.*\)\./);
    const s = noc(['sync', 'status', '--data', data]);
    expect(s.out).toMatch(/Shared: postgresql:\/\/alice@127\.0\.0\.1:\d+\/nocdb — offline/);
    expect(s.out).toMatch(/waiting\s+0 change\(s\) to push/);
    const online = noc(['sync', 'status', '--data', data, '--pg', url('alice', 'alice-secret-1'), '--json']);
    expect(JSON.parse(online.out)).toMatchObject({ mode: 'shared', state: 'online', login: 'alice', role: 'admin', pending: 0 });
    const now = noc(['sync', 'now', '--data', plain, '--pg', url('alice', 'alice-secret-1')]);
    expect(now.code).toBe(2);
    expect(now.err).toMatch(/This store is standalone\. Make it a copy of the shared database first: noc db connect --pg URL/);
    const bad = noc(['db', 'status', '--pg', 'http://127.0.0.1/nocdb']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/A PostgreSQL URL starts with postgresql:\/\//);
    const wrong = noc(['sync', 'now', '--data', data, '--pg', url('alice', 'wrong-password')]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/PostgreSQL refused the login of alice: wrong password/);
  });
});
