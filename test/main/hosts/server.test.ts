// The headless host over real HTTP and WebSocket: health, the router, live changes,
// and the login that listening beyond loopback requires.
import { afterEach, describe, expect, it } from 'vitest';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../../../src-main/core/router';
import { LoginRequiredError, startServer, type RunningServer } from '../../../src-main/hosts/server/server';
import { makeCore, type TestCore } from '../helpers';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { systemClock } from '../../../src-main/core/clock';

const rendererDir = mkdtempSync(join(tmpdir(), 'noc-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Aedify NOC</title>');

let t: TestCore | null = null;
let server: RunningServer | null = null;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.close();
  server = null;
  t?.close();
  t = null;
});

describe('headless host on loopback', () => {
  it('answers /healthz with JSON and serves the renderer with a CSP', async () => {
    t = makeCore({ clock: systemClock });
    server = await startServer(t.core, { port: 0, rendererDir });
    const health = await fetch(`${server.url}healthz`);
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    expect(await health.json()).toMatchObject({ ok: true, loginRequired: false, store: t.core.file });
    const page = await fetch(`${server.url}racks/some/deep/link`);
    expect(await page.text()).toContain('Aedify NOC');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${server.url}..%2f..%2fetc/passwd`)).status).not.toBe(200);
  });

  it('serves the same router over HTTP and WebSocket, with live changes', async () => {
    t = makeCore({ clock: systemClock });
    server = await startServer(t.core, { port: 0, rendererDir });
    const http = await fetch(`${server.url}trpc/system.health`);
    expect(((await http.json()) as { result: { data: { ok: boolean } } }).result.data.ok).toBe(true);

    const ws = createWSClient({ url: `ws://127.0.0.1:${server.port}/trpc-ws`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    closers.push(() => void ws.close());
    const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const seen: string[] = [];
    const sub = api.system.changes.subscribe(undefined, { onData: (batch) => seen.push(...batch.map((e) => `${e.op}:${e.table}`)) });
    closers.push(() => sub.unsubscribe());
    await new Promise((r) => setTimeout(r, 100));
    const created = await api.inventory.create.mutate({ name: 'ws-srv', type: 'server' });
    expect(created.name).toBe('ws-srv');
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toContain('insert:devices');
  });
});

describe('headless host beyond loopback', () => {
  it('refuses to start without any way to log in', async () => {
    t = makeCore({ clock: systemClock });
    await expect(startServer(t.core, { host: '0.0.0.0', port: 0, rendererDir })).rejects.toThrow(LoginRequiredError);
    await expect(startServer(t.core, { host: '0.0.0.0', port: 0, rendererDir })).rejects.toThrow(/noc user add/);
  });

  it('needs a login for the API and the WebSocket, and accepts a good one', async () => {
    t = makeCore({ clock: systemClock });
    t.core.services.auth.addUser('wall', 'correct horse battery', 'viewer');
    server = await startServer(t.core, { host: '0.0.0.0', port: 0, rendererDir });
    const base = `http://127.0.0.1:${server.port}/`;
    const anonymous = await fetch(`${base}trpc/inventory.counts`);
    expect(anonymous.status).toBe(401);
    const refused = await fetch(`${base}api/login`, { method: 'POST', body: JSON.stringify({ name: 'wall', password: 'wrong password!' }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'Wrong name or password.' });
    const bad = await fetch(`${base}api/login`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);

    const wsRefused = await new Promise<number>((resolve) => {
      const sock = new WebSocket(`ws://127.0.0.1:${server!.port}/trpc-ws`);
      sock.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      sock.on('open', () => { sock.close(); resolve(101); });
      sock.on('error', () => undefined);
    });
    expect(wsRefused).toBe(401);

    const ok = await fetch(`${base}api/login`, { method: 'POST', body: JSON.stringify({ name: 'wall', password: 'correct horse battery' }) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const counts = await fetch(`${base}trpc/inventory.counts`, { headers: { cookie } });
    expect(counts.status).toBe(200);
    // a viewer may read but not change
    const change = await fetch(`${base}trpc/inventory.create`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', type: 'server' }) });
    expect(change.status).toBe(403);
    const session = await (await fetch(`${base}api/session`, { headers: { cookie } })).json();
    expect(session).toMatchObject({ actor: { name: 'wall', role: 'viewer' }, loginRequired: true });
  });

  it('lets a wall display in with the token alone, read-only, and refuses a wrong one', async () => {
    t = makeCore({ clock: systemClock, token: 'wall-display-s3cret' });
    server = await startServer(t.core, { host: '0.0.0.0', port: 0, rendererDir });
    const base = `http://127.0.0.1:${server.port}/`;
    const wrong = await fetch(`${base}api/login`, { method: 'POST', body: JSON.stringify({ token: 'wall-display-s3creT' }) });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/Wrong token/);
    const ok = await fetch(`${base}api/login`, { method: 'POST', body: JSON.stringify({ token: 'wall-display-s3cret' }) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${base}trpc/inventory.counts`, { headers: { cookie } })).status).toBe(200);
    const change = await fetch(`${base}trpc/racks.createSite`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', code: 'X1' }) });
    expect(change.status).toBe(403);
    // logging out ends the session
    await fetch(`${base}api/logout`, { method: 'POST', headers: { cookie } });
    expect((await fetch(`${base}trpc/inventory.counts`, { headers: { cookie } })).status).toBe(401);
  });

  it('keeps passwords only as scrypt hashes', () => {
    t = makeCore({ clock: systemClock });
    t.core.services.auth.addUser('alice', 'correct horse battery', 'technician');
    const row = t.core.services.store.prepare(`SELECT password_hash FROM local_users WHERE name = 'alice'`).get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(t.core.services.auth.login('alice', 'correct horse battery')?.actor).toMatchObject({ name: 'alice', role: 'technician' });
    expect(t.core.services.auth.login('alice', 'correct horse batterY')).toBeNull();
  });
});
