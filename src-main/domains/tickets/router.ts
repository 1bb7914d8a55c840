// Tickets over the API. Staff work the queues; customers see and answer their own tickets
// (public messages only) and place orders on their own rentals.
import { z } from 'zod';
import { idSchema } from '../../../shared/schemas/common';
import { agentInput, alarmTicketInput, assignInput, ipRequestInput, queueInput, queueUpdateInput, replyInput, shiftInput, ticketInput, ticketListInput, ticketPriorityInput, ticketStatusInput, upgradeOrderInput } from '../../../shared/schemas/tickets';
import { forbidden, invalid } from '../../core/errors';
import { allow, router, staffProcedure } from '../../core/trpc';
import { staffOrCustomer } from '../customers/router';

const agent = allow('admin', 'technician', 'provisioning', 'billing');
const queueAdmin = allow('admin');

export const ticketsRouter = router({
  queues: staffProcedure.query(({ ctx }) => ctx.services.tickets.queues()),
  agents: staffProcedure.query(({ ctx }) => ctx.services.tickets.agents()),
  list: staffOrCustomer.input(ticketListInput).query(({ ctx, input }) => ctx.services.tickets.list(input, ctx.actor)),
  get: staffOrCustomer.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.tickets.get(input.id, ctx.actor)),
  create: staffOrCustomer.input(ticketInput).mutation(({ ctx, input }) => {
    if (ctx.actor.role === 'viewer') throw forbidden('Viewers cannot open tickets.');
    return ctx.services.tickets.create({ actor: ctx.actor }, input);
  }),
  reply: staffOrCustomer.input(replyInput).mutation(({ ctx, input }) => {
    if (ctx.actor.role === 'viewer') throw forbidden('Viewers cannot reply to tickets.');
    return ctx.services.tickets.reply({ actor: ctx.actor }, input);
  }),
  assign: agent.input(assignInput).mutation(({ ctx, input }) => ctx.services.tickets.assign({ actor: ctx.actor }, input)),
  setStatus: agent.input(ticketStatusInput).mutation(({ ctx, input }) => ctx.services.tickets.setStatus({ actor: ctx.actor }, input.id, input.status)),
  setPriority: agent.input(ticketPriorityInput).mutation(({ ctx, input }) => ctx.services.tickets.setPriority({ actor: ctx.actor }, input.id, input.priority)),
  history: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.tickets.repo.tickets.history(input.id)),
  /** One click from an alarm. */
  fromAlarm: agent.input(alarmTicketInput).mutation(({ ctx, input }) => {
    const alarm = ctx.services.tickets.alarmLookup(input.alarmId);
    if (!alarm) throw invalid(`No alarm ${input.alarmId} (it may have cleared and been archived).`, 'alarmId');
    return ctx.services.tickets.fromAlarm({ actor: ctx.actor }, alarm);
  }),
  orderUpgrade: staffOrCustomer.input(upgradeOrderInput).mutation(({ ctx, input }) => ctx.services.tickets.orderUpgrade({ actor: ctx.actor }, input)),
  requestIps: staffOrCustomer.input(ipRequestInput).mutation(({ ctx, input }) => ctx.services.tickets.requestIps({ actor: ctx.actor }, input)),
  createQueue: queueAdmin.input(queueInput).mutation(({ ctx, input }) => ctx.services.tickets.createQueue({ actor: ctx.actor }, input)),
  updateQueue: queueAdmin.input(queueUpdateInput).mutation(({ ctx, input }) => ctx.services.tickets.updateQueue({ actor: ctx.actor }, input)),
  addAgent: queueAdmin.input(agentInput).mutation(({ ctx, input }) => {
    const existing = ctx.services.tickets.repo.agentByName(input.name);
    return ctx.services.tickets.setShift({ actor: ctx.actor }, input.name, existing?.onShift ?? false, { displayName: input.displayName, email: input.email });
  }),
  /** Clock in/out: staff change their own shift; admins anyone's. */
  setShift: agent.input(shiftInput).mutation(({ ctx, input }) => {
    if (input.name !== ctx.actor.name && ctx.actor.role !== 'admin') throw forbidden('You can start or end only your own shift.');
    return ctx.services.tickets.setShift({ actor: ctx.actor }, input.name, input.onShift);
  }),
});
