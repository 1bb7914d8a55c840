import type { Agent, Ticket, TicketMessage, TicketQueue } from '../../../shared/tickets';
import { ticketRef } from '../../../shared/tickets';
import type { TableSpec } from '../../store/repository';

export const queueTable: TableSpec<TicketQueue> = {
  table: 'ticket_queues',
  kind: 'ticket-queue',
  fields: {
    key: 'key', name: 'name', members: { col: 'members', kind: 'json' }, roundRobin: { col: 'round_robin', kind: 'bool' },
    lastAssigned: 'last_assigned', sla: { col: 'sla', kind: 'json' }, builtin: { col: 'builtin', kind: 'bool' }, demo: { col: 'demo', kind: 'bool' },
  },
};

export const agentTable: TableSpec<Agent> = {
  table: 'ticket_agents',
  kind: 'agent',
  fields: {
    name: 'name', displayName: 'display_name', email: 'email', onShift: { col: 'on_shift', kind: 'bool' }, shiftSince: 'shift_since',
    demo: { col: 'demo', kind: 'bool' },
  },
};

export const ticketTable: TableSpec<Ticket> = {
  table: 'tickets',
  kind: 'ticket',
  fields: {
    number: 'number', queueId: 'queue_id', customerId: 'customer_id', deviceId: 'device_id', alarmId: 'alarm_id', kind: 'kind',
    subject: 'subject', status: 'status', priority: 'priority', assignee: 'assignee', createdBy: 'created_by', createdAt: 'created_at',
    firstResponseDue: 'first_response_due', resolutionDue: 'resolution_due', firstRespondedAt: 'first_responded_at', resolvedAt: 'resolved_at',
    slaNotified: { col: 'sla_notified', kind: 'json' }, slaNextAt: 'sla_next_at', links: { col: 'links', kind: 'json' }, details: { col: 'details', kind: 'json' },
    demo: { col: 'demo', kind: 'bool' },
  },
  search: (t) => ({ title: `${ticketRef(t.number)} ${t.subject}`, body: ['ticket', t.status, t.priority, t.kind, t.assignee ?? '', ...t.links.map((l) => l.label || l.ref)].filter(Boolean).join(' ') }),
};

export const messageTable: TableSpec<TicketMessage> = {
  table: 'ticket_messages',
  kind: 'ticket-message',
  fields: { ticketId: 'ticket_id', kind: 'kind', author: 'author', body: 'body', at: 'at', demo: { col: 'demo', kind: 'bool' } },
};
