// noc tickets list|new.
import type { Command } from 'commander';
import { TICKET_PRIORITY_VALUES, ticketRef, type TicketPriority } from '../../shared/tickets';
import { localActor } from '../core/create-core';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';
import { resolveCustomer, resolveServer } from './customers';

export function registerTicketCommands(program: Command): void {
  const cmd = program.command('tickets').description('ticket queues: support, provisioning, abuse, NOC');

  withStoreOptions(cmd.command('list').description('tickets, newest first'))
    .option('--queue <key>', 'support, provisioning, abuse, noc, or your own')
    .option('--open', 'only open ones (new, open, waiting)')
    .option('--customer <ref>', 'of this customer')
    .option('--assignee <name>', 'assigned to this person')
    .option('--limit <n>', 'how many', '50')
    .action(action(async (opts: StoreOptions & { queue?: string; open?: boolean; customer?: string; assignee?: string; limit: string }) => {
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const r = await api.tickets.list({ queue: opts.queue, open: opts.open, assignee: opts.assignee, customerId: opts.customer ? resolveCustomer(core.services.store, opts.customer) : undefined, limit: Number(opts.limit) });
        print(opts, r, () => `${table(r.rows.map((k) => ({ ticket: ticketRef(k.number), queue: k.queueName, status: k.status, priority: k.priority, assignee: k.assignee ?? '', customer: k.customerName ?? '', subject: k.subject.slice(0, 50) })), ['ticket', 'queue', 'status', 'priority', 'assignee', 'customer', 'subject'])}\n${r.rows.length} of ${r.total}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('new').description('open a ticket (on behalf of a customer)'))
    .requiredOption('--subject <text>', 'subject')
    .requiredOption('--body <text>', 'what it is about')
    .option('--queue <key>', 'queue', 'support')
    .option('--customer <ref>', 'for this customer')
    .option('--server <ref>', 'about this server')
    .option('--priority <p>', TICKET_PRIORITY_VALUES.join('|'), 'normal')
    .option('--assignee <name>', 'a member of the queue (default: round-robin)')
    .action(action(async (opts: StoreOptions & { subject: string; body: string; queue: string; customer?: string; server?: string; priority: string; assignee?: string }) => {
      if (!TICKET_PRIORITY_VALUES.includes(opts.priority as TicketPriority)) throw new UsageError(`Unknown priority ${opts.priority}; use one of ${TICKET_PRIORITY_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const k = await api.tickets.create({
          queue: opts.queue, subject: opts.subject, body: opts.body, priority: opts.priority as TicketPriority, assignee: opts.assignee ?? null,
          customerId: opts.customer ? resolveCustomer(core.services.store, opts.customer) : null,
          deviceId: opts.server ? resolveServer(core.services.store, opts.server) : null,
        });
        print(opts, k, () => `Opened ${ticketRef(k.number)}${k.assignee ? `, assigned to ${k.assignee}` : ''}.`);
      } finally {
        core.close();
      }
    }));
}
