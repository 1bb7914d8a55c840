// The ARIN utilisation report of one block (usually an allocation from ARIN):
//   assigned = customer reassignments (prefixes with a customer, topmost only)
//            + addresses in use outside them (used, gateway, DHCP, deprecated)
//            + DHCP ranges outside them
//   reserved = reserved prefixes and addresses and reserved ranges, outside the above
//   free     = the rest of the block
// Every customer assignment is listed with its justification; reassignments of a /29 or
// more (IPv4, NRPM 4.2.3.7.1) or a /47 or more (IPv6, NRPM 6.5.5.1) are listed for SWIP.
import { stringify } from 'csv-stringify/sync';
import { sizeOf } from '../../../shared/ipam';
import { SWIP_MAX_LENGTH } from '../../../shared/ipam-choices';
import type { ArinAssignment, ArinReport, IpAddress, IpPrefix } from '../../../shared/ipam-types';
import { boundsOf, nowIso, rangeBounds, type IpamDeps } from './model';
import { percent } from './usage';

export const MAX_REPORT_ADDRESSES = 2_000_000;

export function arinReport(d: IpamDeps, block: IpPrefix): ArinReport {
  const { repo, dir } = d;
  const total = sizeOf(block.family, block.length);
  const descendants = [block, ...repo.within(block.vrf, block.startKey, block.endKey, block.length)];
  // parents come before their children (start order, then length), so "topmost" is a sweep
  const customerBlocks: IpPrefix[] = [];
  const reservedBlocks: IpPrefix[] = [];
  let customerEnd = -1n;
  let reservedEnd = -1n;
  for (const p of descendants) {
    const b = boundsOf(p);
    if (b.network <= customerEnd) continue;
    if (p.customerId) { customerBlocks.push(p); customerEnd = b.last; continue; }
    if (p.status === 'reserved' && b.network > reservedEnd) { reservedBlocks.push(p); reservedEnd = b.last; }
  }
  const covered = [...customerBlocks, ...reservedBlocks];
  const inCovered = (key: string) => covered.some((p) => p.startKey <= key && p.endKey >= key);
  let assigned = customerBlocks.reduce((n, p) => n + sizeOf(p.family, p.length), 0n);
  let reserved = reservedBlocks.reduce((n, p) => n + sizeOf(p.family, p.length), 0n);
  // a customer block inside a reserved one counts once, as assigned
  for (const c of customerBlocks) if (reservedBlocks.some((r) => r.startKey <= c.startKey && r.endKey >= c.endKey)) reserved -= sizeOf(c.family, c.length);

  const customerAddresses: IpAddress[] = [];
  const rows = repo.addressesIn(block.vrf, block.startKey, block.endKey, MAX_REPORT_ADDRESSES);
  const occupiedKeys = new Set<string>();
  for (const r of rows) {
    if (r.status === 'free' || inCovered(r.key)) continue;
    occupiedKeys.add(r.key);
    if (r.status === 'reserved') reserved++;
    else assigned++;
    if (r.customerId) customerAddresses.push(r);
  }
  for (const range of repo.rangesOverlapping(block.vrf, block.startKey, block.endKey)) {
    if ((range.status !== 'dhcp' && range.status !== 'reserved') || inCovered(range.startKey)) continue;
    const rb = rangeBounds(range);
    let free = rb.end - rb.start + 1n;
    for (const k of occupiedKeys) if (k >= range.startKey && k <= range.endKey) free--;
    if (range.status === 'dhcp') assigned += free;
    else reserved += free;
  }

  const customers = dir.customerNames([...customerBlocks.map((p) => p.customerId), ...customerAddresses.map((r) => r.customerId)]);
  const devices = dir.deviceNames(customerAddresses.map((r) => r.deviceId));
  const firstOf = firstAssignments(d, [...new Set([...customerBlocks, ...customerAddresses].map((x) => x.customerId!))]);
  const assignments: ArinAssignment[] = [
    ...customerBlocks.map((p): ArinAssignment => ({
      kind: 'prefix', id: p.id, assignment: p.prefix, size: sizeOf(p.family, p.length).toString(), customerId: p.customerId,
      customerName: customers.get(p.customerId!) ?? null, rentalId: p.rentalId, deviceName: null, status: p.status, assignedAt: p.assignedAt,
      justification: p.justification, swip: p.length <= SWIP_MAX_LENGTH[p.family],
      missingJustification: !p.justification && firstOf.get(p.customerId!) !== p.id,
    })),
    ...customerAddresses.map((r): ArinAssignment => ({
      kind: 'address', id: r.id, assignment: r.address, size: '1', customerId: r.customerId, customerName: customers.get(r.customerId!) ?? null,
      rentalId: r.rentalId, deviceName: r.deviceId ? devices.get(r.deviceId)?.name ?? null : null, status: r.status, assignedAt: r.assignedAt,
      justification: r.justification, swip: false, missingJustification: !r.justification && firstOf.get(r.customerId!) !== r.id,
    })),
  ];
  const keys = new Map<string, string>([...customerBlocks.map((p) => [p.id, p.startKey] as const), ...customerAddresses.map((r) => [r.id, r.key] as const)]);
  const keyed = assignments.map((x) => ({ x, k: keys.get(x.id)! })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((e) => e.x);
  const free = total - assigned - reserved;
  return {
    block, generatedAt: nowIso(d.clock), total: total.toString(), assigned: assigned.toString(), reserved: reserved.toString(),
    free: (free < 0n ? 0n : free).toString(), assignedPercent: percent(assigned, total), reservedPercent: percent(reserved, total),
    assignments: keyed, swip: keyed.filter((x) => x.swip),
  };
}

/** Per customer, the id of their first assignment anywhere (it needs no justification); ties in time go by insertion order. */
function firstAssignments(d: IpamDeps, customerIds: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of customerIds) {
    const r = d.repo.store.prepare(`
      SELECT id FROM (
        SELECT id, ifnull(assigned_at, '') AS at, 0 AS kind, rowid AS n FROM ipam_addresses WHERE deleted = 0 AND customer_id = ? AND status <> 'free'
        UNION ALL SELECT id, ifnull(assigned_at, '') AS at, 1 AS kind, rowid AS n FROM ipam_prefixes WHERE deleted = 0 AND customer_id = ?)
      ORDER BY at, kind, n LIMIT 1`).get(c, c) as { id: string } | undefined;
    if (r) out.set(c, r.id);
  }
  return out;
}

export const ARIN_CSV_COLUMNS = ['kind', 'assignment', 'size', 'customer', 'customer_id', 'rental_id', 'device', 'status', 'assigned_at', 'justification', 'swip', 'missing_justification'] as const;

/** The report as CSV: a summary in '#' comment lines, then one row per assignment. */
export function arinCsv(r: ArinReport): string {
  const head = [
    `# ARIN utilisation report for ${r.block.prefix}${r.block.vrf ? ` (VRF ${r.block.vrf})` : ''}, generated ${r.generatedAt}`,
    `# total ${r.total}; assigned ${r.assigned} (${r.assignedPercent.toFixed(2)} %); reserved ${r.reserved} (${r.reservedPercent.toFixed(2)} %); free ${r.free}`,
    `# ${r.assignments.length} customer assignments; ${r.swip.length} reassignments to register with ARIN (SWIP)`,
  ].join('\n');
  const body = stringify(r.assignments.map((a) => ({
    kind: a.kind, assignment: a.assignment, size: a.size, customer: a.customerName ?? a.customerId ?? '', customer_id: a.customerId ?? '',
    rental_id: a.rentalId ?? '', device: a.deviceName ?? '', status: a.status, assigned_at: a.assignedAt ?? '', justification: a.justification,
    swip: a.swip ? 'yes' : 'no', missing_justification: a.missingJustification ? 'yes' : 'no',
  })), { header: true, columns: [...ARIN_CSV_COLUMNS] });
  return `${head}\n${body}`;
}
