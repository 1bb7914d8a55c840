// Choice tables: (value, label, intent) as const, one place for both sides.
// `intent` is a Blueprint Intent name so the renderer colours things consistently.

export type Intent = 'none' | 'primary' | 'success' | 'warning' | 'danger';

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly intent: Intent;
}

export const DEVICE_STATUSES = [
  { value: 'staging', label: 'Staging', intent: 'primary' },
  { value: 'available', label: 'Available', intent: 'success' },
  { value: 'rented', label: 'Rented', intent: 'none' },
  { value: 'maintenance', label: 'Under Maintenance', intent: 'warning' },
  { value: 'faulty', label: 'Faulty', intent: 'danger' },
  { value: 'decommissioned', label: 'Decommissioned', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type DeviceStatus = (typeof DEVICE_STATUSES)[number]['value'];
export const DEVICE_STATUS_VALUES = DEVICE_STATUSES.map((s) => s.value) as [DeviceStatus, ...DeviceStatus[]];

export const DEVICE_TYPES = [
  { value: 'server', label: 'Server', intent: 'none' },
  { value: 'vm', label: 'Virtual machine', intent: 'none' },
  { value: 'switch', label: 'Switch', intent: 'primary' },
  { value: 'pdu', label: 'PDU', intent: 'warning' },
  { value: 'patch_panel', label: 'Patch panel', intent: 'none' },
  { value: 'other', label: 'Other', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type DeviceType = (typeof DEVICE_TYPES)[number]['value'];
export const DEVICE_TYPE_VALUES = DEVICE_TYPES.map((s) => s.value) as [DeviceType, ...DeviceType[]];

export const RACK_FACES = [
  { value: 'front', label: 'Front', intent: 'none' },
  { value: 'rear', label: 'Rear', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type RackFace = (typeof RACK_FACES)[number]['value'];

export const DEVICE_WIDTHS = [
  { value: 'full', label: 'Full width', intent: 'none' },
  { value: 'left', label: 'Half width, left', intent: 'none' },
  { value: 'right', label: 'Half width, right', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type DeviceWidth = (typeof DEVICE_WIDTHS)[number]['value'];

export const STAFF_ROLES = [
  { value: 'admin', label: 'Administrator', intent: 'danger' },
  { value: 'technician', label: 'Technician', intent: 'primary' },
  { value: 'provisioning', label: 'Provisioning', intent: 'success' },
  { value: 'billing', label: 'Billing', intent: 'warning' },
  { value: 'viewer', label: 'Viewer', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type StaffRole = (typeof STAFF_ROLES)[number]['value'];
export type Role = StaffRole | 'customer';
export const ROLE_VALUES = ['admin', 'technician', 'provisioning', 'billing', 'viewer', 'customer'] as const satisfies readonly Role[];

export function choiceOf<V extends string>(table: readonly Choice<V>[], value: V): Choice<V> {
  const found = table.find((c) => c.value === value);
  if (!found) throw new Error(`unknown choice ${value}`);
  return found;
}
