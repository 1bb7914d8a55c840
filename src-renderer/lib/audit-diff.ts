// What an audit entry changed, for the device drawer's history: the fields whose value
// differs between `before` and `after`, bookkeeping fields left out.
import type { AuditEntry } from '../../shared/types';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Fields that change on every write and say nothing to a person. */
const BOOKKEEPING = new Set(['id', 'rev', 'updatedAt', 'deleted']);

export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function changedFields(entry: Pick<AuditEntry, 'before' | 'after'>): FieldChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  // A creation lists what was set; a deletion lists nothing (the action says it).
  if (entry.after === null) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !BOOKKEEPING.has(k));
  const out: FieldChange[] = [];
  for (const k of keys) {
    const b = before[k];
    const a = after[k];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    if (entry.before === null && (a === '' || a === null || a === false)) continue; // unset fields of a new row
    out.push({ field: k, before: entry.before === null ? '' : formatValue(b), after: formatValue(a) });
  }
  return out;
}
