// Adding addresses (one, a range, a whole subnet), assign/reserve/release with history,
// "who has it since when and why", the /24 map, search — and the bad input of the issue.
import { describe, expect, it } from 'vitest';
import { customerInput } from '../../../../shared/schemas/customers';
import { deviceInput } from '../../../../shared/schemas/inventory';
import { rentalStartInput } from '../../../../shared/schemas/rentals';
import { ctx, useIpam } from './setup';

describe('addresses', () => {
  const s = useIpam();

  it('adds one address, a range, or a whole subnet in one action', () => {
    const x = s();
    x.prefix('192.0.2.0/24');
    expect(x.add({ mode: 'single', address: '192.0.2.10' }).created.map((a) => a.address)).toEqual(['192.0.2.10']);
    expect(x.add({ mode: 'range', start: '192.0.2.20', end: '192.0.2.29', status: 'reserved' }).created).toHaveLength(10);
    x.prefix('192.0.2.248/29');
    const whole = x.add({ mode: 'subnet', prefix: '192.0.2.248/29', status: 'dhcp' });
    expect(whole.created.map((a) => a.address)).toEqual(['192.0.2.249', '192.0.2.250', '192.0.2.251', '192.0.2.252', '192.0.2.253', '192.0.2.254']);
  });

  it('stores IPv6 written in any valid form canonically, and finds it by any form', () => {
    const x = s();
    x.prefix('2001:db8::/64');
    const [a] = x.add({ mode: 'single', address: '2001:0DB8:0000:0000:0000:0000:0000:00A1' }).created;
    expect(a!.address).toBe('2001:db8::a1');
    expect(x.ipam.lookup.find('', '2001:db8:0::A1').record!.id).toBe(a!.id);
    expect(() => x.add({ mode: 'single', address: '2001:db8::a1' })).toThrow('2001:db8::a1 is already used');
  });

  it('refuses bad input with what and where, and writes nothing', () => {
    const x = s();
    x.prefix('192.0.2.0/24');
    expect(() => x.add({ mode: 'single', address: '198.51.100.7' })).toThrow('198.51.100.7 is outside every prefix. Add the prefix that holds it first.');
    expect(() => x.add({ mode: 'single', address: '192.0.2.0' })).toThrow('192.0.2.0 is the network address of 192.0.2.0/24');
    expect(() => x.add({ mode: 'single', address: '192.0.2.255' })).toThrow('broadcast address of 192.0.2.0/24');
    expect(() => x.add({ mode: 'range', start: '192.0.2.1', end: '2001:db8::1' })).toThrow('mix IPv4 and IPv6');
    expect(() => x.add({ mode: 'range', start: '192.0.2.9', end: '192.0.2.1' })).toThrow('ends (192.0.2.1) before it starts (192.0.2.9)');
    expect(() => x.add({ mode: 'single', address: '192.0.2.300' })).toThrow(/not a valid IPv4/);
    x.add({ mode: 'single', address: '192.0.2.5' });
    const before = x.ipam.repo.countRows('', '400000000', '4ffffffff');
    expect(() => x.add({ mode: 'range', start: '192.0.2.1', end: '192.0.2.9' })).toThrow('192.0.2.5 is already used. Nothing was added (use "skip existing" to add the rest).');
    expect(x.ipam.repo.countRows('', '400000000', '4ffffffff')).toBe(before);
    expect(x.add({ mode: 'range', start: '192.0.2.1', end: '192.0.2.9', skipExisting: true })).toMatchObject({ skipped: 1 });
  });

  it('answers who has an address, since when and why, with its history', () => {
    const x = s();
    x.prefix('203.0.112.0/22', { status: 'container' });
    x.prefix('203.0.113.0/24', { description: 'IAD1 public' });
    const server = x.server('iad1-a01-s07');
    x.assign({ address: '203.0.113.45', deviceId: server, interface: 'eno1', customerId: 'acme', dnsName: 'www.acme.example' });
    x.t.clock.advance(86_400_000);
    const detail = x.ipam.lookup.find('', '203.0.113.45');
    expect(detail.prefix!.prefix).toBe('203.0.113.0/24');
    expect(detail.ancestors.map((p) => p.prefix)).toEqual(['203.0.112.0/22']);
    expect(detail.status).toBe('used');
    expect(detail.holder).toMatchObject({ deviceName: 'iad1-a01-s07', interface: 'eno1', customerId: 'acme' });
    expect(detail.since).toBe('2026-01-01T00:00:00.000Z');
    expect(detail.history.map((h) => h.action)).toEqual(['insert']);
    const free = x.ipam.lookup.find('', '203.0.113.46');
    expect(free).toMatchObject({ status: 'free', record: null, holder: null, note: null });
    expect(x.ipam.lookup.find('', '203.0.113.0').note).toContain('network address');
    expect(x.ipam.lookup.find('', '8.8.8.8').note).toContain('Outside every prefix');
  });

  it('release keeps the row and its history; a reassignment adds to it', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    const a = x.assign({ address: '203.0.113.7', customerId: 'acme' });
    expect(() => x.assign({ address: '203.0.113.7', customerId: 'globex' })).toThrow('203.0.113.7 is already used by customer acme since 2026-01-01. Release it first.');
    const released = x.ipam.addresses.release({ ...ctx, reason: 'contract ended' }, a.id);
    expect(released).toMatchObject({ status: 'free', customerId: null, assignedAt: null });
    expect(() => x.ipam.addresses.release(ctx, a.id)).toThrow('already free');
    const again = x.assign({ address: '203.0.113.7', customerId: 'globex' });
    expect(again.id).toBe(a.id);
    const history = x.ipam.repo.addresses.history(a.id);
    expect(history.map((h) => h.action)).toEqual(['assign', 'release', 'insert']);
    expect(history[1]!.reason).toBe('contract ended');
    expect(history[1]!.before).toMatchObject({ customerId: 'acme' });
  });

  it('a reservation for a customer can be turned into their assignment, not another\'s', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    x.ipam.addresses.reserve(ctx, { address: '203.0.113.50', vrf: '', description: 'for acme', customerId: 'acme', justification: '' });
    expect(() => x.assign({ address: '203.0.113.50', customerId: 'globex' })).toThrow('already reserved');
    expect(x.assign({ address: '203.0.113.50', customerId: 'acme', justification: 'as reserved' }).status).toBe('used');
  });

  it('a customer using their own block needs no new justification', () => {
    const x = s();
    x.prefix('198.51.100.0/24', { status: 'container' });
    x.prefix('198.51.100.8/29', { customerId: 'acme' });
    expect(x.assign({ address: '198.51.100.9', customerId: 'acme' }).status).toBe('used');
    expect(x.add({ mode: 'range', start: '198.51.100.10', end: '198.51.100.12', customerId: 'acme' }).created).toHaveLength(3);
    expect(() => x.prefix('198.51.100.16/29', { customerId: 'acme' })).toThrow('say why they need more');
  });

  it('checks devices and links rentals to their customer (customers domain)', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    expect(() => x.assign({ address: '203.0.113.9', deviceId: 'nope' })).toThrow('No device with id nope in the inventory.');
    expect(() => x.assign({ address: '203.0.113.9', rentalId: 'nope' })).toThrow('No rental with id nope.');
    const services = x.t.core.services;
    const server = services.inventory.create(ctx, deviceInput.parse({ name: 'srv-9', type: 'server', status: 'available' }));
    const acme = services.customers.create(ctx, customerInput.parse({ name: 'Acme Corp', email: 'noc@acme.example' }));
    const { rental } = services.rentals.start(ctx, rentalStartInput.parse({ customerId: acme.id, deviceId: server.id, sendWelcome: false }));
    const a = x.assign({ address: '203.0.113.9', deviceId: server.id, rentalId: rental.id });
    expect(a).toMatchObject({ customerId: acme.id, rentalId: rental.id });
    expect(x.ipam.lookup.find('', '203.0.113.9').holder).toMatchObject({ customerName: 'Acme Corp', deviceName: 'srv-9' });
    expect(() => x.assign({ address: '203.0.113.10', rentalId: rental.id, customerId: 'globex' })).toThrow('belongs to another customer');
    // a suspended customer gets no new addresses
    services.customers.setStatus(ctx, acme.id, 'suspended');
    expect(() => x.assign({ address: '203.0.113.11', customerId: 'Acme Corp', justification: 'more' })).toThrow('Acme Corp is suspended');
  });

  it('draws the 256 cells of a /24 with their status', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    x.prefix('203.0.113.64/29', { customerId: 'acme' });
    x.range({ start: '203.0.113.200', end: '203.0.113.209', status: 'dhcp' });
    x.add({ mode: 'single', address: '203.0.113.1', status: 'gateway' });
    const server = x.server('srv-1');
    x.assign({ address: '203.0.113.10', deviceId: server, dnsName: 'srv-1.example' });
    const map = x.ipam.lookup.map('', '203.0.113.77');
    expect(map.start).toBe('203.0.113.0');
    expect(map.cells).toHaveLength(256);
    expect(map.cells[0]!.status).toBe('network');
    expect(map.cells[1]!.status).toBe('gateway');
    expect(map.cells[10]).toMatchObject({ status: 'used', label: 'srv-1 · srv-1.example' });
    expect(map.cells[64]!.status).toBe('child');
    expect(map.cells[205]!.status).toBe('range');
    expect(map.cells[255]!.status).toBe('broadcast');
    expect(map.counts).toMatchObject({ network: 1, broadcast: 1, gateway: 1, used: 1, child: 8, range: 10, free: 234 });
    const outside = x.ipam.lookup.map('', '10.9.9.9');
    expect(outside.counts).toEqual({ outside: 256 });
  });

  it('draws an IPv6 /120 map', () => {
    const x = s();
    x.prefix('2001:db8::/64');
    x.add({ mode: 'single', address: '2001:db8::ff' });
    const map = x.ipam.lookup.map('', '2001:db8::12');
    expect(map.start).toBe('2001:db8::');
    expect(map.cells[255]).toMatchObject({ address: '2001:db8::ff', status: 'used' });
    expect(map.cells[0]!.status).toBe('free');
  });

  it('searches by address, prefix, customer, device, DNS name and text — and Ctrl+K finds them', () => {
    const x = s();
    x.prefix('203.0.113.0/24', { description: 'Ashburn public servers' });
    const server = x.server('iad1-a01-s07');
    x.assign({ address: '203.0.113.45', deviceId: server, customerId: 'acme', dnsName: 'mail.acme.example' });
    expect(x.ipam.lookup.search('203.0.113.45', 50).address!.holder!.deviceName).toBe('iad1-a01-s07');
    expect(x.ipam.lookup.search('203.0.113.0/24', 50).prefixes.map((p) => p.prefix)).toEqual(['203.0.113.0/24']);
    expect(x.ipam.lookup.search('acme', 50).addresses.map((a) => a.address)).toEqual(['203.0.113.45']);
    expect(x.ipam.lookup.search('iad1-a01-s07', 50).addresses[0]!.deviceName).toBe('iad1-a01-s07');
    expect(x.ipam.lookup.search('mail.acme', 50).addresses).toHaveLength(1);
    expect(x.ipam.lookup.search('Ashburn', 50).prefixes).toHaveLength(1);
    const hits = x.t.core.services.search.search('mail.acme', 10);
    expect(hits).toContainEqual(expect.objectContaining({ kind: 'ip-address', title: '203.0.113.45' }));
    expect(x.t.core.services.search.search('Ashburn public', 10)).toContainEqual(expect.objectContaining({ kind: 'ip-prefix', title: '203.0.113.0/24' }));
  });
});

describe('VLANs and ranges', () => {
  const s = useIpam();

  it('keeps a VID unique per site and group', () => {
    const x = s();
    const site = x.t.core.services.racks.createSite(ctx, { name: 'Ashburn', code: 'IAD1', address: '' });
    x.vlan({ vid: 100, name: 'public', siteId: site.id });
    expect(() => x.vlan({ vid: 100, name: 'again', siteId: site.id })).toThrow('VLAN 100 already exists at Ashburn (public).');
    expect(x.vlan({ vid: 100, name: 'other group', siteId: site.id, group: 'customers' }).vid).toBe(100);
    const v = x.vlan({ vid: 200, name: 'backend' });
    x.prefix('10.0.0.0/24', { vlanId: v.id });
    expect(() => x.ipam.removeVlan(ctx, v.id)).toThrow('VLAN 200 is used by 10.0.0.0/24');
  });

  it('a range lives inside one prefix and overlaps nothing partially', () => {
    const x = s();
    x.prefix('10.0.0.0/24');
    x.prefix('10.0.0.128/26');
    expect(() => x.range({ start: '10.0.0.100', end: '10.0.0.150' })).toThrow('cuts across 10.0.0.128/26 (a partial overlap)');
    expect(() => x.range({ start: '10.0.0.100', end: '10.0.0.200' })).toThrow('would hold the whole prefix 10.0.0.128/26');
    expect(() => x.range({ start: '10.9.0.1', end: '10.9.0.5' })).toThrow('not inside any one prefix');
    x.range({ start: '10.0.0.10', end: '10.0.0.20' });
    expect(() => x.range({ start: '10.0.0.15', end: '10.0.0.25' })).toThrow('overlaps the range 10.0.0.10–10.0.0.20');
    expect(() => x.range({ start: '10.0.0.30', end: '2001:db8::1' })).toThrow('mix IPv4 and IPv6');
  });
});
