import { z } from 'zod';
import { rackInput, roomInput, siteInput } from '../../../shared/schemas/inventory';
import { idSchema } from '../../../shared/schemas/common';
import { editorProcedure, router, staffProcedure } from '../../core/trpc';
import { addRackInput } from './schema';

export const racksRouter = router({
  tree: staffProcedure.query(({ ctx }) => ctx.services.racks.tree()),
  elevation: staffProcedure.input(z.object({ rackId: idSchema })).query(({ ctx, input }) => ctx.services.racks.elevation(input.rackId)),
  createSite: editorProcedure.input(siteInput).mutation(({ ctx, input }) => ctx.services.racks.createSite({ actor: ctx.actor }, input)),
  createRoom: editorProcedure.input(roomInput).mutation(({ ctx, input }) => ctx.services.racks.createRoom({ actor: ctx.actor }, input)),
  createRack: editorProcedure.input(rackInput).mutation(({ ctx, input }) => ctx.services.racks.createRack({ actor: ctx.actor }, input)),
  addRack: editorProcedure.input(addRackInput).mutation(({ ctx, input }) => ctx.services.racks.addRack({ actor: ctx.actor }, input)),
});
