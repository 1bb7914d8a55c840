// The IPAM demo data rides on the demo lab: loaded with it, marked demo, removed with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from '../../helpers';

describe('IPAM demo data', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());
  const count = (sql: string) => (t.core.services.store.db.prepare(sql).get() as { n: number }).n;

  it('loads a Class B, Class C blocks, an IPv6 /48, VLANs and the servers\' addresses, and removes them', () => {
    const started = Date.now();
    t.core.services.demo.load();
    const loadMs = Date.now() - started;
    const ipam = t.core.services.ipam;
    const roots = ipam.lookup.tree(null, 0, 100).nodes.map((n) => n.prefix.prefix);
    expect(roots).toEqual(['10.0.0.0/8', '172.16.0.0/16', '203.0.112.0/22', '2001:db8:100::/48']);
    expect(ipam.prefix('203.0.113.0/24').vlanId).not.toBeNull();
    expect(ipam.tree.check()).toEqual([]);
    // a demo server's primary IP is assigned to it
    const server = t.core.services.store.db.prepare(`SELECT id, name, primary_ip FROM devices WHERE demo = 1 AND type = 'server' AND status <> 'decommissioned' ORDER BY name LIMIT 1`).get() as { id: string; name: string; primary_ip: string };
    expect(ipam.lookup.find('', server.primary_ip).holder!.deviceName).toBe(server.name);
    // a rented server's primary address belongs to its customer and rental too (customers demo first)
    const rented = t.core.services.store.db.prepare(`SELECT a.address, r.id AS rental, r.customer_id AS customer, c.name FROM rentals r
      JOIN ipam_addresses a ON a.device_id = r.device_id AND a.interface = 'eno1' AND a.deleted = 0 JOIN customers c ON c.id = r.customer_id
      WHERE r.status = 'active' AND r.deleted = 0 LIMIT 1`).get() as { address: string; rental: string; customer: string; name: string };
    expect(ipam.lookup.find('', rented.address).holder).toMatchObject({ customerId: rented.customer, customerName: rented.name, rentalId: rented.rental });
    const report = ipam.arinReport('203.0.112.0/22');
    expect(report.swip.length).toBeGreaterThan(3);
    expect(count(`SELECT count(*) AS n FROM ipam_addresses WHERE demo = 0`)).toBe(0);
    expect(count(`SELECT count(*) AS n FROM ipam_prefixes WHERE demo = 1`)).toBeGreaterThan(50);
    expect(loadMs).toBeLessThan(20_000);

    // a prefix a user added under a demo prefix stays, lifted to the top
    ipam.createPrefix({ actor: { id: 'u', name: 'u', role: 'admin' } }, { prefix: '203.0.115.128/25', vrf: '', status: 'active', role: '', isPool: false, siteId: null, vlanId: null, customerId: null, rentalId: null, justification: '', section: '', description: 'mine' });
    t.core.services.demo.remove();
    expect(count(`SELECT count(*) AS n FROM ipam_prefixes WHERE demo = 1 AND deleted = 0`)).toBe(0);
    expect(count(`SELECT count(*) AS n FROM ipam_addresses WHERE deleted = 0`)).toBe(0);
    expect(count(`SELECT count(*) AS n FROM ipam_vlans WHERE deleted = 0`)).toBe(0);
    expect(ipam.lookup.tree(null, 0, 100).nodes.map((n) => n.prefix.prefix)).toEqual(['203.0.115.128/25']);
  });
});
