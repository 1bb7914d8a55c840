// NetBox's CSV formats, with NetBox's own column names:
//   prefixes     prefix, vrf, tenant, vlan, status, role, is_pool, description
//                (+ vlan_group, vlan_site, site when present: NetBox's VLAN/site lookups)
//   ip-addresses address, vrf, tenant, status, role, device, interface, dns_name, description
//   vlans        site, group, vid, name, tenant, status, role, description
// Rows are upserted by their natural key (vrf + prefix, vrf + address, site + group + vid).
// NetBox address statuses map to ours: active → used, slaac → used; ours export back as
// active (used, gateway), reserved, deprecated, dhcp. Tenants are customers (by name where
// the customers table knows them, else kept as text).
import { bitsOf, parseAddressWithMask, parseCidr, parseKey } from '../../../shared/ipam';
import { PREFIX_STATUS_VALUES, VLAN_STATUS_VALUES, type AddressStatus, type PrefixStatus, type VlanStatus } from '../../../shared/ipam-choices';
import type { ImportChange, IpAddress, IpPrefix, Vlan } from '../../../shared/ipam-types';
import type { WriteContext } from '../../store/repository';
import { nowIso } from './model';
import type { IpamService } from './service';
import type { RowContext } from './transfer';

export interface ImportEnv {
  ctx: WriteContext;
  ipam: IpamService;
  defaultVrf: string;
  /** Natural key → line, to refuse the same object twice in one file. */
  seen: Map<string, number>;
  /** Lookups by name, once per import. */
  cache: Map<string, unknown>;
}

export interface FormatHandler {
  label: string;
  columns: readonly string[];
  optional: readonly string[];
  required: readonly string[];
  apply(rc: RowContext, env: ImportEnv): ImportChange | ImportChange[];
  export(ipam: IpamService, vrf?: string): { columns: readonly string[]; rows: Array<Record<string, string>> };
}

// ---- shared cell readers ----

export function cached<T>(env: ImportEnv, key: string, make: () => T): T {
  if (env.cache.has(key)) return env.cache.get(key) as T;
  const v = make();
  env.cache.set(key, v);
  return v;
}

export function boolCell(rc: RowContext, column: string): boolean {
  const v = rc.cell(column).toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  return rc.fail(column, `"${rc.cell(column)}" is not true or false`);
}

export function vrfCell(rc: RowContext, env: ImportEnv): string {
  return rc.has('vrf') ? rc.cell('vrf') : env.defaultVrf;
}

/** Tenant/owner → customer id where the customers table knows it, else the text itself. */
export function customerCell(rc: RowContext, env: ImportEnv, column: string): string | null {
  const ref = rc.cell(column);
  if (!ref) return null;
  return cached(env, `customer:${ref}`, () => env.ipam.dir.customer(ref)?.id ?? ref);
}

export function deviceCell(rc: RowContext, env: ImportEnv, column: string): string | null {
  const name = rc.cell(column);
  if (!name) return null;
  const found = cached(env, `device:${name.toLowerCase()}`, () => env.ipam.dir.devicesNamed(name));
  if (found.length === 0) rc.fail(column, `no device called "${name}" in the inventory; add it first or leave the column empty`);
  if (found.length > 1) rc.fail(column, `more than one device is called "${name}"; rename one first`);
  return found[0]!.id;
}

export function siteCell(rc: RowContext, env: ImportEnv, column: string): string | null {
  const ref = rc.cell(column);
  if (!ref) return null;
  const site = cached(env, `site:${ref.toLowerCase()}`, () => env.ipam.dir.siteByName(ref));
  if (!site) rc.fail(column, `no site called "${ref}"`);
  return site.id;
}

function choice<T extends string>(rc: RowContext, column: string, values: readonly T[], fallback: T): T {
  const v = rc.cell(column).toLowerCase();
  if (v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) rc.fail(column, `"${rc.cell(column)}" is not one of ${values.join(', ')}`);
  return v as T;
}

/** Refuses the same natural key twice in one file. */
export function once(rc: RowContext, env: ImportEnv, column: string, key: string, what: string): void {
  const before = env.seen.get(key);
  if (before !== undefined) rc.fail(column, `${what} is also on line ${before}; each appears once per file`);
  env.seen.set(key, rc.line);
}

/** field → [before, after] for the fields that differ. */
export function diff<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    const b = (before as Record<string, unknown>)[k];
    if (v !== undefined && JSON.stringify(b) !== JSON.stringify(v)) out[k] = [b, v];
  }
  return out;
}

export const customerText = (ipam: IpamService, id: string | null): string => (id ? ipam.dir.customerNames([id]).get(id) ?? id : '');

// ---- prefixes ----

export const netboxPrefixes: FormatHandler = {
  label: 'NetBox prefixes',
  columns: ['prefix', 'vrf', 'tenant', 'vlan', 'status', 'role', 'is_pool', 'description'],
  optional: ['vlan_group', 'vlan_site', 'site'],
  required: ['prefix'],
  apply(rc, env) {
    const p = rc.at('prefix', () => parseCidr(rc.cell('prefix')));
    const vrf = vrfCell(rc, env);
    once(rc, env, 'prefix', `p:${vrf}:${p.startKey}:${p.length}`, p.text);
    const fields = {
      status: choice<PrefixStatus>(rc, 'status', PREFIX_STATUS_VALUES, 'active'),
      role: rc.cell('role'),
      isPool: boolCell(rc, 'is_pool'),
      description: rc.cell('description'),
      customerId: customerCell(rc, env, 'tenant'),
      vlanId: rc.at('vlan', () => vlanRef(rc, env)),
      ...(rc.has('site') ? { siteId: siteCell(rc, env, 'site') } : {}),
    };
    const existing = env.ipam.repo.prefixByText(vrf, p.startKey, p.length);
    if (!existing) {
      rc.at('prefix', () => env.ipam.tree.create(env.ctx, {
        prefix: p.text, vrf, zone: undefined, siteId: null, rentalId: null, justification: '', section: '', ...fields,
      }, { skipJustification: true }));
      return { line: rc.line, action: 'create', kind: 'prefix', key: p.text, changes: {} };
    }
    const changes = diff(existing, fields);
    if (Object.keys(changes).length === 0) return { line: rc.line, action: 'unchanged', kind: 'prefix', key: p.text, changes };
    const patch: Partial<IpPrefix> = { ...fields };
    if (fields.customerId !== existing.customerId) patch.assignedAt = fields.customerId ? nowIso(env.ipam.clock) : null;
    rc.at('prefix', () => env.ipam.repo.prefixes.update(env.ctx, existing.id, patch, 'import'));
    return { line: rc.line, action: 'update', kind: 'prefix', key: p.text, changes };
  },
  export(ipam, vrf) {
    const prefixes = ipam.repo.allPrefixes(vrf);
    const vlans = new Map(ipam.repo.allVlans().map((v) => [v.id, v]));
    const vidCount = new Map<number, number>();
    for (const v of vlans.values()) vidCount.set(v.vid, (vidCount.get(v.vid) ?? 0) + 1);
    // NetBox finds a VLAN by VID; vlan_group / vlan_site are added only when a VID is ambiguous
    const ambiguous = prefixes.some((p) => p.vlanId && (vidCount.get(vlans.get(p.vlanId)?.vid ?? -1) ?? 0) > 1);
    const columns = [...netboxPrefixes.columns, ...(ambiguous ? ['vlan_group', 'vlan_site'] : [])];
    const rows = prefixes.map((p) => {
      const v = p.vlanId ? vlans.get(p.vlanId) : undefined;
      const row: Record<string, string> = {
        prefix: p.prefix, vrf: p.vrf, tenant: customerText(ipam, p.customerId), vlan: v ? String(v.vid) : '', status: p.status,
        role: p.role, is_pool: p.isPool ? 'true' : 'false', description: p.description,
      };
      if (ambiguous) { row.vlan_group = v?.group ?? ''; row.vlan_site = v ? ipam.dir.siteName(v.siteId) ?? '' : ''; }
      return row;
    });
    return { columns, rows };
  },
};

function vlanRef(rc: RowContext, env: ImportEnv): string | null {
  const text = rc.cell('vlan');
  if (!text) return null;
  if (!/^\d+$/.test(text)) rc.fail('vlan', `"${text}" is not a VLAN id (1–4094)`);
  const vid = Number(text);
  let candidates = env.ipam.repo.vlansByVid(vid);
  if (rc.cell('vlan_group')) candidates = candidates.filter((v) => v.group === rc.cell('vlan_group'));
  if (rc.cell('vlan_site')) {
    const siteId = siteCell(rc, env, 'vlan_site');
    candidates = candidates.filter((v) => v.siteId === siteId);
  }
  if (candidates.length === 0) rc.fail('vlan', `no VLAN ${vid}${rc.cell('vlan_site') ? ` at ${rc.cell('vlan_site')}` : ''}; import the VLANs first`);
  if (candidates.length > 1) rc.fail('vlan', `VLAN ${vid} exists at several sites/groups; add a vlan_site or vlan_group column to say which`);
  return candidates[0]!.id;
}

// ---- IP addresses ----

const FROM_NETBOX: Record<string, AddressStatus> = { active: 'used', reserved: 'reserved', deprecated: 'deprecated', dhcp: 'dhcp', slaac: 'used' };
export const TO_NETBOX: Record<AddressStatus, string> = { used: 'active', gateway: 'active', reserved: 'reserved', deprecated: 'deprecated', dhcp: 'dhcp', free: '' };

/** Creates or updates one address row from imported fields, through the address rules. */
export function upsertAddress(rc: RowContext, env: ImportEnv, column: string, text: string, vrf: string, fields: Partial<IpAddress> & { status: AddressStatus }): ImportChange {
  const { address: a, mask } = rc.at(column, () => parseAddressWithMask(text));
  if (mask !== null && mask !== undefined) fields.maskLength = mask;
  once(rc, env, column, `a:${vrf}:${a.key}`, a.text);
  const existing = env.ipam.repo.addressByKey(vrf, a.key);
  const held = Boolean(fields.deviceId || fields.customerId);
  if (!existing) {
    rc.at(column, () => env.ipam.addresses.homeOfCached(vrf, a, null, column, env.cache));
    rc.at(column, () => env.ipam.repo.addresses.insert(env.ctx, {
      vrf, family: a.family, address: a.text, key: a.key, maskLength: null, role: '', dnsName: '', description: '', deviceId: null, interface: '',
      customerId: null, rentalId: null, justification: '', mac: '', notes: '', demo: false,
      assignedAt: held || fields.status === 'reserved' ? nowIso(env.ipam.clock) : null, ...fields,
    }));
    return { line: rc.line, action: 'create', kind: 'address', key: a.text, changes: {} };
  }
  const changes = diff(existing, fields);
  if (Object.keys(changes).length === 0) return { line: rc.line, action: 'unchanged', kind: 'address', key: a.text, changes };
  const patch: Partial<IpAddress> = { ...fields };
  if ((fields.customerId ?? null) !== existing.customerId || (fields.deviceId ?? null) !== existing.deviceId) patch.assignedAt = held ? nowIso(env.ipam.clock) : null;
  rc.at(column, () => env.ipam.repo.addresses.update(env.ctx, existing.id, patch, 'import'));
  return { line: rc.line, action: 'update', kind: 'address', key: a.text, changes };
}

export const netboxAddresses: FormatHandler = {
  label: 'NetBox IP addresses',
  columns: ['address', 'vrf', 'tenant', 'status', 'role', 'device', 'interface', 'dns_name', 'description'],
  optional: [],
  required: ['address'],
  apply(rc, env) {
    const raw = rc.cell('status').toLowerCase();
    const status = raw === '' ? 'used' : FROM_NETBOX[raw] ?? rc.fail('status', `"${rc.cell('status')}" is not a NetBox IP status (active, reserved, deprecated, dhcp, slaac)`);
    const deviceId = deviceCell(rc, env, 'device');
    if (!deviceId && rc.cell('interface')) rc.fail('interface', 'an interface needs a device in the device column');
    return upsertAddress(rc, env, 'address', rc.cell('address'), vrfCell(rc, env), {
      status, role: rc.cell('role').toLowerCase(), deviceId, interface: rc.cell('interface'), customerId: customerCell(rc, env, 'tenant'),
      dnsName: rc.cell('dns_name'), description: rc.cell('description'),
    });
  },
  export(ipam, vrf) {
    const rows: Array<Record<string, string>> = [];
    const devices = new Map<string, string>();
    const stmt = vrf === undefined
      ? ipam.store.prepare(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND status <> 'free' ORDER BY vrf, key`).iterate()
      : ipam.store.prepare(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND status <> 'free' AND vrf = ? ORDER BY key`).iterate(vrf);
    for (const raw of stmt as Iterable<Record<string, unknown>>) {
      const r = ipam.repo.addresses.fromDb(raw);
      if (r.deviceId && !devices.has(r.deviceId)) devices.set(r.deviceId, ipam.dir.deviceNames([r.deviceId]).get(r.deviceId)?.name ?? '');
      // NetBox writes every address with a mask: the one given, else its prefix's length
      const mask = r.maskLength ?? ipam.repo.mostSpecific(r.vrf, r.family, parseKey(r.key).value)?.length ?? bitsOf(r.family);
      rows.push({
        address: `${r.address}/${mask}`, vrf: r.vrf, tenant: customerText(ipam, r.customerId), status: TO_NETBOX[r.status], role: r.role,
        device: r.deviceId ? devices.get(r.deviceId) ?? '' : '', interface: r.interface, dns_name: r.dnsName, description: r.description,
      });
    }
    return { columns: netboxAddresses.columns, rows };
  },
};

// ---- VLANs ----

export const netboxVlans: FormatHandler = {
  label: 'NetBox VLANs',
  columns: ['site', 'group', 'vid', 'name', 'tenant', 'status', 'role', 'description'],
  optional: [],
  required: ['vid', 'name'],
  apply(rc, env) {
    const vidText = rc.cell('vid');
    if (!/^\d+$/.test(vidText) || Number(vidText) < 1 || Number(vidText) > 4094) rc.fail('vid', `"${vidText}" is not a VLAN id (1–4094)`);
    const vid = Number(vidText);
    const name = rc.cell('name');
    if (!name) rc.fail('name', 'a VLAN needs a name');
    const siteId = siteCell(rc, env, 'site');
    const group = rc.cell('group');
    const key = `${rc.cell('site') || '-'}/${group || '-'}/${vid}`;
    once(rc, env, 'vid', `v:${siteId ?? ''}:${group}:${vid}`, `VLAN ${key}`);
    const fields: Partial<Vlan> = {
      name, status: choice<VlanStatus>(rc, 'status', VLAN_STATUS_VALUES, 'active'), role: rc.cell('role'),
      customerId: customerCell(rc, env, 'tenant'), description: rc.cell('description'),
    };
    const existing = env.ipam.repo.vlanBy(siteId, group, vid);
    if (!existing) {
      rc.at('vid', () => env.ipam.repo.vlans.insert(env.ctx, { vid, siteId, group, name, status: fields.status!, role: fields.role!, customerId: fields.customerId ?? null, description: fields.description!, demo: false }));
      return { line: rc.line, action: 'create', kind: 'vlan', key, changes: {} };
    }
    const changes = diff(existing, fields);
    if (Object.keys(changes).length === 0) return { line: rc.line, action: 'unchanged', kind: 'vlan', key, changes };
    rc.at('vid', () => env.ipam.repo.vlans.update(env.ctx, existing.id, fields, 'import'));
    return { line: rc.line, action: 'update', kind: 'vlan', key, changes };
  },
  export(ipam) {
    return {
      columns: netboxVlans.columns,
      rows: ipam.repo.allVlans().map((v) => ({
        site: ipam.dir.siteName(v.siteId) ?? '', group: v.group, vid: String(v.vid), name: v.name, tenant: customerText(ipam, v.customerId),
        status: v.status, role: v.role, description: v.description,
      })),
    };
  },
};
