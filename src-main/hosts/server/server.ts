// The headless host: HTTP + WebSocket around the same core and router as the desktop app.
// For wall displays, browsers, customers and tests. Loopback by default; beyond loopback
// (--host) it refuses to start without a way to log in.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Core } from '../../core/create-core';
import { localActor } from '../../core/create-core';
import { actorOf, isLoopbackHost, SESSION_COOKIE, type AuthPolicy } from './auth';
import { serveStatic } from './static';
import { handlePublicLink } from '../../domains/notifications/public-links';

export interface ServeOptions {
  host?: string;
  port?: number;
  rendererDir: string;
  version?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const loginBody = z.union([
  z.object({ name: z.string().min(1), password: z.string().min(1) }),
  z.object({ token: z.string().min(1) }),
]);

export class LoginRequiredError extends Error {}

export async function startServer(core: Core, opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const policy: AuthPolicy = { requireLogin: !isLoopbackHost(host), localActor: localActor(), auth: core.services.auth };
  if (policy.requireLogin && !core.services.auth.hasLogins()) {
    throw new LoginRequiredError(`Listening on ${host} (beyond loopback) needs a login. Add one with \`noc user add NAME --role viewer\`, or pass --token (or NOC_TOKEN) for wall displays.`);
  }
  const started = core.services.clock.now();
  const trpc = createHTTPHandler({
    router: core.router,
    basePath: '/trpc/',
    createContext: ({ req }) => core.createContext(actorOf(policy, req)),
  });

  // Cross-site and DNS-rebinding guard (see requestRefusal); `port` is known once listening.
  let port = 0;
  const server = createServer((req, res) => {
    const refusal = requestRefusal(req, { loopback: !policy.requireLogin, bindHost: host, port }, req.method !== 'GET' && req.method !== 'HEAD');
    if (refusal) return json(res, 403, { error: refusal });
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(err instanceof Error ? err.message : err) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') return json(res, 200, { ok: true, version: opts.version ?? '0', store: core.file, uptimeMs: core.services.clock.now() - started, loginRequired: policy.requireLogin });
    if (path === '/api/session') return json(res, 200, { actor: actorOf(policy, req), loginRequired: policy.requireLogin });
    if (path === '/api/login' && req.method === 'POST') return login(req, res);
    if (path === '/api/logout' && req.method === 'POST') {
      const sid = req.headers.cookie?.match(new RegExp(`${SESSION_COOKIE}=([^;]+)`))?.[1];
      if (sid) core.services.auth.logout(decodeURIComponent(sid));
      res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);
      return json(res, 200, { ok: true });
    }
    if (path.startsWith('/trpc/')) return trpc(req, res);
    // Issue 7: links customers open from e-mails (one-time password, cancellation confirmation); no login.
    if (path.startsWith('/l/')) return handlePublicLink(core.services, req, res);
    serveStatic(opts.rendererDir, req, res);
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, 8192));
    } catch (_err) {
      return json(res, 400, { error: 'Send JSON: {"name", "password"} or {"token"}.' });
    }
    const parsed = loginBody.safeParse(body);
    if (!parsed.success) return json(res, 400, { error: 'Send {"name", "password"} or {"token"}.' });
    const result = 'token' in parsed.data ? core.services.auth.loginWithToken(parsed.data.token) : core.services.auth.login(parsed.data.name, parsed.data.password);
    if (!result) return json(res, 401, { error: 'token' in parsed.data ? 'Wrong token: use the one the host was started with (--token or NOC_TOKEN).' : 'Wrong name or password.' });
    res.setHeader('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(result.sessionId)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200`);
    return json(res, 200, { actor: result.actor });
  }

  // Subscriptions (and everything else) over WebSocket, with the same login check.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const wsHandler = applyWSSHandler({
    wss,
    router: core.router,
    createContext: ({ req }) => core.createContext(actorOf(policy, req)),
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
  });
  server.on('upgrade', (req, socket, head) => {
    const refusal = requestRefusal(req, { loopback: !policy.requireLogin, bindHost: host, port }, true);
    if (refusal) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${refusal}\n`);
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/trpc-ws' || (policy.requireLogin && !actorOf(policy, req))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4780, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    server,
    async close() {
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Why a request must be refused, or null. Web pages on other sites must not drive this host:
 * - on loopback (no login, every caller is admin) the Host must name this machine, so a
 *   DNS-rebound name (attacker.example → 127.0.0.1) gets nothing, not even GET /trpc/;
 * - beyond loopback any Host is fine (wall displays reach it by DNS name) since a login is
 *   needed and its cookie is bound to the real name;
 * - a WebSocket upgrade or a non-GET call with an Origin must come from a page on this same
 *   host (browsers apply no CORS to WebSockets; POST could be a cross-site form or fetch).
 */
export function requestRefusal(req: IncomingMessage, at: { loopback: boolean; bindHost: string; port: number }, checkOrigin: boolean): string | null {
  const hostHeader = req.headers.host ?? '';
  if (at.loopback) {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]', at.bindHost.includes(':') ? `[${at.bindHost}]` : at.bindHost]);
    const target = hostPort(hostHeader);
    if (!target || !names.has(target.name) || target.port !== at.port) {
      return `This host answers only to 127.0.0.1:${at.port}, localhost:${at.port} or [::1]:${at.port} (the request named "${hostHeader}"). Open the app at http://127.0.0.1:${at.port}/.`;
    }
  }
  const origin = req.headers.origin;
  if (checkOrigin && origin !== undefined) {
    // Scheme not compared: a TLS proxy in front changes it, the host:port still has to match.
    const from = originHostPort(origin);
    const self = hostPort(hostHeader);
    if (!from || !self || from.name !== self.name || from.port !== self.port) {
      return `Refused a call from the page at ${origin}: only pages served by this host (${hostHeader}) may change or subscribe to it.`;
    }
  }
  return null;
}

function hostPort(value: string): { name: string; port: number } | null {
  try {
    const u = new URL(`http://${value}`);
    if (u.host !== value.toLowerCase() && u.host !== value.toLowerCase().replace(/:80$/, '')) return null; // no userinfo/path tricks
    return { name: u.hostname, port: u.port === '' ? 80 : Number(u.port) };
  } catch (_err) {
    return null;
  }
}

function originHostPort(origin: string): { name: string; port: number } | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null; // "null", file:, extensions
    return { name: u.hostname, port: u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port) };
  } catch (_err) {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
