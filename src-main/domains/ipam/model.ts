// Small helpers the IPAM rules share: a prefix row's bounds as numbers, wording of places.
import { parseKey, usableBounds, type IpFamily } from '../../../shared/ipam';
import type { IpPrefix, IpRange } from '../../../shared/ipam-types';
import type { Clock } from '../../core/clock';
import type { IpamDirectory } from './directory';
import type { IpamRepository } from './repository';

export interface IpamDeps {
  repo: IpamRepository;
  dir: IpamDirectory;
  clock: Clock;
}

export interface Bounds {
  family: IpFamily;
  length: number;
  network: bigint;
  last: bigint;
}

export function boundsOf(p: Pick<IpPrefix, 'family' | 'length' | 'startKey' | 'endKey'>): Bounds {
  return { family: p.family, length: p.length, network: parseKey(p.startKey).value, last: parseKey(p.endKey).value };
}

export function rangeBounds(r: Pick<IpRange, 'startKey' | 'endKey'>): { start: bigint; end: bigint } {
  return { start: parseKey(r.startKey).value, end: parseKey(r.endKey).value };
}

/** " in VRF blue" or "" for the global table. */
export const inVrf = (vrf: string): string => (vrf ? ` in VRF ${vrf}` : '');

/** Usable addresses of a prefix row (IPv4 subnets up to /30 lose network and broadcast). */
export function usableOf(p: IpPrefix): { first: bigint; last: bigint } {
  return usableBounds(boundsOf(p), p.isPool || p.status === 'container');
}

/** Why an address cannot be used as a host in its prefix (network/broadcast), or null. */
export function reservedByPrefix(p: IpPrefix, value: bigint): string | null {
  const b = boundsOf(p);
  const u = usableOf(p);
  if (value >= u.first && value <= u.last) return null;
  if (value === b.network) return `the network address of ${p.prefix}`;
  return `the broadcast address of ${p.prefix}`;
}

export const nowIso = (clock: Clock): string => new Date(clock.now()).toISOString();
