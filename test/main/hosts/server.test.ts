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
import { request as httpRequest } from 'node:http';

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
    // WebSockets back to this host only ('self'), not to any ws:/wss: host
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self';/);
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

/** One HTTP request with exactly the Host and Origin a browser (or an attacker's page) would send. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Opens /trpc-ws with the given headers and sends racks.createSite: the reply, or the refusal's status and body. */
function wsCreateSite(port: number, headers: Record<string, string>, name: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const sock = new WebSocket(`ws://127.0.0.1:${port}/trpc-ws`, { headers });
    const timer = setTimeout(() => { sock.terminate(); resolve({ status: -1, body: 'timeout' }); }, 5000);
    sock.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }); });
    });
    sock.on('open', () => sock.send(JSON.stringify({ id: 1, method: 'mutation', params: { path: 'racks.createSite', input: { name, code: name.slice(0, 4).toUpperCase(), address: '' } } })));
    sock.on('message', (m: Buffer) => { clearTimeout(timer); sock.close(); resolve({ status: 101, body: m.toString('utf8') }); });
    sock.on('error', () => undefined);
  });
}

const siteCount = (core: TestCore['core']) => (core.services.store.prepare(`SELECT count(*) AS n FROM sites`).get() as { n: number }).n;

describe('headless host refuses other web sites (cross-site WebSocket, CSRF, DNS rebinding)', () => {
  it('on loopback: a WebSocket from a foreign page is refused before the upgrade and writes nothing', async () => {
    t = makeCore({ clock: systemClock });
    server = await startServer(t.core, { port: 0, rendererDir });
    const port = server.port;
    const foreignOrigin = await wsCreateSite(port, { Origin: 'https://evil.example' }, 'Pwned');
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toMatch(/Refused a call from the page at https:\/\/evil\.example/);
    const rebound = await wsCreateSite(port, { Host: `attacker.example:${port}`, Origin: `http://attacker.example:${port}` }, 'Rebound');
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/answers only to 127\.0\.0\.1/);
    const nullOrigin = await wsCreateSite(port, { Origin: 'null' }, 'Sandboxed');
    expect(nullOrigin.status).toBe(403);
    expect(siteCount(t.core)).toBe(0);

    // the app's own page (same origin), and a client without Origin (CLI, scripts), still work
    const own = await wsCreateSite(port, { Origin: `http://127.0.0.1:${port}` }, 'Own page');
    expect(own.status).toBe(101);
    expect(own.body).toContain('"name":"Own page"');
    const viaLocalhost = await wsCreateSite(port, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` }, 'Localhost');
    expect(viaLocalhost.body).toContain('"name":"Localhost"');
    expect(siteCount(t.core)).toBe(2);
  });

  it('on loopback: a foreign Host gets 403 even for GET, a foreign Origin cannot POST, same-origin can', async () => {
    t = makeCore({ clock: systemClock });
    server = await startServer(t.core, { port: 0, rendererDir });
    const port = server.port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `user@127.0.0.1:${port}`]) {
      const r = await raw(port, { path: '/trpc/racks.tree', headers: { Host: host } });
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body).error).toMatch(/answers only to 127\.0\.0\.1:\d+, localhost:\d+ or \[::1\]:\d+/);
    }
    expect((await raw(port, { path: '/healthz', headers: { Host: 'evil.example' } })).status).toBe(403);
    expect((await raw(port, { path: '/healthz', headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw(port, { path: '/healthz', headers: { Host: `[::1]:${port}` } })).status).toBe(200);

    const create = (origin: string, name: string) => raw(port, {
      method: 'POST', path: '/trpc/racks.createSite',
      headers: { Host: `127.0.0.1:${port}`, Origin: origin, 'content-type': 'application/json' },
      body: JSON.stringify({ name, code: name.slice(0, 4).toUpperCase(), address: '' }),
    });
    const csrf = await create('https://evil.example', 'Csrf');
    expect(csrf.status).toBe(403);
    expect(JSON.parse(csrf.body).error).toMatch(/only pages served by this host/);
    expect((await create(`http://127.0.0.1:${port + 1}`, 'Other port')).status).toBe(403);
    expect(siteCount(t.core)).toBe(0);
    const own = await create(`http://127.0.0.1:${port}`, 'Same origin');
    expect(own.status).toBe(200);
    expect(siteCount(t.core)).toBe(1);
  });

  it('beyond loopback: wall displays may use a DNS name, but a foreign page still cannot log in or open the WebSocket', async () => {
    t = makeCore({ clock: systemClock, token: 'wall-display-s3cret' });
    server = await startServer(t.core, { host: '0.0.0.0', port: 0, rendererDir });
    const port = server.port;
    const named = `noc.dc1.example:${port}`;
    expect((await raw(port, { path: '/healthz', headers: { Host: named } })).status).toBe(200);
    const body = JSON.stringify({ token: 'wall-display-s3cret' });
    const foreign = await raw(port, { method: 'POST', path: '/api/login', headers: { Host: named, Origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    const own = await raw(port, { method: 'POST', path: '/api/login', headers: { Host: named, Origin: `http://${named}` }, body });
    expect(own.status).toBe(200);
    // behind a TLS proxy the scheme differs, the host:port does not
    expect((await raw(port, { method: 'POST', path: '/api/login', headers: { Host: named, Origin: `https://${named}` }, body })).status).toBe(200);
    const ws = await wsCreateSite(port, { Host: named, Origin: 'https://evil.example' }, 'Pwned');
    expect(ws.status).toBe(403);
  });

  it('error replies carry no stack trace or file path', async () => {
    t = makeCore({ clock: systemClock });
    server = await startServer(t.core, { port: 0, rendererDir });
    const port = server.port;
    const bad = await raw(port, { method: 'POST', path: '/trpc/racks.createSite', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(400);
    const reply = JSON.parse(bad.body) as { error: { data: Record<string, unknown> } };
    expect(reply.error.data.fieldErrors).toBeTruthy(); // the form still gets its field errors
    const wrongType = await raw(port, { method: 'POST', path: '/trpc/racks.createSite', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(415);
    const missing = await raw(port, { path: '/trpc/nothing.here' });
    expect(missing.status).toBe(404);
    const site = { method: 'POST', path: '/trpc/racks.createSite', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Twice', code: 'TWC1', address: '' }) };
    expect((await raw(port, site)).status).toBe(200);
    const conflict = await raw(port, site); // an error thrown deep in the core (SQLite's unique code)
    expect(conflict.status).toBeGreaterThanOrEqual(400);
    for (const r of [bad, wrongType, missing, conflict]) {
      expect(r.body).not.toMatch(/"stack"/);
      expect(r.body).not.toMatch(/\.ts:\d+|node_modules|\n\s+at /);
    }
  });
});
