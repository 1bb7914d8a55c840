import { z } from 'zod';
import { idSchema } from '../../../shared/schemas/common';
import { deviceInput, deviceListInput, deviceUpdateInput, setStatusInput } from '../../../shared/schemas/inventory';
import { editorProcedure, router, staffProcedure } from '../../core/trpc';

export const inventoryRouter = router({
  list: staffProcedure.input(deviceListInput).query(({ ctx, input }) => ctx.services.inventory.list(input)),
  get: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.inventory.get(input.id)),
  history: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.inventory.devices.history(input.id)),
  counts: staffProcedure.query(({ ctx }) => ctx.services.inventory.devices.countByStatus()),
  create: editorProcedure.input(deviceInput).mutation(({ ctx, input }) => ctx.services.inventory.create({ actor: ctx.actor }, input)),
  update: editorProcedure.input(deviceUpdateInput).mutation(({ ctx, input }) => ctx.services.inventory.update({ actor: ctx.actor }, input)),
  setStatus: editorProcedure.input(setStatusInput).mutation(({ ctx, input }) =>
    ctx.services.inventory.setStatus({ actor: ctx.actor, reason: input.reason }, input.id, input.status)),
  remove: editorProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.inventory.remove({ actor: ctx.actor }, input.id)),
});
