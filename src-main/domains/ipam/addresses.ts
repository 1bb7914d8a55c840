// Addresses: add (one, a range, a whole subnet), assign, reserve, release, allocate.
// Rules, each refused with what and where:
//  - an address lives inside a prefix (the most specific one is "its" prefix);
//  - not the network/broadcast address of an IPv4 subnet up to /30 (unless the subnet is a pool);
//  - one live row per address and VRF; an occupied address is released before it is reassigned;
//  - a customer's assignment beyond their first carries a justification (ARIN);
//  - a customer-isolated prefix holds only its own customer's addresses;
//  - assignments keep who and since when; release keeps the row (status free) and its history.
import { addressOf, bitsOf, keyOf, networkOf, parseAddress, parseCidr, type ParsedAddress } from '../../../shared/ipam';
import type { AddressStatus, SecurityZone } from '../../../shared/ipam-choices';
import type { IpAddress, IpPrefix } from '../../../shared/ipam-types';
import type { z } from 'zod';
import type { addressAddInput, addressUpdateInput, allocateAddressInput, assignInput, reserveInput } from '../../../shared/schemas/ipam';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import { Allocator, PoolTooFragmented } from './allocate';
import { inVrf, nowIso, reservedByPrefix, usableOf, type IpamDeps } from './model';

export const MAX_BULK_ADDRESSES = 65_536;

type AddInput = z.output<typeof addressAddInput>;
type AddressData = Omit<IpAddress, 'id' | 'rev' | 'updatedAt' | 'deleted'>;
export type Holder = { deviceId: string | null; interface: string; customerId: string | null; rentalId: string | null };

export class AddressRules {
  readonly allocator: Allocator;

  constructor(private readonly d: IpamDeps) {
    this.allocator = new Allocator(d.repo);
  }

  private get repo() {
    return this.d.repo;
  }

  /**
   * The customer id to store: resolved where the customers table exists; a suspended
   * customer gets nothing new (unless an existing assignment is being recorded).
   */
  customer(ref: string | null, recording = false): string | null {
    if (!ref) return null;
    const c = this.d.dir.customer(ref);
    if (!c) return ref;
    if (c.status === 'suspended' && !recording) throw precondition(`${c.name} is suspended: no new addresses until the account is active again.`, 'customerId');
    return c.id;
  }

  /**
   * ARIN: a customer's assignment beyond their first needs a justification — except inside
   * a block already assigned to that customer (using their own block is not "more").
   */
  justify(customerId: string | null, justification: string, exceptId: string | null, inside: IpPrefix | null = null): void {
    if (!customerId || justification.trim()) return;
    if (this.ownedBy(inside, customerId)) return;
    if (this.repo.customerHasAssignment(customerId, exceptId)) {
      const name = this.d.dir.customer(customerId)?.name ?? customerId;
      throw invalid(`${name} already holds addresses: say why they need more (kept as the ARIN justification).`, 'justification');
    }
  }

  /** Is p, or a prefix above it, assigned to this customer? */
  ownedBy(p: IpPrefix | null, customerId: string): boolean {
    for (let cur = p, guard = 0; cur && guard < 130; guard++) {
      if (cur.customerId === customerId) return true;
      cur = cur.parentId ? this.repo.prefixes.find(cur.parentId) : null;
    }
    return false;
  }

  /** Its prefix, or a refusal naming the address; also refuses network/broadcast and isolation breaks. */
  homeOf(vrf: string, a: ParsedAddress, customerId: string | null, field = 'address'): IpPrefix {
    const prefix = this.repo.mostSpecific(vrf, a.family, a.value);
    if (!prefix) throw invalid(`${a.text} is outside every prefix${inVrf(vrf)}. Add the prefix that holds it first.`, field);
    const why = reservedByPrefix(prefix, a.value);
    if (why) throw invalid(`${a.text} is ${why}; it cannot be given to a host (mark the prefix as a pool if it really is one).`, field);
    this.checkIsolation(prefix, customerId, a.text);
    return prefix;
  }

  /**
   * homeOf for bulk work (imports): the prefix holding a whole 256-address block is looked
   * up once per block, unless a smaller prefix sits inside the block (then per address).
   */
  homeOfCached(vrf: string, a: ParsedAddress, customerId: string | null, field: string, cache: Map<string, unknown>): IpPrefix {
    const k = `home:${vrf}:${a.key.slice(0, -2)}`;
    let block = cache.get(k) as IpPrefix | null | undefined; // null: look each address up
    if (block === undefined) {
      const bits = bitsOf(a.family);
      const start = networkOf(a.family, a.value, bits - 8);
      const inner = this.repo.within(vrf, keyOf(a.family, start), keyOf(a.family, start + 255n), bits - 8).length > 0;
      block = inner ? null : this.repo.mostSpecific(vrf, a.family, start, bits, start + 255n);
      cache.set(k, block);
    }
    if (!block) return this.homeOf(vrf, a, customerId, field);
    const why = reservedByPrefix(block, a.value);
    if (why) throw invalid(`${a.text} is ${why}; it cannot be given to a host (mark the prefix as a pool if it really is one).`, field);
    this.checkIsolation(block, customerId, a.text);
    return block;
  }

  private checkIsolation(prefix: IpPrefix, customerId: string | null, what: string): void {
    if (prefix.zone !== 'customer-isolated' || !prefix.customerId || !customerId || customerId === prefix.customerId) return;
    const owner = this.d.dir.customer(prefix.customerId)?.name ?? prefix.customerId;
    throw precondition(`${what} is in ${prefix.prefix}, isolated for ${owner}; it cannot hold another customer's addresses.`, 'customerId');
  }

  private checkHolder(h: Holder, recording = false): Holder {
    let customerId = h.customerId;
    if (h.deviceId && !this.d.dir.device(h.deviceId)) throw invalid(`No device with id ${h.deviceId} in the inventory.`, 'deviceId');
    if (h.rentalId) {
      const rental = this.d.dir.rental(h.rentalId);
      if (this.d.dir.hasRentals() && !rental) throw invalid(`No rental with id ${h.rentalId}.`, 'rentalId');
      if (rental) {
        if (customerId && customerId !== rental.customerId) throw invalid(`Rental ${h.rentalId} belongs to another customer than ${customerId}.`, 'rentalId');
        customerId = rental.customerId;
      }
    }
    return { ...h, customerId: this.customer(customerId, recording) };
  }

  private describe(row: IpAddress): string {
    const dev = row.deviceId ? this.d.dir.deviceNames([row.deviceId]).get(row.deviceId)?.name : null;
    const who = [dev ? `${dev}${row.interface ? ` ${row.interface}` : ''}` : null, row.customerId ? `customer ${this.d.dir.customer(row.customerId)?.name ?? row.customerId}` : null].filter(Boolean).join(', ');
    return `${row.address} is already ${row.status}${who ? ` by ${who}` : ''}${row.assignedAt ? ` since ${row.assignedAt.slice(0, 10)}` : ''}`;
  }

  /** One address, an inclusive range, or every usable address of a subnet, in one transaction. */
  add(ctx: WriteContext, input: AddInput, opts: { demo?: boolean } = {}): { created: IpAddress[]; skipped: number } {
    return this.repo.store.write(() => {
      const values = this.valuesOf(input);
      const holder = this.checkHolder(input);
      const status: AddressStatus = input.status ?? (holder.deviceId || holder.customerId ? 'used' : input.mode === 'single' ? 'used' : 'reserved');
      const created: IpAddress[] = [];
      let skipped = 0;
      const field = input.mode === 'single' ? 'address' : input.mode === 'range' ? 'start' : 'prefix';
      const fresh: ParsedAddress[] = [];
      const homes = new Map<string, IpPrefix>();
      for (const a of values) {
        const home = this.homeOf(input.vrf, a, holder.customerId, field);
        homes.set(home.id, home);
        const existing = this.repo.addressByKey(input.vrf, a.key);
        if (existing) {
          if (input.skipExisting) { skipped++; continue; }
          throw conflict(`${this.describe(existing)}. Nothing was added${values.length > 1 ? ' (use "skip existing" to add the rest)' : ''}.`, field);
        }
        fresh.push(a);
      }
      if (holder.customerId && ![...homes.values()].every((h) => this.ownedBy(h, holder.customerId!))) this.justify(holder.customerId, input.justification, null);
      for (const a of fresh) created.push(this.repo.addresses.insert(ctx, this.rowData(input.vrf, a, status, { ...input, ...holder }, opts.demo ?? false)));
      return { created, skipped };
    });
  }

  private valuesOf(input: AddInput): ParsedAddress[] {
    if (input.mode === 'single') return [parseAddress(input.address)];
    if (input.mode === 'range') {
      const start = parseAddress(input.start);
      const end = parseAddress(input.end);
      if (start.family !== end.family) throw invalid(`${start.text} and ${end.text} mix IPv4 and IPv6; a range has one family.`, 'end');
      if (end.value < start.value) throw invalid(`The range ends (${end.text}) before it starts (${start.text}).`, 'end');
      const n = end.value - start.value + 1n;
      if (n > BigInt(MAX_BULK_ADDRESSES)) throw invalid(`${n} addresses at once is too many; at most ${MAX_BULK_ADDRESSES}.`, 'end');
      const out: ParsedAddress[] = [];
      for (let v = start.value; v <= end.value; v++) out.push(addressOf(start.family, v));
      return out;
    }
    const prefix = this.resolvePrefix(input.prefix, input.vrf, 'prefix');
    const u = usableOf(prefix);
    const n = u.last - u.first + 1n;
    if (n > BigInt(MAX_BULK_ADDRESSES)) throw invalid(`${prefix.prefix} has ${n} addresses; add at most ${MAX_BULK_ADDRESSES} at once (a /16 of IPv4).`, 'prefix');
    const out: ParsedAddress[] = [];
    for (let v = u.first; v <= u.last; v++) out.push(addressOf(prefix.family, v));
    return out;
  }

  /** A prefix by id, or by text in the VRF. */
  resolvePrefix(ref: string, vrf: string, field = 'pool'): IpPrefix {
    const byId = this.repo.prefixes.find(ref);
    if (byId) return byId;
    if (!ref.includes('/')) throw invalid(`No prefix with id ${ref}; give it as text like 203.0.113.0/24.`, field);
    let p;
    try {
      p = parseCidr(ref);
    } catch (err) {
      throw invalid((err as Error).message, field);
    }
    const row = this.repo.prefixByText(vrf, p.startKey, p.length);
    if (!row) throw invalid(`${p.text} is not a prefix here${inVrf(vrf)}. Add it first, or pick one from the tree.`, field);
    return row;
  }

  private rowData(vrf: string, a: ParsedAddress, status: AddressStatus, f: Partial<AddressData> & Holder & { dnsName?: string; description?: string; justification?: string; role?: string }, demo: boolean): AddressData {
    const held = Boolean(f.deviceId || f.customerId || f.rentalId);
    return {
      vrf, family: a.family, address: a.text, key: a.key, maskLength: f.maskLength ?? null, status, role: f.role ?? '',
      dnsName: f.dnsName ?? '', description: f.description ?? '', deviceId: f.deviceId, interface: f.interface ?? '',
      customerId: f.customerId, rentalId: f.rentalId, justification: f.justification ?? '',
      assignedAt: held || status === 'reserved' ? nowIso(this.d.clock) : null, mac: f.mac ?? '', notes: f.notes ?? '', demo,
    };
  }

  /**
   * Gives an address (free, absent, or reserved for the same customer) to a device/customer.
   * `recording`: an assignment that already exists elsewhere (demo lab), so a customer's
   * suspension does not refuse it.
   */
  assign(ctx: WriteContext, input: z.output<typeof assignInput>, opts: { demo?: boolean; recording?: boolean } = {}): IpAddress {
    return this.repo.store.write(() => {
      const a = parseAddress(input.address);
      const holder = this.checkHolder(input, opts.recording);
      const home = this.homeOf(input.vrf, a, holder.customerId);
      const existing = this.repo.addressByKey(input.vrf, a.key);
      if (existing && existing.status !== 'free') {
        const reservedForThem = existing.status === 'reserved' && !existing.deviceId && (!existing.customerId || existing.customerId === holder.customerId);
        if (!reservedForThem) throw conflict(`${this.describe(existing)}. Release it first.`, 'address');
      }
      this.justify(holder.customerId, input.justification, existing?.id ?? null, home);
      const data = this.rowData(input.vrf, a, input.status, { ...input, ...holder }, opts.demo ?? existing?.demo ?? false);
      if (!existing) return this.repo.addresses.insert(ctx, data);
      const { vrf: _v, family: _f, address: _a, key: _k, demo: _d, ...patch } = data;
      return this.repo.addresses.update(ctx, existing.id, patch, 'assign');
    });
  }

  reserve(ctx: WriteContext, input: z.output<typeof reserveInput>): IpAddress {
    return this.repo.store.write(() => {
      const a = parseAddress(input.address);
      const customerId = this.customer(input.customerId);
      const home = this.homeOf(input.vrf, a, customerId);
      const existing = this.repo.addressByKey(input.vrf, a.key);
      if (existing && existing.status !== 'free') throw conflict(`${this.describe(existing)}. Release it first.`, 'address');
      this.justify(customerId, input.justification, existing?.id ?? null, home);
      const data = this.rowData(input.vrf, a, 'reserved', { deviceId: null, interface: '', rentalId: null, customerId, description: input.description, justification: input.justification }, existing?.demo ?? false);
      if (!existing) return this.repo.addresses.insert(ctx, data);
      const { vrf: _v, family: _f, address: _a, key: _k, demo: _d, ...patch } = data;
      return this.repo.addresses.update(ctx, existing.id, patch, 'reserve');
    });
  }

  /** Back to free: the holder, DNS name and justification go; the row and its history stay. */
  release(ctx: WriteContext, id: string): IpAddress {
    return this.repo.store.write(() => {
      const row = this.repo.addresses.find(id);
      if (!row) throw invalid(`No address with id ${id}.`, 'id');
      if (row.status === 'free') throw precondition(`${row.address} is already free.`);
      return this.repo.addresses.update(ctx, id, {
        status: 'free', deviceId: null, interface: '', customerId: null, rentalId: null, justification: '', dnsName: '', description: '', assignedAt: null,
      }, 'release');
    });
  }

  update(ctx: WriteContext, input: z.output<typeof addressUpdateInput>): IpAddress {
    return this.repo.store.write(() => {
      const row = this.repo.addresses.find(input.id);
      if (!row) throw invalid(`No address with id ${input.id}.`, 'id');
      if (input.patch.status === 'free' && row.status !== 'free') return this.release(ctx, row.id);
      const patch = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined)) as Partial<AddressData>;
      return this.repo.addresses.update(ctx, row.id, patch);
    });
  }

  /** Removes the row itself (a mistaken entry); its history stays with the tombstone. */
  remove(ctx: WriteContext, id: string): void {
    this.repo.store.write(() => {
      const row = this.repo.addresses.find(id);
      if (!row) throw invalid(`No address with id ${id}.`, 'id');
      this.repo.addresses.remove(ctx, id);
    });
  }

  /** Pool rules shared by address and prefix allocation. */
  checkPool(pool: IpPrefix, zone: SecurityZone | undefined, customerId: string | null, forPrefix: boolean): void {
    if (!forPrefix && pool.status !== 'active') {
      throw precondition(`${pool.prefix} is ${pool.status === 'container' ? 'a container' : pool.status}; hand out addresses from an active subnet${pool.status === 'container' ? ' inside it' : ''}.`, 'pool');
    }
    if (forPrefix && (pool.status === 'deprecated' || pool.status === 'reserved')) throw precondition(`${pool.prefix} is ${pool.status}; nothing new is carved out of it.`, 'pool');
    if (zone && pool.zone !== zone) throw precondition(`${pool.prefix} is in the ${pool.zone} zone, not ${zone}; choose a ${zone} pool.`, 'zone');
    this.checkIsolation(pool, customerId, pool.prefix);
  }

  /** Atomically picks the next free address of the pool and gives it out. */
  allocate(ctx: WriteContext, input: z.output<typeof allocateAddressInput>, opts: { demo?: boolean } = {}): IpAddress {
    return this.repo.store.write(() => {
      const pool = this.resolvePrefix(input.pool, input.vrf);
      const holder = this.checkHolder(input);
      this.checkPool(pool, input.zone, holder.customerId, false);
      this.justify(holder.customerId, input.justification, null, pool);
      const value = this.pick(pool, holder.customerId);
      const a = addressOf(pool.family, value);
      const existing = this.repo.addressByKey(pool.vrf, a.key); // a free row keeps its history
      const data = this.rowData(pool.vrf, a, input.status, { ...input, ...holder }, opts.demo ?? false);
      if (!existing) return this.repo.addresses.insert(ctx, data);
      const { vrf: _v, family: _f, address: _a, key: _k, demo: _d, ...patch } = data;
      return this.repo.addresses.update(ctx, existing.id, patch, 'assign');
    });
  }

  pick(pool: IpPrefix, customerId: string | null): bigint {
    let value: bigint | null;
    try {
      value = this.allocator.nextAddress(pool, customerId);
    } catch (err) {
      if (err instanceof PoolTooFragmented) throw precondition(`${pool.prefix} is too fragmented to search; pick an address by hand or split the pool.`, 'pool');
      throw err;
    }
    if (value === null) throw precondition(`${pool.prefix} has no free address left${inVrf(pool.vrf)}.`, 'pool');
    return value;
  }

  pickPrefix(pool: IpPrefix, length: number, customerId: string | null): bigint {
    const bits = bitsOf(pool.family);
    if (length > bits) throw invalid(`A /${length} does not fit in the IPv${pool.family} pool ${pool.prefix} (IPv${pool.family} prefixes end at /${bits}).`, 'length');
    if (length <= pool.length) throw invalid(`A /${length} is not smaller than the pool ${pool.prefix}; ask for /${pool.length + 1} or longer.`, 'length');
    let start: bigint | null;
    try {
      start = this.allocator.nextPrefix(pool, length, customerId);
    } catch (err) {
      if (err instanceof PoolTooFragmented) throw precondition(`${pool.prefix} is too fragmented to search for a /${length}.`, 'pool');
      throw err;
    }
    if (start === null) throw precondition(`${pool.prefix} has no free /${length} left${inVrf(pool.vrf)}.`, 'length');
    return start;
  }
}
