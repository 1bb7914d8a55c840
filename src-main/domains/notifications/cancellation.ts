// Cancellation (issue 7 §6): staff record a customer's wish to cancel one or all services;
// the customer's contact receives a signed (HMAC), expiring, single-use link; until it is
// opened and confirmed nothing ends. Confirming ends every named rental that is still
// active, in one transaction, and tells the customer and the staff.
import type { z } from 'zod';
import type { Cancellation } from '../../../shared/notifications';
import type { cancellationInput } from '../../../shared/schemas/notifications';
import type { Actor } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { invalid, precondition } from '../../core/errors';
import { cancellationConfirmMail, cancellationDoneMail } from '../../mail/templates';
import type { WriteContext } from '../../store/repository';
import type { CustomerService } from '../customers/service';
import type { RentalService } from '../rentals/service';
import { LinkError, type SignedTokens } from './links';
import type { NotificationService } from './service';

export const CANCELLATION_TTL_MS = 72 * 3_600_000;

export class CancellationService {
  constructor(
    private readonly notifications: NotificationService,
    private readonly customers: CustomerService,
    private readonly rentals: RentalService,
    private readonly tokens: SignedTokens,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.notifications.repo;
  }

  list(customerId: string): Cancellation[] {
    return this.repo.cancellationsOf(customerId);
  }

  /** Records the request and e-mails the confirmation link; returns the request (never the token). */
  request(ctx: WriteContext, input: z.output<typeof cancellationInput>): Cancellation {
    return this.repo.store.write(() => {
      const customer = this.customers.require(input.customerId);
      const active = this.rentals.repo.activeOf(customer.id);
      if (active.length === 0) throw precondition(`${customer.name} has no active services to cancel.`, 'customerId');
      if (input.rentalIds) {
        const foreign = input.rentalIds.filter((id) => !active.some((r) => r.id === id));
        if (foreign.length) throw invalid(`Not an active service of ${customer.name}: ${foreign.join(', ')}.`, 'rentalIds');
      }
      const chosen = input.rentalIds ? active.filter((r) => input.rentalIds!.includes(r.id)) : active;
      const to = this.customers.recipients(customer.id, ['billing']);
      const expiresMs = this.clock.now() + CANCELLATION_TTL_MS;
      const c = this.repo.cancellations.insert(ctx, {
        customerId: customer.id, rentalIds: input.rentalIds, status: 'pending', requestedBy: ctx.actor.name, requestedAt: new Date(this.clock.now()).toISOString(),
        expiresAt: new Date(expiresMs).toISOString(), confirmedAt: null, sentTo: to, reason: input.reason, endPath: input.endPath, demo: false,
      });
      const link = `${this.notifications.mail.settings.publicUrl()}/l/c/${this.tokens.sign(c.id, expiresMs)}`;
      const mail = cancellationConfirmMail({ customer: customer.name, services: chosen.map((r) => this.describe(r.id)), link, expires: c.expiresAt, reason: input.reason });
      this.notifications.mail.enqueue({ to, subject: mail.subject, text: mail.text, html: mail.html, template: mail.template, customerId: customer.id });
      return c;
    });
  }

  /** What the confirmation page shows before the customer presses the button. */
  preview(token: string): { customer: string; services: string[]; expiresAt: string } {
    const c = this.pending(this.tokens.verify(token));
    return { customer: this.customers.require(c.customerId).name, services: this.targets(c).map((id) => this.describe(id)), expiresAt: c.expiresAt };
  }

  /** The customer confirmed through the link: the services end now. */
  confirm(token: string): Cancellation {
    return this.repo.store.write(() => {
      const c = this.pending(this.tokens.verify(token));
      const customer = this.customers.require(c.customerId);
      const actor: Actor = { id: `customer-link:${customer.id}`, name: `${customer.name} (confirmation link)`, role: 'customer', customerId: customer.id };
      const ctx: WriteContext = { actor, reason: `cancelled by the customer: ${c.reason}` };
      const ended: string[] = [];
      for (const id of this.targets(c)) {
        const r = this.rentals.repo.rentals.find(id);
        if (!r || r.status !== 'active') continue; // ended meanwhile by staff: nothing more to do
        ended.push(this.describe(id));
        this.rentals.end(ctx, { id, path: c.endPath, reason: `cancelled by the customer (${c.reason})` });
      }
      const done = this.repo.cancellations.update(ctx, c.id, { status: 'confirmed', confirmedAt: new Date(this.clock.now()).toISOString() }, 'confirm');
      const mail = cancellationDoneMail({ customer: customer.name, services: ended });
      this.notifications.mail.enqueue({ to: c.sentTo, subject: mail.subject, text: mail.text, html: mail.html, template: mail.template, customerId: customer.id });
      this.notifications.post(ctx, { category: 'rental', severity: 'warning', title: `${customer.name} confirmed the cancellation of ${ended.length} service${ended.length === 1 ? '' : 's'}`, body: ended.join('\n'), ref: { kind: 'customer', id: customer.id } });
      return done;
    });
  }

  withdraw(ctx: WriteContext, id: string): Cancellation {
    const c = this.repo.cancellations.find(id);
    if (!c) throw invalid(`No cancellation request with id ${id}.`, 'id');
    if (c.status !== 'pending') throw precondition(`This request is ${c.status}; only a pending one can be withdrawn.`);
    return this.repo.cancellations.update(ctx, id, { status: 'withdrawn' }, 'withdraw');
  }

  private pending(id: string): Cancellation {
    const c = this.repo.cancellations.find(id);
    if (!c) throw new LinkError('unknown', 'This cancellation request no longer exists.');
    if (c.status === 'confirmed') throw new LinkError('used', `This cancellation was already confirmed on ${c.confirmedAt?.slice(0, 16).replace('T', ' ')} UTC. The link works only once.`);
    if (c.status === 'withdrawn') throw new LinkError('used', 'This cancellation request was withdrawn; nothing was changed.');
    if (c.status === 'expired' || c.expiresAt <= new Date(this.clock.now()).toISOString()) throw new LinkError('expired', 'This link has expired; nothing was changed. Ask us to send a new one.');
    return c;
  }

  /** The named rentals, or for "all": every rental that was active when the request was made. */
  private targets(c: Cancellation): string[] {
    return c.rentalIds ?? this.rentals.repo.activeOf(c.customerId).filter((r) => r.startsAt <= c.requestedAt).map((r) => r.id);
  }

  private describe(rentalId: string): string {
    const r = this.rentals.repo.row(rentalId);
    return r ? `${r.deviceName}${r.plan ? ` (${r.plan})` : ''}, since ${r.startsAt.slice(0, 10)}` : rentalId;
  }
}
