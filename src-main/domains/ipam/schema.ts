// The IPAM tables as the repository layer sees them (migration 0004).
import type { IpAddress, IpPrefix, IpRange, Vlan } from '../../../shared/ipam-types';
import type { TableSpec } from '../../store/repository';

const vrfLabel = (vrf: string) => (vrf ? `vrf ${vrf}` : '');

export const prefixTable: TableSpec<IpPrefix> = {
  table: 'ipam_prefixes',
  kind: 'ip-prefix',
  fields: {
    vrf: 'vrf', family: 'family', prefix: 'prefix', length: 'length', startKey: 'start_key', endKey: 'end_key',
    parentId: 'parent_id', status: 'status', zone: 'zone', role: 'role', isPool: { col: 'is_pool', kind: 'bool' },
    siteId: 'site_id', vlanId: 'vlan_id', customerId: 'customer_id', rentalId: 'rental_id',
    justification: 'justification', assignedAt: 'assigned_at', section: 'section', description: 'description',
    demo: { col: 'demo', kind: 'bool' },
  },
  search: (p) => ({
    title: p.prefix,
    body: [p.description, p.role, p.zone, p.status, p.customerId, p.section, vrfLabel(p.vrf)].filter(Boolean).join(' '),
  }),
};

export const addressTable: TableSpec<IpAddress> = {
  table: 'ipam_addresses',
  kind: 'ip-address',
  fields: {
    vrf: 'vrf', family: 'family', address: 'address', key: 'key', maskLength: 'mask_length', status: 'status', role: 'role',
    dnsName: 'dns_name', description: 'description', deviceId: 'device_id', interface: 'interface',
    customerId: 'customer_id', rentalId: 'rental_id', justification: 'justification', assignedAt: 'assigned_at',
    mac: 'mac', notes: 'notes', demo: { col: 'demo', kind: 'bool' },
  },
  // A free address is nobody's: it leaves Ctrl+K until it is used again.
  search: (a) => (a.status === 'free' ? null : {
    title: a.address,
    body: [a.dnsName, a.description, a.status, a.customerId, a.interface, a.mac, vrfLabel(a.vrf)].filter(Boolean).join(' '),
  }),
};

export const vlanTable: TableSpec<Vlan> = {
  table: 'ipam_vlans',
  kind: 'vlan',
  fields: {
    vid: 'vid', name: 'name', siteId: 'site_id', group: 'vlan_group', status: 'status', role: 'role',
    customerId: 'customer_id', description: 'description', demo: { col: 'demo', kind: 'bool' },
  },
  search: (v) => ({ title: `VLAN ${v.vid} ${v.name}`, body: [v.group, v.role, v.description, v.customerId].filter(Boolean).join(' ') }),
};

export const rangeTable: TableSpec<IpRange> = {
  table: 'ipam_ranges',
  kind: 'ip-range',
  fields: {
    vrf: 'vrf', family: 'family', startAddress: 'start_address', endAddress: 'end_address', startKey: 'start_key', endKey: 'end_key',
    status: 'status', role: 'role', customerId: 'customer_id', description: 'description', demo: { col: 'demo', kind: 'bool' },
  },
  search: (r) => ({ title: `${r.startAddress}–${r.endAddress}`, body: [r.status, r.role, r.description, r.customerId].filter(Boolean).join(' ') }),
};

/** Every IPAM synced table, for whoever needs the list (sync, demo removal). */
export const ipamTables = [vlanTable, prefixTable, addressTable, rangeTable] as const;
