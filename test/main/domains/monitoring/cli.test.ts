// `noc monitor …` and `noc alarms …` as a person runs them: the real command, a real store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostPort } from '../../../../src-main/cli/monitoring';
import { SNMPD_USERS, snmpdMissing, startSnmpd, type SnmpdPeer } from '../../../peers/snmpd';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
let dir: string;
const noc = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'noc.mjs'), ...args, '--data', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'noc-cli-mon-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HOST[:PORT]', () => {
  it.each([
    ['10.0.0.2', '10.0.0.2', 161],
    ['10.0.0.2:1161', '10.0.0.2', 1161],
    ['sw1.example.net:161', 'sw1.example.net', 161],
    ['[::1]:16161', '::1', 16161],
    ['2001:db8::1', '2001:db8::1', 161],
  ])('%s', (s, address, port) => expect(parseHostPort(s)).toEqual({ address, port }));
  it('refuses a port that is not a number', () => expect(() => parseHostPort('10.0.0.2:snmp')).toThrow(/not a port number/));
});

describe('noc monitor / noc alarms', () => {
  it('adds a switch by address and community, refuses bad input with field errors, lists, links a port', () => {
    const ok = noc('monitor', 'add', '127.0.0.1:16161', '--community', 'n0c-secret', '--name', 'sw-cli', '--json');
    expect(ok.code).toBe(0);
    const view = JSON.parse(ok.out) as { deviceId: string; name: string; credential: { hasSecret: boolean } };
    expect(view).toMatchObject({ name: 'sw-cli', credential: { hasSecret: true } });
    expect(ok.out).not.toContain('n0c-secret');

    const bad = noc('monitor', 'add', '300.0.0.1', '--community', 'has space', '--interval', '5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/address: Not an IP address/);
    expect(bad.err).toMatch(/community: Use printable characters/);
    expect(bad.err).toMatch(/intervalS: .*at least 10 seconds/);

    const list = noc('monitor', 'list', '--json');
    expect(JSON.parse(list.out)).toHaveLength(1);
    expect(list.out).not.toContain('n0c-secret');

    const link = noc('monitor', 'link', 'sw-cli', 'xe-0/0/1', 'srv-1');
    expect(link.code).toBe(2);
    expect(link.err).toMatch(/no interfaces stored yet/);

    const alarms = noc('alarms', 'list', '--json');
    expect(alarms.code).toBe(0);
    expect(JSON.parse(alarms.out)).toEqual([]);
    const ack = noc('alarms', 'ack', 'no-such-alarm', '--comment', 'x');
    expect(ack.code).toBe(1);
    expect(ack.err).toMatch(/No active alarm/);
  }, 120_000);
});

describe.skipIf(!!snmpdMissing())("noc monitor group (a customer's ports under one commit, against a real snmpd)", () => {
  let agent: SnmpdPeer;
  beforeAll(async () => { agent = await startSnmpd({ port: 26271 }); }, 60_000);
  afterAll(async () => agent?.stop());

  it('groups ports of a polled switch for a customer, refuses bad input saying what to do, lists and removes', () => {
    expect(noc('monitor', 'add', '127.0.0.1:26271', '--community', 'public', '--name', 'sw-grp').code).toBe(0);
    const early = noc('monitor', 'group', 'add', 'Acme', 'sw-grp:lo', '--commit', '100');
    expect(early.code).toBe(2);
    expect(early.err).toMatch(/sw-grp has no interfaces stored yet: poll it first/);
    expect(noc('monitor', 'poll', 'sw-grp').code).toBe(0);
    expect(noc('customers', 'add', '--name', 'Acme Hosting', '--email', 'noc@acme.example').code).toBe(0);

    const badCommit = noc('monitor', 'group', 'add', 'Acme', 'sw-grp:lo', '--commit', 'lots');
    expect(badCommit.code).toBe(2);
    expect(badCommit.err).toMatch(/--commit takes Mbit\/s/);
    const badPort = noc('monitor', 'group', 'add', 'Acme', 'sw-grp:xe-9/9/9', '--commit', '100');
    expect(badPort.code).toBe(2);
    expect(badPort.err).toMatch(/sw-grp has no interface xe-9\/9\/9\. It has: lo/);
    const badRef = noc('monitor', 'group', 'add', 'Acme', 'sw-grp', '--commit', '100');
    expect(badRef.err).toMatch(/is not SWITCH:PORT/);
    const badCustomer = noc('monitor', 'group', 'add', 'Acme', 'sw-grp:lo', '--commit', '100', '--customer', 'Nobody Ltd');
    expect(badCustomer.err).toMatch(/No customer called Nobody Ltd/);

    const ok = noc('monitor', 'group', 'add', 'Acme uplinks', 'sw-grp:lo', 'sw-grp:1', '--commit', '250', '--customer', 'Acme Hosting', '--json');
    expect(ok.code).toBe(0);
    const g = JSON.parse(ok.out) as { id: string; interfaceIds: string[]; committedMbps: number; customerId: string };
    expect(g.interfaceIds).toHaveLength(1); // lo and ifIndex 1 are the same port
    expect(g.committedMbps).toBe(250);
    expect(g.customerId).toBeTruthy();
    const list = JSON.parse(noc('monitor', 'group', 'list', '--json').out) as Array<{ id: string; name: string }>;
    expect(list.map((x) => x.name)).toEqual(['Acme uplinks']);
    expect(noc('monitor', 'group', 'remove', g.id).code).toBe(0);
    expect(JSON.parse(noc('monitor', 'group', 'list', '--json').out)).toEqual([]);
  }, 120_000);
});

describe.skipIf(!!snmpdMissing())('noc monitor credential (a group shared by many devices, SNMPv3 against a real snmpd)', () => {
  let agent: SnmpdPeer;
  beforeAll(async () => { agent = await startSnmpd({ port: 26272 }); }, 60_000);
  afterAll(async () => agent?.stop());

  it('makes a v3 group, polls two devices through it, never shows its keys, refuses bad input and removing a group in use', () => {
    const u = SNMPD_USERS.v3AuthPriv;
    const bad = noc('monitor', 'credential', 'add', 'dc1-v3', '--community', 'public', '--v3-user', u.name);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/either --community .* or --v3-user/);
    const made = noc('monitor', 'credential', 'add', 'dc1-v3', '--v3-user', u.name, '--auth-key', u.authKey, '--priv-key', u.privKey, '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ name: 'dc1-v3', version: 'v3', user: u.name, shared: true, hasSecret: true });
    expect(noc('monitor', 'credential', 'add', 'DC1-v3', '--community', 'public').err).toMatch(/exists already/);

    expect(noc('monitor', 'add', '127.0.0.1:26272', '--credential', 'dc1-v3', '--name', 'sw-v3a').code).toBe(0);
    expect(noc('monitor', 'add', 'localhost:26272', '--credential', 'DC1-V3', '--name', 'sw-v3b').code).toBe(0);
    const none = noc('monitor', 'add', '127.0.0.2:26272', '--credential', 'nope');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/No credential group called nope.*noc monitor credential list/);
    expect(noc('monitor', 'add', '127.0.0.2:26272', '--credential', 'dc1-v3', '--community', 'public').err).toMatch(/only one of --community, --v3-user and --credential/);

    const polled = noc('monitor', 'poll', 'sw-v3a');
    expect(polled.code).toBe(0);
    expect(polled.out).toMatch(/sw-v3a: OK/);
    expect(polled.out).toMatch(/sysName snmpd-test/);

    const list = noc('monitor', 'credential', 'list', '--json');
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ name: 'dc1-v3', devices: 2 })]);
    for (const secret of [u.authKey, u.privKey]) {
      expect(list.out).not.toContain(secret);
      expect(noc('monitor', 'list', '--json').out).not.toContain(secret);
    }
    const inUse = noc('monitor', 'credential', 'remove', 'dc1-v3');
    expect(inUse.code).not.toBe(0);
    expect(inUse.err).toMatch(/2 device\(s\) use the credential group dc1-v3/);

    // a group no device uses can go
    expect(noc('monitor', 'credential', 'add', 'wrong-keys', '--v3-user', u.name, '--auth-key', 'not-the-key1', '--priv-key', u.privKey).code).toBe(0);
    expect(noc('monitor', 'credential', 'remove', 'wrong-keys').code).toBe(0);
    expect(JSON.parse(noc('monitor', 'credential', 'list', '--json').out).map((c: { name: string }) => c.name)).toEqual(['dc1-v3']);
  }, 180_000);
});
