// Customer rules: profiles, contacts by role, notes, and the account status whose effects
// (STATUS_EFFECTS in shared/customers.ts) other domains ask about before they act.
import type { z } from 'zod';
import { CUSTOMER_STATUSES, STATUS_EFFECTS, type ContactRole, type Customer, type CustomerStatus } from '../../../shared/customers';
import { assertNever } from '../../../shared/assert';
import { choiceOf } from '../../../shared/choices';
import type { contactInput, contactUpdateInput, customerInput, customerListInput, customerUpdateInput } from '../../../shared/schemas/customers';
import type { Clock } from '../../core/clock';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { CustomerRepository } from './repository';
import { customerTimeline } from './timeline';

export class CustomerService {
  constructor(readonly repo: CustomerRepository, private readonly clock: Clock) {}

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  list(q: z.output<typeof customerListInput>) {
    return this.repo.list(q);
  }

  /** The live customer, or an error that says it is missing. */
  require(id: string): Customer {
    const c = this.repo.customers.find(id);
    if (!c) throw invalid(`No customer with id ${id} (it may have been deleted).`, 'customerId');
    return c;
  }

  profile(id: string) {
    const customer = this.repo.customers.find(id);
    if (!customer) return null;
    return {
      customer,
      effects: STATUS_EFFECTS[customer.status],
      contacts: this.repo.contactsOf(id),
      notes: this.repo.notesOf(id),
      activeRentals: this.repo.activeRentalCount(id),
    };
  }

  create(ctx: WriteContext, input: z.output<typeof customerInput>, opts: { demo?: boolean; id?: string } = {}): Customer {
    return this.repo.store.write(() => {
      const same = this.repo.byEmail(input.email);
      if (same) throw conflict(`A customer with the e-mail ${input.email} exists already (${same.name}). Open that profile instead, or use another address.`, 'email');
      return this.repo.customers.insert(ctx, { ...input, status: 'active', statusReason: '', createdAt: this.now(), demo: opts.demo ?? false }, opts.id);
    });
  }

  update(ctx: WriteContext, input: z.output<typeof customerUpdateInput>): Customer {
    return this.repo.store.write(() => {
      const current = this.require(input.id);
      if (input.patch.email && input.patch.email !== current.email) {
        const same = this.repo.byEmail(input.patch.email);
        if (same) throw conflict(`A customer with the e-mail ${input.patch.email} exists already (${same.name}).`, 'email');
      }
      return this.repo.customers.update(ctx, current.id, input.patch);
    });
  }

  /** Changes the account status; making a customer Inactive needs their rentals ended first. */
  setStatus(ctx: WriteContext, id: string, status: CustomerStatus): Customer {
    return this.repo.store.write(() => {
      const c = this.require(id);
      if (c.status === status) throw invalid(`${c.name} is already ${choiceOf(CUSTOMER_STATUSES, status).label}.`, 'status');
      if (status === 'inactive') {
        const n = this.repo.activeRentalCount(id);
        if (n > 0) throw precondition(`${c.name} still has ${n} active rental${n === 1 ? '' : 's'}. End or cancel ${n === 1 ? 'it' : 'them'} before making the account Inactive.`, 'status');
      }
      return this.repo.customers.update(ctx, id, { status, statusReason: ctx.reason ?? '' }, 'status');
    });
  }

  /** Refuses with the reason when this customer may not start a rental now. */
  assertCanStartRental(c: Customer): void {
    if (STATUS_EFFECTS[c.status].canStartRental) return;
    throw precondition(`${c.name} is ${choiceOf(CUSTOMER_STATUSES, c.status).label}${c.statusReason ? ` (${c.statusReason})` : ''}: ${this.whyNot(c.status, 'start a rental')}`, 'customerId');
  }

  /** Refuses with the reason when this customer may not order (upgrades, additional IPs). */
  assertCanOrder(c: Customer): void {
    if (STATUS_EFFECTS[c.status].canOrder) return;
    throw precondition(`${c.name} is ${choiceOf(CUSTOMER_STATUSES, c.status).label}${c.statusReason ? ` (${c.statusReason})` : ''}: ${this.whyNot(c.status, 'place an order')}`, 'customerId');
  }

  private whyNot(status: CustomerStatus, what: string): string {
    switch (status) {
      case 'suspended': return `a suspended customer cannot ${what}. Lift the suspension first.`;
      case 'on_hold': return `a customer on hold cannot ${what}. Lift the hold first.`;
      case 'inactive': return `an inactive customer cannot ${what}. Reactivate the account first.`;
      case 'active': return '';
      default: return assertNever(status, 'customer status');
    }
  }

  addContact(ctx: WriteContext, input: z.output<typeof contactInput>, demo = false) {
    return this.repo.store.write(() => {
      this.require(input.customerId);
      return this.repo.contacts.insert(ctx, { ...input, demo });
    });
  }

  updateContact(ctx: WriteContext, input: z.output<typeof contactUpdateInput>) {
    const contact = this.repo.contacts.find(input.id);
    if (!contact) throw invalid(`No contact with id ${input.id}.`, 'id');
    return this.repo.contacts.update(ctx, input.id, input.patch);
  }

  removeContact(ctx: WriteContext, id: string): void {
    this.repo.contacts.remove(ctx, id);
  }

  addNote(ctx: WriteContext, customerId: string, body: string, demo = false) {
    return this.repo.store.write(() => {
      this.require(customerId);
      return this.repo.notes.insert(ctx, { customerId, author: ctx.actor.name, body, createdAt: this.now(), demo });
    });
  }

  timeline(customerId: string, limit = 200) {
    return customerTimeline(this.repo.store, customerId, limit);
  }

  /**
   * Who gets mail of a kind: the contacts holding any of these roles; the account's own
   * address when no contact has them (so nothing is addressed to nobody).
   */
  recipients(customerId: string, roles: readonly ContactRole[]): string[] {
    const c = this.require(customerId);
    const emails = this.repo.contactsOf(customerId).filter((k) => k.roles.some((r) => roles.includes(r))).map((k) => k.email);
    const unique = [...new Set(emails)];
    return unique.length > 0 ? unique : [c.email];
  }
}
