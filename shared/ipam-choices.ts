// IPAM choice tables: (value, label, intent), one place for both sides.
import type { Choice } from './choices';

export const PREFIX_STATUSES = [
  { value: 'container', label: 'Container', intent: 'none' },
  { value: 'active', label: 'Active', intent: 'success' },
  { value: 'reserved', label: 'Reserved', intent: 'warning' },
  { value: 'deprecated', label: 'Deprecated', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type PrefixStatus = (typeof PREFIX_STATUSES)[number]['value'];
export const PREFIX_STATUS_VALUES = PREFIX_STATUSES.map((s) => s.value) as [PrefixStatus, ...PrefixStatus[]];

export const ADDRESS_STATUSES = [
  { value: 'free', label: 'Free', intent: 'none' },
  { value: 'used', label: 'Used', intent: 'primary' },
  { value: 'reserved', label: 'Reserved', intent: 'warning' },
  { value: 'gateway', label: 'Gateway', intent: 'success' },
  { value: 'dhcp', label: 'DHCP', intent: 'primary' },
  { value: 'deprecated', label: 'Deprecated', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type AddressStatus = (typeof ADDRESS_STATUSES)[number]['value'];
export const ADDRESS_STATUS_VALUES = ADDRESS_STATUSES.map((s) => s.value) as [AddressStatus, ...AddressStatus[]];

/** Where a network sits; allocation only hands out addresses from a pool of the asked zone. */
export const SECURITY_ZONES = [
  { value: 'public', label: 'Public', intent: 'danger' },
  { value: 'management', label: 'Management', intent: 'warning' },
  { value: 'backend', label: 'Backend', intent: 'primary' },
  { value: 'customer-isolated', label: 'Customer-isolated', intent: 'success' },
] as const satisfies readonly Choice<string>[];
export type SecurityZone = (typeof SECURITY_ZONES)[number]['value'];
export const SECURITY_ZONE_VALUES = SECURITY_ZONES.map((s) => s.value) as [SecurityZone, ...SecurityZone[]];

export const RANGE_STATUSES = [
  { value: 'active', label: 'Active', intent: 'success' },
  { value: 'reserved', label: 'Reserved', intent: 'warning' },
  { value: 'dhcp', label: 'DHCP pool', intent: 'primary' },
  { value: 'deprecated', label: 'Deprecated', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type RangeStatus = (typeof RANGE_STATUSES)[number]['value'];
export const RANGE_STATUS_VALUES = RANGE_STATUSES.map((s) => s.value) as [RangeStatus, ...RangeStatus[]];

export const VLAN_STATUSES = [
  { value: 'active', label: 'Active', intent: 'success' },
  { value: 'reserved', label: 'Reserved', intent: 'warning' },
  { value: 'deprecated', label: 'Deprecated', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type VlanStatus = (typeof VLAN_STATUSES)[number]['value'];
export const VLAN_STATUS_VALUES = VLAN_STATUSES.map((s) => s.value) as [VlanStatus, ...VlanStatus[]];

export const IMPORT_FORMATS = [
  { value: 'netbox-prefixes', label: 'NetBox prefixes CSV', intent: 'none' },
  { value: 'netbox-ip-addresses', label: 'NetBox IP addresses CSV', intent: 'none' },
  { value: 'netbox-vlans', label: 'NetBox VLANs CSV', intent: 'none' },
  { value: 'phpipam', label: 'phpIPAM addresses CSV', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type ImportFormat = (typeof IMPORT_FORMATS)[number]['value'];
export const IMPORT_FORMAT_VALUES = IMPORT_FORMATS.map((s) => s.value) as [ImportFormat, ...ImportFormat[]];

/** Address statuses that take an address out of the free pool. */
export const OCCUPYING: readonly AddressStatus[] = ['used', 'reserved', 'gateway', 'dhcp', 'deprecated'];
/** Range statuses that next-free skips (a plain "active" range is handed out like the rest). */
export const RANGE_BLOCKING: readonly RangeStatus[] = ['reserved', 'dhcp'];

/**
 * ARIN registration thresholds: NRPM 4.2.3.7.1 (IPv4 reassignments of a /29 or more) and
 * 6.5.5.1 (IPv6 reassignments of a /47 or more) must be registered (SWIP).
 */
export const SWIP_MAX_LENGTH = { 4: 29, 6: 47 } as const;
