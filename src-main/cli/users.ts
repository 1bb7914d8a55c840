// noc user add|list: logins for the headless host beyond loopback.
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { ROLE_VALUES, type Role } from '../../shared/choices';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';
import { resolveCustomer } from './customers';
import { pgUserAdd, pgUserList, registerPgGrant } from './db';

async function promptPassword(): Promise<string> {
  if (process.env.NOC_PASSWORD) return process.env.NOC_PASSWORD;
  if (!process.stdin.isTTY) throw new UsageError('Give the password in NOC_PASSWORD, or run this in a terminal to be asked for it.');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await rl.question('Password (at least 10 characters): ');
  rl.close();
  return answer;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('logins for the headless host');
  withStoreOptions(user.command('add').description('add a login (password from NOC_PASSWORD or a prompt)').argument('<name>'))
    .requiredOption('--role <role>', ROLE_VALUES.join('|'))
    .option('--customer <id>', 'for a customer login: which customer')
    .option('--pg <url>', 'instead: a login (own PostgreSQL role) on the shared database, as an admin')
    .action(action(async (name: string, opts: StoreOptions & { role: string; customer?: string; pg?: string }) => {
      if (!ROLE_VALUES.includes(opts.role as Role)) throw new UsageError(`Unknown role ${opts.role}; use one of ${ROLE_VALUES.join(', ')}.`);
      // A customer login belongs to exactly one customer; a staff login to none.
      if (opts.role === 'customer' && !opts.customer) throw new UsageError('A customer login needs its customer: --customer ID (or e-mail, or exact name; see `noc customers list`).');
      if (opts.role !== 'customer' && opts.customer) throw new UsageError(`--customer is for customer logins only; ${opts.role} is a staff role.`);
      const password = await promptPassword();
      if (opts.pg) return pgUserAdd(name, opts, password);
      const core = openCore(opts);
      try {
        const customerId = opts.customer ? resolveCustomer(core.services.store, opts.customer) : null;
        const u = core.services.auth.addUser(name, password, opts.role as Role, customerId);
        const of = customerId ? ` of ${core.services.customers.repo.customers.find(customerId)?.name ?? customerId}` : '';
        print(opts, u, () => `Added ${u.name} (${u.role}${of}).`);
      } finally {
        core.close();
      }
    }));
  withStoreOptions(user.command('list').description('list logins')).option('--pg <url>', 'instead: the logins on the shared database').action(action(async (opts: StoreOptions & { pg?: string }) => {
    if (opts.pg) return pgUserList(opts);
    const core = openCore(opts);
    try {
      const users = core.services.auth.users();
      print(opts, users, () => table(users.map((u) => ({ ...u })), ['name', 'role', 'customerId', 'createdAt', 'disabled']));
    } finally {
      core.close();
    }
  }));
  registerPgGrant(user);
}
