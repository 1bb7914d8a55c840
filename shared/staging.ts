// Staging QA: checklist templates (versioned), runs (a server's copy of one template
// version) and the result of each item.
import type { Choice } from './choices';
import type { SyncedRow } from './types';

export const ITEM_MODES = [
  { value: 'manual', label: 'Manual', intent: 'none' },
  { value: 'automatic', label: 'Automatic', intent: 'primary' },
] as const satisfies readonly Choice<string>[];
export type ItemMode = (typeof ITEM_MODES)[number]['value'];

export const RESULT_STATUSES = [
  { value: 'pending', label: 'Open', intent: 'none' },
  { value: 'passed', label: 'Passed', intent: 'success' },
  { value: 'failed', label: 'Failed', intent: 'danger' },
  { value: 'skipped', label: 'Skipped', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type ResultStatus = (typeof RESULT_STATUSES)[number]['value'];

export const RUN_STATUSES = [
  { value: 'open', label: 'In QA', intent: 'primary' },
  { value: 'passed', label: 'Passed', intent: 'success' },
  { value: 'cancelled', label: 'Cancelled', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type RunStatus = (typeof RUN_STATUSES)[number]['value'];

export interface ChecklistItem {
  /** Stable within a template across versions ("burn-in"), so results line up. */
  key: string;
  title: string;
  required: boolean;
  mode: ItemMode;
  /** For automatic items: the registered check kind ("ipmi.bmc-reachable"). */
  check: string | null;
  /** Parameters of the check (e.g. { minHours: 24 }). */
  params: Record<string, unknown>;
  help: string;
}

export interface ChecklistTemplate extends SyncedRow {
  name: string;
  /** Device types the template applies to (server, vm). */
  deviceTypes: string[];
  version: number;
  items: ChecklistItem[];
  isDefault: boolean;
  demo: boolean;
}

export interface StagingRun extends SyncedRow {
  deviceId: string;
  templateId: string | null;
  templateName: string;
  /** The version of the template this run follows; a later template change does not touch it. */
  templateVersion: number;
  items: ChecklistItem[];
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  demo: boolean;
}

export interface StagingResult extends SyncedRow {
  runId: string;
  itemKey: string;
  status: ResultStatus;
  by: string;
  at: string;
  note: string;
  /** File names, URLs or pasted output that back the result. */
  evidence: string[];
  /** What an automatic check saw, or "manual" / "manual override". */
  method: string;
  detail: string;
  demo: boolean;
}

/** A run's item with its latest result. */
export interface RunItemView extends ChecklistItem { result: StagingResult | null; status: ResultStatus }

export interface RunView {
  run: StagingRun | null;
  /** Where the run is not started yet: the template it will follow. */
  template: { name: string; version: number } | null;
  deviceId: string;
  deviceName: string;
  items: RunItemView[];
  openRequired: string[];
  done: number;
  total: number;
  /** Newer template version exists than the one this run follows. */
  newerTemplateVersion: number | null;
}

export interface BoardCard {
  deviceId: string;
  deviceName: string;
  deviceType: string;
  rackName: string | null;
  position: number | null;
  runId: string | null;
  templateName: string;
  done: number;
  total: number;
  requiredOpen: number;
  failed: number;
  startedAt: string | null;
}

/** Registered automatic check kinds, as the UI lists them. */
export interface CheckKindInfo { kind: string; label: string; available: boolean; why: string | null }

export function openRequiredMessage(names: readonly string[]): string {
  return `QA checklist has ${names.length} open required item${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
}
