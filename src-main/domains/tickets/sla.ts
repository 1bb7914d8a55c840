// SLA timers, as pure functions of a ticket and its queue's policy. Two timers per ticket:
// first response (stops at the first public staff reply) and resolution (stops when the
// ticket is resolved). Each has a warning mark (at policy.warnAt of its span) and a breach
// mark (at the due time); each mark is announced once, recorded in ticket.slaNotified.
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

type SlaFields = Pick<Ticket, 'status' | 'createdAt' | 'firstResponseDue' | 'resolutionDue' | 'firstRespondedAt' | 'resolvedAt' | 'slaNotified'>;

/** Marks not announced yet, earliest first. */
export function pendingMarks(t: SlaFields, warnAt: number): SlaMark[] {
  if (!OPEN_TICKET_STATUSES.includes(t.status)) return [];
  const start = Date.parse(t.createdAt);
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
