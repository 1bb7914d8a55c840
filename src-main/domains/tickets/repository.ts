// Ticket queries: the queue page (200,000 tickets stay within budget through an index per
// sort, see migration 0011), a ticket's thread, agents and queues.
import type { z } from 'zod';
import type { ticketListInput } from '../../../shared/schemas/tickets';
import type { Agent, Ticket, TicketListRow, TicketMessage, TicketQueue } from '../../../shared/tickets';
import { OPEN_TICKET_STATUSES } from '../../../shared/tickets';
import { Repository, type Store } from '../../store/repository';
import { likePattern } from '../customers/repository';
import { agentTable, messageTable, queueTable, ticketTable } from './schema';

type ListQuery = z.output<typeof ticketListInput>;

// Each sort ends in the ticket number, so ties have one order and a page boundary is stable;
// each has an index of migration 0011 per queue and overall (the priority CASE must stay
// written as that index has it).
const SORT: Record<ListQuery['sort'], string> = {
  number: 't.number',
  priority: "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.number",
  due: 't.resolution_due, t.number',
  updatedAt: 't.updated_at, t.number',
};

export class TicketRepository {
  readonly queues: Repository<TicketQueue>;
  readonly agents: Repository<Agent>;
  readonly tickets: Repository<Ticket>;
  readonly messages: Repository<TicketMessage>;

  constructor(readonly store: Store) {
    this.queues = new Repository(store, queueTable);
    this.agents = new Repository(store, agentTable);
    this.tickets = new Repository(store, ticketTable);
    this.messages = new Repository(store, messageTable);
  }

  allQueues(): TicketQueue[] {
    return this.queues.select(`SELECT * FROM ticket_queues WHERE deleted = 0 ORDER BY builtin DESC, name`);
  }

  queueByKey(key: string): TicketQueue | null {
    const r = this.store.prepare(`SELECT * FROM ticket_queues WHERE key = ? AND deleted = 0`).get(key) as Record<string, unknown> | undefined;
    return r ? this.queues.fromDb(r) : null;
  }

  agentByName(name: string): Agent | null {
    const r = this.store.prepare(`SELECT * FROM ticket_agents WHERE name = ? AND deleted = 0`).get(name) as Record<string, unknown> | undefined;
    return r ? this.agents.fromDb(r) : null;
  }

  allAgents(): Agent[] {
    return this.agents.select(`SELECT * FROM ticket_agents WHERE deleted = 0 ORDER BY name`);
  }

  nextNumber(): number {
    return (this.store.prepare(`SELECT coalesce(max(number), 0) + 1 AS n FROM tickets`).get() as { n: number }).n;
  }

  list(q: ListQuery & { queueId?: string }): { rows: TicketListRow[]; total: number } {
    const where = ['t.deleted = 0'];
    const args: unknown[] = [];
    if (q.queueId) { where.push('t.queue_id = ?'); args.push(q.queueId); }
    const statuses = q.status?.length ? q.status : q.open ? [...OPEN_TICKET_STATUSES] : null;
    if (statuses) { where.push(`t.status IN (${statuses.map(() => '?').join(',')})`); args.push(...statuses); }
    if (q.assignee !== undefined) { if (q.assignee === '') where.push('t.assignee IS NULL'); else { where.push('t.assignee = ?'); args.push(q.assignee); } }
    if (q.customerId) { where.push('t.customer_id = ?'); args.push(q.customerId); }
    if (q.deviceId) { where.push('t.device_id = ?'); args.push(q.deviceId); }
    if (q.text) {
      const m = /^t-?0*(\d+)$/i.exec(q.text.trim());
      if (m) { where.push('t.number = ?'); args.push(Number(m[1])); }
      else { where.push(`t.subject LIKE ? ESCAPE '\\'`); args.push(likePattern(q.text)); }
    }
    const whereSql = where.join(' AND ');
    const total = (this.store.prepare(`SELECT count(*) AS n FROM tickets t WHERE ${whereSql}`).get(...args) as { n: number }).n;
    const order = SORT[q.sort].split(', ').map((c) => `${c} ${q.dir.toUpperCase()}`).join(', ');
    // The page's rowids first (from an index, no joins), then the joins for those rows only:
    // a deep offset or a large queue never joins rows it does not show.
    const rows = this.store.prepare(`SELECT t.*, q.name AS queue_name, c.name AS customer_name, d.name AS device_name
      FROM (SELECT t.rowid AS rid FROM tickets t WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?) page
      CROSS JOIN tickets t ON t.rowid = page.rid
      JOIN ticket_queues q ON q.id = t.queue_id LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN devices d ON d.id = t.device_id
      ORDER BY ${order}`).all(...args, q.limit, q.offset) as Record<string, unknown>[];
    return {
      rows: rows.map((r) => ({ ...this.tickets.fromDb(r), queueName: r.queue_name as string, customerName: (r.customer_name as string | null) ?? null, deviceName: (r.device_name as string | null) ?? null })),
      total,
    };
  }

  thread(ticketId: string, includeInternal: boolean): TicketMessage[] {
    return this.messages.select(`SELECT * FROM ticket_messages WHERE ticket_id = ? AND deleted = 0 ${includeInternal ? '' : "AND kind != 'internal'"} ORDER BY at, rowid`, ticketId);
  }

  openForAlarm(alarmId: string): Ticket[] {
    return this.tickets.select(`SELECT * FROM tickets WHERE alarm_id = ? AND deleted = 0 AND status IN ('new','open','pending')`, alarmId);
  }

  /** Open tickets whose next SLA mark is due by `at`, earliest first. */
  slaDue(at: string, limit: number): Ticket[] {
    return this.tickets.select(`SELECT * FROM tickets WHERE sla_next_at IS NOT NULL AND sla_next_at <= ? ORDER BY sla_next_at LIMIT ?`, at, limit);
  }

  nextSlaAt(): string | null {
    return (this.store.prepare(`SELECT min(sla_next_at) AS at FROM tickets WHERE sla_next_at IS NOT NULL`).get() as { at: string | null }).at;
  }
}
