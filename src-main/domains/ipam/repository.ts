// IPAM queries over the keys of migration 0004. Every lookup is an index seek or a bounded
// range scan: "which prefixes hold X" asks for the (at most 33 or 129) networks that could
// contain X by their start key; counts of occupied addresses add up whole 256-address
// blocks from ipam_address_blocks and read rows only at the ragged ends.
import { bitsOf, keyOf, networkOf, type IpFamily } from '../../../shared/ipam';
import type { IpAddress, IpPrefix, IpRange, Vlan } from '../../../shared/ipam-types';
import { Repository, type Store } from '../../store/repository';
import { addressTable, prefixTable, rangeTable, vlanTable } from './schema';

type Raw = Record<string, unknown>;
const BLOCK = 256n;

export const blockKey = (family: IpFamily, value: bigint): string => keyOf(family, value).slice(0, -2);

export class IpamRepository {
  readonly prefixes: Repository<IpPrefix>;
  readonly addresses: Repository<IpAddress>;
  readonly vlans: Repository<Vlan>;
  readonly ranges: Repository<IpRange>;

  constructor(readonly store: Store) {
    this.prefixes = new Repository(store, prefixTable);
    this.addresses = new Repository(store, addressTable);
    this.vlans = new Repository(store, vlanTable);
    this.ranges = new Repository(store, rangeTable);
  }

  private prefixRows(sql: string, ...args: unknown[]): IpPrefix[] {
    return (this.store.prepare(sql).all(...args) as Raw[]).map((r) => this.prefixes.fromDb(r));
  }

  private addressRows(sql: string, ...args: unknown[]): IpAddress[] {
    return (this.store.prepare(sql).all(...args) as Raw[]).map((r) => this.addresses.fromDb(r));
  }

  // ---- prefixes ----

  prefixByText(vrf: string, startKey: string, length: number): IpPrefix | null {
    const r = this.store.prepare(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND vrf = ? AND start_key = ? AND length = ?`).get(vrf, startKey, length) as Raw | undefined;
    return r ? this.prefixes.fromDb(r) : null;
  }

  /** Prefixes holding [value, endValue] with length <= maxLength, most specific first. */
  containing(vrf: string, family: IpFamily, value: bigint, maxLength: number, endValue: bigint = value): IpPrefix[] {
    const bits = bitsOf(family);
    const keys: string[] = [];
    for (let len = 0; len <= bits; len++) keys.push(keyOf(family, networkOf(family, value, Math.min(len, maxLength))));
    // a fixed number of parameters per family keeps one cached statement each
    const sql = `SELECT * FROM ipam_prefixes WHERE deleted = 0 AND vrf = ? AND start_key IN (${keys.map(() => '?').join(',')})
      AND end_key >= ? AND length <= ? ORDER BY length DESC`;
    return this.prefixRows(sql, vrf, ...keys, keyOf(family, endValue), maxLength);
  }

  mostSpecific(vrf: string, family: IpFamily, value: bigint, maxLength = bitsOf(family), endValue: bigint = value): IpPrefix | null {
    return this.containing(vrf, family, value, maxLength, endValue)[0] ?? null;
  }

  children(parentId: string | null, offset = 0, limit = 100_000): IpPrefix[] {
    return parentId === null
      ? this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND parent_id IS NULL ORDER BY vrf, start_key LIMIT ? OFFSET ?`, limit, offset)
      : this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND parent_id = ? ORDER BY vrf, start_key LIMIT ? OFFSET ?`, parentId, limit, offset);
  }

  /** Just the bounds of a prefix's children, in order (covered by the parent index). */
  childBounds(parentId: string): Array<{ start: bigint; end: bigint }> {
    return (this.store.prepare(`SELECT start_key, end_key FROM ipam_prefixes WHERE deleted = 0 AND parent_id = ? ORDER BY vrf, start_key`).all(parentId) as Array<{ start_key: string; end_key: string }>)
      .map((r) => ({ start: BigInt(`0x${r.start_key.slice(1)}`), end: BigInt(`0x${r.end_key.slice(1)}`) }));
  }

  childCount(parentId: string | null): number {
    const r = parentId === null
      ? this.store.prepare(`SELECT count(*) AS n FROM ipam_prefixes WHERE deleted = 0 AND parent_id IS NULL`).get()
      : this.store.prepare(`SELECT count(*) AS n FROM ipam_prefixes WHERE deleted = 0 AND parent_id = ?`).get(parentId);
    return (r as { n: number }).n;
  }

  /** Per parent id: how many children of each length (for coverage and child counts). */
  childLengths(parentIds: string[]): Map<string, Array<{ length: number; n: number }>> {
    const out = new Map<string, Array<{ length: number; n: number }>>();
    for (let i = 0; i < parentIds.length; i += 500) {
      const chunk = parentIds.slice(i, i + 500);
      const rows = this.store.prepare(`SELECT parent_id, length, count(*) AS n FROM ipam_prefixes WHERE deleted = 0 AND parent_id IN (${chunk.map(() => '?').join(',')}) GROUP BY parent_id, length`)
        .all(...chunk) as Array<{ parent_id: string; length: number; n: number }>;
      for (const r of rows) {
        const list = out.get(r.parent_id) ?? [];
        list.push({ length: r.length, n: r.n });
        out.set(r.parent_id, list);
      }
    }
    return out;
  }

  /** Live prefixes whose start lies in [startKey, endKey] and that are longer than minLength. */
  within(vrf: string, startKey: string, endKey: string, minLength: number): IpPrefix[] {
    return this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND vrf = ? AND start_key BETWEEN ? AND ? AND length > ? ORDER BY start_key, length`, vrf, startKey, endKey, minLength);
  }

  /** Children of parentId (or roots of the VRF) that lie in [startKey, endKey]. */
  siblingsWithin(parentId: string | null, vrf: string, startKey: string, endKey: string): IpPrefix[] {
    return parentId === null
      ? this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND parent_id IS NULL AND vrf = ? AND start_key BETWEEN ? AND ? ORDER BY start_key`, vrf, startKey, endKey)
      : this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND parent_id = ? AND start_key BETWEEN ? AND ? ORDER BY start_key`, parentId, startKey, endKey);
  }

  allPrefixes(vrf?: string): IpPrefix[] {
    return vrf === undefined
      ? this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 ORDER BY vrf, start_key, length`)
      : this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND vrf = ? ORDER BY start_key, length`, vrf);
  }

  // ---- addresses ----

  addressByKey(vrf: string, key: string): IpAddress | null {
    const r = this.store.prepare(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND vrf = ? AND key = ?`).get(vrf, key) as Raw | undefined;
    return r ? this.addresses.fromDb(r) : null;
  }

  /** Every live row (free ones too) in [startKey, endKey], in address order. */
  addressesIn(vrf: string, startKey: string, endKey: string, limit = 100_000): IpAddress[] {
    return this.addressRows(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND vrf = ? AND key BETWEEN ? AND ? ORDER BY key LIMIT ?`, vrf, startKey, endKey, limit);
  }

  /** Keys of occupied (not free) addresses in [startKey, endKey], in order. */
  occupiedKeys(vrf: string, startKey: string, endKey: string, limit = 1024): string[] {
    return (this.store.prepare(`SELECT key FROM ipam_addresses WHERE deleted = 0 AND vrf = ? AND key BETWEEN ? AND ? AND status <> 'free' ORDER BY key LIMIT ?`)
      .all(vrf, startKey, endKey, limit) as Array<{ key: string }>).map((r) => r.key);
  }

  firstOccupied(vrf: string, startKey: string, endKey: string): string | null {
    return this.occupiedKeys(vrf, startKey, endKey, 1)[0] ?? null;
  }

  countRows(vrf: string, startKey: string, endKey: string): number {
    return (this.store.prepare(`SELECT count(*) AS n FROM ipam_addresses WHERE deleted = 0 AND vrf = ? AND key BETWEEN ? AND ?`).get(vrf, startKey, endKey) as { n: number }).n;
  }

  private countOccupiedRows(vrf: string, family: IpFamily, a: bigint, b: bigint): number {
    return (this.store.prepare(`SELECT count(*) AS n FROM ipam_addresses WHERE deleted = 0 AND vrf = ? AND key BETWEEN ? AND ? AND status <> 'free'`)
      .get(vrf, keyOf(family, a), keyOf(family, b)) as { n: number }).n;
  }

  /** Occupied addresses in [a, b]: whole blocks from the block counts, the ends row by row. */
  countOccupied(vrf: string, family: IpFamily, a: bigint, b: bigint): number {
    const firstFull = ((a + BLOCK - 1n) / BLOCK) * BLOCK;
    const endFull = ((b + 1n) / BLOCK) * BLOCK; // exclusive end of the last whole block
    if (endFull - firstFull < BLOCK) return this.countOccupiedRows(vrf, family, a, b);
    let n = 0;
    if (a < firstFull) n += this.countOccupiedRows(vrf, family, a, firstFull - 1n);
    if (endFull <= b) n += this.countOccupiedRows(vrf, family, endFull, b);
    const sum = this.store.prepare(`SELECT ifnull(sum(used), 0) AS n FROM ipam_address_blocks WHERE vrf = ? AND block BETWEEN ? AND ?`)
      .get(vrf, blockKey(family, firstFull), blockKey(family, endFull - BLOCK)) as { n: number };
    return n + sum.n;
  }

  /** Block counts in [first block, last block], in order (absent blocks are empty). */
  blocks(vrf: string, family: IpFamily, fromValue: bigint, toValue: bigint, limit = 4096): Array<{ block: string; used: number }> {
    return this.store.prepare(`SELECT block, used FROM ipam_address_blocks WHERE vrf = ? AND block BETWEEN ? AND ? ORDER BY block LIMIT ?`)
      .all(vrf, blockKey(family, fromValue), blockKey(family, toValue), limit) as Array<{ block: string; used: number }>;
  }

  /** A customer's occupied addresses in [startKey, endKey], in order. */
  customerKeys(customerId: string, vrf: string, startKey: string, endKey: string, limit = 4096): string[] {
    return (this.store.prepare(`SELECT key FROM ipam_addresses WHERE deleted = 0 AND customer_id = ? AND vrf = ? AND key BETWEEN ? AND ? AND status <> 'free' ORDER BY key LIMIT ?`)
      .all(customerId, vrf, startKey, endKey, limit) as Array<{ key: string }>).map((r) => r.key);
  }

  customerPrefixesWithin(customerId: string, vrf: string, startKey: string, endKey: string): IpPrefix[] {
    return this.prefixRows(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND customer_id = ? AND vrf = ? AND start_key BETWEEN ? AND ? ORDER BY start_key`, customerId, vrf, startKey, endKey);
  }

  /** Does the customer hold anything (an address or a prefix) other than the given row? */
  customerHasAssignment(customerId: string, exceptId: string | null = null): boolean {
    const a = this.store.prepare(`SELECT 1 FROM ipam_addresses WHERE deleted = 0 AND customer_id = ? AND status <> 'free' AND id IS NOT ? LIMIT 1`).get(customerId, exceptId);
    if (a) return true;
    return Boolean(this.store.prepare(`SELECT 1 FROM ipam_prefixes WHERE deleted = 0 AND customer_id = ? AND id IS NOT ? LIMIT 1`).get(customerId, exceptId));
  }

  addressesOfDevice(deviceId: string): IpAddress[] {
    return this.addressRows(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND device_id = ? ORDER BY key`, deviceId);
  }

  // ---- ranges and VLANs ----

  rangesOverlapping(vrf: string, startKey: string, endKey: string): IpRange[] {
    // start_key and end_key share the family digit, so a key range never mixes families
    return (this.store.prepare(`SELECT * FROM ipam_ranges WHERE deleted = 0 AND vrf = ? AND start_key <= ? AND end_key >= ? ORDER BY start_key`)
      .all(vrf, endKey, startKey) as Raw[]).map((r) => this.ranges.fromDb(r));
  }

  vlansByVid(vid: number): Vlan[] {
    return (this.store.prepare(`SELECT * FROM ipam_vlans WHERE deleted = 0 AND vid = ? ORDER BY vlan_group, site_id`).all(vid) as Raw[]).map((r) => this.vlans.fromDb(r));
  }

  vlanBy(siteId: string | null, group: string, vid: number): Vlan | null {
    const r = this.store.prepare(`SELECT * FROM ipam_vlans WHERE deleted = 0 AND ifnull(site_id, '') = ? AND vlan_group = ? AND vid = ?`).get(siteId ?? '', group, vid) as Raw | undefined;
    return r ? this.vlans.fromDb(r) : null;
  }

  allVlans(): Vlan[] {
    return (this.store.prepare(`SELECT * FROM ipam_vlans WHERE deleted = 0 ORDER BY vid, vlan_group`).all() as Raw[]).map((r) => this.vlans.fromDb(r));
  }

  allRanges(): IpRange[] {
    return (this.store.prepare(`SELECT * FROM ipam_ranges WHERE deleted = 0 ORDER BY vrf, start_key`).all() as Raw[]).map((r) => this.ranges.fromDb(r));
  }
}
