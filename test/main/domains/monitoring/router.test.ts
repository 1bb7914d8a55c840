// The monitoring and alarm procedures over a real SQLite file, as each role.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';

let t: TestCore;
beforeEach(() => { t = makeCore(); });
afterEach(() => t.close());

/** The field errors a form would show: zod's issue paths, or the domain error's field. */
async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    const cause = (err as TRPCError).cause as { issues?: Array<{ path: Array<string | number>; message: string }>; field?: string; message: string };
    if (cause?.issues) return Object.fromEntries(cause.issues.map((i) => [i.path.join('.'), i.message]));
    return { [cause?.field ?? '_']: cause?.message ?? (err as Error).message };
  }
  throw new Error('expected the call to fail');
}

describe('add a switch by address and community (one form)', () => {
  it('creates the inventory device, the monitoring row and sealed credentials; never returns the community', async () => {
    const view = await t.caller(actor('technician', 'tom')).monitoring.add({ address: '127.0.0.1', port: 16161, community: 'n0c-s3cret', name: 'sw-core-1' });
    expect(view).toMatchObject({ name: 'sw-core-1', type: 'switch', address: '127.0.0.1', port: 16161, intervalS: 60, enabled: true });
    expect(view.credential).toMatchObject({ version: 'v2c', hasSecret: true, shared: false });
    expect(JSON.stringify(view)).not.toContain('n0c-s3cret');
    const list = await t.caller(actor('viewer')).monitoring.list();
    expect(JSON.stringify(list)).not.toContain('n0c-s3cret');
    const stored = t.core.services.store.db.prepare(`SELECT secret FROM snmp_credentials`).get() as { secret: string };
    expect(stored.secret).not.toContain('n0c-s3cret');
    const audit = t.core.services.store.db.prepare(`SELECT group_concat(after) AS a FROM audit`).get() as { a: string };
    expect(audit.a).not.toContain('n0c-s3cret');
    const device = await t.caller().inventory.get({ id: view.deviceId });
    expect(device?.device).toMatchObject({ name: 'sw-core-1', type: 'switch', mgmtIp: '127.0.0.1' });
    // the pollers get it back
    const target = t.core.services.monitoring.snmpTarget(t.core.services.monitoring.repo.deviceFor(view.deviceId)!);
    expect(target).toEqual({ host: '127.0.0.1', port: 16161, credentials: { version: 'v2c', community: 'n0c-s3cret' } });
  });

  it('refuses bad input with field errors', async () => {
    const c = t.caller(actor('technician'));
    expect(await fieldErrors(c.monitoring.add({ address: '300.1.1.1', community: 'public' }))).toHaveProperty('address');
    expect(await fieldErrors(c.monitoring.add({ address: 'sw 1', community: 'public' }))).toHaveProperty('address');
    expect(await fieldErrors(c.monitoring.add({ address: '127.0.0.1', community: 'has space' }))).toHaveProperty('community');
    expect(await fieldErrors(c.monitoring.add({ address: '127.0.0.1' }))).toHaveProperty('community');
    const interval = await fieldErrors(c.monitoring.add({ address: '127.0.0.1', community: 'public', intervalS: 5 }));
    expect(interval.intervalS).toMatch(/at least 10 seconds/);
    expect(await fieldErrors(c.monitoring.add({ address: '127.0.0.1', community: 'public', port: 70000 }))).toHaveProperty('port');
    expect(await fieldErrors(c.monitoring.add({ address: '127.0.0.1', v3: { user: 'u', authKey: 'short' } }))).toHaveProperty('v3.authKey');
    expect(t.core.services.monitoring.list()).toEqual([]);
    expect(t.core.services.store.db.prepare(`SELECT count(*) AS n FROM devices`).get()).toEqual({ n: 0 });
  });

  it('refuses a second device on the same address and port, naming the first', async () => {
    const c = t.caller(actor('technician'));
    await c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'sw1' });
    expect(await fieldErrors(c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'sw2' }))).toEqual({ address: '127.0.0.1:161 is already monitored as sw1.' });
  });

  it('refuses a parent loop', async () => {
    const c = t.caller(actor('technician'));
    const a = await c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'a' });
    const b = await c.monitoring.add({ address: '127.0.0.2', community: 'public', name: 'b', parentDeviceId: a.deviceId });
    expect(await fieldErrors(c.monitoring.update({ deviceId: a.deviceId, patch: { parentDeviceId: b.deviceId } }))).toHaveProperty('parentDeviceId');
  });

  it('a viewer may look but not add', async () => {
    await expect(t.caller(actor('viewer')).monitoring.add({ address: '127.0.0.1', community: 'public' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('v3 credentials and credential groups', async () => {
    const c = t.caller(actor('admin'));
    const v3 = await c.monitoring.add({ address: '127.0.0.3', v3: { user: 'noc', authKey: 'authpass123', privKey: 'privpass123' }, name: 'sw3' });
    expect(v3.credential).toMatchObject({ version: 'v3', user: 'noc', authProtocol: 'sha', privProtocol: 'aes', hasSecret: true });
    const group = await c.monitoring.createCredentialGroup({ name: 'core switches', community: 'grp-secret' });
    const a = await c.monitoring.add({ address: '127.0.0.4', credentialId: group.id, name: 'sw4' });
    const b = await c.monitoring.add({ address: '127.0.0.5', credentialId: group.id, name: 'sw5' });
    expect(a.credential?.id).toBe(group.id);
    expect((await c.monitoring.credentials())[0]).toMatchObject({ name: 'core switches', devices: 2, shared: true });
    expect(t.core.services.monitoring.snmpTarget(t.core.services.monitoring.repo.deviceFor(b.deviceId)!)?.credentials).toEqual({ version: 'v2c', community: 'grp-secret' });
    // changing one device's own credentials does not touch the group
    await c.monitoring.update({ deviceId: b.deviceId, patch: { community: 'own-one' } });
    expect(t.core.services.monitoring.snmpTarget(t.core.services.monitoring.repo.deviceFor(a.deviceId)!)?.credentials).toEqual({ version: 'v2c', community: 'grp-secret' });
    expect(t.core.services.monitoring.snmpTarget(t.core.services.monitoring.repo.deviceFor(b.deviceId)!)?.credentials).toEqual({ version: 'v2c', community: 'own-one' });
  });
});

describe('checks, interfaces and the port graph from a server', () => {
  it('adds checks with field errors, links a switch port to a server and finds it from the server', async () => {
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'sw1' });
    const srv = await c.inventory.create({ name: 'srv1', type: 'server' });
    expect(await fieldErrors(c.monitoring.addCheck({ deviceId: srv.id, kind: 'tcp' }))).toHaveProperty('port');
    expect(await fieldErrors(c.monitoring.addCheck({ deviceId: srv.id, kind: 'http', url: 'ftp://x' }))).toHaveProperty('url');
    expect(await fieldErrors(c.monitoring.addCheck({ deviceId: srv.id, kind: 'ping', intervalS: 3 }))).toHaveProperty('intervalS');
    const http = await c.monitoring.addCheck({ deviceId: srv.id, kind: 'http', url: 'https://srv1.example/health', expectText: 'ok', intervalS: 30 });
    expect(http).toMatchObject({ name: 'https://srv1.example/health', intervalS: 30, enabled: true });
    t.core.services.monitoring.recordInterfaces(sw.deviceId, [
      { ifIndex: 1, name: 'xe-0/0/1', alias: '', descr: 'port 1', speedMbps: 10_000 },
      { ifIndex: 2, name: 'xe-0/0/2', alias: 'srv1', descr: 'port 2', speedMbps: 10_000 },
    ]);
    const again = t.core.services.monitoring.recordInterfaces(sw.deviceId, [{ ifIndex: 2, name: 'xe-0/0/2', alias: 'srv1', descr: 'port 2', speedMbps: 10_000 }]);
    expect(again).toEqual({ created: 0, changed: 0 });
    const port = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.ifIndex === 2)!;
    await c.monitoring.updateInterface({ id: port.id, linkedDeviceId: srv.id, committedMbps: 1000 });
    const fromServer = await c.monitoring.detail({ deviceId: srv.id });
    expect(fromServer.uplinks).toHaveLength(1);
    expect(fromServer.uplinks[0]).toMatchObject({ id: port.id, switchName: 'sw1', committedMbps: 1000 });
    expect(fromServer.checks.map((x) => x.kind)).toEqual(['http']);
    const graph = await c.monitoring.graph({ interfaceId: port.id, range: 'day' });
    expect(graph).toMatchObject({ t: [], committedBps: 1e9, p95Bps: null });
  });
});

describe('alarms procedures', () => {
  it('raise from another domain, acknowledge with who and a comment from the wall, history with timeline', async () => {
    const admin = t.caller(actor('admin'));
    const raised = await admin.alarms.raise({ key: 'ipmi:psu:srv1', label: 'srv1 PSU 2', state: 'CRITICAL', message: 'PSU 2 failed', source: 'ipmi' });
    expect(raised).toMatchObject({ state: 'CRITICAL', audible: true, source: 'ipmi' });
    const wall = t.caller({ id: 'token', name: 'wall-token', role: 'viewer' });
    expect(await fieldErrors(wall.alarms.ack({ id: raised!.id, comment: '  ' }))).toHaveProperty('comment');
    t.clock.advance(30_000);
    const acked = await wall.alarms.ack({ id: raised!.id, comment: 'swapping it', by: 'Dana' });
    expect(acked.ack).toEqual({ by: 'Dana via wall-token', at: t.clock.now(), comment: 'swapping it' });
    expect(acked.audible).toBe(false);
    await admin.alarms.raise({ key: 'ipmi:psu:srv1', label: 'srv1 PSU 2', state: 'OK', message: 'PSU 2 back', source: 'ipmi' });
    expect(await wall.alarms.active()).toEqual([]);
    const history = await wall.alarms.list({});
    expect(history[0]).toMatchObject({ id: raised!.id, clearedAt: t.clock.now(), ack: { by: 'Dana via wall-token' } });
    const timeline = await wall.alarms.timeline({ id: raised!.id });
    expect(timeline.map((e) => [e.kind, e.actor])).toEqual([['raised', 'system'], ['ack', 'Dana via wall-token'], ['cleared', 'system']]);
    // acknowledging what is gone says so
    await expect(wall.alarms.ack({ id: raised!.id, comment: 'late' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    // the ack is audited with the person's login
    const audit = t.core.services.store.history('alarms', raised!.id);
    expect(audit.map((a) => a.actor)).toContain('wall-token');
  });

  it('snooze and maintenance windows', async () => {
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'sw1' });
    const a = t.core.services.alarms.raise({ key: 'ext:x', deviceId: sw.deviceId, label: 'sw1 fan', state: 'WARNING', message: 'fan slow', source: 'test' })!;
    const snoozed = await c.alarms.snooze({ id: a.id, minutes: 10 });
    expect(snoozed.snoozedUntil).toBe(t.clock.now() + 600_000);
    expect(await fieldErrors(c.alarms.snooze({ id: a.id, minutes: 5000 }))).toHaveProperty('minutes');
    expect(await fieldErrors(c.alarms.addWindow({ name: 'w', startsAt: 10, endsAt: 5, deviceIds: [sw.deviceId] }))).toHaveProperty('endsAt');
    await c.alarms.addWindow({ name: 'fan swap', startsAt: t.clock.now(), endsAt: t.clock.now() + 3_600_000, deviceIds: [sw.deviceId], reason: 'fan swap' });
    expect((await c.alarms.active())[0]).toMatchObject({ maintenance: true, audible: false });
    expect(await c.alarms.windows()).toHaveLength(1);
  });

  it('active alarms survive a restart without being raised again', async () => {
    const a = t.core.services.alarms.raise({ key: 'ext:y', deviceId: null, label: 'y', state: 'DOWN', message: 'down', source: 'test' })!;
    const dir = t.dir;
    t.core.close();
    const { createCore } = await import('../../../../src-main/core/create-core');
    const again = createCore({ dataDir: dir, clock: t.clock });
    try {
      expect(again.services.alarms.active().map((x) => x.id)).toEqual([a.id]);
      again.services.alarms.raise({ key: 'ext:y', deviceId: null, label: 'y', state: 'DOWN', message: 'still down', source: 'test' });
      expect(again.services.alarms.timeline(a.id).map((e) => e.kind)).toEqual(['raised']);
    } finally {
      again.close();
    }
    t.core = createCore({ dataDir: dir, clock: t.clock });
  });
});
