// IP math for both sides, on ipaddr.js for parsing (no hand-written parser).
// Addresses are bigints; their store key is the family digit and the value as fixed-width
// hex ('4cb00712d' for 203.0.113.45, '6' + 32 hex digits for IPv6), so string order is
// numeric order within a family and both families live in one index.
// Canonical text: IPv4 dotted quad, IPv6 as RFC 5952 (lowercase, longest zero run
// compressed, IPv4-mapped addresses in mixed notation per RFC 5952 §5).
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;
export const FAMILY_BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export class IpFormatError extends Error {
  constructor(message: string, readonly input: string) {
    super(message);
    this.name = 'IpFormatError';
  }
}

export interface ParsedAddress {
  family: IpFamily;
  value: bigint;
  /** Canonical text. */
  text: string;
  key: string;
}

export interface ParsedPrefix {
  family: IpFamily;
  length: number;
  network: bigint;
  /** Last address of the prefix (broadcast for IPv4). */
  last: bigint;
  /** Canonical "network/length". */
  text: string;
  startKey: string;
  endKey: string;
}

export const bitsOf = (family: IpFamily): number => FAMILY_BITS[family];

export function keyOf(family: IpFamily, value: bigint): string {
  return family === 4 ? `4${value.toString(16).padStart(8, '0')}` : `6${value.toString(16).padStart(32, '0')}`;
}

export function parseKey(key: string): { family: IpFamily; value: bigint } {
  const family = key[0] === '4' ? 4 : key[0] === '6' ? 6 : null;
  if (family === null || key.length !== (family === 4 ? 9 : 33)) throw new Error(`not an address key: ${key}`);
  return { family, value: BigInt(`0x${key.slice(1)}`) };
}

export function maxValue(family: IpFamily): bigint {
  return (1n << BigInt(bitsOf(family))) - 1n;
}

/** Number of addresses in a prefix of this length. */
export function sizeOf(family: IpFamily, length: number): bigint {
  return 1n << BigInt(bitsOf(family) - length);
}

export function networkOf(family: IpFamily, value: bigint, length: number): bigint {
  const host = sizeOf(family, length) - 1n;
  return value & ~host & maxValue(family);
}

/** The first value >= `value` that starts a block of this length. */
export function alignUp(family: IpFamily, value: bigint, length: number): bigint {
  const size = sizeOf(family, length);
  return ((value + size - 1n) / size) * size;
}

export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  }
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  const v6 = new ipaddr.IPv6(parts);
  if (v6.isIPv4MappedAddress()) return `::ffff:${v6.toIPv4Address().toString()}`;
  return v6.toRFC5952String();
}

export function addressOf(family: IpFamily, value: bigint): ParsedAddress {
  return { family, value, text: formatAddress(family, value), key: keyOf(family, value) };
}

export function prefixOf(family: IpFamily, network: bigint, length: number): ParsedPrefix {
  const last = network + sizeOf(family, length) - 1n;
  return {
    family, length, network, last,
    text: `${formatAddress(family, network)}/${length}`,
    startKey: keyOf(family, network),
    endKey: keyOf(family, last),
  };
}

function valueOfBytes(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

const V4_MAPPED_DEPRECATED = /^::(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * One address in any valid written form. Refused: zone ids (fe80::1%eth0), IPv4 shorthand
 * (127.1, hex or octal parts), anything with a /length (use parseCidr).
 */
export function parseAddress(input: string): ParsedAddress {
  const raw = input.trim();
  if (raw === '') throw new IpFormatError('An address is required.', input);
  if (raw.includes('/')) throw new IpFormatError(`${raw} is a prefix, not an address; give the address without /length.`, input);
  if (raw.includes('%')) throw new IpFormatError(`${raw} has a zone index (%…); give the address without it.`, input);
  if (raw.includes(':')) {
    // ipaddr.js reads "::a.b.c.d" as IPv4-mapped (::ffff:a.b.c.d); RFC 4291 §2.5.5.1 says it
    // is the IPv4-compatible form ::a.b.c.d, so make the zero group explicit first.
    const fixed = V4_MAPPED_DEPRECATED.test(raw) ? `::0:${raw.slice(2)}` : raw;
    if (!ipaddr.IPv6.isValid(fixed)) throw new IpFormatError(`${raw} is not a valid IPv6 address.`, input);
    const value = valueOfBytes(ipaddr.IPv6.parse(fixed).toByteArray());
    return addressOf(6, value);
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(raw)) {
    if (ipaddr.IPv4.isValid(raw)) throw new IpFormatError(`${raw} is not written as four decimal numbers (like 203.0.113.45); write it out in full.`, input);
    throw new IpFormatError(`${raw} is not a valid IPv4 address (four numbers 0–255 separated by dots).`, input);
  }
  return addressOf(4, valueOfBytes(ipaddr.IPv4.parse(raw).toByteArray()));
}

function parseLength(raw: string, lenText: string | undefined, family: IpFamily, input: string): number {
  if (lenText === undefined || !/^\d{1,3}$/.test(lenText)) throw new IpFormatError(`${raw} has no valid /length (like /24).`, input);
  const length = Number(lenText);
  if (length > bitsOf(family)) throw new IpFormatError(`${raw}: an IPv${family} prefix length is 0 to ${bitsOf(family)}.`, input);
  return length;
}

/** "203.0.113.0/24" → the prefix. With host bits set it is refused, naming the network. */
export function parseCidr(input: string): ParsedPrefix {
  const raw = input.trim();
  if (raw === '') throw new IpFormatError('A prefix is required (like 203.0.113.0/24).', input);
  const slash = raw.indexOf('/');
  if (slash < 0) throw new IpFormatError(`${raw} has no /length; write a prefix like 203.0.113.0/24.`, input);
  const addr = parseAddress(raw.slice(0, slash));
  const length = parseLength(raw, raw.slice(slash + 1), addr.family, input);
  const network = networkOf(addr.family, addr.value, length);
  if (network !== addr.value) {
    throw new IpFormatError(`${raw} has host bits set; the network is ${formatAddress(addr.family, network)}/${length}.`, input);
  }
  return prefixOf(addr.family, network, length);
}

/** An address with an optional /mask, as NetBox writes interface addresses ("203.0.113.45/24"). */
export function parseAddressWithMask(input: string): { address: ParsedAddress; mask: number | null } {
  const raw = input.trim();
  const slash = raw.indexOf('/');
  if (slash < 0) return { address: parseAddress(raw), mask: null };
  const address = parseAddress(raw.slice(0, slash));
  return { address, mask: parseLength(raw, raw.slice(slash + 1), address.family, input) };
}

/** True when the text is an address (not a prefix) in any valid form. */
export function isAddress(input: string): boolean {
  try {
    parseAddress(input);
    return true;
  } catch (_err) {
    return false;
  }
}

export function isCidr(input: string): boolean {
  try {
    parseCidr(input);
    return true;
  } catch (_err) {
    return false;
  }
}

export function prefixContains(p: Pick<ParsedPrefix, 'family' | 'network' | 'last'>, family: IpFamily, value: bigint): boolean {
  return p.family === family && value >= p.network && value <= p.last;
}

/** Addresses a host may use: IPv4 subnets up to /30 lose network and broadcast (RFC 3021: not /31, /32). */
export function usableBounds(p: Pick<ParsedPrefix, 'family' | 'length' | 'network' | 'last'>, isPool: boolean): { first: bigint; last: bigint } {
  if (p.family === 4 && !isPool && p.length <= 30) return { first: p.network + 1n, last: p.last - 1n };
  return { first: p.network, last: p.last };
}

/** Exact CIDR cover of [start, end] (smallest list of aligned blocks). */
export function cidrsOfRange(family: IpFamily, start: bigint, end: bigint, max = 256): ParsedPrefix[] {
  const out: ParsedPrefix[] = [];
  let cur = start;
  const bits = bitsOf(family);
  while (cur <= end) {
    if (out.length >= max) throw new Error(`range needs more than ${max} prefixes`);
    let length = bits;
    // grow the block while it stays aligned and inside the range
    while (length > 0) {
      const bigger = length - 1;
      if (networkOf(family, cur, bigger) !== cur || cur + sizeOf(family, bigger) - 1n > end) break;
      length = bigger;
    }
    out.push(prefixOf(family, cur, length));
    cur += sizeOf(family, length);
  }
  return out;
}

/** Size as text: exact for IPv4, "2^n" style for big IPv6 counts. */
export function formatCount(n: bigint): string {
  if (n < 1_000_000_000_000n) return n.toLocaleString('en-US');
  let bits = 0;
  let v = n;
  while (v > 1n) { v >>= 1n; bits++; }
  return (1n << BigInt(bits)) === n ? `2^${bits}` : `≈2^${bits}`;
}
