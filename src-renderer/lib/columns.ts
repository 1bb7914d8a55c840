// Inventory table columns: which exist, which sort key they map to, which are shown by
// default. The user's choice is persisted; `sanitizeColumns` keeps an old or hand-edited
// choice usable (unknown keys dropped, the name column always there).
import type { deviceSortKeys } from '../../shared/schemas/inventory';

export type DeviceSortKey = (typeof deviceSortKeys)[number];

export const COLUMNS = [
  { key: 'name', label: 'Name', width: 200, sort: 'name' },
  { key: 'status', label: 'Status', width: 150, sort: 'status' },
  { key: 'type', label: 'Type', width: 110, sort: 'type' },
  { key: 'site', label: 'Site', width: 120, sort: null },
  { key: 'rack', label: 'Rack', width: 100, sort: 'rack' },
  { key: 'position', label: 'U', width: 84, sort: 'position' },
  { key: 'serial', label: 'Serial', width: 110, sort: 'serial' },
  { key: 'assetTag', label: 'Asset tag', width: 100, sort: 'assetTag' },
  { key: 'mgmtIp', label: 'Mgmt IP', width: 120, sort: null },
  { key: 'primaryIp', label: 'Primary IP', width: 130, sort: null },
  { key: 'os', label: 'OS', width: 150, sort: null },
  { key: 'cpu', label: 'CPU', width: 220, sort: null },
  { key: 'ram', label: 'RAM', width: 70, sort: null },
  { key: 'updatedAt', label: 'Updated', width: 150, sort: 'updatedAt' },
] as const satisfies ReadonlyArray<{ key: string; label: string; width: number; sort: DeviceSortKey | null }>;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export type ColumnDef = (typeof COLUMNS)[number];

export const DEFAULT_COLUMNS: readonly ColumnKey[] = ['name', 'status', 'type', 'site', 'rack', 'position', 'serial', 'mgmtIp', 'primaryIp', 'os', 'cpu', 'ram'];

const KNOWN = new Set<string>(COLUMNS.map((c) => c.key));

export function isColumnKey(k: unknown): k is ColumnKey {
  return typeof k === 'string' && KNOWN.has(k);
}

/** A persisted column choice made safe: known keys, no repeats, in table order, name first. */
export function sanitizeColumns(saved: unknown): ColumnKey[] {
  if (!Array.isArray(saved)) return [...DEFAULT_COLUMNS];
  const chosen = new Set(saved.filter(isColumnKey));
  chosen.add('name');
  return COLUMNS.map((c) => c.key).filter((k) => chosen.has(k));
}

export function toggleColumn(current: readonly ColumnKey[], key: ColumnKey): ColumnKey[] {
  if (key === 'name') return [...current];
  const set = new Set(current);
  if (set.has(key)) set.delete(key);
  else set.add(key);
  return sanitizeColumns([...set]);
}

export function columnDef(key: ColumnKey): ColumnDef {
  const def = COLUMNS.find((c) => c.key === key);
  if (!def) throw new Error(`unknown column ${key}`);
  return def;
}
