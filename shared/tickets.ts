// Tickets: queues, statuses, priorities, SLA targets, messages.
import type { Choice } from './choices';
import type { SyncedRow } from './types';

export const TICKET_STATUSES = [
  { value: 'new', label: 'New', intent: 'primary' },
  { value: 'open', label: 'Open', intent: 'primary' },
  { value: 'pending', label: 'Waiting on customer', intent: 'warning' },
  { value: 'resolved', label: 'Resolved', intent: 'success' },
  { value: 'closed', label: 'Closed', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type TicketStatus = (typeof TICKET_STATUSES)[number]['value'];
export const TICKET_STATUS_VALUES = TICKET_STATUSES.map((s) => s.value) as [TicketStatus, ...TicketStatus[]];
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending'];

export const TICKET_PRIORITIES = [
  { value: 'low', label: 'Low', intent: 'none' },
  { value: 'normal', label: 'Normal', intent: 'primary' },
  { value: 'high', label: 'High', intent: 'warning' },
  { value: 'urgent', label: 'Urgent', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number]['value'];
export const TICKET_PRIORITY_VALUES = TICKET_PRIORITIES.map((s) => s.value) as [TicketPriority, ...TicketPriority[]];

export const TICKET_KINDS = [
  { value: 'general', label: 'General', intent: 'none' },
  { value: 'upgrade', label: 'Upgrade order', intent: 'success' },
  { value: 'additional_ip', label: 'Additional IP request', intent: 'primary' },
  { value: 'alarm', label: 'From an alarm', intent: 'danger' },
  { value: 'abuse', label: 'Abuse report', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type TicketKind = (typeof TICKET_KINDS)[number]['value'];
export const TICKET_KIND_VALUES = TICKET_KINDS.map((s) => s.value) as [TicketKind, ...TicketKind[]];

export const MESSAGE_KINDS = [
  { value: 'public', label: 'Reply (customer sees it)', intent: 'primary' },
  { value: 'internal', label: 'Internal note', intent: 'warning' },
  { value: 'system', label: 'System', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type MessageKind = (typeof MESSAGE_KINDS)[number]['value'];

/** Built-in queues; staff add their own. */
export const BUILTIN_QUEUES = [
  { key: 'support', name: 'Support' },
  { key: 'provisioning', name: 'Provisioning' },
  { key: 'abuse', name: 'Abuse' },
  { key: 'noc', name: 'NOC' },
] as const;

/** SLA targets in minutes per priority: first response and resolution. */
export interface SlaPolicy {
  firstResponse: Record<TicketPriority, number>;
  resolution: Record<TicketPriority, number>;
  /** Warn when this fraction of the target has elapsed (0.75 = at 75 %). */
  warnAt: number;
}

export const DEFAULT_SLA: SlaPolicy = {
  firstResponse: { low: 24 * 60, normal: 8 * 60, high: 2 * 60, urgent: 30 },
  resolution: { low: 7 * 24 * 60, normal: 3 * 24 * 60, high: 24 * 60, urgent: 4 * 60 },
  warnAt: 0.75,
};

export interface TicketQueue extends SyncedRow {
  key: string;
  name: string;
  members: string[];
  roundRobin: boolean;
  /** Last member round-robin gave a ticket to. */
  lastAssigned: string | null;
  sla: SlaPolicy;
  builtin: boolean;
  demo: boolean;
}

export interface Agent extends SyncedRow {
  name: string;
  displayName: string;
  email: string;
  onShift: boolean;
  shiftSince: string | null;
  demo: boolean;
}

export type TicketLinkKind = 'device' | 'address' | 'alarm' | 'rental';
export interface TicketLink { kind: TicketLinkKind; ref: string; label: string }

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

export interface Ticket extends SyncedRow {
  number: number;
  queueId: string;
  customerId: string | null;
  deviceId: string | null;
  alarmId: string | null;
  kind: TicketKind;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  assignee: string | null;
  createdBy: string;
  createdAt: string;
  firstResponseDue: string;
  resolutionDue: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  /** Which SLA warnings were sent (so each goes out once): "first-response:warning", "resolution:breach"… */
  slaNotified: string[];
  /** When the SLA watcher must look at this ticket next (null: nothing pending). */
  slaNextAt: string | null;
  links: TicketLink[];
  details: Record<string, unknown>;
  demo: boolean;
}

export interface TicketMessage extends SyncedRow {
  ticketId: string;
  kind: MessageKind;
  author: string;
  body: string;
  at: string;
  demo: boolean;
}

export interface TicketListRow extends Ticket { queueName: string; customerName: string | null; deviceName: string | null }

export function ticketRef(n: number): string {
  return `T-${String(n).padStart(6, '0')}`;
}

/** The state of one SLA timer at `now` (ms), for the countdown. */
export function slaStateOf(dueIso: string, doneIso: string | null, startIso: string, now: number, warnAt: number): { state: SlaState; msLeft: number } {
  const due = Date.parse(dueIso);
  if (doneIso) return { state: Date.parse(doneIso) <= due ? 'met' : 'breached', msLeft: due - Date.parse(doneIso) };
  const left = due - now;
  if (left < 0) return { state: 'breached', msLeft: left };
  const total = due - Date.parse(startIso);
  return { state: total > 0 && (total - left) / total >= warnAt ? 'warning' : 'ok', msLeft: left };
}
