// The repository contract for every synced entity of issue 7.
import type { Customer, CustomerContact, CustomerNote } from '../../../../shared/customers';
import type { Announcement, Cancellation, InboxMessage } from '../../../../shared/notifications';
import type { Rental, RentalEvent } from '../../../../shared/rentals';
import type { ChecklistTemplate, StagingResult, StagingRun } from '../../../../shared/staging';
import { DEFAULT_SLA, type Agent, type Ticket, type TicketMessage, type TicketQueue } from '../../../../shared/tickets';
import { describeRepositoryContract } from '../../store/repository-contract';
import type { TestCore } from '../../helpers';
import { ctx, makeCustomer, makeServer } from './fixtures';

const now = '2026-01-01T00:00:00.000Z';
const customer = (t: TestCore) => makeCustomer(t).id;
const rental = (t: TestCore) => t.core.services.rentals.start(ctx, { customerId: customer(t), deviceId: makeServer(t).id, endsAt: null, plan: '', monthlyPrice: 0, currency: 'USD', committedMbps: 0, ips: [], sendWelcome: false }).rental;
const run = (t: TestCore) => t.core.services.staging.ensureRun(ctx, makeServer(t, 'staging').id);
const queue = (t: TestCore) => t.core.services.tickets.queue(ctx, 'support');
const ticket = (t: TestCore) => t.core.services.tickets.create(ctx, { queue: 'noc', customerId: null, deviceId: null, subject: 'A ticket', body: 'x', priority: 'normal', kind: 'general', links: [], assignee: null });

describeRepositoryContract<Customer>({
  name: 'customers',
  repository: (t) => t.core.services.customers.repo.customers,
  make: () => ({ name: 'Acme', company: '', email: `a${Math.random()}@acme.example`, phone: '', status: 'active', statusReason: '', billingAddress: { line1: '', line2: '', city: '', postcode: '', region: '', country: '' }, createdAt: now, demo: false }),
  change: { company: 'Acme GmbH' },
});

describeRepositoryContract<CustomerContact>({
  name: 'customer contacts',
  repository: (t) => t.core.services.customers.repo.contacts,
  make: (t) => ({ customerId: customer(t), name: 'Ops', email: 'ops@acme.example', phone: '', roles: ['technical'], demo: false }),
  change: { roles: ['technical', 'abuse'] },
});

describeRepositoryContract<CustomerNote>({
  name: 'customer notes',
  repository: (t) => t.core.services.customers.repo.notes,
  make: (t) => ({ customerId: customer(t), author: 'alice', body: 'Called', createdAt: now, demo: false }),
  change: { body: 'Called twice' },
});

describeRepositoryContract<Rental>({
  name: 'rentals',
  repository: (t) => t.core.services.rentals.repo.rentals,
  make: (t) => ({ customerId: customer(t), deviceId: makeServer(t).id, status: 'ended', startsAt: now, endsAt: null, endedAt: now, endPath: 'available', endReason: 'x', plan: 'M', monthlyPriceCents: 100, currency: 'USD', committedMbps: 10, ips: [], demo: false }),
  change: { plan: 'L' },
});

describeRepositoryContract<RentalEvent>({
  name: 'rental events',
  repository: (t) => t.core.services.rentals.repo.events,
  make: (t) => { const r = rental(t); return { rentalId: r.id, customerId: r.customerId, deviceId: r.deviceId, kind: 'other', at: now, actor: 'alice', summary: 'note', details: {}, demo: false }; },
  change: { summary: 'note, corrected' },
});

describeRepositoryContract<ChecklistTemplate>({
  name: 'staging templates',
  repository: (t) => t.core.services.staging.repo.templates,
  make: () => ({ name: 'QA', deviceTypes: ['server'], version: 1, items: [], isDefault: false, demo: false }),
  change: { version: 2 },
});

describeRepositoryContract<StagingRun>({
  name: 'staging runs',
  repository: (t) => t.core.services.staging.repo.runs,
  make: (t) => ({ deviceId: makeServer(t, 'staging').id, templateId: null, templateName: 'QA', templateVersion: 1, items: [], status: 'open', startedAt: now, finishedAt: null, demo: false }),
  change: { status: 'cancelled' },
});

describeRepositoryContract<StagingResult>({
  name: 'staging results',
  repository: (t) => t.core.services.staging.repo.results,
  make: (t) => ({ runId: run(t).id, itemKey: 'rack-label', status: 'passed', by: 'tom', at: now, note: '', evidence: [], method: 'manual', detail: '', demo: false }),
  change: { status: 'failed' },
});

describeRepositoryContract<TicketQueue>({
  name: 'ticket queues',
  repository: (t) => t.core.services.tickets.repo.queues,
  make: () => ({ key: `q${Math.floor(Math.random() * 1e9)}`, name: 'Q', members: [], roundRobin: true, lastAssigned: null, sla: DEFAULT_SLA, builtin: false, demo: false }),
  change: { members: ['ann'] },
});

describeRepositoryContract<Agent>({
  name: 'ticket agents',
  repository: (t) => t.core.services.tickets.repo.agents,
  make: () => ({ name: `agent${Math.floor(Math.random() * 1e9)}`, displayName: '', email: '', onShift: false, shiftSince: null, demo: false }),
  change: { onShift: true },
});

describeRepositoryContract<Ticket>({
  name: 'tickets',
  repository: (t) => t.core.services.tickets.repo.tickets,
  make: (t) => ({
    number: t.core.services.tickets.repo.nextNumber() + Math.floor(Math.random() * 1e6), queueId: queue(t).id, customerId: null, deviceId: null, alarmId: null, kind: 'general', subject: 'S', status: 'new', priority: 'normal',
    assignee: null, createdBy: 'alice', createdAt: now, firstResponseDue: now, resolutionDue: now, firstRespondedAt: null, resolvedAt: null, slaNotified: [], slaNextAt: null, links: [], details: {}, demo: false,
  }),
  change: { status: 'open' },
});

describeRepositoryContract<TicketMessage>({
  name: 'ticket messages',
  repository: (t) => t.core.services.tickets.repo.messages,
  make: (t) => ({ ticketId: ticket(t).id, kind: 'internal', author: 'alice', body: 'note', at: now, demo: false }),
  change: { body: 'note, edited' },
});

describeRepositoryContract<InboxMessage>({
  name: 'message center',
  repository: (t) => t.core.services.notifications.repo.inbox,
  make: () => ({ customerId: null, category: 'system', severity: 'info', title: 'Hello', body: '', createdAt: now, readBy: [], ref: null, demo: false }),
  change: { readBy: ['alice'] },
});

describeRepositoryContract<Announcement>({
  name: 'announcements',
  repository: (t) => t.core.services.notifications.repo.announcements,
  make: () => ({ title: 'Maintenance', body: 'x', customerIds: null, sentAt: now, sentBy: 'alice', recipients: 0, demo: false }),
  change: { recipients: 3 },
});

describeRepositoryContract<Cancellation>({
  name: 'cancellations',
  repository: (t) => t.core.services.notifications.repo.cancellations,
  make: (t) => ({ customerId: customer(t), rentalIds: null, status: 'pending', requestedBy: 'alice', requestedAt: now, expiresAt: now, confirmedAt: null, sentTo: ['a@b.example'], reason: 'x', endPath: 'wipe', demo: false }),
  change: { status: 'withdrawn' },
});
