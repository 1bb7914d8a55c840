// A customer's activity timeline: the audit trail of everything that belongs to them
// (profile, contacts, notes, tickets, cancellations, root passwords shown to staff) and
// their rental events, newest first.
import type { TimelineEntry } from '../../../shared/customers';
import type { AuditEntry } from '../../../shared/types';
import type { Store } from '../../store/repository';

const KIND_OF: Record<string, string> = {
  customers: 'customer', customer_contacts: 'contact', customer_notes: 'note', tickets: 'ticket', cancellations: 'cancellation', rentals: 'rental',
};
const IGNORED = new Set(['id', 'rev', 'updatedAt', 'deleted', 'demo', 'slaNotified', 'readBy']);

function changed(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  return Object.keys(after).filter((k) => !IGNORED.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function summarize(e: AuditEntry): string {
  if (e.action === 'reveal-root-password') return 'Root password of a rented server shown';
  const kind = KIND_OF[e.tableName] ?? e.tableName;
  const a = e.after ?? e.before ?? {};
  const label = kind === 'ticket' ? `Ticket T-${String(a.number ?? '').padStart(6, '0')} “${show(a.subject)}”`
    : kind === 'contact' ? `Contact ${show(a.name)} <${show(a.email)}>`
    : kind === 'note' ? 'Note'
    : kind === 'cancellation' ? 'Cancellation request'
    : 'Profile';
  if (e.action === 'insert') return kind === 'note' ? `Note added: ${show(a.body)}` : `${label} created`;
  if (e.action === 'delete') return `${label} removed`;
  const fields = changed(e.before, e.after);
  if (fields.length === 0) return `${label}: ${e.action}`;
  return `${label}: ${fields.slice(0, 4).map((f) => `${f} ${show(e.before?.[f])} → ${show(e.after?.[f])}`).join('; ')}`;
}

export function customerTimeline(store: Store, customerId: string, limit: number): TimelineEntry[] {
  const audit = store.prepare(`SELECT * FROM audit WHERE
      (table_name = 'customers' AND row_id = @cid)
      OR (table_name = 'customer_contacts' AND row_id IN (SELECT id FROM customer_contacts WHERE customer_id = @cid))
      OR (table_name = 'customer_notes' AND row_id IN (SELECT id FROM customer_notes WHERE customer_id = @cid))
      OR (table_name = 'tickets' AND row_id IN (SELECT id FROM tickets WHERE customer_id = @cid))
      OR (table_name = 'cancellations' AND row_id IN (SELECT id FROM cancellations WHERE customer_id = @cid))
      OR (table_name = 'rentals' AND action = 'reveal-root-password' AND row_id IN (SELECT id FROM rentals WHERE customer_id = @cid))
    ORDER BY id DESC LIMIT @limit`).all({ cid: customerId, limit }) as Array<Record<string, unknown>>;
  const fromAudit: TimelineEntry[] = audit.map((r) => {
    const e: AuditEntry = {
      id: r.id as number, at: r.at as string, actor: r.actor as string, action: r.action as string, tableName: r.table_name as string, rowId: r.row_id as string,
      before: r.before ? JSON.parse(r.before as string) : null, after: r.after ? JSON.parse(r.after as string) : null, reason: (r.reason as string | null) ?? null,
    };
    return { at: e.at, actor: e.actor, kind: KIND_OF[e.tableName] ?? e.tableName, action: e.action, rowId: e.rowId, summary: summarize(e), reason: e.reason };
  });
  const events = store.prepare(`SELECT e.*, d.name AS device_name FROM rental_events e LEFT JOIN devices d ON d.id = e.device_id
    WHERE e.customer_id = ? AND e.deleted = 0 ORDER BY e.at DESC LIMIT ?`).all(customerId, limit) as Array<Record<string, unknown>>;
  const fromRentals: TimelineEntry[] = events.map((r) => ({
    at: r.at as string, actor: r.actor as string, kind: 'rental', action: r.kind as string, rowId: r.rental_id as string,
    summary: `${String(r.device_name ?? 'server')}: ${r.summary as string}`, reason: null,
  }));
  return [...fromAudit, ...fromRentals].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}
