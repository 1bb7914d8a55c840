// Builds the business side (issue 7) for createCore: customers, rentals, staging QA,
// tickets, notifications, mail and cancellations, wired to each other and to the inventory.
// One function, so the shared create-core.ts needs only a few lines for all of it.
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { openSecretBox, type SecretBox } from '../../core/secrets';
import { MailQueue } from '../../mail/queue';
import { MailSettingsStore } from '../../mail/settings';
import { welcomeMail } from '../../mail/templates';
import type { Store } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import { CancellationService } from '../notifications/cancellation';
import { OneTimeLinks, SignedTokens } from '../notifications/links';
import { PASSWORD_PURPOSE } from '../notifications/public-links';
import { NotificationRepository } from '../notifications/repository';
import { NotificationService } from '../notifications/service';
import { RentalRepository } from '../rentals/repository';
import { RootPasswords } from '../rentals/root-passwords';
import { RentalService } from '../rentals/service';
import { StagingRepository } from '../staging/repository';
import { StagingService } from '../staging/service';
import { TicketRepository } from '../tickets/repository';
import { TicketService } from '../tickets/service';
import { SlaWatcher } from '../tickets/sla-watcher';
import { CustomerRepository } from './repository';
import { CustomerService } from './service';

export interface BusinessServices {
  customers: CustomerService;
  rentals: RentalService;
  staging: StagingService;
  tickets: TicketService;
  notifications: NotificationService;
  mail: MailQueue;
  cancellations: CancellationService;
  links: OneTimeLinks;
}

/** The root password link in the welcome e-mail works this long. */
export const PASSWORD_LINK_TTL_MS = 72 * 3_600_000;
const SYSTEM: Actor = { id: 'system', name: 'system', role: 'admin' };

export function createBusinessServices(store: Store, clock: Clock, inventory: InventoryService, storeFile: string): { services: BusinessServices; dispose(): void } {
  const dir = storeFile === ':memory:' ? null : dirname(storeFile);
  const box = openSecretBox(dir);
  const customers = new CustomerService(new CustomerRepository(store), clock);
  const staging = new StagingService(new StagingRepository(store), inventory, clock);
  const rentals = new RentalService(new RentalRepository(store), customers, inventory, clock, new RootPasswords(store, box, clock));
  const mail = new MailQueue(store, clock, new MailSettingsStore(store, box));
  const notifications = new NotificationService(new NotificationRepository(store), customers, mail, clock);
  const links = new OneTimeLinks(store, clock);
  const hmacKey = linkSigningKey(store, box);
  const cancellations = new CancellationService(notifications, customers, rentals, new SignedTokens(hmacKey, clock), clock);
  const tickets = new TicketService(new TicketRepository(store), customers, rentals, inventory, notifications, clock);

  // A server wiped at the end of its rental re-enters Staging with a fresh QA run.
  rentals.hooks.ended.push((ctx, { device }) => {
    if (device.status === 'staging') staging.ensureRun(ctx, device.id);
  });
  // The welcome e-mail: server, addresses, how to reach it, and a one-time link to the password.
  rentals.hooks.started.push((_ctx, { rental, device, sendWelcome }) => {
    if (!sendWelcome || rental.demo) return;
    const customer = customers.require(rental.customerId);
    const link = links.create(PASSWORD_PURPOSE, rental.id, PASSWORD_LINK_TTL_MS);
    const ips = rental.ips.length ? rental.ips : device.primaryIp ? [device.primaryIp] : [];
    const m = welcomeMail({ customer: customer.name, device: device.name, ips, plan: rental.plan, link: `${mail.settings.publicUrl()}/l/p/${link.token}`, linkExpires: link.expiresAt });
    notifications.emailCustomer(customer.id, ['technical'], m);
  });

  // A ticket renumbered by the shared database reaches this desk as an update of its row.
  const offRenumber = store.onChange((events) => {
    for (const e of events) {
      if (e.table !== 'tickets' || e.op !== 'update') continue;
      try {
        tickets.noticeRenumbered({ actor: SYSTEM, reason: 'renumbered by the shared database' }, e.id);
      } catch (err) {
        process.stderr.write(`tickets: could not tell the customer of a renumbered ticket: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  });
  // Each server entering Staging (created there, or moved there) gets a QA run of its
  // template at once, so its run starts when it entered. Only for this desk's own change
  // (an unpushed outbox entry): a row arriving from the shared database brings its run along.
  const offStaging = store.onChange((events) => {
    for (const e of events) {
      if (e.table !== 'devices' || e.op === 'delete') continue;
      const device = inventory.devices.find(e.id);
      if (!device || device.status !== 'staging' || staging.currentRun(device.id) || !staging.templateFor(device)) continue;
      if (!store.prepare(`SELECT 1 FROM outbox WHERE table_name = 'devices' AND row_id = ? AND pushed_at IS NULL LIMIT 1`).get(device.id)) continue;
      try {
        staging.ensureRun({ actor: SYSTEM, reason: 'entered Staging' }, device.id);
      } catch (err) {
        process.stderr.write(`staging: could not start the QA run of ${device.name}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  });
  const watcher = new SlaWatcher(tickets, clock, SYSTEM);
  watcher.start();
  mail.start();
  notifications.start(SYSTEM);
  return {
    services: { customers, rentals, staging, tickets, notifications, mail, cancellations, links },
    dispose() {
      offRenumber();
      offStaging();
      watcher.stop();
      notifications.stop();
      mail.stop();
    },
  };
}

/**
 * The key that signs cancellation links: made once, kept sealed in this store's meta table
 * (so the one key file of core/secrets.ts protects it too), never leaves this machine.
 */
function linkSigningKey(store: Store, box: SecretBox): Buffer {
  const row = store.prepare(`SELECT value FROM meta WHERE key = 'links.hmac-key'`).get() as { value: string } | undefined;
  if (row) return Buffer.from(box.open(row.value, 'links-hmac-key'), 'base64');
  const key = randomBytes(32);
  store.prepare(`INSERT INTO meta (key, value) VALUES ('links.hmac-key', ?)`).run(box.seal(key.toString('base64'), 'links-hmac-key'));
  return key;
}
