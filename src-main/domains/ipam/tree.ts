// The prefix tree: each prefix's parent is the most specific prefix that holds it (same
// VRF). Invariants kept here, in one transaction per change:
//  - a new prefix goes under its most specific holder, and that holder's children that lie
//    inside the new prefix move under it (re-parented, audited as "reparent");
//  - CIDR blocks nest or are apart, so the only clash between prefixes is a duplicate;
//    a prefix that would cut an IP range in two is refused (a true, partial overlap);
//  - a split or merge replaces blocks by blocks that cover exactly the same addresses,
//    and moves every child to the new block that holds it;
//  - removing a prefix lifts its children to its parent; a top-level prefix that still
//    holds addresses or ranges of its own is not removed (they would belong to nothing).
import { bitsOf, networkOf, parseCidr, prefixOf, sizeOf, type ParsedPrefix } from '../../../shared/ipam';
import type { IpPrefix } from '../../../shared/ipam-types';
import type { z } from 'zod';
import type { prefixCreateInput, prefixUpdateInput } from '../../../shared/schemas/ipam';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import { boundsOf, inVrf, nowIso, rangeBounds, reservedByPrefix, type IpamDeps } from './model';

type NewPrefix = z.output<typeof prefixCreateInput>;
type PrefixPatch = z.output<typeof prefixUpdateInput>['patch'];
export const MAX_SPLIT_PARTS = 256;

type PrefixData = Omit<IpPrefix, 'id' | 'rev' | 'updatedAt' | 'deleted'>;

export class PrefixTree {
  constructor(private readonly d: IpamDeps, private readonly rules: { justify(customerId: string | null, justification: string, exceptId: string | null, inside?: IpPrefix | null): void; customer(ref: string | null): string | null }) {}

  private get repo() {
    return this.d.repo;
  }

  /** The most specific live prefix strictly holding p (same VRF), or null at the top. */
  parentOf(vrf: string, p: ParsedPrefix): IpPrefix | null {
    if (p.length === 0) return null;
    return this.repo.mostSpecific(vrf, p.family, p.network, p.length - 1, p.last);
  }

  create(ctx: WriteContext, input: NewPrefix, opts: { demo?: boolean; id?: string; skipJustification?: boolean } = {}): IpPrefix {
    return this.repo.store.write(() => {
      const p = parseCidr(input.prefix);
      const vrf = input.vrf;
      if (this.repo.prefixByText(vrf, p.startKey, p.length)) throw conflict(`${p.text} already exists${inVrf(vrf)}.`, 'prefix');
      this.refuseRangeCut(vrf, p);
      const parent = this.parentOf(vrf, p);
      const customerId = this.rules.customer(input.customerId);
      if (!opts.skipJustification) this.rules.justify(customerId, input.justification, null, parent);
      this.checkRefs(input.siteId, input.vlanId);
      const row = this.repo.prefixes.insert(ctx, {
        vrf, family: p.family, prefix: p.text, length: p.length, startKey: p.startKey, endKey: p.endKey,
        parentId: parent?.id ?? null, status: input.status, zone: input.zone ?? parent?.zone ?? 'public', role: input.role,
        isPool: input.isPool, siteId: input.siteId ?? parent?.siteId ?? null, vlanId: input.vlanId, customerId, rentalId: input.rentalId,
        justification: input.justification, assignedAt: customerId ? nowIso(this.d.clock) : null, section: input.section,
        description: input.description, demo: opts.demo ?? false,
      }, opts.id);
      this.adopt(ctx, parent?.id ?? null, row);
      return row;
    });
  }

  /** Children of parentId that lie inside `row` move under it. */
  private adopt(ctx: WriteContext, parentId: string | null, row: IpPrefix): void {
    for (const c of this.repo.siblingsWithin(parentId, row.vrf, row.startKey, row.endKey)) {
      if (c.id === row.id || c.length <= row.length) continue;
      this.repo.prefixes.update({ ...ctx, reason: ctx.reason ?? `now inside ${row.prefix}` }, c.id, { parentId: row.id }, 'reparent');
    }
  }

  private refuseRangeCut(vrf: string, p: ParsedPrefix): void {
    for (const r of this.repo.rangesOverlapping(vrf, p.startKey, p.endKey)) {
      if (r.startKey < p.startKey || r.endKey > p.endKey) {
        throw conflict(`${p.text} would cut the range ${r.startAddress}–${r.endAddress} in two (a partial overlap). Change the range first, or choose a prefix that holds all of it or none of it.`, 'prefix');
      }
    }
  }

  private checkRefs(siteId: string | null | undefined, vlanId: string | null | undefined): void {
    if (siteId && !this.repo.store.prepare(`SELECT 1 FROM sites WHERE id = ? AND deleted = 0`).get(siteId)) throw invalid(`No site with id ${siteId}.`, 'siteId');
    if (vlanId && !this.repo.vlans.find(vlanId)) throw invalid(`No VLAN with id ${vlanId}.`, 'vlanId');
  }

  update(ctx: WriteContext, id: string, patch: PrefixPatch): IpPrefix {
    return this.repo.store.write(() => {
      const p = this.repo.prefixes.find(id);
      if (!p) throw invalid(`No prefix with id ${id}.`, 'id');
      this.checkRefs(patch.siteId, patch.vlanId);
      const next: Partial<PrefixData> = { ...stripUndefined(patch) };
      if (patch.customerId !== undefined) {
        const customerId = this.rules.customer(patch.customerId);
        next.customerId = customerId;
        if (customerId !== p.customerId) {
          next.assignedAt = customerId ? nowIso(this.d.clock) : null;
          if (customerId) this.rules.justify(customerId, patch.justification ?? '', p.id, p.parentId ? this.repo.prefixes.find(p.parentId) : null);
          if (!customerId) { next.justification = ''; next.rentalId = null; }
        }
      }
      if (patch.isPool === false && p.isPool) this.refuseHostsOnEdges({ ...p, isPool: false });
      return this.repo.prefixes.update(ctx, id, next);
    });
  }

  /** Occupied addresses may not sit on the network/broadcast address of a (new) subnet. */
  private refuseHostsOnEdges(p: IpPrefix): void {
    const b = boundsOf(p);
    for (const value of [b.network, b.last]) {
      const why = reservedByPrefix(p, value);
      if (!why) continue;
      const row = this.repo.addressByKey(p.vrf, prefixOf(p.family, value, bitsOf(p.family)).startKey);
      if (row && row.status !== 'free') throw conflict(`${row.address} (${row.status}) would become ${why}. Move or release it first.`);
    }
  }

  remove(ctx: WriteContext, id: string): void {
    this.repo.store.write(() => {
      const p = this.repo.prefixes.find(id);
      if (!p) throw invalid(`No prefix with id ${id}.`, 'id');
      const children = this.repo.children(p.id);
      if (!p.parentId) {
        const own = this.repo.countRows(p.vrf, p.startKey, p.endKey) - children.reduce((n, c) => n + this.repo.countRows(c.vrf, c.startKey, c.endKey), 0);
        if (own > 0) throw precondition(`${p.prefix} still holds ${own} address(es) of its own and has no prefix above it: they would belong to none. Remove or move them first.`);
        const ranges = this.repo.rangesOverlapping(p.vrf, p.startKey, p.endKey).filter((r) => !children.some((c) => c.startKey <= r.startKey && c.endKey >= r.endKey));
        if (ranges.length > 0) throw precondition(`${p.prefix} still holds the range ${ranges[0]!.startAddress}–${ranges[0]!.endAddress} and has no prefix above it. Remove the range first.`);
      }
      for (const c of children) this.repo.prefixes.update({ ...ctx, reason: ctx.reason ?? `${p.prefix} removed` }, c.id, { parentId: p.parentId }, 'reparent');
      this.repo.prefixes.remove(ctx, p.id);
    });
  }

  /** Splits p into 2^(length - p.length) parts; keepParent keeps p above them as a container. */
  split(ctx: WriteContext, id: string, length: number, keepParent: boolean): IpPrefix[] {
    return this.repo.store.write(() => {
      const p = this.repo.prefixes.find(id);
      if (!p) throw invalid(`No prefix with id ${id}.`, 'id');
      const bits = bitsOf(p.family);
      if (length <= p.length) throw invalid(`Split ${p.prefix} into longer prefixes than /${p.length} (e.g. /${Math.min(p.length + 1, bits)}).`, 'length');
      if (length > bits) throw invalid(`An IPv${p.family} prefix is at most /${bits}.`, 'length');
      if (length - p.length > Math.log2(MAX_SPLIT_PARTS)) throw invalid(`Splitting ${p.prefix} into /${length} makes ${2 ** (length - p.length)} parts; at most ${MAX_SPLIT_PARTS} at once — split in steps.`, 'length');
      const b = boundsOf(p);
      const size = sizeOf(p.family, length);
      const parts: ParsedPrefix[] = [];
      for (let net = b.network; net <= b.last; net += size) parts.push(prefixOf(p.family, net, length));
      const children = this.repo.children(p.id);
      for (const c of children) {
        if (c.length <= length) throw conflict(`${c.prefix} inside ${p.prefix} is not smaller than /${length}: it would not fit in one part. Split into /${c.length + 1} or longer, or remove it first.`, 'length');
      }
      for (const r of this.repo.rangesOverlapping(p.vrf, p.startKey, p.endKey)) {
        const rb = rangeBounds(r);
        if (networkOf(p.family, rb.start, length) !== networkOf(p.family, rb.end, length)) throw conflict(`The range ${r.startAddress}–${r.endAddress} would be cut by the split into /${length}.`, 'length');
      }
      const reason = ctx.reason ?? `split of ${p.prefix} into /${length}`;
      const wctx = { ...ctx, reason };
      const parentId = keepParent ? p.id : p.parentId;
      const status = keepParent && p.status === 'container' ? 'container' : p.status === 'container' ? 'active' : p.status;
      if (keepParent && p.status !== 'container') this.repo.prefixes.update(wctx, p.id, { status: 'container' });
      const rows = parts.map((part) => {
        const row = this.repo.prefixes.insert(wctx, { ...attributesOf(p), prefix: part.text, length, startKey: part.startKey, endKey: part.endKey, parentId, status });
        this.refuseHostsOnEdges(row);
        return row;
      });
      for (const c of children) {
        const home = rows.find((r) => r.startKey <= c.startKey && r.endKey >= c.endKey)!;
        this.repo.prefixes.update(wctx, c.id, { parentId: home.id }, 'reparent');
      }
      if (!keepParent) this.repo.prefixes.remove(wctx, p.id);
      return rows;
    });
  }

  /** Replaces 2^k sibling prefixes of one length that together make one CIDR block by that block. */
  merge(ctx: WriteContext, ids: string[]): IpPrefix {
    return this.repo.store.write(() => {
      const rows = [...new Set(ids)].map((id) => {
        const row = this.repo.prefixes.find(id);
        if (!row) throw invalid(`No prefix with id ${id}.`, 'ids');
        return row;
      }).sort((a, b) => (a.startKey < b.startKey ? -1 : 1));
      if (rows.length < 2) throw invalid('Merge needs at least two different prefixes.', 'ids');
      const first = rows[0]!;
      const names = rows.map((r) => r.prefix).join(', ');
      if (rows.some((r) => r.family !== first.family)) throw invalid(`${names} mix IPv4 and IPv6; only prefixes of one family merge.`, 'ids');
      if (rows.some((r) => r.vrf !== first.vrf)) throw invalid(`${names} are in different VRFs.`, 'ids');
      if (rows.some((r) => r.length !== first.length)) throw invalid(`${names} are not all the same size; merge blocks of one length (e.g. two /25 into a /24).`, 'ids');
      if (rows.some((r) => r.parentId !== first.parentId)) throw invalid(`${names} do not sit under the same prefix.`, 'ids');
      const k = Math.log2(rows.length);
      if (!Number.isInteger(k)) throw invalid(`${rows.length} prefixes cannot make one CIDR block; merge 2, 4, 8… adjacent blocks.`, 'ids');
      const length = first.length - k;
      const start = boundsOf(first).network;
      const size = sizeOf(first.family, first.length);
      const merged = prefixOf(first.family, start, length);
      const aligned = networkOf(first.family, start, length) === start && rows.every((r, i) => boundsOf(r).network === start + BigInt(i) * size);
      if (!aligned) throw invalid(`${names} do not make up one CIDR block together (they must be adjacent and start on a /${length} boundary).`, 'ids');
      if (this.repo.prefixByText(first.vrf, merged.startKey, merged.length)) throw conflict(`${names} already make up ${merged.text}, which exists; remove them instead of merging.`, 'ids');
      const customers = new Set(rows.map((r) => r.customerId));
      if (customers.size > 1) throw conflict(`${names} belong to different customers; merging would hand one customer's addresses to another.`, 'ids');
      const zones = new Set(rows.map((r) => r.zone));
      if (zones.size > 1) throw conflict(`${names} are in different security zones (${[...zones].join(', ')}).`, 'ids');
      const wctx = { ...ctx, reason: ctx.reason ?? `merge of ${names} into ${merged.text}` };
      const statuses = new Set(rows.map((r) => r.status));
      const row = this.repo.prefixes.insert(wctx, {
        ...attributesOf(first), prefix: merged.text, length, startKey: merged.startKey, endKey: merged.endKey,
        parentId: first.parentId, status: statuses.size === 1 ? first.status : 'active',
      });
      for (const r of rows) {
        for (const c of this.repo.children(r.id)) this.repo.prefixes.update(wctx, c.id, { parentId: row.id }, 'reparent');
        this.repo.prefixes.remove(wctx, r.id);
      }
      return row;
    });
  }

  /** Prefixes whose stored parent is not their most specific holder (after a sync merge, say). */
  check(): Array<{ prefix: IpPrefix; expected: string | null }> {
    const out: Array<{ prefix: IpPrefix; expected: string | null }> = [];
    for (const p of this.repo.allPrefixes()) {
      const expected = this.parentOf(p.vrf, { ...boundsOf(p), text: p.prefix, startKey: p.startKey, endKey: p.endKey })?.id ?? null;
      if (expected !== p.parentId) out.push({ prefix: p, expected });
    }
    return out;
  }

  /** Puts every prefix back under its most specific holder; returns how many moved. */
  repair(ctx: WriteContext): number {
    return this.repo.store.write(() => {
      const wrong = this.check();
      for (const w of wrong) this.repo.prefixes.update({ ...ctx, reason: ctx.reason ?? 'tree repair' }, w.prefix.id, { parentId: w.expected }, 'reparent');
      return wrong.length;
    });
  }
}

function attributesOf(p: IpPrefix): PrefixData {
  return {
    vrf: p.vrf, family: p.family, prefix: p.prefix, length: p.length, startKey: p.startKey, endKey: p.endKey, parentId: p.parentId,
    status: p.status, zone: p.zone, role: p.role, isPool: p.isPool, siteId: p.siteId, vlanId: p.vlanId, customerId: p.customerId,
    rentalId: p.rentalId, justification: p.justification, assignedAt: p.assignedAt, section: p.section, description: p.description, demo: p.demo,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
