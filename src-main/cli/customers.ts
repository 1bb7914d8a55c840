// noc customers list|show|add — through the same router as the apps, as the local user.
import type { Command } from 'commander';
import { CUSTOMER_STATUS_VALUES, STATUS_EFFECTS, type CustomerStatus } from '../../shared/customers';
import { formatMoney } from '../../shared/rentals';
import { ticketRef } from '../../shared/tickets';
import { localActor } from '../core/create-core';
import type { Store } from '../store/repository';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';

/** A customer by id, e-mail or exact (case-insensitive) name. */
export function resolveCustomer(store: Store, ref: string): string {
  const rows = store.prepare(`SELECT id FROM customers WHERE deleted = 0 AND (id = ? OR email = lower(?) OR name = ? COLLATE NOCASE) LIMIT 2`).all(ref, ref, ref) as Array<{ id: string }>;
  if (rows.length === 0) throw new UsageError(`No customer called ${ref}. Try \`noc customers list --text ${ref}\`.`);
  if (rows.length > 1) throw new UsageError(`More than one customer is called ${ref}; give the id or e-mail.`);
  return rows[0]!.id;
}

/** A server or VM by id or exact (case-insensitive) name. */
export function resolveServer(store: Store, ref: string): string {
  const rows = store.prepare(`SELECT id FROM devices WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE) LIMIT 2`).all(ref, ref) as Array<{ id: string }>;
  if (rows.length === 0) throw new UsageError(`No server called ${ref}. Try \`noc inventory list --text ${ref}\`.`);
  if (rows.length > 1) throw new UsageError(`More than one device is called ${ref}; give its id.`);
  return rows[0]!.id;
}

export function registerCustomerCommands(program: Command): void {
  const cmd = program.command('customers').description('customer accounts, contacts, rentals and tickets');

  withStoreOptions(cmd.command('list').description('list customers (by name, e-mail, or a server they rent)'))
    .option('--text <text>', 'name, company, e-mail or server name')
    .option('--status <status...>', `filter by status (${CUSTOMER_STATUS_VALUES.join(', ')})`)
    .option('--limit <n>', 'how many', '100')
    .action(action(async (opts: StoreOptions & { text?: string; status?: string[]; limit: string }) => {
      for (const s of opts.status ?? []) if (!CUSTOMER_STATUS_VALUES.includes(s as CustomerStatus)) throw new UsageError(`Unknown status ${s}; use one of ${CUSTOMER_STATUS_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const r = await api.customers.list({ text: opts.text, status: opts.status as CustomerStatus[] | undefined, limit: Number(opts.limit) });
        print(opts, r, () => `${table(r.rows.map((c) => ({ name: c.name, company: c.company, email: c.email, status: c.status, rentals: c.activeRentals, tickets: c.openTickets, id: c.id })), ['name', 'company', 'email', 'status', 'rentals', 'tickets', 'id'])}\n${r.rows.length} of ${r.total}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('show').description('one customer: profile, contacts, rentals, tickets, timeline').argument('<id-name-or-email>'))
    .action(action(async (ref: string, opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const id = resolveCustomer(core.services.store, ref);
        const profile = (await api.customers.get({ id }))!;
        const rentals = await api.rentals.list({ customerId: id, limit: 1000 });
        const tickets = await api.tickets.list({ customerId: id, limit: 50 });
        const timeline = await api.customers.timeline({ id, limit: 20 });
        print(opts, { ...profile, rentals: rentals.rows, tickets: tickets.rows, timeline }, () => {
          const c = profile.customer;
          const a = c.billingAddress;
          return [
            `${c.name}${c.company ? ` (${c.company})` : ''}  ${c.status.toUpperCase()}${c.statusReason ? ` — ${c.statusReason}` : ''}`,
            `  ${STATUS_EFFECTS[c.status].summary}`,
            `  e-mail ${c.email}   phone ${c.phone || '-'}`,
            `  billing ${[a.line1, a.line2, a.postcode, a.city, a.region, a.country].filter(Boolean).join(', ') || '-'}`,
            `  id ${c.id}`,
            'contacts:',
            ...(profile.contacts.length ? profile.contacts.map((k) => `  ${k.name} <${k.email}> ${k.roles.join(', ')}`) : ['  (none)']),
            'rentals:',
            ...(rentals.rows.length ? rentals.rows.map((r) => `  ${r.deviceName}  ${r.status}  ${r.startsAt.slice(0, 10)} – ${(r.endedAt ?? r.endsAt ?? '').slice(0, 10)}  ${r.plan}  ${formatMoney(r.monthlyPriceCents, r.currency)}/mo  ${r.committedMbps} Mbps`) : ['  (none)']),
            'tickets:',
            ...(tickets.rows.length ? tickets.rows.map((k) => `  ${ticketRef(k.number)}  ${k.status}  ${k.priority}  ${k.subject}`) : ['  (none)']),
            'recent activity:',
            ...timeline.map((e) => `  ${e.at.slice(0, 16).replace('T', ' ')}  ${e.actor}  ${e.summary}`),
          ].join('\n');
        });
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('add').description('create a customer account'))
    .requiredOption('--name <name>', 'the customer\'s name')
    .requiredOption('--email <address>', 'primary e-mail address')
    .option('--company <company>', 'company', '')
    .option('--phone <phone>', 'phone', '')
    .action(action(async (opts: StoreOptions & { name: string; email: string; company: string; phone: string }) => {
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const c = await api.customers.create({ name: opts.name, email: opts.email, company: opts.company, phone: opts.phone });
        print(opts, c, () => `Created ${c.name} (${c.id}).`);
      } finally {
        core.close();
      }
    }));
}
