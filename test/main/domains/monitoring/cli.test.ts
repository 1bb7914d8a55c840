// `noc monitor …` and `noc alarms …` as a person runs them: the real command, a real store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostPort } from '../../../../src-main/cli/monitoring';

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
