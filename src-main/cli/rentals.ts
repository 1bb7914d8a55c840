// noc rentals start|end|list — the same rules as the app: status effects, overlaps, the
// server's lifecycle, the welcome e-mail (queued; the running app sends it).
import type { Command } from 'commander';
import { CURRENCIES, END_PATH_VALUES, formatMoney, type Currency, type EndPath } from '../../shared/rentals';
import { localActor } from '../core/create-core';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';
import { resolveCustomer, resolveServer } from './customers';

export function registerRentalCommands(program: Command): void {
  const cmd = program.command('rentals').description('which customer rents which server, since when');

  withStoreOptions(cmd.command('list').description('rentals, newest first'))
    .option('--customer <ref>', 'of this customer (id, name or e-mail)')
    .option('--server <ref>', 'of this server (id or name)')
    .option('--active', 'only active ones')
    .option('--limit <n>', 'how many', '100')
    .action(action(async (opts: StoreOptions & { customer?: string; server?: string; active?: boolean; limit: string }) => {
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const r = await api.rentals.list({
          customerId: opts.customer ? resolveCustomer(core.services.store, opts.customer) : undefined,
          deviceId: opts.server ? resolveServer(core.services.store, opts.server) : undefined,
          status: opts.active ? 'active' : undefined, limit: Number(opts.limit),
        });
        print(opts, r, () => `${table(r.rows.map((x) => ({ server: x.deviceName, customer: x.customerName, status: x.status, from: x.startsAt.slice(0, 10), to: (x.endedAt ?? x.endsAt ?? '').slice(0, 10), price: formatMoney(x.monthlyPriceCents, x.currency), mbps: x.committedMbps, id: x.id })), ['server', 'customer', 'status', 'from', 'to', 'price', 'mbps', 'id'])}\n${r.rows.length} of ${r.total}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('start').description('rent a server to a customer (the server becomes Rented)'))
    .requiredOption('--customer <ref>', 'customer id, name or e-mail')
    .requiredOption('--server <ref>', 'server id or name')
    .option('--plan <plan>', 'plan name', '')
    .option('--price <amount>', 'monthly price', '0')
    .option('--currency <code>', `currency (${CURRENCIES.join(', ')})`, 'USD')
    .option('--commit <mbps>', 'committed bandwidth in Mbps', '0')
    .option('--ip <address...>', 'IP addresses that come with it')
    .option('--starts <date>', 'start date (default now)')
    .option('--ends <date>', 'planned end of the term')
    .option('--no-welcome', 'do not e-mail the customer')
    .action(action(async (opts: StoreOptions & { customer: string; server: string; plan: string; price: string; currency: string; commit: string; ip?: string[]; starts?: string; ends?: string; welcome: boolean }) => {
      if (!CURRENCIES.includes(opts.currency as Currency)) throw new UsageError(`Unknown currency ${opts.currency}; use one of ${CURRENCIES.join(', ')}.`);
      for (const [flag, v] of [['--price', opts.price], ['--commit', opts.commit]] as const) if (!Number.isFinite(Number(v))) throw new UsageError(`${flag} takes a number, not ${v}.`);
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const r = await api.rentals.start({
          customerId: resolveCustomer(core.services.store, opts.customer), deviceId: resolveServer(core.services.store, opts.server),
          plan: opts.plan, monthlyPrice: Number(opts.price), currency: opts.currency as Currency, committedMbps: Number(opts.commit), ips: opts.ip ?? [],
          startsAt: opts.starts, endsAt: opts.ends ?? null, sendWelcome: opts.welcome,
        });
        print(opts, r, () => `${r.device.name} is now rented (rental ${r.rental.id}).${opts.welcome ? ' The welcome e-mail is queued.' : ''}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('end').description('end a rental; the server goes to Staging (wipe) or Available').argument('[rental-id]'))
    .option('--server <ref>', 'end the active rental of this server instead')
    .requiredOption('--path <path>', END_PATH_VALUES.join('|'))
    .requiredOption('--reason <text>', 'why (kept in the history)')
    .action(action(async (rentalId: string | undefined, opts: StoreOptions & { server?: string; path: string; reason: string }) => {
      if (!END_PATH_VALUES.includes(opts.path as EndPath)) throw new UsageError(`Unknown path ${opts.path}; use wipe (to Staging) or available.`);
      if (!rentalId && !opts.server) throw new UsageError('Give the rental id or --server.');
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const id = rentalId ?? core.services.rentals.repo.activeFor(resolveServer(core.services.store, opts.server!))?.id;
        if (!id) throw new UsageError(`${opts.server} has no active rental.`);
        const r = await api.rentals.end({ id, path: opts.path as EndPath, reason: opts.reason });
        print(opts, r, () => `Rental ended; the server goes ${r.endPath === 'wipe' ? 'to wipe and Staging QA' : 'straight to Available'}.`);
      } finally {
        core.close();
      }
    }));
}
