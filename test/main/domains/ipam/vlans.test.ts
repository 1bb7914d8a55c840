// VLANs through the router (createCaller over a real SQLite file), as the VLAN panel uses
// them: the list with site, customer and how many prefixes use each VLAN; the prefixes of
// one VLAN; add/rename with VID rules per site and group; removal refused while in use.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const fieldOf = (err: TRPCError) => (err.cause as { field?: string } | undefined)?.field;

describe('ipam VLAN procedures', () => {
  let t: TestCore;
  let c: ReturnType<TestCore['caller']>;
  let site: { id: string };
  beforeEach(() => {
    t = makeCore();
    c = t.caller(actor('provisioning', 'pat'));
    site = t.core.services.racks.createSite({ actor: actor('admin') }, { name: 'Ashburn', code: 'IAD1', address: '' });
  });
  afterEach(() => t.close());

  it('lists VLANs in VID order with site, customer and the number of prefixes using each', async () => {
    const b = await c.ipam.createVlan({ vid: 200, name: 'backend', siteId: site.id, role: 'backend' });
    const a = await c.ipam.createVlan({ vid: 100, name: 'public', siteId: site.id });
    await c.ipam.createVlan({ vid: 100, name: 'northwind', group: 'customers', customerId: 'northwind' });
    await c.ipam.createPrefix({ prefix: '10.0.0.0/24', vlanId: b.id });
    await c.ipam.createPrefix({ prefix: '10.0.1.0/24', vlanId: b.id });
    const gone = await c.ipam.createPrefix({ prefix: '10.0.2.0/24', vlanId: b.id });
    await c.ipam.removePrefix({ id: gone.id }); // a removed prefix no longer counts
    await c.ipam.createPrefix({ prefix: '10.0.9.0/24' });

    const rows = await t.caller(actor('viewer')).ipam.vlans();
    expect(rows.map((r) => [r.vid, r.name, r.siteName, r.group, r.prefixCount])).toEqual([
      [100, 'public', 'Ashburn', '', 0],
      [100, 'northwind', null, 'customers', 0],
      [200, 'backend', 'Ashburn', '', 2],
    ]);
    expect(rows.find((r) => r.name === 'northwind')?.customerId).toBe('northwind');
    expect(rows.find((r) => r.id === a.id)?.status).toBe('active');
  });

  it('lists the prefixes that use a VLAN, in address order, with the total', async () => {
    const v = await c.ipam.createVlan({ vid: 300, name: 'bmc' });
    for (const p of ['10.1.2.0/24', '10.1.0.0/24', '10.1.1.0/24']) await c.ipam.createPrefix({ prefix: p, vlanId: v.id });
    await c.ipam.createPrefix({ prefix: '10.2.0.0/24' });
    const used = await c.ipam.vlanPrefixes({ id: v.id, limit: 2 });
    expect(used?.vlan.vid).toBe(300);
    expect(used?.total).toBe(3);
    expect(used?.prefixes.map((p) => p.prefix)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
    expect(await c.ipam.vlanPrefixes({ id: 'no-such-vlan' })).toBeNull();
  });

  it('refuses a bad VID before the rules, with the field', async () => {
    for (const vid of [0, 4095, 1.5]) {
      const err = await rejection(c.ipam.createVlan({ vid, name: 'x' }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toContain('A VLAN id is a whole number from 1 to 4094.');
    }
    expect((await rejection(c.ipam.createVlan({ vid: 10, name: '  ' }))).message).toContain('A name is required.');
    expect(await c.ipam.vlans()).toEqual([]);
  });

  it('refuses a duplicate VID in the same site and group, on create and on edit, naming the holder', async () => {
    await c.ipam.createVlan({ vid: 100, name: 'public', siteId: site.id });
    const dup = await rejection(c.ipam.createVlan({ vid: 100, name: 'again', siteId: site.id }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe('VLAN 100 already exists at Ashburn (public).');
    expect(fieldOf(dup)).toBe('vid');
    // the same VID elsewhere is another VLAN
    await c.ipam.createVlan({ vid: 100, name: 'other group', siteId: site.id, group: 'customers' });
    const noSite = await c.ipam.createVlan({ vid: 100, name: 'no site' });
    expect((await rejection(c.ipam.createVlan({ vid: 100, name: 'no site again' }))).message).toBe('VLAN 100 already exists without a site (no site).');
    // moving a VLAN onto a taken VID (or into a site where its VID is taken) is refused too
    const other = await c.ipam.createVlan({ vid: 101, name: 'mgmt', siteId: site.id });
    expect((await rejection(c.ipam.updateVlan({ id: other.id, patch: { vid: 100 } }))).message).toBe('VLAN 100 already exists at Ashburn (public).');
    expect((await rejection(c.ipam.updateVlan({ id: noSite.id, patch: { siteId: site.id } }))).message).toBe('VLAN 100 already exists at Ashburn (public).');
    expect((await c.ipam.vlans()).map((v) => `${v.vid} ${v.name}`)).toEqual(['100 no site', '100 public', '100 other group', '101 mgmt']);
  });

  it('renames a VLAN without touching its other fields', async () => {
    const v = await c.ipam.createVlan({ vid: 300, name: 'bmc', siteId: site.id, group: 'oob', status: 'reserved', role: 'management', customerId: 'acme', description: 'BMC network' });
    const renamed = await c.ipam.updateVlan({ id: v.id, patch: { name: 'iad1-bmc' } });
    expect(renamed).toMatchObject({ vid: 300, name: 'iad1-bmc', siteId: site.id, group: 'oob', status: 'reserved', role: 'management', customerId: 'acme', description: 'BMC network' });
    const history = t.core.services.ipam.repo.vlans.history(v.id);
    expect(history[0]?.action).toBe('update');
    expect(history[0]?.actor).toBe('pat');
    // clearing the site is a change like any other
    expect((await c.ipam.updateVlan({ id: v.id, patch: { siteId: null } })).siteId).toBeNull();
    expect((await rejection(c.ipam.updateVlan({ id: v.id, patch: { vid: 5000 } }))).message).toContain('1 to 4094');
    expect((await rejection(c.ipam.updateVlan({ id: 'nope', patch: { name: 'x' } }))).message).toBe('No VLAN with id nope.');
  });

  it('refuses to remove a VLAN while prefixes use it, naming them and how many, then removes it once free', async () => {
    const v = await c.ipam.createVlan({ vid: 300, name: 'bmc' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await c.ipam.createPrefix({ prefix: `10.1.${i}.0/24`, vlanId: v.id })).id);
    const refused = await rejection(c.ipam.removeVlan({ id: v.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('VLAN 300 is used by 10.1.0.0/24, 10.1.1.0/24, 10.1.2.0/24 and 2 more prefixes; move them to another VLAN (or none) first.');
    for (const id of ids.slice(1)) await c.ipam.removePrefix({ id });
    expect((await rejection(c.ipam.removeVlan({ id: v.id }))).message).toBe('VLAN 300 is used by 10.1.0.0/24; move it to another VLAN (or none) first.');
    expect((await c.ipam.vlans())[0]?.prefixCount).toBe(1);
    await c.ipam.updatePrefix({ id: ids[0]!, patch: { vlanId: null } });
    await c.ipam.removeVlan({ id: v.id });
    expect(await c.ipam.vlans()).toEqual([]);
    expect(t.core.services.ipam.repo.vlans.history(v.id)[0]?.action).toBe('delete');
  });

  it('lets staff read and only editors change VLANs', async () => {
    const v = await c.ipam.createVlan({ vid: 10, name: 'ten' });
    const viewer = t.caller(actor('viewer'));
    expect(await viewer.ipam.vlans()).toHaveLength(1);
    expect((await viewer.ipam.vlanPrefixes({ id: v.id }))?.total).toBe(0);
    expect((await rejection(viewer.ipam.createVlan({ vid: 11, name: 'eleven' }))).code).toBe('FORBIDDEN');
    expect((await rejection(viewer.ipam.updateVlan({ id: v.id, patch: { name: 'x' } }))).code).toBe('FORBIDDEN');
    expect((await rejection(viewer.ipam.removeVlan({ id: v.id }))).code).toBe('FORBIDDEN');
    expect((await rejection(t.caller(actor('customer', 'c', 'cust-1')).ipam.vlans())).code).toBe('FORBIDDEN');
    await t.caller(actor('technician')).ipam.updateVlan({ id: v.id, patch: { name: 'ten-tech' } });
    expect((await viewer.ipam.vlans())[0]?.name).toBe('ten-tech');
  });
});
