// The prefix tree: nesting, re-parenting, overlaps, split, merge, removal — IPv4 and IPv6.
import { describe, expect, it } from 'vitest';
import { ctx, useIpam } from './setup';

describe('the prefix tree', () => {
  const s = useIpam();

  it('nests a new prefix under its most specific holder', () => {
    const { prefix, get } = s();
    prefix('203.0.112.0/20', { status: 'container' });
    prefix('203.0.113.0/24');
    const p = prefix('203.0.113.64/26');
    expect(p.parentId).toBe(get('203.0.113.0/24').id);
    expect(get('203.0.113.0/24').parentId).toBe(get('203.0.112.0/20').id);
    expect(get('203.0.112.0/20').parentId).toBeNull();
  });

  it('re-parents the children of a new intermediate prefix, and audits the move', () => {
    const { prefix, get, ipam } = s();
    prefix('10.0.0.0/8', { status: 'container' });
    prefix('10.1.0.0/24');
    prefix('10.1.1.0/24');
    prefix('10.2.0.0/24');
    const mid = prefix('10.1.0.0/16', { status: 'container' });
    expect(mid.parentId).toBe(get('10.0.0.0/8').id);
    expect(get('10.1.0.0/24').parentId).toBe(mid.id);
    expect(get('10.1.1.0/24').parentId).toBe(mid.id);
    expect(get('10.2.0.0/24').parentId).toBe(get('10.0.0.0/8').id);
    const history = ipam.repo.prefixes.history(get('10.1.1.0/24').id);
    expect(history[0]).toMatchObject({ action: 'reparent', reason: 'now inside 10.1.0.0/16' });
    expect(ipam.tree.check()).toEqual([]);
  });

  it('puts a new top-level prefix above existing roots (IPv6)', () => {
    const { prefix, get, ipam } = s();
    prefix('2001:db8:100::/56');
    prefix('2001:db8:100:100::/56');
    prefix('2001:db8:200::/56');
    const top = prefix('2001:DB8:100::/48', { status: 'container' });
    expect(top.prefix).toBe('2001:db8:100::/48');
    expect(get('2001:db8:100::/56').parentId).toBe(top.id);
    expect(get('2001:db8:100:100::/56').parentId).toBe(top.id);
    expect(get('2001:db8:200::/56').parentId).toBeNull();
    expect(ipam.tree.check()).toEqual([]);
  });

  it('keeps VRFs and families apart', () => {
    const { prefix } = s();
    const a = prefix('10.0.0.0/8', { status: 'container' });
    const blue = prefix('10.1.0.0/16', { vrf: 'blue' });
    const global = prefix('10.1.0.0/16');
    expect(blue.parentId).toBeNull();
    expect(global.parentId).toBe(a.id);
    expect(prefix('::/0', { status: 'container' }).parentId).toBeNull();
    expect(prefix('::ffff:10.0.0.0/104').parentId).not.toBe(a.id);
  });

  it('handles the edge lengths /0, /31, /32, /127, /128', () => {
    const { prefix, get, ipam } = s();
    const all = prefix('0.0.0.0/0', { status: 'container' });
    const p31 = prefix('198.51.100.6/31');
    const p32 = prefix('198.51.100.7/32');
    expect(p31.parentId).toBe(all.id);
    expect(p32.parentId).toBe(p31.id);
    const v6 = prefix('::/0', { status: 'container' });
    const p127 = prefix('2001:db8::/127');
    const p128 = prefix('2001:db8::1/128');
    expect(p127.parentId).toBe(v6.id);
    expect(p128.parentId).toBe(p127.id);
    expect(get('2001:db8::1/128').prefix).toBe('2001:db8::1/128');
    expect(ipam.tree.check()).toEqual([]);
  });

  it('refuses duplicates, host bits and bad text, saying what and where', () => {
    const { prefix } = s();
    prefix('203.0.113.0/24');
    expect(() => prefix('203.0.113.0/24')).toThrow('203.0.113.0/24 already exists.');
    expect(() => prefix('203.0.113.0/24', { vrf: 'blue' })).not.toThrow();
    expect(() => prefix('203.0.113.0/24', { vrf: 'blue' })).toThrow('already exists in VRF blue');
    expect(() => prefix('203.0.113.7/24')).toThrow(/host bits set; the network is 203.0.113.0\/24/);
    expect(() => prefix('203.0.113.0/33')).toThrow(/0 to 32/);
  });

  it('refuses a prefix that would cut a range in two (a partial overlap)', () => {
    const { prefix, range } = s();
    prefix('10.0.0.0/24');
    range({ start: '10.0.0.100', end: '10.0.0.140', status: 'dhcp' });
    expect(() => prefix('10.0.0.128/25')).toThrow('would cut the range 10.0.0.100–10.0.0.140 in two');
    expect(() => prefix('10.0.0.0/25')).toThrow('partial overlap');
    expect(prefix('10.0.0.192/26').prefix).toBe('10.0.0.192/26'); // holds none of it
  });

  it('splits a prefix into parts that take its attributes and children', () => {
    const { prefix, get, ipam } = s();
    const top = prefix('203.0.113.0/24', { role: 'servers', description: 'rack A' });
    const child = prefix('203.0.113.200/29', { customerId: 'cust-9' });
    const parts = ipam.tree.split(ctx, top.id, 26, false);
    expect(parts.map((p) => p.prefix)).toEqual(['203.0.113.0/26', '203.0.113.64/26', '203.0.113.128/26', '203.0.113.192/26']);
    expect(parts.every((p) => p.role === 'servers' && p.description === 'rack A')).toBe(true);
    expect(ipam.repo.prefixes.find(top.id)).toBeNull();
    expect(get('203.0.113.200/29').parentId).toBe(get('203.0.113.192/26').id);
    expect(ipam.repo.prefixes.history(child.id)[0]!.reason).toBe('split of 203.0.113.0/24 into /26');
    expect(ipam.tree.check()).toEqual([]);
  });

  it('splits keeping the parent as a container (IPv6)', () => {
    const { prefix, ipam } = s();
    const top = prefix('2001:db8::/48');
    const parts = ipam.tree.split(ctx, top.id, 50, true);
    expect(parts.map((p) => p.prefix)).toEqual(['2001:db8::/50', '2001:db8:0:4000::/50', '2001:db8:0:8000::/50', '2001:db8:0:c000::/50']);
    expect(parts.every((p) => p.parentId === top.id)).toBe(true);
    expect(ipam.repo.prefixes.find(top.id)!.status).toBe('container');
  });

  it('refuses splits that would not fit', () => {
    const { prefix, ipam } = s();
    const top = prefix('203.0.113.0/24');
    prefix('203.0.113.0/25');
    expect(() => ipam.tree.split(ctx, top.id, 24, false)).toThrow('longer prefixes than /24');
    expect(() => ipam.tree.split(ctx, top.id, 25, false)).toThrow('203.0.113.0/25 inside 203.0.113.0/24 is not smaller than /25');
    const other = prefix('198.51.0.0/16');
    expect(() => ipam.tree.split(ctx, other.id, 33, false)).toThrow('at most /32');
    expect(() => ipam.tree.split(ctx, other.id, 26, false)).toThrow('makes 1024 parts; at most 256');
  });

  it('refuses a split that would put a used address on a part edge', () => {
    const { prefix, add, ipam } = s();
    const top = prefix('203.0.113.0/24');
    add({ mode: 'single', address: '203.0.113.64', status: 'used' });
    expect(() => ipam.tree.split(ctx, top.id, 26, false)).toThrow('203.0.113.64 (used) would become the network address of 203.0.113.64/26');
    expect(ipam.repo.prefixes.find(top.id)).not.toBeNull(); // nothing half-written
  });

  it('merges aligned siblings into one block, and refuses what cannot merge', () => {
    const { prefix, get, ipam } = s();
    prefix('10.0.0.0/16', { status: 'container' });
    const a = prefix('10.0.0.0/25');
    const b = prefix('10.0.0.128/25');
    const c = prefix('10.0.1.0/25');
    const inner = prefix('10.0.0.200/29');
    expect(() => ipam.tree.merge(ctx, [b.id, c.id])).toThrow('do not make up one CIDR block');
    const d = prefix('10.0.2.0/26');
    expect(() => ipam.tree.merge(ctx, [c.id, d.id])).toThrow('not all the same size');
    const v6 = prefix('2001:db8::/64');
    expect(() => ipam.tree.merge(ctx, [a.id, v6.id])).toThrow('mix IPv4 and IPv6');
    const merged = ipam.tree.merge(ctx, [a.id, b.id]);
    expect(merged.prefix).toBe('10.0.0.0/24');
    expect(merged.parentId).toBe(get('10.0.0.0/16').id);
    expect(ipam.repo.prefixes.find(inner.id)!.parentId).toBe(merged.id);
    expect(ipam.repo.prefixes.find(a.id)).toBeNull();
    expect(ipam.tree.check()).toEqual([]);
  });

  it('does not merge two customers\' blocks', () => {
    const { prefix, ipam } = s();
    const a = prefix('10.0.0.0/25', { customerId: 'acme' });
    const b = prefix('10.0.0.128/25', { customerId: 'globex' });
    expect(() => ipam.tree.merge(ctx, [a.id, b.id])).toThrow("different customers");
  });

  it('removing a prefix lifts its children; a top-level one with its own addresses stays', () => {
    const { prefix, add, get, ipam } = s();
    const top = prefix('10.0.0.0/16', { status: 'container' });
    const mid = prefix('10.0.0.0/20', { status: 'container' });
    const leaf = prefix('10.0.1.0/24');
    ipam.tree.remove(ctx, mid.id);
    expect(get('10.0.1.0/24').parentId).toBe(top.id);
    add({ mode: 'single', address: '10.0.200.1' });
    expect(() => ipam.tree.remove(ctx, top.id)).toThrow('still holds 1 address(es) of its own');
    ipam.tree.remove(ctx, leaf.id);
    expect(ipam.repo.prefixes.find(leaf.id)).toBeNull();
  });

  it('repairs a tree whose parents went wrong (as after merging edits from two clients)', () => {
    const { prefix, ipam } = s();
    const top = prefix('10.0.0.0/8', { status: 'container' });
    const leaf = prefix('10.1.2.0/24');
    // another client's write arrives without the re-parenting: simulate with a plain repository update
    ipam.repo.prefixes.update(ctx, leaf.id, { parentId: null });
    expect(ipam.tree.check()).toHaveLength(1);
    expect(ipam.tree.repair(ctx)).toBe(1);
    expect(ipam.repo.prefixes.find(leaf.id)!.parentId).toBe(top.id);
  });
});

describe('utilisation', () => {
  const s = useIpam();

  it('a container counts its children; a subnet its addresses, children and ranges', () => {
    const x = s();
    const top = x.prefix('10.0.0.0/22', { status: 'container' });
    const a = x.prefix('10.0.0.0/24');
    x.prefix('10.0.1.0/24');
    x.add({ mode: 'range', start: '10.0.0.1', end: '10.0.0.10' });
    x.prefix('10.0.0.64/27', { customerId: 'acme' });
    x.add({ mode: 'single', address: '10.0.0.65', customerId: 'acme' }); // inside the child: counted once
    x.range({ start: '10.0.0.200', end: '10.0.0.219', status: 'dhcp' });
    x.add({ mode: 'single', address: '10.0.0.201', status: 'dhcp' });
    expect(x.ipam.lookup.prefixDetail(top.id)!.usage).toEqual({ size: '1024', used: '512', percent: 50 });
    // 10 addresses + 32 (child) + 20 (range, one lease inside it) of 254 usable
    expect(x.ipam.lookup.prefixDetail(a.id)!.usage).toEqual({ size: '254', used: '62', percent: 24.4094 });
    const page = x.ipam.lookup.tree(top.id, 0, 100);
    expect(page.nodes.map((n) => [n.prefix.prefix, n.childCount, n.usage.used])).toEqual([['10.0.0.0/24', 1, '62'], ['10.0.1.0/24', 0, '0']]);
  });
});
