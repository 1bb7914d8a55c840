// Utilisation of a prefix, for the tree's bars: what is taken out of its usable addresses.
//   container: used = space of its child prefixes (as NetBox counts containers)
//   otherwise: used = space of its child prefixes
//                   + occupied addresses of its own (not inside a child)
//                   + DHCP/reserved ranges of its own, minus the occupied addresses inside them
// Counts of occupied addresses come from the block counts (see repository), so a /16 with
// 65,536 rows is summed from at most 256 block rows.
import { sizeOf } from '../../../shared/ipam';
import { RANGE_BLOCKING } from '../../../shared/ipam-choices';
import type { IpPrefix, Utilisation } from '../../../shared/ipam-types';
import { boundsOf, rangeBounds, usableOf } from './model';
import type { IpamRepository } from './repository';

export function usageOf(repo: IpamRepository, p: IpPrefix, childLengths?: Array<{ length: number; n: number }>): Utilisation {
  const u = usableOf(p);
  const size = u.last >= u.first ? u.last - u.first + 1n : 0n;
  const lengths = childLengths ?? repo.childLengths([p.id]).get(p.id) ?? [];
  let used = 0n;
  for (const c of lengths) used += sizeOf(p.family, c.length) * BigInt(c.n);
  if (p.status === 'container') return result(used, size);
  const b = boundsOf(p);
  let own = BigInt(repo.countOccupied(p.vrf, p.family, b.network, b.last));
  const children = lengths.length > 0 ? repo.children(p.id) : [];
  for (const c of children) {
    const cb = boundsOf(c);
    own -= BigInt(repo.countOccupied(c.vrf, c.family, cb.network, cb.last));
  }
  used += own;
  for (const r of repo.rangesOverlapping(p.vrf, p.startKey, p.endKey)) {
    if (!RANGE_BLOCKING.includes(r.status)) continue;
    if (children.some((c) => c.startKey <= r.startKey && c.endKey >= r.endKey)) continue;
    const rb = rangeBounds(r);
    used += rb.end - rb.start + 1n - BigInt(repo.countOccupied(p.vrf, p.family, rb.start, rb.end));
  }
  return result(used, size);
}

function result(used: bigint, size: bigint): Utilisation {
  const u = used > size ? size : used < 0n ? 0n : used;
  return { size: size.toString(), used: u.toString(), percent: percent(u, size) };
}

export function percent(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 10_000;
}
