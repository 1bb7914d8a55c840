// Field-level merge of one pushed change into the server's row — pure, so its rules are
// tested without a database. Invariants:
//  - an ordinary field takes the write with the later HLC; an older write is dropped for
//    that field only (the other fields of the same change still apply);
//  - a guarded group (guarded.ts) changed concurrently — the server changed one of its
//    columns at a rev the pushing client had not seen (field_rev > base rev) — and to a
//    different value: the server keeps its value, a conflict keeps both; nothing of that
//    group applies until a person decides;
//  - a change the server has already seen (same value) is a no-op, never a conflict;
//  - the row's updated_at is the latest HLC of any write it holds;
//  - delete against edit (deleteVsEdit): a row deleted on one side and edited on the other —
//    whichever came first and whatever their HLCs — is neither a silent change to a tombstone
//    nor a silent loss of the edit: the row stays as the server has it (deleted, or alive
//    with the edit) and one conflict of the group DELETE_EDIT keeps both sides; nothing of
//    the pushed change applies until a person decides. Both sides deleting is no conflict.
import { sameValue } from './codec';
import type { FieldGroup } from './guarded';

/** The conflict group of a row deleted on one side and edited on the other. */
export const DELETE_EDIT = 'deleted / edited';

export interface ServerRow {
  values: Record<string, unknown>;
  rev: number;
  updatedAt: string;
  fieldHlc: Record<string, string>;
  /** Per column, the rev it last changed at (a number, or its text from the server). */
  fieldRev: Record<string, number | string>;
  changedBy: string;
}

export interface IncomingChange {
  id: string;
  /** The first local operation on this row in the batch was its insert. */
  insert: boolean;
  fields: Record<string, { value: unknown; hlc: string }>;
  /** The rev of this row the client had when it made the change (0: never pulled). */
  baseRev: number;
  /** The client's whole row, to show a group's complete value in a conflict (the push reads it
   *  only where the server changed the row since baseRev: elsewhere no conflict can arise). */
  local: Record<string, unknown> | null;
}

export interface MergeConflict {
  group: string;
  columns: string[];
  serverValue: Record<string, unknown>;
  serverHlc: string;
  serverBy: string;
  incomingValue: Record<string, unknown>;
  incomingHlc: string;
}

export interface MergeDecision {
  action: 'insert' | 'update' | 'none' | 'missing';
  set: Record<string, unknown>;
  fieldHlc: Record<string, string>;
  updatedAt: string;
  conflicts: MergeConflict[];
  /** Fields whose pushed value lost to a later write. */
  lost: string[];
}

const maxHlc = (a: string, b: string) => (a > b ? a : b);

export function mergeChange(server: ServerRow | null, change: IncomingChange, groups: readonly FieldGroup[]): MergeDecision {
  const cols = Object.keys(change.fields);
  if (!server) {
    if (!change.insert) return { action: 'missing', set: {}, fieldHlc: {}, updatedAt: '', conflicts: [], lost: [] };
    const set: Record<string, unknown> = {};
    const fieldHlc: Record<string, string> = {};
    let updatedAt = '';
    for (const c of cols) {
      set[c] = change.fields[c]!.value;
      fieldHlc[c] = change.fields[c]!.hlc;
      updatedAt = maxHlc(updatedAt, change.fields[c]!.hlc);
    }
    return { action: 'insert', set, fieldHlc, updatedAt, conflicts: [], lost: [] };
  }

  const tombstone = deleteVsEdit(server, change);
  if (tombstone !== undefined) return { action: 'none', set: {}, fieldHlc: {}, updatedAt: server.updatedAt, conflicts: tombstone ? [tombstone] : [], lost: [] };

  const set: Record<string, unknown> = {};
  const fieldHlc: Record<string, string> = {};
  const conflicts: MergeConflict[] = [];
  const lost: string[] = [];
  const held = new Set<string>();

  for (const g of groups) {
    const touched = g.columns.filter((c) => c in change.fields);
    if (touched.length === 0) continue;
    const concurrent = g.columns.some((c) => Number(server.fieldRev[c] ?? 0) > change.baseRev);
    const differs = touched.some((c) => !sameValue(change.fields[c]!.value, server.values[c]));
    if (!concurrent || !differs) continue;
    const present = g.columns.filter((c) => c in server.values);
    const serverValue = Object.fromEntries(present.map((c) => [c, server.values[c] ?? null]));
    const incomingValue = Object.fromEntries(present.map((c) => [c, c in change.fields ? change.fields[c]!.value : (change.local?.[c] ?? server.values[c] ?? null)]));
    conflicts.push({
      group: g.name,
      columns: present,
      serverValue,
      serverHlc: present.reduce((h, c) => maxHlc(h, server.fieldHlc[c] ?? ''), ''),
      serverBy: server.changedBy,
      incomingValue,
      incomingHlc: touched.reduce((h, c) => maxHlc(h, change.fields[c]!.hlc), ''),
    });
    for (const c of touched) held.add(c);
  }

  let updatedAt = server.updatedAt;
  for (const c of cols) {
    if (held.has(c)) continue;
    const { value, hlc } = change.fields[c]!;
    if (sameValue(value, server.values[c])) continue;
    const current = server.fieldHlc[c] ?? '';
    if (hlc > current) {
      set[c] = value;
      fieldHlc[c] = hlc;
      updatedAt = maxHlc(updatedAt, hlc);
    } else {
      lost.push(c);
    }
  }
  const action = Object.keys(set).length > 0 ? 'update' : 'none';
  return { action, set, fieldHlc, updatedAt, conflicts, lost };
}

const isDeleted = (v: unknown) => v === 1 || v === '1' || v === true;

/**
 * The delete/edit rule. undefined: not this case (the ordinary merge goes on); null: the
 * change is a no-op on a tombstone; a conflict: the whole change is held.
 *  - server deleted, the change edits (any field differs): a conflict — unless the change
 *    is a restore (deleted = 0) made after its author had seen the delete (a person's
 *    "restore" of this very conflict), which merges as usual;
 *  - the change deletes, the server's row changed at a rev its author had not seen: a
 *    conflict, the row stays alive with that edit;
 *  - both deleted: no conflict (the ordinary merge takes the rest, on a tombstone).
 */
export function deleteVsEdit(server: ServerRow, change: IncomingChange): MergeConflict | null | undefined {
  const cols = Object.keys(change.fields);
  const incomingDeletes = 'deleted' in change.fields && isDeleted(change.fields.deleted!.value);
  const serverDeleted = isDeleted(server.values.deleted);
  const incomingHlc = cols.reduce((h, c) => maxHlc(h, change.fields[c]!.hlc), '');
  if (serverDeleted && !incomingDeletes) {
    const seenDelete = Number(server.fieldRev.deleted ?? 0) <= change.baseRev;
    if ('deleted' in change.fields && seenDelete) return undefined;
    const edited = cols.filter((c) => !sameValue(change.fields[c]!.value, server.values[c]));
    if (edited.length === 0) return null;
    const columns = ['deleted', ...edited.filter((c) => c !== 'deleted')];
    return {
      group: DELETE_EDIT,
      columns,
      serverValue: Object.fromEntries(columns.map((c) => [c, server.values[c] ?? null])),
      serverHlc: server.fieldHlc.deleted ?? server.updatedAt,
      serverBy: server.changedBy,
      incomingValue: Object.fromEntries(columns.map((c) => [c, c === 'deleted' ? 0 : change.fields[c]!.value])),
      incomingHlc,
    };
  }
  if (incomingDeletes && !serverDeleted) {
    const editedOnServer = Object.keys(server.fieldRev).filter((c) => c !== 'deleted' && c in server.values && Number(server.fieldRev[c]) > change.baseRev);
    if (editedOnServer.length === 0) return undefined;
    const own = cols.filter((c) => c !== 'deleted');
    const columns = ['deleted', ...new Set([...editedOnServer, ...own])];
    return {
      group: DELETE_EDIT,
      columns,
      serverValue: Object.fromEntries(columns.map((c) => [c, server.values[c] ?? null])),
      serverHlc: editedOnServer.reduce((h, c) => maxHlc(h, server.fieldHlc[c] ?? ''), ''),
      serverBy: server.changedBy,
      incomingValue: Object.fromEntries(columns.map((c) => [c, c in change.fields ? change.fields[c]!.value : (change.local?.[c] ?? server.values[c] ?? null)])),
      incomingHlc,
    };
  }
  return undefined;
}
