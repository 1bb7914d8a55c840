// Next free address / next free prefix inside a pool. Pure reads: the caller runs them in
// the same immediate transaction as the insert, so two allocations (threads, processes)
// never see the same address as free; the unique index (vrf, key) is the last guard.
//
// An address is free in a pool when it is inside the pool's usable bounds (not the network
// or broadcast of an IPv4 subnet up to /30), not inside a child prefix (carved out for
// someone), not inside a DHCP or reserved range, and has no occupied row.
// A prefix of size /n is free when it is aligned, inside the pool, overlaps no child prefix
// and no blocking range, and holds no occupied address.
// Aggregation: for a customer, blocks next to what they already hold in the pool are tried
// first (for prefixes: the buddy that could merge with theirs, then the block after, then
// before), so a customer's addresses stay together and can be summarised.
import { alignUp, keyOf, networkOf, parseKey, sizeOf, type IpFamily } from '../../../shared/ipam';
import { RANGE_BLOCKING } from '../../../shared/ipam-choices';
import type { IpPrefix } from '../../../shared/ipam-types';
import { boundsOf, rangeBounds, usableOf } from './model';
import type { IpamRepository } from './repository';

const BLOCK = 256n;
/** Every search loop is bounded; beyond this the pool is reported as too fragmented. */
export const MAX_STEPS = 200_000;

export class PoolTooFragmented extends Error {}

interface Interval { start: bigint; end: bigint }

export class Allocator {
  constructor(private readonly repo: IpamRepository) {}

  /** Child prefixes and blocking ranges of the pool, sorted and clipped to it. */
  private obstacles(pool: IpPrefix): Interval[] {
    const b = boundsOf(pool);
    const out: Interval[] = this.repo.childBounds(pool.id);
    for (const r of this.repo.rangesOverlapping(pool.vrf, pool.startKey, pool.endKey)) {
      if (!RANGE_BLOCKING.includes(r.status)) continue;
      const rb = rangeBounds(r);
      out.push({ start: rb.start < b.network ? b.network : rb.start, end: rb.end > b.last ? b.last : rb.end });
    }
    return out.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  }

  /** The allowed stretches of the pool: usable bounds minus obstacles. */
  segments(pool: IpPrefix): Interval[] {
    const u = usableOf(pool);
    const out: Interval[] = [];
    let cursor = u.first;
    for (const o of this.obstacles(pool)) {
      if (o.end < cursor) continue;
      if (o.start > cursor) out.push({ start: cursor, end: o.start - 1n < u.last ? o.start - 1n : u.last });
      cursor = o.end + 1n;
      if (cursor > u.last) break;
    }
    if (cursor <= u.last) out.push({ start: cursor, end: u.last });
    return out;
  }

  /** The lowest unoccupied value in [lo, hi] (at most one block), or null. */
  private gapIn(vrf: string, family: IpFamily, lo: bigint, hi: bigint): bigint | null {
    let expected = lo;
    for (const key of this.repo.occupiedKeys(vrf, keyOf(family, lo), keyOf(family, hi), 1024)) {
      const v = parseKey(key).value;
      if (v > expected) return expected;
      expected = v + 1n;
    }
    return expected <= hi ? expected : null;
  }

  /** The lowest unoccupied value in [a, b]: full blocks are skipped by their counts. */
  firstFreeIn(vrf: string, family: IpFamily, a: bigint, b: bigint): bigint | null {
    let cursor = a;
    for (let steps = 0; cursor <= b; steps++) {
      if (steps > MAX_STEPS) throw new PoolTooFragmented();
      const blockStart = cursor - (cursor % BLOCK);
      const blockLast = blockStart + BLOCK - 1n;
      if (cursor !== blockStart || blockLast > b) {
        const hi = blockLast < b ? blockLast : b;
        const gap = this.gapIn(vrf, family, cursor, hi);
        if (gap !== null) return gap;
        cursor = hi + 1n;
        continue;
      }
      const lastWhole = ((b + 1n) / BLOCK) * BLOCK - BLOCK; // start of the last whole block in [cursor, b]
      const rows = this.repo.blocks(vrf, family, cursor, lastWhole, 4096);
      let expect = cursor;
      for (const r of rows) {
        const start = parseKey(`${r.block}00`).value;
        if (start > expect) return expect; // no row: an empty block
        if (r.used < Number(BLOCK)) {
          const gap = this.gapIn(vrf, family, start, start + BLOCK - 1n);
          if (gap !== null) return gap;
        }
        expect = start + BLOCK;
      }
      if (rows.length === 4096) { cursor = expect; continue; }
      if (expect <= lastWhole) return expect;
      cursor = lastWhole + BLOCK;
    }
    return null;
  }

  private isFreeAddress(pool: IpPrefix, segments: Interval[], value: bigint): boolean {
    if (!segments.some((s) => value >= s.start && value <= s.end)) return false;
    const row = this.repo.addressByKey(pool.vrf, keyOf(pool.family, value));
    return !row || row.status === 'free';
  }

  /** Next free address in the pool, next to the customer's own addresses when possible. */
  nextAddress(pool: IpPrefix, customerId: string | null): bigint | null {
    const segments = this.segments(pool);
    if (customerId) {
      const values = this.repo.customerKeys(customerId, pool.vrf, pool.startKey, pool.endKey).map((k) => parseKey(k).value);
      const candidates: bigint[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (values[i + 1] !== v + 1n) candidates.push(v + 1n); // end of a run: the one after
      }
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (i === 0 || values[i - 1] !== v - 1n) candidates.push(v - 1n); // start of a run: the one before
      }
      for (const c of candidates) if (c >= 0n && this.isFreeAddress(pool, segments, c)) return c;
    }
    for (const s of segments) {
      const v = this.firstFreeIn(pool.vrf, pool.family, s.start, s.end);
      if (v !== null) return v;
    }
    return null;
  }

  /** Is [s, s + size) free for a new child prefix of the pool? */
  private isFreeBlock(pool: IpPrefix, obstacles: Interval[], s: bigint, length: number): boolean {
    const b = boundsOf(pool);
    const e = s + sizeOf(pool.family, length) - 1n;
    if (s < b.network || e > b.last) return false;
    if (hit(obstacles, 0, s, e)) return false;
    return this.repo.firstOccupied(pool.vrf, keyOf(pool.family, s), keyOf(pool.family, e)) === null;
  }

  /**
   * First free /length of at most one count block (256 addresses): walks the blocks in
   * order, skips full ones by their counts and blocks inside obstacles wholesale, and reads
   * the occupied keys of a partly used block once to test all its aligned candidates.
   */
  private smallBlock(pool: IpPrefix, length: number, obstacles: Interval[]): bigint | null {
    const b = boundsOf(pool);
    const size = sizeOf(pool.family, length);
    const counts = new BlockCounts(this.repo, pool.vrf, pool.family, b.last);
    let bs = b.network - (b.network % BLOCK);
    let oi = 0;
    for (let steps = 0; bs <= b.last; steps++) {
      if (steps > MAX_STEPS) throw new PoolTooFragmented();
      const be = bs + BLOCK - 1n;
      while (oi < obstacles.length && obstacles[oi]!.end < bs) oi++;
      const cover = covering(obstacles, oi, bs, be);
      if (cover) { bs = cover.end + 1n - ((cover.end + 1n) % BLOCK); continue; }
      const used = counts.used(bs);
      if (used >= Number(BLOCK)) { bs += BLOCK; continue; }
      // keys compare as strings (fixed-width hex): no bigint per occupied address
      const taken = used === 0 ? [] : this.repo.occupiedKeys(pool.vrf, keyOf(pool.family, bs), keyOf(pool.family, be), 1024);
      let ti = 0;
      for (let s = bs < b.network ? b.network : bs; s <= be && s + size - 1n <= b.last; s += size) {
        const e = s + size - 1n;
        const sk = keyOf(pool.family, s);
        while (ti < taken.length && taken[ti]! < sk) ti++;
        if (ti < taken.length && taken[ti]! <= keyOf(pool.family, e)) continue;
        if (hit(obstacles, oi, s, e)) continue;
        return s;
      }
      bs += BLOCK;
    }
    return null;
  }

  /** Next free aligned block of /length in the pool (start value), buddy/adjacent first for a customer. */
  nextPrefix(pool: IpPrefix, length: number, customerId: string | null): bigint | null {
    const b = boundsOf(pool);
    const size = sizeOf(pool.family, length);
    const obstacles = this.obstacles(pool);
    if (customerId) {
      const theirs = this.repo.customerPrefixesWithin(customerId, pool.vrf, pool.startKey, pool.endKey).filter((p) => p.parentId === pool.id);
      const candidates: bigint[] = [];
      for (const p of theirs) if (p.length === length) candidates.push(boundsOf(p).network ^ size); // the buddy
      for (const p of theirs) candidates.push(alignUp(pool.family, boundsOf(p).last + 1n, length));
      for (const p of theirs) {
        const n = boundsOf(p).network;
        if (n >= size) candidates.push(networkOf(pool.family, n - 1n, length));
      }
      // the customer's own blocks are obstacles too: they are children of the pool
      for (const c of candidates) if (this.isFreeBlock(pool, obstacles, c, length)) return c;
    }
    if (size <= BLOCK) return this.smallBlock(pool, length, obstacles);
    let cursor = alignUp(pool.family, b.network, length);
    let i = 0;
    for (let steps = 0; cursor + size - 1n <= b.last; steps++) {
      if (steps > MAX_STEPS) throw new PoolTooFragmented();
      const e = cursor + size - 1n;
      while (i < obstacles.length && obstacles[i]!.end < cursor) i++;
      const blocked = hit(obstacles, i, cursor, e);
      if (blocked) { cursor = alignUp(pool.family, blocked.end + 1n, length); continue; }
      const occ = this.repo.firstOccupied(pool.vrf, keyOf(pool.family, cursor), keyOf(pool.family, e));
      if (occ !== null) { cursor = alignUp(pool.family, parseKey(occ).value + 1n, length); continue; }
      return cursor;
    }
    return null;
  }
}

/** The first obstacle (sorted by start, from index `from`) overlapping [s, e], or undefined. */
function hit(obstacles: Interval[], from: number, s: bigint, e: bigint): Interval | undefined {
  for (let j = from; j < obstacles.length && obstacles[j]!.start <= e; j++) if (obstacles[j]!.end >= s) return obstacles[j];
  return undefined;
}

/** An obstacle holding all of [s, e], or undefined. */
function covering(obstacles: Interval[], from: number, s: bigint, e: bigint): Interval | undefined {
  for (let j = from; j < obstacles.length && obstacles[j]!.start <= s; j++) if (obstacles[j]!.end >= e) return obstacles[j];
  return undefined;
}

/**
 * Block counts read forward in batches: used(blockStart) for increasing block starts
 * (absent blocks are empty).
 */
class BlockCounts {
  private rows: Array<{ start: bigint; used: number }> = [];
  private i = 0;
  private fetchedTo = -1n;

  constructor(private readonly repo: IpamRepository, private readonly vrf: string, private readonly family: IpFamily, private readonly last: bigint) {}

  used(blockStart: bigint): number {
    if (blockStart > this.fetchedTo) {
      const batch = this.repo.blocks(this.vrf, this.family, blockStart, this.last, 4096);
      this.rows = batch.map((r) => ({ start: parseKey(`${r.block}00`).value, used: r.used }));
      this.i = 0;
      this.fetchedTo = batch.length === 4096 ? this.rows[this.rows.length - 1]!.start : this.last;
    }
    while (this.i < this.rows.length && this.rows[this.i]!.start < blockStart) this.i++;
    const row = this.rows[this.i];
    return row && row.start === blockStart ? row.used : 0;
  }
}

