// The IPAM part of the demo lab, marked `demo` like the rest:
//   203.0.112.0/22  an ARIN allocation (public): a /24 of customer reassignments (/29, /28),
//                   a Class C per site for the servers (VLAN 100), one reserved for growth
//   172.16.0.0/16   a Class B for the backend networks (VLAN 200), one customer-isolated /24
//   10.0.0.0/8      management: switch management and BMC /24s per rack, a DHCP range
//   2001:db8:100::/48 IPv6: a /56 per site, a /64 per rack (switch ::1), a customer /56
// The demo servers' primary and BMC addresses and the switches' management addresses are
// assigned to them; a rented server's primary address also to its customer and rental
// (when the customers domain's demo ran first). The demo plan gives some servers the same primary IP; the first
// claims it and the others are counted as conflicts (real data has them too).
import { parseAddress } from '../../../shared/ipam';
import { addressAddInput, assignInput, prefixCreateInput, rangeInput, vlanInput } from '../../../shared/schemas/ipam';
import type { WriteContext } from '../../store/repository';
import type { IpamService } from './service';

const FALLBACK_CUSTOMERS = ['Northwind Traders', 'Contoso Hosting', 'Fabrikam Media', 'Tailspin Games'];

export interface IpamDemoResult { prefixes: number; addresses: number; vlans: number; conflicts: number }

export function loadIpamDemo(ipam: IpamService, ctx: WriteContext): IpamDemoResult {
  const demo = { demo: true };
  const store = ipam.store;
  const sites = store.prepare(`SELECT id, code FROM sites WHERE deleted = 0 AND demo = 1 ORDER BY code DESC`).all() as Array<{ id: string; code: string }>;
  const siteOf = (code: string) => sites.find((s) => s.code === code)?.id ?? null;
  // demo customers of the customers domain when it has loaded them, else names as text
  const customers = ipam.dir.hasCustomers()
    ? (store.prepare(`SELECT id FROM customers WHERE deleted = 0 AND demo = 1 AND status = 'active' ORDER BY name LIMIT 4`).all() as Array<{ id: string }>).map((c) => c.id)
    : [];
  const cust = (i: number) => customers[i % Math.max(customers.length, 1)] ?? FALLBACK_CUSTOMERS[i % FALLBACK_CUSTOMERS.length]!;
  let prefixes = 0;
  let addresses = 0;
  let vlans = 0;
  let conflicts = 0;
  const prefix = (text: string, extra: Record<string, unknown> = {}) => {
    prefixes++;
    return ipam.createPrefix(ctx, prefixCreateInput.parse({ prefix: text, ...extra }), { ...demo, skipJustification: true });
  };
  const vlan = (vid: number, name: string, extra: Record<string, unknown> = {}) => {
    vlans++;
    return ipam.createVlan(ctx, vlanInput.parse({ vid, name, ...extra }), demo);
  };
  const assign = (input: Record<string, unknown>) => {
    addresses++;
    return ipam.addresses.assign(ctx, assignInput.parse(input), { ...demo, recording: true });
  };

  const v = new Map<string, string>();
  for (const [code, i] of [['IAD1', 0], ['FRA2', 1]] as const) {
    const siteId = siteOf(code);
    v.set(`${code}-100`, vlan(100, `${code.toLowerCase()}-public`, { siteId, role: 'public' }).id);
    v.set(`${code}-200`, vlan(200, `${code.toLowerCase()}-backend`, { siteId, role: 'backend' }).id);
    v.set(`${code}-300`, vlan(300, `${code.toLowerCase()}-bmc`, { siteId, role: 'management', description: 'BMC / out-of-band' }).id);
    v.set(`${code}-310`, vlan(310, `${code.toLowerCase()}-switch-mgmt`, { siteId, role: 'management' }).id);
    void i;
  }
  const isolated = vlan(3001, 'northwind-private', { group: 'customers', role: 'customer', customerId: cust(0) });

  // public: the ARIN allocation
  prefix('203.0.112.0/22', { status: 'container', role: 'aggregate', zone: 'public', description: 'ARIN allocation NET-203-0-112-0-1' });
  prefix('203.0.112.0/24', { role: 'reassignments', description: 'Customer blocks (SWIP /29 and larger)' });
  const reassign: Array<[string, number, string]> = [
    ['203.0.112.8/29', 0, ''], ['203.0.112.16/29', 1, ''], ['203.0.112.32/28', 2, ''], ['203.0.112.48/29', 0, 'Second rack: 6 more web servers'],
    ['203.0.112.56/30', 3, ''], ['203.0.112.64/28', 1, 'Mail cluster and load balancers'],
  ];
  for (const [text, c, why] of reassign) prefix(text, { customerId: cust(c), role: 'customer', justification: why });
  for (const [code, third] of [['IAD1', 113], ['FRA2', 114]] as const) {
    prefix(`203.0.${third}.0/24`, { role: 'servers', siteId: siteOf(code), vlanId: v.get(`${code}-100`), description: `${code} public servers` });
    assign({ address: `203.0.${third}.1`, status: 'gateway', dnsName: `gw.${code.toLowerCase()}.aedify.example`, description: 'VRRP gateway' });
    ipam.addresses.add(ctx, addressAddInput.parse({ mode: 'range', start: `203.0.${third}.2`, end: `203.0.${third}.3`, status: 'reserved', description: 'VRRP routers' }), demo);
    addresses += 2;
  }
  prefix('203.0.115.0/24', { status: 'reserved', description: 'Growth: next site' });

  // backend: a Class B
  prefix('172.16.0.0/16', { status: 'container', zone: 'backend', role: 'backend', description: 'Class B backend networks' });
  for (const [code, third] of [['IAD1', 1], ['FRA2', 2]] as const) {
    prefix(`172.16.${third}.0/24`, { siteId: siteOf(code), vlanId: v.get(`${code}-200`), description: `${code} backend` });
    assign({ address: `172.16.${third}.1`, status: 'gateway' });
  }
  prefix('172.16.100.0/24', { zone: 'customer-isolated', customerId: cust(0), vlanId: isolated.id, description: 'Private network of one customer' });

  // management: switch management and BMC networks per rack
  prefix('10.0.0.0/8', { status: 'container', zone: 'management', description: 'Management (private)' });
  const racks = store.prepare(`SELECT r.name, s.code FROM racks r JOIN rooms o ON o.id = r.room_id JOIN sites s ON s.id = o.site_id WHERE r.demo = 1 AND r.deleted = 0 ORDER BY r.name`).all() as Array<{ name: string; code: string }>;
  for (const [code, s] of [['IAD1', 0], ['FRA2', 1]] as const) {
    prefix(`10.${s}.0.0/16`, { status: 'container', siteId: siteOf(code), description: `${code} switch management` });
    prefix(`10.${100 + s}.0.0/16`, { status: 'container', siteId: siteOf(code), description: `${code} BMC / IPMI` });
    for (const rack of racks.filter((r) => r.code === code)) {
      const m = /-([AB])(\d\d)$/.exec(rack.name);
      if (!m) continue;
      const third = (m[1] === 'B' ? 10 : 0) + Number(m[2]);
      prefix(`10.${s}.${third}.0/24`, { vlanId: v.get(`${code}-310`), description: `${rack.name} switch management` });
      prefix(`10.${100 + s}.${third}.0/24`, { vlanId: v.get(`${code}-300`), description: `${rack.name} BMCs` });
    }
  }
  ipam.createRange(ctx, rangeInput.parse({ start: '10.100.1.200', end: '10.100.1.250', status: 'dhcp', role: 'pxe', description: 'PXE installs' }), demo);

  // IPv6
  prefix('2001:db8:100::/48', { status: 'container', zone: 'public', role: 'aggregate', description: 'IPv6 allocation' });
  prefix('2001:db8:100::/56', { status: 'container', siteId: siteOf('IAD1'), description: 'IAD1 IPv6' });
  prefix('2001:db8:100:100::/56', { status: 'container', siteId: siteOf('FRA2'), description: 'FRA2 IPv6' });
  prefix('2001:db8:100:f000::/56', { customerId: cust(1), role: 'customer', justification: 'Customer routes their own /64s', description: 'Customer /56' });

  // the devices' addresses
  const devices = store.prepare(`SELECT d.id, d.name, d.type, d.status, d.mgmt_ip, d.primary_ip, r.name AS rack FROM devices d LEFT JOIN racks r ON r.id = d.rack_id
    WHERE d.demo = 1 AND d.deleted = 0 AND d.type IN ('server', 'switch') ORDER BY d.name`).all() as Array<{ id: string; name: string; type: string; status: string; mgmt_ip: string; primary_ip: string; rack: string | null }>;
  // servers rented in the demo: their primary address belongs to the renting customer
  const rentals = new Map<string, { id: string; customerId: string }>();
  if (ipam.dir.hasRentals()) {
    for (const r of store.prepare(`SELECT id, device_id, customer_id FROM rentals WHERE deleted = 0 AND status = 'active'`).all() as Array<{ id: string; device_id: string; customer_id: string }>) {
      rentals.set(r.device_id, { id: r.id, customerId: r.customer_id });
    }
  }
  const taken = new Set<string>();
  for (const d of devices) {
    if (d.type === 'switch' && d.mgmt_ip) {
      assign({ address: d.mgmt_ip, deviceId: d.id, interface: 'mgmt0', dnsName: `${d.name}.mgmt.aedify.example` });
      if (d.name.endsWith('-tor') && d.rack) {
        const m = /^(\w+)-([AB])(\d\d)/.exec(d.rack);
        if (m) {
          const index = (m[1] === 'FRA2' ? 0x100 : 0) + (m[2] === 'B' ? 0x10 : 0) + Number(m[3]);
          const p = prefix(`2001:db8:100:${index.toString(16)}::/64`, { description: `${d.rack} servers` });
          assign({ address: `${p.prefix.split('/')[0]}1`, deviceId: d.id, interface: 'irb.100', status: 'gateway' });
        }
      }
      continue;
    }
    if (d.type !== 'server' || d.status === 'decommissioned') continue;
    if (d.mgmt_ip) assign({ address: d.mgmt_ip, deviceId: d.id, interface: 'bmc', dnsName: `${d.name}.ipmi.aedify.example` });
    if (d.primary_ip) {
      const key = parseAddress(d.primary_ip).key;
      if (taken.has(key)) { conflicts++; continue; }
      taken.add(key);
      const rental = rentals.get(d.id);
      assign({
        address: d.primary_ip, deviceId: d.id, interface: 'eno1', dnsName: `${d.name}.aedify.example`,
        ...(rental ? { customerId: rental.customerId, rentalId: rental.id, justification: `Primary address of the rented server ${d.name}` } : {}),
      });
    }
  }
  return { prefixes, addresses, vlans, conflicts };
}

/** Removes every demo IPAM row; prefixes users added under demo ones move up (tree repair). */
export function removeIpamDemo(ipam: IpamService, ctx: WriteContext): number {
  const store = ipam.store;
  const ids = (sql: string) => (store.prepare(sql).all() as Array<{ id: string }>).map((r) => r.id);
  let removed = 0;
  for (const id of ids(`SELECT id FROM ipam_addresses WHERE demo = 1 AND deleted = 0`)) { ipam.repo.addresses.remove(ctx, id); removed++; }
  for (const id of ids(`SELECT id FROM ipam_ranges WHERE demo = 1 AND deleted = 0`)) { ipam.repo.ranges.remove(ctx, id); removed++; }
  for (const id of ids(`SELECT id FROM ipam_prefixes WHERE demo = 1 AND deleted = 0 ORDER BY length DESC`)) { ipam.repo.prefixes.remove(ctx, id); removed++; }
  for (const id of ids(`SELECT id FROM ipam_prefixes WHERE deleted = 0 AND vlan_id IN (SELECT id FROM ipam_vlans WHERE demo = 1)`)) ipam.repo.prefixes.update(ctx, id, { vlanId: null });
  for (const id of ids(`SELECT id FROM ipam_vlans WHERE demo = 1 AND deleted = 0`)) { ipam.repo.vlans.remove(ctx, id); removed++; }
  ipam.tree.repair(ctx);
  return removed;
}

/** The hook the demo service calls (see DemoService.extend). */
export function ipamDemo(ipam: IpamService): { load(ctx: WriteContext): void; remove(ctx: WriteContext): number } {
  return { load: (ctx) => void loadIpamDemo(ipam, ctx), remove: (ctx) => removeIpamDemo(ipam, ctx) };
}
