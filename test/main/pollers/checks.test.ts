// Service checks against real servers on loopback (HTTP, TCP) and Debian's fping; what a
// failed SNMP poll means.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { SnmpError } from '../../../src-main/protocols/snmp';
import { httpCheck } from '../../../src-main/pollers/checks/http';
import { parseFping, PingBatcher } from '../../../src-main/pollers/checks/ping';
import { tcpCheck } from '../../../src-main/pollers/checks/tcp';
import { classifyFailure } from '../../../src-main/pollers/snmp-job';
import { actor, makeCore, type TestCore } from '../helpers';

let web: Server;
let webPort: number;

beforeAll(async () => {
  web = createServer((req, res) => {
    if (req.url === '/health') res.end('<html>status: all good</html>');
    else if (req.url === '/down') { res.statusCode = 503; res.end('maintenance'); }
    else if (req.url === '/hang') { /* never answers */ }
    else { res.statusCode = 404; res.end('no'); }
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
  webPort = (web.address() as AddressInfo).port;
});
afterAll(async () => {
  web.closeAllConnections();
  await new Promise((r) => web.close(r));
});

const spec = (path: string, expectText = '', expectStatus = 0) => ({ url: `http://127.0.0.1:${webPort}${path}`, expectStatus, expectText, timeoutMs: 500, tlsVerify: true });

describe('http check', () => {
  it('passes on the expected status and text, fails with a reason otherwise', async () => {
    expect(await httpCheck(spec('/health', 'all good'))).toMatchObject({ ok: true, status: 200, message: 'HTTP 200, text found' });
    expect(await httpCheck(spec('/health', 'database ok'))).toMatchObject({ ok: false, status: 200, message: 'HTTP 200, but "database ok" is not in the page' });
    expect(await httpCheck(spec('/down'))).toMatchObject({ ok: false, status: 503 });
    expect(await httpCheck(spec('/down', '', 503))).toMatchObject({ ok: true });
    expect(await httpCheck(spec('/hang'))).toMatchObject({ ok: false, status: null, message: 'no answer within 500 ms' });
    expect(await httpCheck({ ...spec('/'), url: 'http://127.0.0.1:1/' })).toMatchObject({ ok: false, message: 'connection refused' });
  });
});

describe('https check', () => {
  it('a self-signed certificate fails with a reason unless checking is off; then status and text count as for HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noc-https-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    expect(made.status, 'openssl could not make a test certificate').toBe(0);
    const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => res.end(req.url === '/health' ? 'status: all good' : 'other'));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/health`;
    try {
      expect(await httpCheck({ url, expectStatus: 0, expectText: 'all good', timeoutMs: 2000, tlsVerify: true })).toMatchObject({ ok: false, status: null, message: expect.stringMatching(/self-signed certificate/) });
      expect(await httpCheck({ url, expectStatus: 0, expectText: 'all good', timeoutMs: 2000, tlsVerify: false })).toMatchObject({ ok: true, status: 200, message: 'HTTP 200, text found' });
      expect(await httpCheck({ url, expectStatus: 0, expectText: 'database ok', timeoutMs: 2000, tlsVerify: false })).toMatchObject({ ok: false, status: 200 });
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tcp check', () => {
  it('open and refused ports', async () => {
    const srv = createTcpServer((s) => s.end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    expect(await tcpCheck('127.0.0.1', port, 500)).toMatchObject({ ok: true });
    await new Promise((r) => srv.close(r));
    expect(await tcpCheck('127.0.0.1', port, 500)).toMatchObject({ ok: false, error: 'connection refused' });
  });
});

describe('ping through fping', () => {
  it('batches every ping of one event-loop turn into one fping process', async () => {
    const pinger = new PingBatcher({ count: 2, timeoutMs: 300, periodMs: 20 });
    try {
      const results = await Promise.all(['127.0.0.1', '127.0.0.2', '127.0.0.3', 'no-such-host.invalid'].map((a) => pinger.ping(a)));
      expect(pinger.processes).toBe(1);
      for (const r of results.slice(0, 3)) expect(r).toMatchObject({ sent: 2, received: 2, lossPct: 0 });
      expect(results[3]).toMatchObject({ received: 0 });
      expect(results[3]!.error).toMatch(/no result|unknown host/);
    } finally {
      pinger.close();
    }
  });

  it('parses loss and round trips', () => {
    const r = parseFping('10.0.0.1 : 0.10 - 0.30\n10.0.0.2 : - - -\ngarbage line\n', 3);
    expect(r.get('10.0.0.1')).toMatchObject({ sent: 3, received: 2, lossPct: 33, rttMs: 0.2 });
    expect(r.get('10.0.0.2')).toMatchObject({ received: 0, lossPct: 100, rttMs: null });
    expect(r.size).toBe(2);
  });
});

describe('what a failed poll means', () => {
  const timeout = new SnmpError('timeout', 'no answer from 10.0.0.1:161', 'timeout');
  const alive = { target: 'x', sent: 1, received: 1, lossPct: 0, rttMs: 0.1 };
  const dead = { target: 'x', sent: 1, received: 0, lossPct: 100, rttMs: null };
  it.each([
    ['silent agent, silent host', timeout, dead, 'v2c', false, 'DOWN', 'timeout'],
    ['v2c silent agent, host answers ping: wrong community', timeout, alive, 'v2c', false, 'UNKNOWN', 'auth'],
    ['v3 silent agent, host answers ping', timeout, alive, 'v3', false, 'UNKNOWN', 'timeout'],
    ['v2c with an authenticationFailure trap from the agent', timeout, dead, 'v2c', true, 'UNKNOWN', 'auth'],
    ['v3 report: wrong digest', new SnmpError('auth', 'wrong digest', 'usmStatsWrongDigests'), null, 'v3', false, 'UNKNOWN', 'auth'],
    ['garbage answer', new SnmpError('protocol', 'bad', 'genErr'), null, 'v2c', false, 'UNKNOWN', 'protocol'],
  ] as const)('%s', (_name, err, ping, version, trap, state, problem) => {
    expect(classifyFailure(err, ping, version, trap)).toMatchObject({ state, problem });
  });
});

describe('check jobs through the alarm engine', () => {
  let t: TestCore;
  afterEach(async () => {
    await t.core.services.pollers.stop();
    t.close();
  });

  it('an HTTP check that keeps failing raises after its attempts; a ping-only device gets its host state from ping', async () => {
    t = makeCore({ clock: systemClock, monitoring: { enabled: true, trapPort: null, ping: { count: 1, timeoutMs: 300 } } });
    const c = t.caller(actor('technician'));
    const srv = await c.inventory.create({ name: 'web1', type: 'server', mgmtIp: '127.0.0.1' });
    const http = await c.monitoring.addCheck({ deviceId: srv.id, kind: 'http', url: `http://127.0.0.1:${webPort}/down`, intervalS: 3600 });
    const ping = await c.monitoring.addCheck({ deviceId: srv.id, kind: 'ping', intervalS: 3600 });
    for (let i = 0; i < 10 && !t.core.services.pollers.isRunning; i++) await new Promise((r) => setTimeout(r, 20));
    await t.core.services.pollers.checkNow(ping.id);
    expect(t.core.services.pollers.liveState(srv.id)).toMatchObject({ state: 'OK' });
    for (let i = 0; i < 2; i++) await t.core.services.pollers.checkNow(http.id);
    expect(t.core.services.alarms.active()).toEqual([]);
    expect(t.core.services.alarms.engine.isSoftFailing(`svc:${http.id}`)).toBe(true);
    await t.core.services.pollers.checkNow(http.id);
    const [a] = t.core.services.alarms.active();
    expect(a).toMatchObject({ state: 'CRITICAL', subjectKind: 'service', deviceId: srv.id, label: `web1 http://127.0.0.1:${webPort}/down` });
    expect(a!.message).toMatch(/HTTP 503/);
  });
});
