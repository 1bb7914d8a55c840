// `noc ipam …` as a user runs it: a real process on a real store folder (the demo lab).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const data = mkdtempSync(join(tmpdir(), 'noc-ipam-cli-'));
const root = join(__dirname, '../../../..');
const noc = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args, '--data', data], { encoding: 'utf8', timeout: 60_000, cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  expect(noc('demo', 'load').code).toBe(0);
}, 60_000);
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('noc ipam', () => {
  it('find: who has an address, in words and as JSON', () => {
    const text = noc('ipam', 'find', '203.0.113.1');
    expect(text.code).toBe(0);
    expect(text.out).toContain('203.0.113.1  gateway');
    expect(text.out).toContain('prefix   203.0.113.0/24 — IAD1 public servers (public)');
    const json = JSON.parse(noc('ipam', 'find', '2001:DB8:100:0001:0:0:0:1', '--json').out) as { address: string; status: string };
    expect(json).toMatchObject({ address: '2001:db8:100:1::1', status: 'gateway' });
  });

  it('next-free: an address, or a prefix with --size', () => {
    expect(noc('ipam', 'next-free', '203.0.113.0/24').out.trim()).toBe('203.0.113.4');
    expect(noc('ipam', 'next-free', '203.0.112.0/24', '--size', '29').out.trim()).toBe('203.0.112.0/29');
    const refused = noc('ipam', 'next-free', '10.0.0.0/8');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('noc: 10.0.0.0/8 is a container; hand out addresses from an active subnet inside it.\n');
    const bad = noc('ipam', 'next-free', '10.0.0.0/8', '--size', 'big');
    expect(bad.code).toBe(2);
  });

  it('import: a dry run changes nothing, the real run applies, a bad line names line and column', () => {
    const file = join(data, 'prefixes.csv');
    writeFileSync(file, 'prefix,status,description\n198.51.100.0/24,active,test net 2\n198.51.100.64/26,reserved,\n');
    const dry = noc('ipam', 'import', file, '--format', 'netbox-prefixes', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run: would create 2, update 0, 0 unchanged (2 rows');
    expect(dry.err).toContain('done: 2 rows');
    expect(noc('ipam', 'find', '198.51.100.70').out).toContain('prefix   none');
    const real = noc('ipam', 'import', file, '--format', 'netbox-prefixes', '--json');
    expect(JSON.parse(real.out)).toMatchObject({ created: 2, dryRun: false });
    expect(noc('ipam', 'find', '198.51.100.70').out).toContain('prefix   198.51.100.64/26');
    writeFileSync(file, 'prefix,status\n198.51.101.0/24,active\n198.51.102.9/24,active\n');
    const bad = noc('ipam', 'import', file, '--format', 'netbox-prefixes');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Line 3, column prefix: 198.51.102.9/24 has host bits set; the network is 198.51.102.0/24. Nothing was imported.');
    expect(noc('ipam', 'find', '198.51.101.5').out).toContain('prefix   none');
    expect(noc('ipam', 'import', join(data, 'missing.csv'), '--format', 'phpipam').err).toContain('no such file');
  });

  it('report: the ARIN report as CSV, and export in NetBox format', () => {
    const csv = noc('ipam', 'report', '203.0.112.0/22', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out).toMatch(/^# ARIN utilisation report for 203\.0\.112\.0\/22/);
    expect(csv.out).toContain('prefix,203.0.112.32/28,16,');
    const exported = noc('ipam', 'export', '--format', 'netbox-vlans');
    expect(exported.out.split('\n')[0]).toBe('site,group,vid,name,tenant,status,role,description');
  });
});
