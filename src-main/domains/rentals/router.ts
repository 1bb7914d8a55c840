// Rentals over the API. Customers see their own rentals (never the root password: they get
// it through the one-time link); staff start, end and change them.
import { z } from 'zod';
import { idSchema } from '../../../shared/schemas/common';
import { rentalEndInput, rentalListInput, rentalModifyInput, rentalStartInput, revealInput } from '../../../shared/schemas/rentals';
import { allow, router, staffProcedure } from '../../core/trpc';
import { assertMaySee, scopeOf } from '../customers/access';
import { staffOrCustomer } from '../customers/router';
import type { Services } from '../../core/services';
import type { RentalRow } from '../../../shared/rentals';

const rentalEditor = allow('admin', 'provisioning');
const rentalChanger = allow('admin', 'provisioning', 'billing');
const secretReader = allow('admin', 'provisioning', 'technician');

export const rentalsRouter = router({
  list: staffOrCustomer.input(rentalListInput).query(({ ctx, input }) =>
    ctx.services.rentals.list({ ...input, customerId: scopeOf(ctx.actor, input.customerId) })),
  get: staffOrCustomer.input(z.object({ id: idSchema })).query(({ ctx, input }) => {
    const row = ctx.services.rentals.repo.row(input.id);
    if (row) assertMaySee(ctx.actor, row.customerId);
    return row ? { ...row, events: ctx.services.rentals.repo.eventsOf({ rentalId: row.id }), hasRootPassword: ctx.services.rentals.rootPasswords.has(row.id) } : null;
  }),
  /** The complete history of a customer or of a server: rentals past and current, and every event. */
  history: staffOrCustomer.input(z.object({ customerId: idSchema.optional(), deviceId: idSchema.optional() }).refine((v) => Boolean(v.customerId) !== Boolean(v.deviceId), 'Give a customer or a server.'))
    .query(({ ctx, input }) => {
      if (ctx.actor.role === 'customer') return ctx.services.rentals.history({ customerId: scopeOf(ctx.actor, input.customerId) });
      return ctx.services.rentals.history(input);
    }),
  forDevice: staffProcedure.input(z.object({ deviceId: idSchema })).query(({ ctx, input }) => ctx.services.rentals.forDevice(input.deviceId)),
  start: rentalEditor.input(rentalStartInput).mutation(({ ctx, input }) => {
    const started = ctx.services.rentals.start({ actor: ctx.actor }, input);
    return { rental: started.rental, device: started.device };
  }),
  end: rentalEditor.input(rentalEndInput).mutation(({ ctx, input }) => ctx.services.rentals.end({ actor: ctx.actor, reason: input.reason }, input)),
  modify: rentalChanger.input(rentalModifyInput).mutation(({ ctx, input }) => ctx.services.rentals.modify({ actor: ctx.actor, reason: input.summary }, input)),
  /**
   * The customer portal: the caller's own rentals, current and past, with what a customer may
   * know of each server (no rack, serial, management address or staff notes), and their events.
   */
  mine: allow('customer').query(({ ctx }) => {
    const customerId = scopeOf(ctx.actor, undefined)!;
    const { rentals, events } = ctx.services.rentals.history({ customerId });
    return { rentals: rentals.map((r) => portalRental(ctx.services, r)), events };
  }),
  /** Shows the root password to staff; audited with the reason given. */
  revealRootPassword: secretReader.input(revealInput).mutation(({ ctx, input }) =>
    ({ password: ctx.services.rentals.rootPasswords.reveal({ actor: ctx.actor, reason: input.reason }, input.id) })),
});

/**
 * A rental as its customer sees it. The server's specs and address only while the rental is
 * active: after it ends the machine (and its primary address) may be someone else's.
 */
function portalRental(services: Services, r: RentalRow) {
  const d = r.status === 'active' ? services.inventory.devices.find(r.deviceId) : null;
  return {
    id: r.id, status: r.status, startsAt: r.startsAt, endsAt: r.endsAt, endedAt: r.endedAt, endReason: r.endReason,
    plan: r.plan, monthlyPriceCents: r.monthlyPriceCents, currency: r.currency, committedMbps: r.committedMbps, ips: r.ips,
    deviceId: r.deviceId, serverName: r.deviceName, serverType: r.deviceType,
    server: d ? { os: d.os, cpu: d.specs.cpu, ramGb: d.specs.ramGb, storage: d.specs.storage, gpu: d.specs.gpu, primaryIp: d.primaryIp, status: d.status } : null,
  };
}
