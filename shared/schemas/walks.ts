// The offline rack walk-through (issue 6): inputs, row shapes, the per-rack checklist and the
// rule that turns a scanned code into a result — pure, so the floor UI and the core agree.
import { z } from 'zod';
import type { Choice } from '../choices';
import type { SyncedRow } from '../types';
import { idSchema, nameSchema } from './common';

export const WALK_RESULTS = [
  { value: 'ok', label: 'Confirmed', intent: 'success' },
  { value: 'empty', label: 'Empty, as expected', intent: 'none' },
  { value: 'missing', label: 'Missing device', intent: 'danger' },
  { value: 'unexpected', label: 'Unexpected device', intent: 'warning' },
  { value: 'wrong_u', label: 'Wrong position', intent: 'warning' },
  { value: 'wrong_serial', label: 'Wrong serial / asset tag', intent: 'warning' },
] as const satisfies readonly Choice<string>[];
export type WalkResult = (typeof WALK_RESULTS)[number]['value'];
export const WALK_RESULT_VALUES = WALK_RESULTS.map((r) => r.value) as [WalkResult, ...WalkResult[]];
/** Results that need someone to act: each becomes a follow-up task (or a ticket). */
export const DISCREPANCIES: readonly WalkResult[] = ['missing', 'unexpected', 'wrong_u', 'wrong_serial'];

export const DEFAULT_CHECKLIST = [
  { key: 'doors', label: 'Doors close and lock' },
  { key: 'blanking', label: 'Blanking panels in every empty U' },
  { key: 'cabling', label: 'Cables labelled and dressed, nothing blocks airflow' },
  { key: 'pdu', label: 'PDUs on, no breaker tripped, no alarm LED' },
  { key: 'leds', label: 'No amber/red LEDs on devices' },
  { key: 'clean', label: 'No loose parts, boxes or rubbish' },
] as const;

export type WalkStatus = 'planned' | 'in_progress' | 'done';
export type WalkRackStatus = 'pending' | 'in_progress' | 'done';

export interface ChecklistItem { key: string; label: string; done: boolean; by: string; at: string }

export interface Walk extends SyncedRow { name: string; status: WalkStatus; createdBy: string; startedAt: string; finishedAt: string; notes: string; demo: boolean }
export interface WalkRack extends SyncedRow {
  walkId: string; rackId: string; ord: number; status: WalkRackStatus; currentU: number | null;
  checklist: ChecklistItem[]; notes: string; photos: string[]; finishedAt: string; demo: boolean;
}
export interface ExpectedDevice { id: string; name: string; serial: string; assetTag: string; position: number; heightU: number; face: string; width: string }
export interface WalkCheck extends SyncedRow {
  walkId: string; walkRackId: string; rackId: string; u: number; deviceId: string | null; expected: Partial<ExpectedDevice>;
  result: WalkResult; scanned: string; foundDeviceId: string | null; note: string; checkedBy: string; checkedAt: string; demo: boolean;
}
export interface WalkTask extends SyncedRow {
  walkId: string; checkId: string | null; rackId: string | null; deviceId: string | null; kind: string; title: string; detail: string;
  status: 'open' | 'done'; ticketId: string | null; demo: boolean;
}

export const createWalkInput = z.object({
  name: nameSchema,
  rackIds: z.array(idSchema).min(1, 'Choose at least one rack to walk.').max(200, 'At most 200 racks in one walk.'),
  notes: z.string().max(5000).default(''),
});

export const walkIdInput = z.object({ id: idSchema });
export const walkRackInput = z.object({ walkRackId: idSchema });

/** A code read at a position: typed, or from a barcode scanner acting as a keyboard. */
export const scanInput = z.object({
  walkRackId: idSchema,
  u: z.number().int().min(1, 'Rack units count from 1.').max(60),
  code: z.string().trim().min(1, 'Scan or type the serial or asset tag.').max(120),
  note: z.string().max(2000).default(''),
});

/** A result set by hand (confirmed by eye, missing, empty, an unlabelled unexpected device). */
export const markInput = z.object({
  walkRackId: idSchema,
  u: z.number().int().min(1).max(60),
  result: z.enum(WALK_RESULT_VALUES),
  note: z.string().max(2000).default(''),
});

export const tickInput = z.object({ walkRackId: idSchema, key: z.string().min(1).max(40), done: z.boolean() });
export const rackNotesInput = z.object({ walkRackId: idSchema, notes: z.string().max(10_000) });
export const photoInput = z.object({
  walkRackId: idSchema,
  fileName: z.string().trim().min(1, 'A file name is required.').max(255).regex(/^[^/\\\0]+$/, 'Only the file name, without folders.'),
});
export const positionInput = z.object({ walkRackId: idSchema, u: z.number().int().min(1).max(60) });
export const taskListInput = z.object({ status: z.enum(['open', 'done', 'all']).default('open'), walkId: idSchema.optional() });
export const taskDoneInput = z.object({ id: idSchema, done: z.boolean().default(true) });

export interface ScanLookup {
  /** The device whose serial or asset tag is this code (case-insensitive), if any. */
  byCode(code: string): (ExpectedDevice & { rackId: string | null }) | null;
}

export interface ScanOutcome { result: WalkResult; foundDeviceId: string | null; explain: string }

/**
 * What a code read at position U means, given what the inventory expects there:
 *  - the expected device's serial or asset tag → ok;
 *  - another known device → wrong_u (it is here, the inventory has it elsewhere);
 *  - an unknown code where a device is expected → wrong_serial (the records or the label are wrong);
 *  - an unknown code where nothing is expected → unexpected.
 */
export function evaluateScan(expected: ExpectedDevice | null, code: string, rackId: string, lookup: ScanLookup): ScanOutcome {
  const c = code.trim().toLowerCase();
  if (expected && (c === expected.serial.toLowerCase() || c === expected.assetTag.toLowerCase()) && c !== '') {
    return { result: 'ok', foundDeviceId: expected.id, explain: `${expected.name} confirmed.` };
  }
  const found = lookup.byCode(code.trim());
  if (found) {
    const where = found.rackId === rackId ? `U${found.position} of this rack` : found.rackId ? 'another rack' : 'no rack';
    return { result: 'wrong_u', foundDeviceId: found.id, explain: `${found.name} is here, but the inventory has it at ${where}.` };
  }
  if (expected) return { result: 'wrong_serial', foundDeviceId: null, explain: `${code.trim()} is not ${expected.name}'s serial (${expected.serial || '—'}) or asset tag (${expected.assetTag || '—'}), nor any known device's.` };
  return { result: 'unexpected', foundDeviceId: null, explain: `Nothing is expected at this position, and ${code.trim()} is no known device.` };
}
