// Row shapes of the sync's own API (both sides import them).
import type { SyncedRow } from './types';

/** Both values of a guarded field group changed on two sides (see src-main/sync/guarded.ts). */
export interface SyncConflict extends SyncedRow {
  tableName: string;
  rowId: string;
  fieldGroup: string;
  fields: string[];
  serverValue: Record<string, unknown>;
  serverHlc: string;
  serverBy: string;
  incomingValue: Record<string, unknown>;
  incomingHlc: string;
  incomingBy: string;
  baseRev: number;
  detectedAt: string;
  status: 'open' | 'resolved';
  resolution: '' | 'server' | 'incoming';
  resolvedValue: Record<string, unknown>;
  resolvedBy: string;
  resolvedAt: string;
  demo: boolean;
}

/** A local change the server refused, or one parked until the server has its table. */
export interface SyncReject {
  id: number;
  at: string;
  kind: 'refused' | 'parked' | 'apply';
  seq: number | null;
  tableName: string;
  rowId: string;
  op: string;
  fields: Record<string, unknown>;
  reason: string;
  status: 'open' | 'retried' | 'discarded' | 'applied';
}

export interface SyncUser {
  login: string;
  role: string;
  customerId: string | null;
  fullName: string;
  canLogin: boolean;
  createdAt: string;
  createdBy: string;
}
