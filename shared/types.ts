// Row shapes as the API returns them (camelCase). The store's columns are snake_case.
import type { DeviceStatus, DeviceType, DeviceWidth, RackFace, Role } from './choices';
import type { Specs } from './schemas/inventory';

export interface SyncedRow {
  id: string;
  rev: number | null;
  updatedAt: string;
  deleted: boolean;
}

export interface Site extends SyncedRow { name: string; code: string; address: string; demo: boolean }
export interface Room extends SyncedRow { siteId: string; name: string; demo: boolean }
export interface Rack extends SyncedRow { roomId: string; name: string; heightU: number; demo: boolean }

export interface Device extends SyncedRow {
  name: string;
  type: DeviceType;
  status: DeviceStatus;
  siteId: string | null;
  rackId: string | null;
  position: number | null;
  heightU: number;
  face: RackFace;
  width: DeviceWidth;
  fullDepth: boolean;
  hostId: string | null;
  os: string;
  serial: string;
  assetTag: string;
  mgmtIp: string;
  primaryIp: string;
  notes: string;
  specs: Specs;
  demo: boolean;
}

/** A device row in lists, with the names of where it is. */
export interface DeviceListRow extends Device { siteName: string | null; rackName: string | null }

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  tableName: string;
  rowId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export interface SearchHit {
  kind: string;
  id: string;
  title: string;
  subtitle: string;
}

export interface Actor {
  id: string;
  name: string;
  role: Role;
  customerId?: string;
}

export interface ChangeEvent {
  table: string;
  id: string;
  op: 'insert' | 'update' | 'delete';
}
