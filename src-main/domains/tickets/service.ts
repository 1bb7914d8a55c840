// Ticket rules (issue 7 §4). Invariants:
//  - a ticket's assignee is a member of its queue (or nobody);
//  - round-robin gives a new ticket to the next member, after the last one it chose, who
//    is on shift; with nobody on shift the ticket waits unassigned, and says so;
//  - SLA due times follow the queue's policy for the ticket's priority; slaNextAt is
//    recomputed on every write, and each warning/breach is announced once; the timers
//    stand still while the ticket waits on the customer (status pending);
//  - a customer-role actor files tickets in Support only, about their own servers, and
//    never sees internal notes.
import type { z } from 'zod';
import type { assignInput, ipRequestInput, queueInput, queueUpdateInput, replyInput, ticketInput, ticketListInput, upgradeOrderInput } from '../../../shared/schemas/tickets';
import { BUILTIN_QUEUES, DEFAULT_SLA, slaStateOf, ticketRef, type Agent, type MessageKind, type Ticket, type TicketMessage, type TicketPriority, type TicketQueue, type TicketStatus } from '../../../shared/tickets';
import type { Actor } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { conflict, forbidden, invalid, precondition } from '../../core/errors';
import { ticketMail } from '../../mail/templates';
import type { WriteContext } from '../../store/repository';
import type { CustomerService } from '../customers/service';
import type { InventoryService } from '../inventory/service';
import type { NotificationService } from '../notifications/service';
import type { RentalService } from '../rentals/service';
import type { TicketRepository } from './repository';
import { duesFor, nextMarkAt, pausedSince, pausedTotal, pauseOnStatus, pendingMarks } from './sla';

/** What the tickets domain needs to know of an alarm (the alarm engine's AlarmView fits). */
export interface AlarmInfo {
  id: string;
  deviceId: string | null;
  label: string;
  state: string;
  severity: string | null;
  message: string;
  since: number;
}

type NewTicket = z.output<typeof ticketInput>;

export class TicketService {
  /** Finds an alarm by id; set by the alarm engine's wiring when it exists. */
  alarmLookup: (id: string) => AlarmInfo | null = () => null;

  constructor(
    readonly repo: TicketRepository,
    private readonly customers: CustomerService,
    private readonly rentals: RentalService,
    private readonly inventory: InventoryService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---- queues and agents -----------------------------------------------------------

  /** The queues; the four built-in ones exist from the first ticket on (listed before that too). */
  queues(): TicketQueue[] {
    const rows = this.repo.allQueues();
    const missing = BUILTIN_QUEUES.filter((b) => !rows.some((q) => q.key === b.key)).map((b): TicketQueue => ({
      id: `builtin:${b.key}`, rev: null, updatedAt: '', deleted: false, key: b.key, name: b.name, members: [], roundRobin: true, lastAssigned: null, sla: DEFAULT_SLA, builtin: true, demo: false,
    }));
    const order = (q: TicketQueue) => {
      const i = BUILTIN_QUEUES.findIndex((b) => b.key === q.key);
      return i < 0 ? BUILTIN_QUEUES.length : i;
    };
    return [...missing, ...rows].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  }

  /** A queue by id or key; built-in queues are created on first use. */
  queue(ctx: WriteContext, ref: string): TicketQueue {
    return this.repo.store.write(() => {
      const key = ref.startsWith('builtin:') ? ref.slice(8) : ref;
      const found = this.repo.queues.find(ref) ?? this.repo.queueByKey(key);
      if (found) return found;
      const builtin = BUILTIN_QUEUES.find((b) => b.key === key);
      if (!builtin) throw invalid(`No ticket queue ${ref}. Choose one of: ${this.queues().map((q) => q.key).join(', ')}.`, 'queue');
      // The same id on every client: two desks that each open their first Support ticket
      // offline create one queue between them, not two that the shared database refuses.
      return this.repo.queues.insert(ctx, { key: builtin.key, name: builtin.name, members: [], roundRobin: true, lastAssigned: null, sla: DEFAULT_SLA, builtin: true, demo: false }, `builtin:${builtin.key}`);
    });
  }

  createQueue(ctx: WriteContext, input: z.output<typeof queueInput>): TicketQueue {
    return this.repo.store.write(() => {
      if (this.repo.queueByKey(input.key) || BUILTIN_QUEUES.some((b) => b.key === input.key)) throw conflict(`A queue with the key ${input.key} exists already.`, 'key');
      return this.repo.queues.insert(ctx, { key: input.key, name: input.name, members: dedupe(input.members), roundRobin: input.roundRobin, lastAssigned: null, sla: input.sla ?? DEFAULT_SLA, builtin: false, demo: false });
    });
  }

  updateQueue(ctx: WriteContext, input: z.output<typeof queueUpdateInput>): TicketQueue {
    return this.repo.store.write(() => {
      const q = this.queue(ctx, input.id);
      const patch = { ...input.patch, ...(input.patch.members ? { members: dedupe(input.patch.members) } : {}) };
      return this.repo.queues.update(ctx, q.id, patch);
    });
  }

  agents(): Agent[] {
    return this.repo.allAgents();
  }

  /** Starts or ends someone's shift (creating their agent record on first use). */
  setShift(ctx: WriteContext, name: string, onShift: boolean, details: { displayName?: string; email?: string } = {}): Agent {
    return this.repo.store.write(() => {
      const a = this.repo.agentByName(name);
      const since = onShift ? this.now() : null;
      // one id per person on every client (see queue()): two desks' first shift is one agent
      if (!a) return this.repo.agents.insert(ctx, { name, displayName: details.displayName ?? '', email: details.email ?? '', onShift, shiftSince: since, demo: false }, `agent:${name}`);
      return this.repo.agents.update(ctx, a.id, { onShift, shiftSince: since, ...(details.displayName !== undefined ? { displayName: details.displayName } : {}), ...(details.email !== undefined ? { email: details.email } : {}) }, 'shift');
    });
  }

  // ---- tickets ----------------------------------------------------------------------

  list(q: z.output<typeof ticketListInput>, actor: Actor) {
    const queueId = q.queue ? this.queues().find((x) => x.id === q.queue || x.key === q.queue)?.id ?? '\u0000none' : undefined;
    const customerId = actor.role === 'customer' ? actor.customerId ?? '\u0000none' : q.customerId;
    return this.repo.list({ ...q, queueId, customerId });
  }

  get(id: string, actor: Actor) {
    const ticket = this.repo.tickets.find(id);
    if (!ticket) return null;
    const isCustomer = actor.role === 'customer';
    if (isCustomer && ticket.customerId !== actor.customerId) throw forbidden('That ticket belongs to another customer account.');
    const queue = this.repo.queues.find(ticket.queueId)!;
    // While waiting on the customer the countdowns stand where the wait began.
    const now = pausedSince(ticket) ?? this.clock.now();
    const start = new Date(Date.parse(ticket.createdAt) + pausedTotal(ticket)).toISOString();
    return {
      ticket,
      slaPaused: pausedSince(ticket) !== null,
      queue: isCustomer ? { id: queue.id, key: queue.key, name: queue.name } : queue,
      customer: ticket.customerId ? this.customers.repo.customers.find(ticket.customerId) : null,
      device: ticket.deviceId ? this.deviceFor(ticket.deviceId, isCustomer) : null,
      messages: this.repo.thread(id, !isCustomer),
      sla: {
        firstResponse: slaStateOf(ticket.firstResponseDue, ticket.firstRespondedAt, start, now, queue.sla.warnAt),
        resolution: slaStateOf(ticket.resolutionDue, ticket.resolvedAt, start, now, queue.sla.warnAt),
      },
    };
  }

  /** Staff get the device row; a customer only its name (serial, rack, notes are staff data). */
  private deviceFor(id: string, isCustomer: boolean) {
    const d = this.inventory.devices.find(id);
    if (!d) return null;
    return isCustomer ? { id: d.id, name: d.name } : d;
  }

  require(id: string): Ticket {
    const t = this.repo.tickets.find(id);
    if (!t) throw invalid(`No ticket with id ${id}.`, 'id');
    return t;
  }

  /** Opens a ticket (staff on behalf of a customer, a customer, or the system). */
  create(ctx: WriteContext, input: NewTicket, opts: { demo?: boolean; alarmId?: string | null; details?: Record<string, unknown>; order?: boolean } = {}): Ticket {
    return this.repo.store.write(() => {
      const isCustomer = ctx.actor.role === 'customer';
      let customerId = input.customerId;
      if (isCustomer) {
        if (!ctx.actor.customerId) throw forbidden('This login is not linked to a customer account.');
        if (customerId && customerId !== ctx.actor.customerId) throw forbidden('You can open tickets for your own account only.');
        customerId = ctx.actor.customerId;
        // Orders (built by orderUpgrade/requestIps, not by the customer's input) go to Provisioning.
        if (!opts.order && (input.queue !== 'support' || input.assignee || input.kind !== 'general')) throw forbidden('Customers open general tickets in the Support queue; orders go through their own forms.');
      }
      const queue = this.queue(ctx, input.queue);
      if (customerId) this.customers.require(customerId);
      let deviceId = input.deviceId;
      if (deviceId) {
        const d = this.inventory.devices.find(deviceId);
        if (!d) throw invalid(`No device with id ${deviceId}.`, 'deviceId');
        if (isCustomer && this.rentals.repo.activeFor(deviceId)?.customerId !== customerId) throw forbidden('That server is not one of yours.');
      }
      // A ticket about a rented server belongs to its customer unless said otherwise.
      if (deviceId && !customerId) customerId = this.rentals.repo.activeFor(deviceId)?.customerId ?? null;
      deviceId = deviceId ?? null;
      if (input.assignee) this.assertMember(queue, input.assignee);
      const createdMs = this.clock.now();
      const dues = duesFor(createdMs, input.priority, queue.sla);
      const number = this.repo.nextNumber();
      const mailCustomer = Boolean(customerId && input.kind !== 'alarm' && !opts.demo);
      const base = {
        number, queueId: queue.id, customerId, deviceId, alarmId: opts.alarmId ?? null, kind: input.kind, subject: input.subject,
        status: 'new' as TicketStatus, priority: input.priority, assignee: input.assignee, createdBy: ctx.actor.name, createdAt: new Date(createdMs).toISOString(),
        ...dues, firstRespondedAt: null, resolvedAt: null, slaNotified: [], links: input.links,
        // mailedAs: the number the customer was e-mailed under (see noticeRenumbered)
        details: { ...(opts.details ?? {}), ...(mailCustomer ? { mailedAs: number } : {}) }, demo: opts.demo ?? false,
      };
      const ticket = this.repo.tickets.insert(ctx, { ...base, slaNextAt: nextMarkAt(base, queue.sla.warnAt) });
      this.message(ctx, ticket, 'public', input.body);
      const assigned = input.assignee ? ticket : this.roundRobin(ctx, queue, ticket);
      if (customerId && mailCustomer) {
        this.notifications.emailCustomer(customerId, ['technical'], ticketMail({ ref: ticketRef(ticket.number), subject: ticket.subject, body: input.body, author: ctx.actor.name, kind: 'created' }));
      }
      return assigned;
    });
  }

  /**
   * Shared mode: the database gives a new ticket from an offline desk the next free number
   * when its own clashed, possibly after the customer was e-mailed under the first one. The
   * desk that sent that e-mail (its local queue holds it) tells the customer the new number,
   * once; other desks never mailed it and do nothing.
   */
  noticeRenumbered(ctx: WriteContext, id: string): boolean {
    const t = this.repo.tickets.find(id);
    const mailedAs = t?.details.mailedAs;
    if (!t?.customerId || typeof mailedAs !== 'number' || mailedAs === t.number) return false;
    if (!this.notifications.mail.has({ template: 'ticket-created', subject: `[${ticketRef(mailedAs)}] ${t.subject}`, customerId: t.customerId })) return false;
    const customerId = t.customerId;
    return this.repo.store.write(() => {
      this.save(ctx, t, { details: { ...t.details, mailedAs: t.number } }, 'renumbered');
      this.message(ctx, t, 'system', `The shared database numbered this ticket ${ticketRef(t.number)} (this desk had e-mailed it as ${ticketRef(mailedAs)}); the customer was told the new number.`);
      this.notifications.emailCustomer(customerId, ['technical'], ticketMail({ ref: ticketRef(t.number), subject: t.subject, body: `It was ${ticketRef(mailedAs)} in our first e-mail: two requests made at the same time got the same number. Please use ${ticketRef(t.number)} from now on.`, author: 'system', kind: 'renumbered' }));
      return true;
    });
  }

  private assertMember(queue: TicketQueue, name: string): void {
    if (queue.members.includes(name)) return;
    const who = queue.members.length ? `one of: ${queue.members.join(', ')}` : 'nobody yet — add members to the queue first';
    throw invalid(`${name} is not a member of the ${queue.name} queue. Assign to ${who}.`, 'assignee');
  }

  /** The next on-shift member after the last one chosen; nobody on shift leaves it unassigned. */
  private roundRobin(ctx: WriteContext, queue: TicketQueue, ticket: Ticket): Ticket {
    if (!queue.roundRobin || queue.members.length === 0) return ticket;
    const start = queue.lastAssigned ? queue.members.indexOf(queue.lastAssigned) + 1 : 0;
    for (let i = 0; i < queue.members.length; i++) {
      const name = queue.members[(start + i) % queue.members.length]!;
      if (!this.repo.agentByName(name)?.onShift) continue;
      this.repo.queues.update(ctx, queue.id, { lastAssigned: name }, 'round-robin');
      this.message(ctx, ticket, 'system', `Assigned to ${name} by round-robin.`);
      return this.save(ctx, ticket, { assignee: name }, 'assign');
    }
    this.message(ctx, ticket, 'system', `Nobody in ${queue.name} is on shift: the ticket waits unassigned.`);
    return ticket;
  }

  assign(ctx: WriteContext, input: z.output<typeof assignInput>): Ticket {
    return this.repo.store.write(() => {
      const t = this.require(input.id);
      const queue = this.repo.queues.find(t.queueId)!;
      if (input.assignee) this.assertMember(queue, input.assignee);
      const after = this.save(ctx, t, { assignee: input.assignee }, 'assign');
      this.message(ctx, after, 'system', input.assignee ? `Assigned to ${input.assignee} by ${ctx.actor.name}.` : `Unassigned by ${ctx.actor.name}.`);
      return after;
    });
  }

  /** A public reply or an internal note. Staff's first public reply stops the first-response timer. */
  reply(ctx: WriteContext, input: z.output<typeof replyInput>): Ticket {
    return this.repo.store.write(() => {
      const t = this.require(input.id);
      const isCustomer = ctx.actor.role === 'customer';
      if (isCustomer && t.customerId !== ctx.actor.customerId) throw forbidden('That ticket belongs to another customer account.');
      if (isCustomer && input.internal) throw forbidden('Customers cannot write internal notes.');
      if (t.status === 'closed') throw precondition(`${ticketRef(t.number)} is closed; open a new ticket instead.`);
      this.message(ctx, t, input.internal ? 'internal' : 'public', input.body);
      const patch: Partial<Ticket> = {};
      if (!isCustomer && !input.internal) {
        if (!t.firstRespondedAt) patch.firstRespondedAt = this.now();
        if (t.status === 'new') patch.status = 'open';
      }
      if (isCustomer && (t.status === 'pending' || t.status === 'resolved')) { patch.status = 'open'; patch.resolvedAt = null; }
      const after = this.save(ctx, t, patch, 'reply');
      if (!isCustomer && !input.internal && t.customerId && !t.demo) {
        this.notifications.emailCustomer(t.customerId, ['technical'], ticketMail({ ref: ticketRef(t.number), subject: t.subject, body: input.body, author: ctx.actor.name, kind: 'reply' }));
      }
      return after;
    });
  }

  setStatus(ctx: WriteContext, id: string, status: TicketStatus): Ticket {
    return this.repo.store.write(() => {
      const t = this.require(id);
      if (t.status === status) return t;
      const patch: Partial<Ticket> = { status };
      if (status === 'resolved' || status === 'closed') patch.resolvedAt = t.resolvedAt ?? this.now();
      else patch.resolvedAt = null;
      const after = this.save(ctx, t, patch, 'status');
      this.message(ctx, after, 'system', `Status: ${t.status} → ${status} (${ctx.actor.name}).`);
      return after;
    });
  }

  setPriority(ctx: WriteContext, id: string, priority: TicketPriority): Ticket {
    return this.repo.store.write(() => {
      const t = this.require(id);
      const queue = this.repo.queues.find(t.queueId)!;
      // Time already spent waiting on the customer stays out of the new due times.
      const after = this.save(ctx, t, { priority, ...duesFor(Date.parse(t.createdAt) + pausedTotal(t), priority, queue.sla), slaNotified: [] }, 'priority');
      this.message(ctx, after, 'system', `Priority: ${t.priority} → ${priority}; SLA due times recomputed.`);
      return after;
    });
  }

  // ---- alarms and orders ------------------------------------------------------------

  /** One click from an alarm: a NOC ticket about it (the open one, if there is one already). */
  fromAlarm(ctx: WriteContext, alarm: AlarmInfo): Ticket {
    return this.repo.store.write(() => {
      const open = this.repo.openForAlarm(alarm.id)[0];
      if (open) return open;
      const device = alarm.deviceId ? this.inventory.devices.find(alarm.deviceId) : null;
      const priority: TicketPriority = alarm.severity === 'critical' ? 'urgent' : alarm.severity === 'warning' ? 'high' : 'normal';
      return this.create(ctx, {
        queue: 'noc', customerId: null, deviceId: device?.id ?? null, subject: `${alarm.state}: ${alarm.label}`.slice(0, 200),
        body: `${alarm.message || alarm.label}\n\nAlarm ${alarm.id}, ${alarm.state} since ${new Date(alarm.since).toISOString().replace('T', ' ').slice(0, 19)} UTC.`,
        priority, kind: 'alarm', links: [{ kind: 'alarm', ref: alarm.id, label: alarm.label }], assignee: null,
      }, { alarmId: alarm.id });
    });
  }

  /** The alarm cleared: each open ticket about it says so (it stays open for a person to close). */
  alarmCleared(ctx: WriteContext, alarmId: string, at: number, detail = ''): number {
    return this.repo.store.write(() => {
      const tickets = this.repo.openForAlarm(alarmId);
      for (const t of tickets) this.message(ctx, t, 'system', `The alarm cleared at ${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC${detail ? `: ${detail}` : ''}.`);
      return tickets.length;
    });
  }

  orderUpgrade(ctx: WriteContext, input: z.output<typeof upgradeOrderInput>): Ticket {
    return this.repo.store.write(() => {
      const r = this.rentalFor(ctx, input.rentalId);
      return this.create(ctx, {
        queue: 'provisioning', customerId: r.customerId, deviceId: r.deviceId, subject: `Upgrade order: ${r.deviceName}`, body: input.description,
        priority: 'normal', kind: 'upgrade', links: [{ kind: 'rental', ref: r.id, label: r.deviceName }], assignee: null,
      }, { details: { rentalId: r.id }, order: true });
    });
  }

  /** An additional-IP request: a provisioning ticket carrying the ARIN justification. */
  requestIps(ctx: WriteContext, input: z.output<typeof ipRequestInput>): Ticket {
    return this.repo.store.write(() => {
      const r = this.rentalFor(ctx, input.rentalId);
      return this.create(ctx, {
        queue: 'provisioning', customerId: r.customerId, deviceId: r.deviceId, subject: `Additional IPs: ${input.count} × ${input.family} for ${r.deviceName}`,
        body: `Request for ${input.count} additional ${input.family} address${input.count === 1 ? '' : 'es'}.\n\nJustification:\n${input.justification}`,
        priority: 'normal', kind: 'additional_ip', links: [{ kind: 'rental', ref: r.id, label: r.deviceName }], assignee: null,
      }, { details: { rentalId: r.id, count: input.count, family: input.family, justification: input.justification }, order: true });
    });
  }

  private rentalFor(ctx: WriteContext, rentalId: string) {
    const r = this.rentals.repo.row(rentalId);
    if (!r || r.status !== 'active') throw invalid('Orders are placed on an active rental.', 'rentalId');
    if (ctx.actor.role === 'customer' && r.customerId !== ctx.actor.customerId) throw forbidden('That rental belongs to another customer account.');
    this.customers.assertCanOrder(this.customers.require(r.customerId));
    return r;
  }

  private message(ctx: WriteContext, t: Ticket, kind: MessageKind, body: string): TicketMessage {
    return this.repo.messages.insert(ctx, { ticketId: t.id, kind, author: kind === 'system' ? 'system' : ctx.actor.name, body, at: this.now(), demo: t.demo });
  }

  // ---- SLA ----------------------------------------------------------------------------

  /** Writes a ticket with its next SLA mark recomputed (paused or resumed with its status). */
  private save(ctx: WriteContext, t: Ticket, patch: Partial<Ticket>, action: string): Ticket {
    const pause = patch.status ? pauseOnStatus({ ...t, ...patch, status: t.status }, patch.status, this.clock.now()) : { patch: {}, note: null };
    const full = { ...patch, ...pause.patch };
    const merged = { ...t, ...full };
    const queue = this.repo.queues.find(t.queueId);
    const after = this.repo.tickets.update(ctx, t.id, { ...full, slaNextAt: nextMarkAt(merged, queue?.sla.warnAt ?? DEFAULT_SLA.warnAt) }, action);
    if (pause.note) this.message(ctx, after, 'system', pause.note);
    return after;
  }

  /** Announces every SLA mark due by now (once each); returns them. */
  checkSla(ctx: WriteContext): Array<{ ticket: Ticket; key: string }> {
    return this.repo.store.write(() => {
      const now = this.clock.now();
      const out: Array<{ ticket: Ticket; key: string }> = [];
      for (const t of this.repo.slaDue(new Date(now).toISOString(), 500)) {
        const queue = this.repo.queues.find(t.queueId);
        const warnAt = queue?.sla.warnAt ?? DEFAULT_SLA.warnAt;
        const due = pendingMarks(t, warnAt).filter((m) => m.at <= now);
        if (due.length === 0) { this.save(ctx, t, {}, 'sla'); continue; }
        for (const m of due) {
          const what = m.timer === 'first-response' ? 'first response' : 'resolution';
          const title = m.level === 'breach'
            ? `${ticketRef(t.number)} breached its ${what} SLA (due ${new Date(m.due).toISOString().slice(11, 16)} UTC): ${t.subject}`
            : `${ticketRef(t.number)} ${what} due in ${Math.max(1, Math.round((m.due - now) / 60_000))} min: ${t.subject}`;
          this.notifications.post(ctx, { category: 'ticket', severity: m.level === 'breach' ? 'critical' : 'warning', title, body: t.assignee ? `Assigned to ${t.assignee}.` : 'Nobody is assigned.', ref: { kind: 'ticket', id: t.id } });
          const email = t.assignee ? this.repo.agentByName(t.assignee)?.email : null;
          if (email) this.notifications.mail.enqueue({ to: [email], subject: title, text: `${title}\n`, template: `sla-${m.level}` });
          out.push({ ticket: t, key: m.key });
        }
        this.save(ctx, t, { slaNotified: [...t.slaNotified, ...due.map((m) => m.key)] }, 'sla');
      }
      return out;
    });
  }
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
