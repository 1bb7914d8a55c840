// shared/ipam.ts: parsing on ipaddr.js, canonical text (RFC 5952), keys, edge prefixes.
import { describe, expect, it } from 'vitest';
import {
  addressOf, alignUp, cidrsOfRange, formatAddress, keyOf, parseAddress, parseAddressWithMask, parseCidr, parseKey, sizeOf, usableBounds,
} from '../../../../shared/ipam';

describe('addresses', () => {
  it.each([
    ['203.0.113.45', '203.0.113.45'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // RFC 5952 §4.2.3: the first of two equal runs
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one 0 group is not compressed
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], // §5: IPv4-mapped in mixed notation
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['::1.2.3.4', '::102:304'], // IPv4-compatible (RFC 4291 §2.5.5.1), not mapped (ipaddr.js quirk)
    ['FE80::A:B', 'fe80::a:b'],
  ])('%s is stored and shown as %s', (input, canonical) => {
    expect(parseAddress(input).text).toBe(canonical);
  });

  it('keys are fixed-width hex with the family first, so text order is numeric order', () => {
    expect(parseAddress('203.0.113.45').key).toBe('4cb00712d');
    expect(parseAddress('::1').key).toBe(`6${'0'.repeat(31)}1`);
    expect(parseAddress('10.0.0.2').key < parseAddress('10.0.0.10').key).toBe(true);
    expect(parseAddress('255.255.255.255').key < parseAddress('::').key).toBe(true);
    const k = parseKey(parseAddress('2001:db8::1').key);
    expect(formatAddress(k.family, k.value)).toBe('2001:db8::1');
  });

  it.each([
    ['', 'required'],
    ['203.0.113.300', 'not a valid IPv4'],
    ['127.1', 'four decimal numbers'],
    ['0x7f.0.0.1', 'four decimal numbers'],
    ['010.0.0.1', 'four decimal numbers'],
    ['fe80::1%eth0', 'zone index'],
    ['2001:db8:::1', 'not a valid IPv6'],
    ['203.0.113.0/24', 'is a prefix'],
    ['hello', 'not a valid IPv4'],
  ])('refuses %j with a message (%s)', (input, message) => {
    expect(() => parseAddress(input)).toThrow(message);
  });

  it('reads NetBox interface addresses with their mask', () => {
    expect(parseAddressWithMask('203.0.113.45/24')).toMatchObject({ address: { text: '203.0.113.45' }, mask: 24 });
    expect(parseAddressWithMask('2001:db8::1')).toMatchObject({ mask: null });
    expect(() => parseAddressWithMask('10.0.0.1/33')).toThrow('0 to 32');
  });
});

describe('prefixes', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0', '255.255.255.255', 2n ** 32n],
    ['203.0.113.0/24', '203.0.113.0', '203.0.113.255', 256n],
    ['198.51.100.6/31', '198.51.100.6', '198.51.100.7', 2n],
    ['198.51.100.7/32', '198.51.100.7', '198.51.100.7', 1n],
    ['::/0', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 2n ** 128n],
    ['2001:db8::/48', '2001:db8::', '2001:db8:0:ffff:ffff:ffff:ffff:ffff', 2n ** 80n],
    ['2001:db8::/127', '2001:db8::', '2001:db8::1', 2n],
    ['2001:db8::5/128', '2001:db8::5', '2001:db8::5', 1n],
  ])('%s spans %s – %s', (text, first, last, size) => {
    const p = parseCidr(text);
    expect(p.text).toBe(text);
    expect(formatAddress(p.family, p.network)).toBe(first);
    expect(formatAddress(p.family, p.last)).toBe(last);
    expect(sizeOf(p.family, p.length)).toBe(size);
    expect(p.startKey <= p.endKey).toBe(true);
  });

  it('canonicalises IPv6 prefixes', () => {
    expect(parseCidr('2001:0DB8:0000::/32').text).toBe('2001:db8::/32');
  });

  it.each([
    ['203.0.113.5/24', 'host bits set; the network is 203.0.113.0/24'],
    ['2001:db8::1/64', 'host bits set; the network is 2001:db8::/64'],
    ['10.0.0.0/33', '0 to 32'],
    ['2001:db8::/129', '0 to 128'],
    ['10.0.0.0', 'no /length'],
    ['10.0.0.0/', 'no valid /length'],
    ['10.0.0.0/x', 'no valid /length'],
    ['10.0.0/8', 'four decimal numbers'],
  ])('refuses %s (%s)', (input, message) => {
    expect(() => parseCidr(input)).toThrow(message);
  });

  it('usable bounds: IPv4 subnets up to /30 lose network and broadcast; /31, /32, pools and IPv6 do not', () => {
    const u = (t: string, pool = false) => {
      const b = usableBounds(parseCidr(t), pool);
      const p = parseCidr(t);
      return [formatAddress(p.family, b.first), formatAddress(p.family, b.last)];
    };
    expect(u('203.0.113.0/24')).toEqual(['203.0.113.1', '203.0.113.254']);
    expect(u('203.0.113.0/30')).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(u('203.0.113.0/31')).toEqual(['203.0.113.0', '203.0.113.1']);
    expect(u('203.0.113.9/32')).toEqual(['203.0.113.9', '203.0.113.9']);
    expect(u('203.0.113.0/24', true)).toEqual(['203.0.113.0', '203.0.113.255']);
    expect(u('2001:db8::/127')).toEqual(['2001:db8::', '2001:db8::1']);
    expect(u('2001:db8::/64')).toEqual(['2001:db8::', '2001:db8::ffff:ffff:ffff:ffff']);
  });

  it('aligns and covers ranges with CIDR blocks', () => {
    expect(alignUp(4, parseAddress('10.0.0.1').value, 29)).toBe(parseAddress('10.0.0.8').value);
    expect(alignUp(4, parseAddress('10.0.0.8').value, 29)).toBe(parseAddress('10.0.0.8').value);
    const cover = cidrsOfRange(4, parseAddress('10.0.0.1').value, parseAddress('10.0.0.10').value).map((p) => p.text);
    expect(cover).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/31', '10.0.0.10/32']);
    expect(addressOf(6, 1n).text).toBe('::1');
    expect(keyOf(4, 0n)).toBe('400000000');
  });
});
