// Customers over the API. Staff see every customer; a customer-role actor sees its own
// profile (without staff notes and timeline) and nothing else.
import { z } from 'zod';
import { contactInput, contactUpdateInput, customerInput, customerListInput, customerStatusInput, customerUpdateInput, noteInput } from '../../../shared/schemas/customers';
import { idSchema } from '../../../shared/schemas/common';
import { allow, router, STAFF, staffProcedure } from '../../core/trpc';
import { assertMaySee, isCustomer } from './access';

/** Who may change customer records: the people who sell, provision and bill. */
export const customerEditor = allow('admin', 'provisioning', 'billing');
/** Staff who may write notes (everyone but viewers). */
const noteWriter = allow('admin', 'technician', 'provisioning', 'billing');
/** Staff, and customers for their own account. */
export const staffOrCustomer = allow(...STAFF, 'customer');

export const customersRouter = router({
  list: staffOrCustomer.input(customerListInput).query(({ ctx, input }) => {
    if (!isCustomer(ctx.actor)) return ctx.services.customers.list(input);
    const own = ctx.actor.customerId ? ctx.services.customers.repo.customers.find(ctx.actor.customerId) : null;
    return { rows: own ? [{ ...own, activeRentals: ctx.services.customers.repo.activeRentalCount(own.id), openTickets: 0 }] : [], total: own ? 1 : 0 };
  }),
  get: staffOrCustomer.input(z.object({ id: idSchema })).query(({ ctx, input }) => {
    assertMaySee(ctx.actor, input.id);
    const profile = ctx.services.customers.profile(input.id);
    if (!profile || !isCustomer(ctx.actor)) return profile;
    return { ...profile, notes: [] };
  }),
  timeline: staffProcedure.input(z.object({ id: idSchema, limit: z.number().int().min(1).max(1000).default(200) }))
    .query(({ ctx, input }) => ctx.services.customers.timeline(input.id, input.limit)),
  history: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.customers.repo.customers.history(input.id)),
  create: customerEditor.input(customerInput).mutation(({ ctx, input }) => ctx.services.customers.create({ actor: ctx.actor }, input)),
  update: customerEditor.input(customerUpdateInput).mutation(({ ctx, input }) => ctx.services.customers.update({ actor: ctx.actor }, input)),
  setStatus: customerEditor.input(customerStatusInput).mutation(({ ctx, input }) =>
    ctx.services.customers.setStatus({ actor: ctx.actor, reason: input.reason }, input.id, input.status)),
  addContact: customerEditor.input(contactInput).mutation(({ ctx, input }) => ctx.services.customers.addContact({ actor: ctx.actor }, input)),
  updateContact: customerEditor.input(contactUpdateInput).mutation(({ ctx, input }) => ctx.services.customers.updateContact({ actor: ctx.actor }, input)),
  removeContact: customerEditor.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.customers.removeContact({ actor: ctx.actor }, input.id)),
  addNote: noteWriter.input(noteInput).mutation(({ ctx, input }) => ctx.services.customers.addNote({ actor: ctx.actor }, input.customerId, input.body)),
});
