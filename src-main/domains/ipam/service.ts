// IPAM rules in one place for the router, the CLI and the demo: the prefix tree, addresses
// and allocation, VLANs, ranges, the ARIN report. Every write is one transaction through
// the repository layer (row + audit + outbox).
import type { z } from 'zod';
import { bitsOf, formatAddress, parseAddress, prefixOf } from '../../../shared/ipam';
import type { IpPrefix, IpRange, Vlan } from '../../../shared/ipam-types';
import type {
  allocatePrefixInput, nextFreeInput, prefixCreateInput, rangeInput, vlanInput, vlanUpdateInput,
} from '../../../shared/schemas/ipam';
import type { Clock } from '../../core/clock';
import { conflict, invalid } from '../../core/errors';
import type { Store, WriteContext } from '../../store/repository';
import type { DeviceRepository } from '../inventory/repository';
import { AddressRules } from './addresses';
import { arinReport } from './arin';
import { IpamDirectory } from './directory';
import { IpamLookup } from './lookup';
import { inVrf, type IpamDeps } from './model';
import { IpamRepository } from './repository';
import { IpamTransfer } from './transfer';
import { PrefixTree } from './tree';

export class IpamService {
  readonly repo: IpamRepository;
  readonly dir: IpamDirectory;
  readonly addresses: AddressRules;
  readonly tree: PrefixTree;
  readonly lookup: IpamLookup;
  readonly transfer: IpamTransfer;
  private readonly deps: IpamDeps;

  constructor(store: Store, devices: DeviceRepository, readonly clock: Clock) {
    this.repo = new IpamRepository(store);
    this.dir = new IpamDirectory(store, devices);
    this.deps = { repo: this.repo, dir: this.dir, clock };
    this.addresses = new AddressRules(this.deps);
    this.tree = new PrefixTree(this.deps, this.addresses);
    this.lookup = new IpamLookup(this.deps);
    this.transfer = new IpamTransfer(this, clock);
  }

  get store(): Store {
    return this.repo.store;
  }

  createPrefix(ctx: WriteContext, input: z.output<typeof prefixCreateInput>, opts: { demo?: boolean; skipJustification?: boolean } = {}): IpPrefix {
    return this.tree.create(ctx, input, opts);
  }

  /** A prefix by id or text ("203.0.113.0/24") in the VRF. */
  prefix(ref: string, vrf = ''): IpPrefix {
    return this.addresses.resolvePrefix(ref, vrf, 'prefix');
  }

  /** The next free address (no length) or prefix of /length in a pool; nothing is written. */
  nextFree(input: z.output<typeof nextFreeInput>): { pool: IpPrefix; address: string | null; prefix: string | null } {
    const pool = this.addresses.resolvePrefix(input.pool, input.vrf);
    const customerId = input.customerId ? this.dir.customer(input.customerId)?.id ?? input.customerId : null;
    if (input.length === undefined) {
      this.addresses.checkPool(pool, input.zone, customerId, false);
      const value = this.addresses.pick(pool, customerId);
      return { pool, address: formatAddress(pool.family, value), prefix: null };
    }
    this.addresses.checkPool(pool, input.zone, customerId, true);
    const start = this.addresses.pickPrefix(pool, input.length, customerId);
    return { pool, address: null, prefix: prefixOf(pool.family, start, input.length).text };
  }

  /** Atomically carves the next free /length out of a pool for a customer. */
  allocatePrefix(ctx: WriteContext, input: z.output<typeof allocatePrefixInput>, opts: { demo?: boolean } = {}): IpPrefix {
    return this.store.write(() => {
      const pool = this.addresses.resolvePrefix(input.pool, input.vrf);
      const customerId = this.addresses.customer(input.customerId);
      this.addresses.checkPool(pool, input.zone, customerId, true);
      this.addresses.justify(customerId, input.justification, null, pool);
      const start = this.addresses.pickPrefix(pool, input.length, customerId);
      return this.tree.create(ctx, {
        prefix: prefixOf(pool.family, start, input.length).text, vrf: pool.vrf, status: input.status, zone: pool.zone, role: input.role,
        isPool: false, siteId: pool.siteId, vlanId: null, customerId, rentalId: input.rentalId, justification: input.justification,
        section: pool.section, description: input.description,
      }, { demo: opts.demo, skipJustification: true });
    });
  }

  arinReport(blockRef: string, vrf = '') {
    return arinReport(this.deps, this.addresses.resolvePrefix(blockRef, vrf, 'block'));
  }

  // ---- VLANs ----

  createVlan(ctx: WriteContext, input: z.output<typeof vlanInput>, opts: { demo?: boolean } = {}): Vlan {
    return this.store.write(() => {
      this.checkVlan(input.siteId, input.group, input.vid, null);
      return this.repo.vlans.insert(ctx, { ...input, customerId: this.addresses.customer(input.customerId), demo: opts.demo ?? false });
    });
  }

  updateVlan(ctx: WriteContext, input: z.output<typeof vlanUpdateInput>): Vlan {
    return this.store.write(() => {
      const v = this.repo.vlans.find(input.id);
      if (!v) throw invalid(`No VLAN with id ${input.id}.`, 'id');
      const patch = Object.fromEntries(Object.entries(input.patch).filter(([, x]) => x !== undefined)) as Partial<Vlan>;
      const next = { ...v, ...patch };
      this.checkVlan(next.siteId, next.group, next.vid, v.id);
      if (patch.customerId !== undefined) patch.customerId = this.addresses.customer(patch.customerId);
      return this.repo.vlans.update(ctx, v.id, patch);
    });
  }

  private checkVlan(siteId: string | null, group: string, vid: number, selfId: string | null): void {
    const site = siteId ? this.dir.siteName(siteId) : null;
    if (siteId && !site) throw invalid(`No site with id ${siteId}.`, 'siteId');
    const clash = this.repo.vlanBy(siteId, group, vid);
    if (clash && clash.id !== selfId) {
      throw conflict(`VLAN ${vid} already exists ${site ? `at ${site}` : 'without a site'}${group ? ` in group ${group}` : ''} (${clash.name}).`, 'vid');
    }
  }

  removeVlan(ctx: WriteContext, id: string): void {
    this.store.write(() => {
      const v = this.repo.vlans.find(id);
      if (!v) throw invalid(`No VLAN with id ${id}.`, 'id');
      // Refused while in use: a prefix keeps its VLAN until someone moves it (no silent unlinking).
      const used = this.lookup.vlanPrefixes(id, 3);
      if (used && used.total > 0) {
        const names = used.prefixes.map((p) => p.prefix).join(', ');
        const more = used.total > used.prefixes.length ? ` and ${used.total - used.prefixes.length} more prefixes` : '';
        throw conflict(`VLAN ${v.vid} is used by ${names}${more}; move ${used.total === 1 ? 'it' : 'them'} to another VLAN (or none) first.`);
      }
      this.repo.vlans.remove(ctx, id);
    });
  }

  // ---- ranges ----

  /** A range lies inside one prefix and cuts no other prefix or range (no partial overlaps). */
  createRange(ctx: WriteContext, input: z.output<typeof rangeInput>, opts: { demo?: boolean } = {}): IpRange {
    return this.store.write(() => {
      const start = parseAddress(input.start);
      const end = parseAddress(input.end);
      if (start.family !== end.family) throw invalid(`${start.text} and ${end.text} mix IPv4 and IPv6; a range has one family.`, 'end');
      if (end.value < start.value) throw invalid(`The range ends (${end.text}) before it starts (${start.text}).`, 'end');
      const vrf = input.vrf;
      const home = this.repo.mostSpecific(vrf, start.family, start.value, bitsOf(start.family), end.value);
      if (!home) throw invalid(`${start.text}–${end.text} is not inside any one prefix${inVrf(vrf)}. Add the prefix that holds it first.`, 'start');
      for (const [a, field] of [[start, 'start'], [end, 'end']] as const) {
        const own = this.repo.mostSpecific(vrf, a.family, a.value);
        if (own && own.id !== home.id) throw conflict(`${start.text}–${end.text} cuts across ${own.prefix} (a partial overlap); make the range end at its edge.`, field);
      }
      const swallowed = this.repo.within(vrf, start.key, end.key, home.length).find((p) => p.endKey <= end.key);
      if (swallowed) throw conflict(`${start.text}–${end.text} would hold the whole prefix ${swallowed.prefix}; a range lives inside one prefix.`, 'end');
      const clash = this.repo.rangesOverlapping(vrf, start.key, end.key)[0];
      if (clash) throw conflict(`${start.text}–${end.text} overlaps the range ${clash.startAddress}–${clash.endAddress}.`, 'start');
      return this.repo.ranges.insert(ctx, {
        vrf, family: start.family, startAddress: start.text, endAddress: end.text, startKey: start.key, endKey: end.key,
        status: input.status, role: input.role, customerId: this.addresses.customer(input.customerId), description: input.description, demo: opts.demo ?? false,
      });
    });
  }

  removeRange(ctx: WriteContext, id: string): void {
    this.store.write(() => {
      if (!this.repo.ranges.find(id)) throw invalid(`No range with id ${id}.`, 'id');
      this.repo.ranges.remove(ctx, id);
    });
  }
}
