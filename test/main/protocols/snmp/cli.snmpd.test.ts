// `noc snmp …` (src-main/cli/snmp.ts) against the real snmpd, output captured.
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTarget, parseHostPort, registerSnmpCommands, resolveOidName } from '../../../../src-main/cli/snmp';
import { snmpdMissing, startSnmpd, type SnmpdPeer } from '../../../peers/snmpd';
import { isRunning, skipNote } from './helpers/peers';

const PORT = 26140;
const missing = snmpdMissing();

async function noc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const program = new Command('noc').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerSnmpCommands(program, { out: (s) => (out += s), err: (s) => (err += s), env });
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'noc', ...args]);
  } catch (e) {
    // commander's own usage errors (exitOverride)
    return { out, err, code: (e as { exitCode?: number }).exitCode ?? 1 };
  }
  return { out, err, code: Number(process.exitCode ?? 0) };
}

describe('CLI argument parsing', () => {
  it('parses HOST[:PORT] and IPv6', () => {
    expect(parseHostPort('10.0.0.1')).toEqual({ host: '10.0.0.1', port: 161 });
    expect(parseHostPort('sw1:1161')).toEqual({ host: 'sw1', port: 1161 });
    expect(parseHostPort('[::1]:162')).toEqual({ host: '::1', port: 162 });
    expect(parseHostPort('::1')).toEqual({ host: '::1', port: 161 });
    expect(() => parseHostPort('h:0')).toThrow(/not a UDP port/);
  });

  it('builds v3 credentials, reading "-" keys from the environment', () => {
    const t = buildTarget('h', { v3: 'mon,sha-256,-,AES,-' }, { SNMP_AUTH_KEY: 'a'.repeat(10), SNMP_PRIV_KEY: 'p'.repeat(10) });
    expect(t.credentials).toEqual({ version: 'v3', user: 'mon', authProtocol: 'sha256', authKey: 'aaaaaaaaaa', privProtocol: 'aes', privKey: 'pppppppppp' });
    expect(buildTarget('h', { v3: 'mon' }, {}).credentials).toMatchObject({ version: 'v3', user: 'mon', authKey: undefined });
    expect(() => buildTarget('h', { v3: 'mon,SHA' }, {})).toThrow(/--v3 takes/);
    expect(() => buildTarget('h', { v3: 'mon,SHA,-' }, {})).toThrow(/SNMP_AUTH_KEY is not set/);
    expect(() => buildTarget('h', { v3: 'mon,SHA9,k' }, {})).toThrow(/unknown authentication protocol/);
    expect(() => buildTarget('h', { v3: 'mon', community: 'x' }, {})).toThrow(/not both/);
    expect(buildTarget('h', {}, { SNMP_COMMUNITY: 'c0mm' }).credentials).toEqual({ version: 'v2c', community: 'c0mm' });
  });

  it('knows a few names, since there are no MIB files', () => {
    expect(resolveOidName('ifTable')).toBe('1.3.6.1.2.1.2.2');
    expect(resolveOidName('sysName.0')).toBe('1.3.6.1.2.1.1.5.0');
    expect(resolveOidName('.1.3.6.1')).toBe('.1.3.6.1');
    expect(() => resolveOidName('IF-MIB::ifFoo')).not.toThrow(); // not a bare name: left to the OID check
    expect(() => resolveOidName('ifFoo')).toThrow(/unknown name/);
  });
});

describe.skipIf(!!missing)(skipNote('noc snmp against snmpd', missing), () => {
  let agent: SnmpdPeer;
  beforeAll(async () => {
    agent = await startSnmpd({ port: PORT });
  });
  afterAll(async () => {
    await agent?.stop();
    expect(isRunning(agent.pid)).toBe(false);
  });
  afterEach(() => {
    process.exitCode = 0;
  });
  const host = `127.0.0.1:${PORT}`;

  it('poll prints the system group and a readable interface table', async () => {
    const r = await noc(['snmp', 'poll', host]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^snmpd-test {2}127\.0\.0\.1:26140 {2}up \d+d \d\d:\d\d:\d\d/);
    expect(r.out).toMatch(/ifIndex +name +oper +admin +speed +in octets +out octets/);
    expect(r.out).toMatch(/\n +1 {2}lo +up +up +10M +\d+ +\d+/);
    expect(r.out).toContain('uplink-to-core');
    expect(r.out).toMatch(/Memory: [\d.]+ \w+ used of/);
  });

  it('poll --json over v3, counters as decimal strings', async () => {
    const r = await noc(['snmp', 'poll', host, '--v3', 'v3user,SHA,-,AES,-', '--json'], { SNMP_AUTH_KEY: 'authpass123', SNMP_PRIV_KEY: 'privpass123' });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { system: { sysName: string }; interfaces: { ifIndex: number; ifHCInOctets: string }[] };
    expect(j.system.sysName).toBe('snmpd-test');
    expect(j.interfaces[0]!.ifHCInOctets).toMatch(/^\d+$/);
  });

  it('walk prints one varbind per line; --json gives an array', async () => {
    const r = await noc(['snmp', 'walk', host, 'system']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1.3.6.1.2.1.1.5.0 = OctetString: snmpd-test\n');
    const j = await noc(['snmp', 'walk', host, '1.3.6.1.2.1.31.1.1.1.1', '--json']);
    expect(JSON.parse(j.out)).toContainEqual({ oid: '1.3.6.1.2.1.31.1.1.1.1.1', type: 'OctetString', value: 'lo' });
  });

  it('explains a timeout, and that a wrong v2c community looks the same', async () => {
    const r = await noc(['snmp', 'poll', host, '-c', 'wrong', '-t', '200', '-r', '0']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no answer from 127\.0\.0\.1:26140/);
    expect(r.err).toMatch(/community is wrong/);
  });

  it('explains a v3 authentication failure as such', async () => {
    const r = await noc(['snmp', 'get', host, 'sysName.0', '--v3', 'v3user,SHA,not-the-key,AES,privpass123']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/authentication key or protocol is wrong/);
    expect(r.err).toMatch(/alive but refused the credentials/);
  });

  it('usage errors exit 2', async () => {
    expect((await noc(['snmp', 'walk', host, 'noSuchName'])).code).toBe(2);
    expect((await noc(['snmp', 'poll', 'h:70000'])).code).toBe(2);
    expect((await noc(['snmp', 'poll', host, '-t', 'soon'])).code).toBe(2);
  });
});
