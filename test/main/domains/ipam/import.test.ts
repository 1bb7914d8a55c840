// CSV import/export: round trips (import → export → same rows) for NetBox prefixes,
// addresses, VLANs and phpIPAM; dry runs; all-or-nothing; errors with line and column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../../../shared/ipam-choices';
import type { ImportProgress } from '../../../../shared/ipam-types';
import { customerInput } from '../../../../shared/schemas/customers';
import { ctx, useIpam, type IpamTest } from './setup';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/ipam', name), 'utf8');
const rows = (csv: string) => (parse(csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>)
  .map((r) => JSON.stringify(r)).sort();

function lab(x: IpamTest): void {
  x.t.core.services.racks.createSite(ctx, { name: 'Ashburn DC1', code: 'IAD1', address: '' });
  x.t.core.services.racks.createSite(ctx, { name: 'Frankfurt DC2', code: 'FRA2', address: '' });
  x.server('iad1-a01-s07');
}

const run = (x: IpamTest, format: ImportFormat, text: string, dryRun = false, progress?: (p: ImportProgress) => void) =>
  x.ipam.transfer.importCsv(ctx, { format, text, dryRun }, undefined, progress);

describe('NetBox CSV', () => {
  const s = useIpam();

  it('round-trips VLANs, prefixes and IP addresses (import → export → the same rows)', () => {
    const x = s();
    lab(x);
    for (const [format, file] of [['netbox-vlans', 'netbox-vlans.csv'], ['netbox-prefixes', 'netbox-prefixes.csv'], ['netbox-ip-addresses', 'netbox-ip-addresses.csv']] as const) {
      const text = fixture(file);
      const report = run(x, format, text);
      expect(report.created).toBe(rows(text).length);
      const out = x.ipam.transfer.exportCsv(format);
      expect(out.split('\n')[0]).toBe(text.split('\n')[0]); // NetBox's own column names, in order
      expect(rows(out)).toEqual(rows(text));
    }
    // and what it built is a proper tree with the links resolved
    expect(x.ipam.tree.check()).toEqual([]);
    const www = x.ipam.lookup.find('', '203.0.113.45');
    expect(www.holder).toMatchObject({ deviceName: 'iad1-a01-s07', interface: 'eno1', customerId: 'Acme Corp' });
    expect(www.record!.maskLength).toBe(24);
    expect(x.ipam.prefix('203.0.113.0/24').vlanId).toBe(x.ipam.repo.vlansByVid(100).find((v) => v.siteId === x.ipam.dir.siteByName('IAD1')!.id)!.id);
    expect(x.ipam.prefix('172.16.0.0/24', 'blue').customerId).toBe('Acme Corp');
  });

  it('a second import of the same file changes nothing', () => {
    const x = s();
    lab(x);
    run(x, 'netbox-vlans', fixture('netbox-vlans.csv'));
    const again = run(x, 'netbox-vlans', fixture('netbox-vlans.csv'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });

  it('a dry run shows what would change and writes nothing', () => {
    const x = s();
    lab(x);
    run(x, 'netbox-vlans', fixture('netbox-vlans.csv'));
    run(x, 'netbox-prefixes', fixture('netbox-prefixes.csv'));
    const outbox = x.t.core.services.store.outboxPending();
    const edited = fixture('netbox-prefixes.csv').replace('IAD1 public', 'IAD1 public (renumbered)') + '198.51.100.0/24,,,,reserved,,false,new block,,\n';
    const dry = run(x, 'netbox-prefixes', edited, true);
    expect(dry).toMatchObject({ dryRun: true, created: 1, updated: 1, unchanged: 8 });
    expect(dry.changes).toContainEqual({ line: 4, action: 'update', kind: 'prefix', key: '203.0.113.0/24', changes: { description: ['IAD1 public', 'IAD1 public (renumbered)'] } });
    expect(dry.changes).toContainEqual(expect.objectContaining({ line: 11, action: 'create', key: '198.51.100.0/24' }));
    expect(x.t.core.services.store.outboxPending()).toBe(outbox);
    expect(() => x.ipam.prefix('198.51.100.0/24')).toThrow('is not a prefix here');
  });

  it('stores IPv6 written in any valid form canonically', () => {
    const x = s();
    run(x, 'netbox-prefixes', 'prefix,status\n2001:0DB8:0000:0000::/64,active\n');
    run(x, 'netbox-ip-addresses', 'address,status\n2001:DB8:0:0:0:0:0:A/64,active\n');
    expect(x.ipam.transfer.exportCsv('netbox-ip-addresses')).toContain('2001:db8::a/64,');
    expect(x.ipam.transfer.exportCsv('netbox-prefixes')).toContain('2001:db8::/64,');
  });

  it.each([
    ['netbox-prefixes', 'prefix,status\n10.0.0.0/8,container\n10.1.0.5/16,active\n', 'Line 3, column prefix: 10.1.0.5/16 has host bits set; the network is 10.1.0.0/16.'],
    ['netbox-prefixes', 'prefix,status\n10.0.0.0/8,container\n10.1.0.0/16,bogus\n', 'Line 3, column status: "bogus" is not one of container, active, reserved, deprecated.'],
    ['netbox-prefixes', 'prefix,status\n10.0.0.0/8,container\n10.0.0.0/8,active\n', 'Line 3, column prefix: 10.0.0.0/8 is also on line 2'],
    ['netbox-prefixes', 'prefix,vlan\n10.0.0.0/8,77\n', 'Line 2, column vlan: no VLAN 77; import the VLANs first.'],
    ['netbox-prefixes', 'prefix,colour\n10.0.0.0/8,red\n', 'Line 1, column colour: unknown column "colour"'],
    ['netbox-prefixes', 'status\nactive\n', 'Line 1, column prefix: the required column "prefix" is missing'],
    ['netbox-prefixes', 'prefix,status\n10.0.0.0/8,container\n10.1.0.0/16\n', 'Line 3: the file is not valid CSV'],
    ['netbox-ip-addresses', 'address,status\n192.0.2.1/24,active\n', 'Line 2, column address: 192.0.2.1 is outside every prefix. Add the prefix that holds it first.'],
    ['netbox-ip-addresses', 'address,status\n10.9.9.255/24,active\n', 'Line 2, column address: 10.9.9.255 is the broadcast address of 10.9.9.0/24'],
    ['netbox-ip-addresses', 'address,status\n10.0.0.1/8,active\n10.0.0.2/8,alive\n', 'Line 3, column status: "alive" is not a NetBox IP status'],
    ['netbox-ip-addresses', 'address,device\n10.0.0.1/8,ghost-1\n', 'Line 2, column device: no device called "ghost-1" in the inventory'],
    ['netbox-ip-addresses', 'address\n10.0.0.1/8\n10.0.0.1/24\n', 'Line 3, column address: 10.0.0.1 is also on line 2'],
    ['netbox-ip-addresses', 'address\n10.0.0.1/8\n10.0.0.999/8\n', 'Line 3, column address: 10.0.0.999 is not a valid IPv4 address'],
    ['netbox-vlans', 'vid,name\n4095,too-big\n', 'Line 2, column vid: "4095" is not a VLAN id (1–4094).'],
    ['netbox-vlans', 'site,vid,name\nMars,10,x\n', 'Line 2, column site: no site called "Mars".'],
  ] as const)('%s: a bad line is named with its column and nothing is applied (%#)', (format, text, message) => {
    const x = s();
    x.prefix('10.0.0.0/8', { status: 'container' });
    x.prefix('10.9.9.0/24');
    const before = x.t.core.services.store.outboxPending();
    expect(() => run(x, format, text)).toThrow(message);
    expect(() => run(x, format, text)).toThrow('Nothing was imported.');
    expect(x.t.core.services.store.outboxPending()).toBe(before);
    expect(x.ipam.repo.allPrefixes()).toHaveLength(2);
  });

  it('reports progress while it imports', () => {
    const x = s();
    x.prefix('10.0.0.0/16');
    const lines = ['address,status'];
    for (let i = 1; i <= 2500; i++) lines.push(`10.0.${i >> 8}.${i & 255}/16,active`);
    const seen: ImportProgress[] = [];
    const report = run(x, 'netbox-ip-addresses', lines.join('\n'), false, (p) => seen.push(p));
    expect(report.created).toBe(2500);
    expect(seen).toEqual([
      { phase: 'parse', done: 2500, total: 2500 },
      { phase: 'apply', done: 1000, total: 2500 },
      { phase: 'apply', done: 2000, total: 2500 },
      { phase: 'done', done: 2500, total: 2500 },
    ]);
  });

  it('links tenants to customers where the customers domain knows them', () => {
    const x = s();
    const acme = x.t.core.services.customers.create(ctx, customerInput.parse({ name: 'Acme Corp', email: 'noc@acme.example' }));
    run(x, 'netbox-prefixes', 'prefix,tenant\n10.9.0.0/16,Acme Corp\n');
    expect(x.ipam.prefix('10.9.0.0/16').customerId).toBe(acme.id);
    expect(x.ipam.transfer.exportCsv('netbox-prefixes')).toContain('10.9.0.0/16,,Acme Corp,');
    expect(x.ipam.lookup.find('', '10.9.0.1').ancestors).toEqual([]);
  });
});

describe('phpIPAM CSV', () => {
  const s = useIpam();

  it('round-trips addresses, creating their subnets with the section', () => {
    const x = s();
    lab(x);
    const text = fixture('phpipam.csv');
    const report = run(x, 'phpipam', text);
    expect(report).toMatchObject({ rows: 5, created: 7 }); // 5 addresses + 2 subnets
    const out = x.ipam.transfer.exportCsv('phpipam');
    expect(out.split('\n')[0]).toBe('section,ip_addr,hostname,description,subnet,mac,owner,device,note,tag,is_gateway,port');
    expect(rows(out)).toEqual(rows(text));
    expect(x.ipam.lookup.find('', '198.51.100.1').status).toBe('gateway');
    expect(x.ipam.lookup.find('', '192.0.2.5').status).toBe('deprecated');
    expect(x.ipam.prefix('198.51.100.0/24').section).toBe('Customers');
  });

  it('refuses an address outside its subnet, a bad tag or a bad MAC, naming line and column', () => {
    const x = s();
    const head = 'section,ip_addr,hostname,description,subnet,mac,owner,device,note,tag,is_gateway,port\n';
    expect(() => run(x, 'phpipam', `${head}S,10.0.1.5,,,10.0.0.0/24,,,,,Used,0,\n`)).toThrow('Line 2, column ip_addr: 10.0.1.5 is not inside its subnet 10.0.0.0/24.');
    expect(() => run(x, 'phpipam', `${head}S,10.0.0.5,,,10.0.0.0/24,,,,,Maybe,0,\n`)).toThrow('Line 2, column tag: "Maybe" is not a phpIPAM tag');
    expect(() => run(x, 'phpipam', `${head}S,10.0.0.5,,,10.0.0.0/24,zz:zz,,,,Used,0,\n`)).toThrow('Line 2, column mac: "zz:zz" is not a MAC address');
    expect(() => run(x, 'phpipam', `${head}S,10.0.0.5,,,10.0.0.0/24,,,,,Used,maybe,\n`)).toThrow('Line 2, column is_gateway: "maybe" is not true or false.');
    expect(x.ipam.repo.allPrefixes()).toEqual([]); // the subnet of line 2 was rolled back too
  });
});
