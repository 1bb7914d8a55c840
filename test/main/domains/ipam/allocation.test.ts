// Next free address / prefix and the pool rules: IPv4 and IPv6, edge prefixes, zones,
// isolation, aggregation next to a customer's blocks, justification, fragmented pools.
import { describe, expect, it } from 'vitest';
import { allocateAddressInput, allocatePrefixInput, nextFreeInput } from '../../../../shared/schemas/ipam';
import { ctx, useIpam, type IpamTest } from './setup';

const alloc = (x: IpamTest, input: Record<string, unknown>) => x.ipam.addresses.allocate(ctx, allocateAddressInput.parse(input));
const allocPrefix = (x: IpamTest, input: Record<string, unknown>) => x.ipam.allocatePrefix(ctx, allocatePrefixInput.parse(input));
const next = (x: IpamTest, input: Record<string, unknown>) => x.ipam.nextFree(nextFreeInput.parse(input));

describe('next free address', () => {
  const s = useIpam();

  it('skips the network address, taken addresses, child prefixes and DHCP ranges', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    x.add({ mode: 'range', start: '203.0.113.1', end: '203.0.113.3', status: 'used' });
    x.add({ mode: 'single', address: '203.0.113.5', status: 'reserved' });
    expect(next(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.4');
    expect(alloc(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.4');
    expect(alloc(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.6');
    x.prefix('203.0.113.8/29', { customerId: 'acme' });
    x.range({ start: '203.0.113.16', end: '203.0.113.31', status: 'dhcp' });
    expect(alloc(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.7');
    expect(alloc(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.32');
  });

  it('never hands out the broadcast address, and says when the pool is full', () => {
    const x = s();
    x.prefix('192.0.2.0/30');
    expect(alloc(x, { pool: '192.0.2.0/30' }).address).toBe('192.0.2.1');
    expect(alloc(x, { pool: '192.0.2.0/30' }).address).toBe('192.0.2.2');
    expect(() => alloc(x, { pool: '192.0.2.0/30' })).toThrow('192.0.2.0/30 has no free address left.');
  });

  it('uses both addresses of a /31 and the one of a /32 (RFC 3021)', () => {
    const x = s();
    x.prefix('198.51.100.0/24', { status: 'container' });
    x.prefix('198.51.100.6/31');
    x.prefix('198.51.100.9/32');
    expect(alloc(x, { pool: '198.51.100.6/31' }).address).toBe('198.51.100.6');
    expect(alloc(x, { pool: '198.51.100.6/31' }).address).toBe('198.51.100.7');
    expect(alloc(x, { pool: '198.51.100.9/32' }).address).toBe('198.51.100.9');
    expect(() => alloc(x, { pool: '198.51.100.9/32' })).toThrow('no free address');
  });

  it('works in /0 pools of both families', () => {
    const x = s();
    x.prefix('0.0.0.0/0');
    expect(alloc(x, { pool: '0.0.0.0/0' }).address).toBe('0.0.0.1');
    x.prefix('::/0');
    expect(alloc(x, { pool: '::/0' }).address).toBe('::');
    expect(alloc(x, { pool: '::/0' }).address).toBe('::1');
  });

  it('allocates IPv6 from /64, /127 and /128 pools', () => {
    const x = s();
    x.prefix('2001:db8::/48', { status: 'container' });
    x.prefix('2001:db8:0:1::/64');
    x.prefix('2001:db8:0:2::/127');
    x.prefix('2001:db8:0:3::5/128');
    x.add({ mode: 'single', address: '2001:db8:0:1::' });
    expect(alloc(x, { pool: '2001:db8:0:1::/64' }).address).toBe('2001:db8:0:1::1');
    expect(alloc(x, { pool: '2001:db8:0:2::/127' }).address).toBe('2001:db8:0:2::');
    expect(alloc(x, { pool: '2001:db8:0:2::/127' }).address).toBe('2001:db8:0:2::1');
    expect(() => alloc(x, { pool: '2001:db8:0:2::/127' })).toThrow('no free address');
    expect(alloc(x, { pool: '2001:db8:0:3::5/128' }).address).toBe('2001:db8:0:3::5');
  });

  it('skips full blocks and finds the first gap in a fragmented /16', () => {
    const x = s();
    x.prefix('10.20.0.0/16');
    // 10.20.0.1 – 10.20.2.255 taken, except one hole at 10.20.1.77
    x.add({ mode: 'range', start: '10.20.0.1', end: '10.20.2.255', status: 'used' });
    const hole = x.ipam.repo.addressByKey('', x.ipam.lookup.find('', '10.20.1.77').record!.key)!;
    x.ipam.addresses.release(ctx, hole.id);
    expect(alloc(x, { pool: '10.20.0.0/16' }).address).toBe('10.20.1.77');
    expect(alloc(x, { pool: '10.20.0.0/16' }).address).toBe('10.20.3.0');
  });

  it('takes only from active subnets, of the asked zone', () => {
    const x = s();
    x.prefix('10.0.0.0/8', { status: 'container', zone: 'management' });
    x.prefix('10.1.0.0/24'); // inherits management
    x.prefix('10.2.0.0/24', { status: 'reserved' });
    expect(() => alloc(x, { pool: '10.0.0.0/8' })).toThrow('10.0.0.0/8 is a container; hand out addresses from an active subnet inside it.');
    expect(() => alloc(x, { pool: '10.2.0.0/24' })).toThrow('is reserved');
    expect(() => alloc(x, { pool: '10.1.0.0/24', zone: 'public' })).toThrow('10.1.0.0/24 is in the management zone, not public; choose a public pool.');
    expect(alloc(x, { pool: '10.1.0.0/24', zone: 'management' }).address).toBe('10.1.0.1');
  });

  it('keeps a customer-isolated pool to its customer', () => {
    const x = s();
    x.prefix('172.16.5.0/24', { zone: 'customer-isolated', customerId: 'acme' });
    expect(() => alloc(x, { pool: '172.16.5.0/24', customerId: 'globex' })).toThrow('isolated for acme');
    expect(alloc(x, { pool: '172.16.5.0/24', customerId: 'acme' }).address).toBe('172.16.5.1');
    expect(() => x.assign({ address: '172.16.5.9', customerId: 'globex' })).toThrow('isolated for acme');
  });

  it('puts a customer\'s next address next to their others', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    const first = alloc(x, { pool: '203.0.113.0/24', customerId: 'acme' });
    x.add({ mode: 'range', start: '203.0.113.2', end: '203.0.113.9', status: 'used', customerId: 'globex', justification: 'eight servers' });
    x.assign({ address: '203.0.113.40', customerId: 'acme', justification: 'second server' });
    expect(first.address).toBe('203.0.113.1');
    // .2 is taken; the block after acme's .40 is free
    expect(next(x, { pool: '203.0.113.0/24', customerId: 'acme' }).address).toBe('203.0.113.41');
    expect(alloc(x, { pool: '203.0.113.0/24', customerId: 'acme', justification: 'third' }).address).toBe('203.0.113.41');
    // without a customer: the lowest free one
    expect(next(x, { pool: '203.0.113.0/24' }).address).toBe('203.0.113.10');
  });

  it('asks for a justification when a customer gets more than their first assignment', () => {
    const x = s();
    x.prefix('203.0.113.0/24');
    alloc(x, { pool: '203.0.113.0/24', customerId: 'acme' });
    expect(() => alloc(x, { pool: '203.0.113.0/24', customerId: 'acme' })).toThrow('acme already holds addresses: say why they need more');
    const second = alloc(x, { pool: '203.0.113.0/24', customerId: 'acme', justification: 'mail server' });
    expect(second.justification).toBe('mail server');
    expect(x.ipam.repo.addresses.history(second.id)[0]!.actor).toBe('pat');
  });
});

describe('next free prefix', () => {
  const s = useIpam();

  it('finds the first aligned free block around children and used addresses', () => {
    const x = s();
    x.prefix('203.0.112.0/22', { status: 'container' });
    x.prefix('203.0.112.0/29', { customerId: 'a' });
    x.prefix('203.0.112.16/28', { customerId: 'b' });
    x.prefix('203.0.113.0/24');
    x.add({ mode: 'single', address: '203.0.112.9', status: 'gateway' }); // an address sitting in the container
    expect(next(x, { pool: '203.0.112.0/22', length: 29 }).prefix).toBe('203.0.112.32/29');
    expect(next(x, { pool: '203.0.112.0/22', length: 24 }).prefix).toBe('203.0.114.0/24');
    expect(next(x, { pool: '203.0.112.0/22', length: 30 }).prefix).toBe('203.0.112.12/30');
  });

  it('prefers the buddy of a customer\'s block, then the block after it', () => {
    const x = s();
    x.prefix('198.51.100.0/24', { status: 'container' });
    x.prefix('198.51.100.0/29', { customerId: 'other' });
    const theirs = allocPrefix(x, { pool: '198.51.100.0/24', length: 29, customerId: 'acme' });
    expect(theirs.prefix).toBe('198.51.100.8/29');
    x.prefix('198.51.100.16/29', { customerId: 'other', justification: 'second rack' });
    // acme's buddy (.0/29) is taken, so the next /29 next to theirs... .16 taken too: first free after
    const more = allocPrefix(x, { pool: '198.51.100.0/24', length: 29, customerId: 'acme', justification: 'more VMs' });
    expect(more.prefix).toBe('198.51.100.24/29');
    const buddy = allocPrefix(x, { pool: '198.51.100.0/24', length: 28, customerId: 'acme', justification: 'growth' });
    expect(buddy.prefix).toBe('198.51.100.32/28'); // right after acme's .24/29, aligned
  });

  it('carves IPv6 /64s from a /48 and refuses sizes that do not fit', () => {
    const x = s();
    x.prefix('2001:db8:100::/48', { status: 'container' });
    x.prefix('2001:db8:100::/56');
    expect(allocPrefix(x, { pool: '2001:db8:100::/48', length: 56, customerId: 'acme' }).prefix).toBe('2001:db8:100:100::/56');
    expect(next(x, { pool: '2001:db8:100::/48', length: 64 }).prefix).toBe('2001:db8:100:200::/64');
    expect(() => next(x, { pool: '2001:db8:100::/48', length: 48 })).toThrow('not smaller than the pool');
    x.prefix('10.0.0.0/24');
    expect(() => next(x, { pool: '10.0.0.0/24', length: 64 })).toThrow('A /64 does not fit in the IPv4 pool 10.0.0.0/24');
    expect(allocPrefix(x, { pool: '10.0.0.0/24', length: 32 }).prefix).toBe('10.0.0.0/32');
  });

  it('says when no block of the size is left', () => {
    const x = s();
    x.prefix('192.0.2.0/30');
    x.prefix('192.0.2.0/31');
    x.prefix('192.0.2.2/31');
    expect(() => next(x, { pool: '192.0.2.0/30', length: 31 })).toThrow('has no free /31 left');
  });

  it('an allocated prefix joins the tree under its pool with the pool\'s zone', () => {
    const x = s();
    const pool = x.prefix('10.8.0.0/16', { status: 'container', zone: 'backend' });
    const p = allocPrefix(x, { pool: pool.id, length: 24, customerId: 'acme' });
    expect(p).toMatchObject({ prefix: '10.8.0.0/24', parentId: pool.id, zone: 'backend', customerId: 'acme' });
    expect(() => allocPrefix(x, { pool: pool.id, length: 24, zone: 'public', customerId: 'x' })).toThrow('backend zone, not public');
  });
});
