// Display formats shared by the table, the drawer and the elevation.
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceStatus, type DeviceType, type Intent } from '../../shared/choices';
import type { Device } from '../../shared/types';

export function statusLabel(s: DeviceStatus): string {
  return DEVICE_STATUSES.find((c) => c.value === s)?.label ?? s;
}

export function statusIntent(s: DeviceStatus): Intent {
  return DEVICE_STATUSES.find((c) => c.value === s)?.intent ?? 'none';
}

export function typeLabel(t: DeviceType): string {
  return DEVICE_TYPES.find((c) => c.value === t)?.label ?? t;
}

/** "U12", "U12–U13", with the half for half-width devices ("U20 L"); "—" when unplaced. */
export function unitsLabel(d: Pick<Device, 'position' | 'heightU' | 'width'>): string {
  if (d.position === null) return '—';
  const top = d.position + Math.max(d.heightU, 1) - 1;
  const span = top > d.position ? `U${d.position}–U${top}` : `U${d.position}`;
  return d.width === 'left' ? `${span} L` : d.width === 'right' ? `${span} R` : span;
}

/** Wall time of a hybrid logical clock stamp (15 digits of ms first), or null. */
export function hlcTime(stamp: string): Date | null {
  const m = /^(\d{15})-/.exec(stamp);
  return m ? new Date(Number(m[1])) : null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2025-11-21 23:51:02" in local time: sortable, unambiguous, what a NOC log shows. */
export function formatDateTime(d: Date | string | null): string {
  if (d === null) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return String(d);
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
