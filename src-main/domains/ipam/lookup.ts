// Read side: "who has 203.0.113.45, since when, and why" in one call, the tree a level at
// a time, the 256-cell map, and search by address, prefix, customer, device, DNS or text.
import { addressOf, bitsOf, isAddress, isCidr, networkOf, parseAddress, parseCidr } from '../../../shared/ipam';
import { RANGE_BLOCKING } from '../../../shared/ipam-choices';
import type {
  AddressDetail, AddressMap, Holder, IpAddress, IpPrefix, MapCell, PrefixDetail, SearchResults, TreePage, Vlan,
} from '../../../shared/ipam-types';
import { boundsOf, rangeBounds, reservedByPrefix, type IpamDeps } from './model';
import { usageOf } from './usage';

/** A VLAN as the VLAN panel lists it: names for its site and customer, and its use. */
export interface VlanRow extends Vlan {
  siteName: string | null;
  customerName: string | null;
  /** Live prefixes whose VLAN this is. */
  prefixCount: number;
}

export class IpamLookup {
  constructor(private readonly d: IpamDeps) {}

  private get repo() {
    return this.d.repo;
  }

  ancestorsOf(p: IpPrefix): IpPrefix[] {
    const out: IpPrefix[] = [];
    let cur = p.parentId ? this.repo.prefixes.find(p.parentId) : null;
    for (let guard = 0; cur && guard < 130; guard++) {
      out.push(cur);
      cur = cur.parentId ? this.repo.prefixes.find(cur.parentId) : null;
    }
    return out;
  }

  holderOf(row: IpAddress): Holder | null {
    if (!row.deviceId && !row.customerId && !row.rentalId && !row.interface) return null;
    const dev = row.deviceId ? this.d.dir.deviceNames([row.deviceId]).get(row.deviceId) : undefined;
    const customer = row.customerId ? this.d.dir.customerNames([row.customerId]).get(row.customerId) ?? null : null;
    return {
      deviceId: row.deviceId, deviceName: dev?.name ?? null, deviceType: dev?.type ?? null, interface: row.interface,
      customerId: row.customerId, customerName: customer, rentalId: row.rentalId,
    };
  }

  find(vrf: string, text: string): AddressDetail {
    const a = parseAddress(text);
    const prefixes = this.repo.containing(vrf, a.family, a.value, bitsOf(a.family));
    const prefix = prefixes[0] ?? null;
    const record = this.repo.addressByKey(vrf, a.key);
    const range = this.repo.rangesOverlapping(vrf, a.key, a.key)[0] ?? null;
    let note: string | null = null;
    if (!prefix) note = 'Outside every prefix: add the prefix that holds it before using it.';
    else {
      const why = reservedByPrefix(prefix, a.value);
      if (why) note = `This is ${why}; it is not given to hosts.`;
      else if (range && RANGE_BLOCKING.includes(range.status)) note = `Inside the ${range.status} range ${range.startAddress}–${range.endAddress}.`;
    }
    return {
      address: a.text, family: a.family, vrf, prefix, ancestors: prefixes.slice(1), record,
      status: record?.status ?? 'free', holder: record ? this.holderOf(record) : null,
      since: record?.assignedAt ?? null, justification: record?.justification ?? '', range, note,
      history: record ? this.repo.addresses.history(record.id) : [],
    };
  }

  prefixDetail(id: string): PrefixDetail | null {
    const p = this.repo.prefixes.find(id);
    if (!p) return null;
    const lengths = this.repo.childLengths([p.id]).get(p.id) ?? [];
    return {
      prefix: p, ancestors: this.ancestorsOf(p), usage: usageOf(this.repo, p, lengths),
      childCount: lengths.reduce((n, c) => n + c.n, 0),
      ranges: this.repo.rangesOverlapping(p.vrf, p.startKey, p.endKey),
      vlan: p.vlanId ? this.repo.vlans.find(p.vlanId) : null, siteName: this.d.dir.siteName(p.siteId),
      history: this.repo.prefixes.history(p.id),
    };
  }

  /** Every VLAN by VID, then group, then site (no site first). One pass over the prefixes counts their use. */
  vlans(): VlanRow[] {
    const rows = this.repo.allVlans();
    const counts = new Map((this.repo.store.prepare(`SELECT vlan_id AS id, count(*) AS n FROM ipam_prefixes WHERE deleted = 0 AND vlan_id IS NOT NULL GROUP BY vlan_id`)
      .all() as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]));
    const customers = this.d.dir.customerNames(rows.map((r) => r.customerId));
    const sites = new Map([...new Set(rows.map((r) => r.siteId).filter((s): s is string => Boolean(s)))].map((id) => [id, this.d.dir.siteName(id)]));
    const out = rows.map((v): VlanRow => ({
      ...v, siteName: v.siteId ? sites.get(v.siteId) ?? null : null, customerName: v.customerId ? customers.get(v.customerId) ?? null : null, prefixCount: counts.get(v.id) ?? 0,
    }));
    return out.sort((a, b) => a.vid - b.vid || a.group.localeCompare(b.group) || (a.siteName ?? '').localeCompare(b.siteName ?? ''));
  }

  /** The prefixes that use a VLAN, in address order (the first `limit`), and how many; null when there is no such VLAN. */
  vlanPrefixes(id: string, limit: number): { vlan: Vlan; prefixes: IpPrefix[]; total: number } | null {
    const vlan = this.repo.vlans.find(id);
    if (!vlan) return null;
    const db = this.repo.store;
    const total = (db.prepare(`SELECT count(*) AS n FROM ipam_prefixes WHERE deleted = 0 AND vlan_id = ?`).get(id) as { n: number }).n;
    const rows = db.prepare(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND vlan_id = ? ORDER BY vrf, start_key, length LIMIT ?`).all(id, limit) as Record<string, unknown>[];
    return { vlan, prefixes: rows.map((r) => this.repo.prefixes.fromDb(r)), total };
  }

  /** One level of the tree (the top when parentId is null), with utilisation per node. */
  tree(parentId: string | null, offset: number, limit: number): TreePage {
    const rows = this.repo.children(parentId, offset, limit);
    const lengths = this.repo.childLengths(rows.map((r) => r.id));
    const vlanIds = [...new Set(rows.map((r) => r.vlanId).filter((v): v is string => Boolean(v)))];
    const vlans = new Map(vlanIds.map((id) => [id, this.repo.vlans.find(id)]));
    const sites = new Map<string, string | null>();
    return {
      parentId,
      total: this.repo.childCount(parentId),
      nodes: rows.map((p) => {
        const l = lengths.get(p.id) ?? [];
        if (p.siteId && !sites.has(p.siteId)) sites.set(p.siteId, this.d.dir.siteName(p.siteId));
        const vlan = p.vlanId ? vlans.get(p.vlanId) : null;
        return {
          prefix: p, childCount: l.reduce((n, c) => n + c.n, 0), usage: usageOf(this.repo, p, l),
          siteName: p.siteId ? sites.get(p.siteId) ?? null : null, vlanLabel: vlan ? `${vlan.vid} ${vlan.name}` : null,
        };
      }),
    };
  }

  /** The 256 addresses of the /24 (IPv4) or /120 (IPv6) that holds `text`, one cell each. */
  map(vrf: string, text: string): AddressMap {
    const a = parseAddress(text);
    const start = networkOf(a.family, a.value, bitsOf(a.family) - 8);
    const end = start + 255n;
    const startKey = addressOf(a.family, start).key;
    const endKey = addressOf(a.family, end).key;
    const block = this.repo.mostSpecific(vrf, a.family, start, bitsOf(a.family), end);
    const rows = new Map(this.repo.addressesIn(vrf, startKey, endKey, 256).map((r) => [r.key, r]));
    const inside = this.repo.within(vrf, startKey, endKey, bitsOf(a.family) - 8);
    const ranges = this.repo.rangesOverlapping(vrf, startKey, endKey);
    const names = this.d.dir.deviceNames([...rows.values()].map((r) => r.deviceId));
    const customers = this.d.dir.customerNames([...[...rows.values()].map((r) => r.customerId), ...inside.map((p) => p.customerId)]);
    const counts: Record<string, number> = {};
    const cells: MapCell[] = [];
    for (let i = 0; i < 256; i++) {
      const v = start + BigInt(i);
      const addr = addressOf(a.family, v);
      const row = rows.get(addr.key);
      // the cell's own prefix: the longest one inside the window that holds it, else the window's
      let home: IpPrefix | null = null;
      for (const p of inside) if (p.startKey <= addr.key && p.endKey >= addr.key && (!home || p.length > home.length)) home = p;
      home ??= block;
      let status: MapCell['status'];
      let label = '';
      if (row && row.status !== 'free') {
        status = row.status;
        const dev = row.deviceId ? names.get(row.deviceId)?.name : null;
        label = [dev, row.customerId ? customers.get(row.customerId) ?? row.customerId : null, row.dnsName].filter(Boolean).join(' · ');
      } else if (!home) status = 'outside';
      else if (home !== block && home.customerId) { status = 'child'; label = `${home.prefix} ${customers.get(home.customerId) ?? home.customerId}`; }
      else if (reservedByPrefix(home, v)) status = v === boundsOf(home).network ? 'network' : 'broadcast';
      else {
        const range = ranges.find((r) => { const rb = rangeBounds(r); return v >= rb.start && v <= rb.end; });
        if (range && RANGE_BLOCKING.includes(range.status)) { status = 'range'; label = `${range.status} ${range.startAddress}–${range.endAddress}`; } else status = 'free';
      }
      counts[status] = (counts[status] ?? 0) + 1;
      cells.push({ offset: i, address: addr.text, status, id: row?.id ?? null, label });
    }
    return { start: addressOf(a.family, start).text, vrf, family: a.family, prefix: block, cells, counts };
  }

  search(q: string, limit: number): SearchResults {
    const text = q.trim();
    if (isAddress(text)) {
      const detail = this.find('', text);
      const others = this.repo.store.prepare(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND key = ? AND vrf <> '' LIMIT ?`).all(detail.record?.key ?? parseAddress(text).key, limit) as Record<string, unknown>[];
      return { kind: 'address', address: detail, prefixes: [], addresses: this.withDevices(others.map((r) => this.repo.addresses.fromDb(r))), vlans: [] };
    }
    if (isCidr(text)) {
      const p = parseCidr(text);
      const exact = this.repo.store.prepare(`SELECT * FROM ipam_prefixes WHERE deleted = 0 AND start_key = ? AND length = ?`).all(p.startKey, p.length) as Record<string, unknown>[];
      const holders = this.repo.containing('', p.family, p.network, p.length, p.last);
      const inside = this.repo.within('', p.startKey, p.endKey, p.length).slice(0, limit);
      const prefixes = dedupe([...exact.map((r) => this.repo.prefixes.fromDb(r)), ...holders, ...inside]);
      return { kind: 'prefix', address: null, prefixes, addresses: this.withDevices(this.repo.addressesIn('', p.startKey, p.endKey, limit)), vlans: [] };
    }
    // Text: a customer (id or name) and devices (by name) through their indexes; DNS names,
    // descriptions and the rest through the trigram index Ctrl+K uses (3+ characters), so
    // nothing scans a million addresses.
    const customer = this.d.dir.customer(text);
    const customerId = customer?.id ?? text;
    const db = this.repo.store;
    const ids = { 'ip-prefix': new Set<string>(), 'ip-address': new Set<string>(), vlan: new Set<string>() };
    const add = (kind: keyof typeof ids, rows: unknown[]) => { for (const r of rows as Array<{ id: string }>) ids[kind].add(r.id); };
    add('ip-prefix', db.prepare(`SELECT id FROM ipam_prefixes WHERE deleted = 0 AND customer_id IN (?, ?) LIMIT ?`).all(text, customerId, limit));
    add('ip-address', db.prepare(`SELECT id FROM ipam_addresses WHERE deleted = 0 AND customer_id IN (?, ?) LIMIT ?`).all(text, customerId, limit));
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add('ip-address', db.prepare(`SELECT a.id FROM devices d JOIN ipam_addresses a ON a.device_id = d.id AND a.deleted = 0
      WHERE d.deleted = 0 AND d.name LIKE ? ESCAPE '\\' LIMIT ?`).all(like, limit));
    if (/^\d{1,4}$/.test(text)) add('vlan', db.prepare(`SELECT id FROM ipam_vlans WHERE deleted = 0 AND vid = ?`).all(Number(text)));
    if (text.length >= 3) {
      const hits = db.prepare(`SELECT d.kind, d.row_id AS id FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
        WHERE search_index MATCH ? AND d.kind IN ('ip-prefix', 'ip-address', 'vlan') LIMIT ?`).all(`"${text.replace(/"/g, '""')}"`, limit * 3) as Array<{ kind: keyof typeof ids; id: string }>;
      for (const h of hits) ids[h.kind].add(h.id);
    }
    const live = <T extends { deleted: boolean }>(rows: Array<T | null>) => rows.filter((r): r is T => Boolean(r && !r.deleted));
    const byKey = <T extends { vrf: string }>(key: (r: T) => string) => (x: T, y: T) => (x.vrf + key(x) < y.vrf + key(y) ? -1 : 1);
    return {
      kind: 'text', address: null,
      prefixes: live([...ids['ip-prefix']].map((id) => this.repo.prefixes.get(id))).sort(byKey((r) => r.startKey)).slice(0, limit),
      addresses: this.withDevices(live([...ids['ip-address']].map((id) => this.repo.addresses.get(id))).sort(byKey((r) => r.key)).slice(0, limit)),
      vlans: live([...ids.vlan].map((id) => this.repo.vlans.get(id))).sort((x, y) => x.vid - y.vid).slice(0, limit),
    };
  }

  private withDevices(rows: IpAddress[]): Array<IpAddress & { deviceName: string | null }> {
    const names = this.d.dir.deviceNames(rows.map((r) => r.deviceId));
    return rows.map((r) => ({ ...r, deviceName: r.deviceId ? names.get(r.deviceId)?.name ?? null : null }));
  }
}

function dedupe(rows: IpPrefix[]): IpPrefix[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}
