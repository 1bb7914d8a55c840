// The IPAM procedures through createCaller over a real SQLite file: roles, input
// validation with field errors, domain errors mapped to codes, the whole path of a user.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../../shared/schemas/inventory';
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

describe('ipam router', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('lets staff read and only editors write', async () => {
    const admin = t.caller(actor('admin'));
    await admin.ipam.createPrefix({ prefix: '203.0.113.0/24' });
    const viewer = t.caller(actor('viewer'));
    expect((await viewer.ipam.tree({})).nodes).toHaveLength(1);
    expect((await viewer.ipam.find({ address: '203.0.113.9' })).status).toBe('free');
    const refused = await rejection(viewer.ipam.allocateAddress({ pool: '203.0.113.0/24' }));
    expect(refused.code).toBe('FORBIDDEN');
    const billing = t.caller(actor('billing'));
    expect((await billing.ipam.arinReport({ block: '203.0.113.0/24' })).total).toBe('256');
    const customer = t.caller(actor('customer', 'c', 'cust-1'));
    expect((await rejection(customer.ipam.tree({}))).code).toBe('FORBIDDEN');
    const nobody = t.core.router.createCaller(t.core.createContext(null));
    expect((await rejection(nobody.ipam.tree({}))).code).toBe('UNAUTHORIZED');
    const tech = t.caller(actor('technician'));
    expect((await tech.ipam.allocateAddress({ pool: '203.0.113.0/24' })).address).toBe('203.0.113.1');
  });

  it('refuses bad input before it reaches the rules, with the field and the reason', async () => {
    const c = t.caller(actor('provisioning'));
    const hostBits = await rejection(c.ipam.createPrefix({ prefix: '203.0.113.9/24' }));
    expect(hostBits.code).toBe('BAD_REQUEST');
    expect(hostBits.message).toContain('host bits set; the network is 203.0.113.0/24');
    const badAddr = await rejection(c.ipam.assign({ address: '2001:db8::g' }));
    expect(badAddr.message).toContain('not a valid IPv6 address');
    expect((await rejection(c.ipam.createVlan({ vid: 5000, name: 'x' }))).message).toContain('1 to 4094');
  });

  it('maps rule refusals to codes with the field for the form', async () => {
    const c = t.caller(actor('provisioning'));
    await c.ipam.createPrefix({ prefix: '203.0.113.0/24' });
    const dup = await rejection(c.ipam.createPrefix({ prefix: '203.0.113.0/24' }));
    expect(dup.code).toBe('CONFLICT');
    const outside = await rejection(c.ipam.assign({ address: '198.51.100.1' }));
    expect(outside.code).toBe('BAD_REQUEST');
    expect(outside.message).toBe('198.51.100.1 is outside every prefix. Add the prefix that holds it first.');
    expect((outside.cause as { field?: string }).field).toBe('address');
    await c.ipam.assign({ address: '203.0.113.5', customerId: 'acme' });
    const again = await rejection(c.ipam.assign({ address: '203.0.113.5', customerId: 'globex' }));
    expect(again.code).toBe('CONFLICT');
    const more = await rejection(c.ipam.allocateAddress({ pool: '203.0.113.0/24', customerId: 'acme' }));
    expect((more.cause as { field?: string }).field).toBe('justification');
  });

  it('walks the path of a provisioning person: tree, map, assign to a server, report, history', async () => {
    const c = t.caller(actor('provisioning', 'pat'));
    const server = t.core.services.inventory.create({ actor: actor('admin') }, deviceInput.parse({ name: 'iad1-a01-s07', type: 'server' }));
    const top = await c.ipam.createPrefix({ prefix: '203.0.112.0/22', status: 'container' });
    await c.ipam.createPrefix({ prefix: '203.0.113.0/24' });
    const roots = await c.ipam.tree({});
    expect(roots.nodes.map((n) => [n.prefix.prefix, n.childCount])).toEqual([['203.0.112.0/22', 1]]);
    const level = await c.ipam.tree({ parentId: top.id });
    expect(level.nodes[0]!.prefix.prefix).toBe('203.0.113.0/24');
    const map = await c.ipam.map({ address: '203.0.113.0' });
    expect(map.counts.free).toBe(254);
    await c.ipam.assign({ address: '203.0.113.45', deviceId: server.id, customerId: 'acme' });
    const second = await c.ipam.allocateAddress({ pool: '203.0.113.0/24', customerId: 'acme', deviceId: server.id, justification: 'a second IP for SSL' });
    expect(second.address).toBe('203.0.113.46');
    const report = await c.ipam.arinReport({ block: top.id });
    expect(report.assignments.map((a) => [a.assignment, a.deviceName, a.justification])).toEqual([
      ['203.0.113.45', 'iad1-a01-s07', ''],
      ['203.0.113.46', 'iad1-a01-s07', 'a second IP for SSL'],
    ]);
    expect(await c.ipam.arinCsv({ block: '203.0.112.0/22' })).toContain('203.0.113.46,1,acme,acme,,iad1-a01-s07,used');
    const history = await c.ipam.addressHistory({ id: second.id });
    expect(history[0]).toMatchObject({ actor: 'pat', action: 'insert', reason: 'a second IP for SSL' });
    const released = await c.ipam.release({ id: second.id, reason: 'customer gave it back' });
    expect(released.status).toBe('free');
    const hits = await c.ipam.search({ q: 'iad1-a01-s07' });
    expect(hits.addresses.map((a) => a.address)).toEqual(['203.0.113.45']);
  });

  it('imports with a dry run first, and reports progress to a subscriber of the job', async () => {
    const c = t.caller(actor('admin'));
    const csv = `prefix,status\n10.0.0.0/8,container\n10.1.0.0/16,active\n`;
    const seen: string[] = [];
    const off = t.core.services.ipam.transfer.onProgress('job-1', (p) => seen.push(p.phase));
    const dry = await c.ipam.import({ format: 'netbox-prefixes', text: csv, jobId: 'job-1' });
    expect(dry).toMatchObject({ dryRun: true, created: 2 });
    expect((await c.ipam.tree({})).nodes).toHaveLength(0);
    const applied = await c.ipam.import({ format: 'netbox-prefixes', text: csv, dryRun: false, jobId: 'job-1' });
    expect(applied).toMatchObject({ dryRun: false, created: 2 });
    off();
    expect(seen).toEqual(['parse', 'done', 'parse', 'done']);
    expect(await c.ipam.export({ format: 'netbox-prefixes' })).toBe('prefix,vrf,tenant,vlan,status,role,is_pool,description\n10.0.0.0/8,,,,container,,false,\n10.1.0.0/16,,,,active,,false,\n');
  });
});
