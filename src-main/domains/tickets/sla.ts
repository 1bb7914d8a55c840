// SLA timers, as pure functions of a ticket and its queue's policy. Two timers per ticket:
// first response (stops at the first public staff reply) and resolution (stops when the
// ticket is resolved). Each has a warning mark (at policy.warnAt of its span) and a breach
// mark (at the due time); each mark is announced once, recorded in ticket.slaNotified.
// While a ticket waits on the customer (status pending) both clocks stand still, as
// customers and agents of helpdesks expect: no marks fire, and on leaving pending the open
// due times move by the time spent waiting (details.slaPausedAt / slaPausedMs keep it).
import { OPEN_TICKET_STATUSES, type SlaPolicy, type Ticket, type TicketPriority } from '../../../shared/tickets';

export type SlaTimer = 'first-response' | 'resolution';
export type SlaLevel = 'warning' | 'breach';
export interface SlaMark { key: `${SlaTimer}:${SlaLevel}`; timer: SlaTimer; level: SlaLevel; at: number; due: number }

export function duesFor(createdMs: number, priority: TicketPriority, sla: SlaPolicy): { firstResponseDue: string; resolutionDue: string } {
  return {
    firstResponseDue: new Date(createdMs + sla.firstResponse[priority] * 60_000).toISOString(),
    resolutionDue: new Date(createdMs + sla.resolution[priority] * 60_000).toISOString(),
  };
}

type SlaFields = Pick<Ticket, 'status' | 'createdAt' | 'firstResponseDue' | 'resolutionDue' | 'firstRespondedAt' | 'resolvedAt' | 'slaNotified' | 'details'>;

/** Time the clocks stood still in earlier waits on the customer (not the current one). */
export function pausedTotal(t: Pick<Ticket, 'details'>): number {
  const ms = Number(t.details.slaPausedMs ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** When the current wait on the customer began (ms), or null when the clocks run. */
export function pausedSince(t: Pick<Ticket, 'status' | 'details'>): number | null {
  if (t.status !== 'pending') return null;
  const at = Date.parse(String(t.details.slaPausedAt ?? ''));
  return Number.isFinite(at) ? at : null;
}

/**
 * The SLA fields to write when a ticket's status changes: entering pending notes when the
 * wait began; leaving it moves the running due times by the wait. `note` says so for the thread.
 */
export function pauseOnStatus(t: SlaFields, to: Ticket['status'], now: number): { patch: Partial<Ticket>; note: string | null } {
  if (to === t.status) return { patch: {}, note: null };
  if (to === 'pending') return { patch: { details: { ...t.details, slaPausedAt: new Date(now).toISOString() } }, note: 'SLA timers paused while waiting on the customer.' };
  const since = pausedSince(t);
  if (since === null) return { patch: {}, note: null };
  const { slaPausedAt: _done, ...details } = t.details;
  const ms = Math.max(0, now - since);
  // Each timer moves by the part of the wait it was still running (a reply during the wait
  // stopped the first-response timer there; resolving now stops resolution now).
  const shift = (dueIso: string, stoppedIso: string | null) => {
    const ran = Math.max(0, Math.min(stoppedIso ? Date.parse(stoppedIso) : now, now) - since);
    return new Date(Date.parse(dueIso) + ran).toISOString();
  };
  const patch: Partial<Ticket> = {
    details: { ...details, slaPausedMs: pausedTotal(t) + ms },
    firstResponseDue: shift(t.firstResponseDue, t.firstRespondedAt),
    resolutionDue: shift(t.resolutionDue, t.resolvedAt),
  };
  return { patch, note: `SLA timers resumed after ${Math.round(ms / 60_000)} min waiting on the customer; open due times moved by as much.` };
}

/** Marks not announced yet, earliest first; none while the clocks stand still. */
export function pendingMarks(t: SlaFields, warnAt: number): SlaMark[] {
  if (!OPEN_TICKET_STATUSES.includes(t.status) || t.status === 'pending') return [];
  // The span a warning is a share of leaves out the time spent waiting on the customer.
  const start = Date.parse(t.createdAt) + pausedTotal(t);
  const out: SlaMark[] = [];
  const add = (timer: SlaTimer, dueIso: string, stopped: string | null) => {
    if (stopped) return;
    const due = Date.parse(dueIso);
    const marks: Array<[SlaLevel, number]> = [['warning', start + (due - start) * warnAt], ['breach', due]];
    for (const [level, at] of marks) {
      const key = `${timer}:${level}` as const;
      if (!t.slaNotified.includes(key)) out.push({ key, timer, level, at: Math.round(at), due });
    }
  };
  add('first-response', t.firstResponseDue, t.firstRespondedAt);
  add('resolution', t.resolutionDue, t.resolvedAt);
  return out.sort((a, b) => a.at - b.at);
}

export function nextMarkAt(t: SlaFields, warnAt: number): string | null {
  const first = pendingMarks(t, warnAt)[0];
  return first ? new Date(first.at).toISOString() : null;
}
