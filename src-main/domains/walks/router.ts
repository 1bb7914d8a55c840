// The rack walk-through over tRPC: staff read, editors (admin, technician, provisioning) walk.
import {
  createWalkInput, markInput, photoInput, positionInput, rackNotesInput, scanInput, taskDoneInput, taskListInput, tickInput, walkIdInput, walkRackInput,
} from '../../../shared/schemas/walks';
import { editorProcedure, router, staffProcedure } from '../../core/trpc';

export const walksRouter = router({
  list: staffProcedure.query(({ ctx }) => ctx.services.walks.list()),
  get: staffProcedure.input(walkIdInput).query(({ ctx, input }) => ctx.services.walks.get(input.id)),
  plan: staffProcedure.input(walkRackInput).query(({ ctx, input }) => ctx.services.walks.plan(input.walkRackId)),
  create: editorProcedure.input(createWalkInput).mutation(({ ctx, input }) => ctx.services.walks.create({ actor: ctx.actor }, input)),
  scan: editorProcedure.input(scanInput).mutation(({ ctx, input }) => ctx.services.walks.scan({ actor: ctx.actor }, input)),
  mark: editorProcedure.input(markInput).mutation(({ ctx, input }) => ctx.services.walks.mark({ actor: ctx.actor }, input)),
  position: editorProcedure.input(positionInput).mutation(({ ctx, input }) => ctx.services.walks.setPosition({ actor: ctx.actor }, input.walkRackId, input.u)),
  tick: editorProcedure.input(tickInput).mutation(({ ctx, input }) => ctx.services.walks.tick({ actor: ctx.actor }, input.walkRackId, input.key, input.done)),
  notes: editorProcedure.input(rackNotesInput).mutation(({ ctx, input }) => ctx.services.walks.setNotes({ actor: ctx.actor }, input.walkRackId, input.notes)),
  addPhoto: editorProcedure.input(photoInput).mutation(({ ctx, input }) => ctx.services.walks.addPhoto({ actor: ctx.actor }, input.walkRackId, input.fileName)),
  finishRack: editorProcedure.input(walkRackInput).mutation(({ ctx, input }) => ctx.services.walks.finishRack({ actor: ctx.actor }, input.walkRackId)),
  reopenRack: editorProcedure.input(walkRackInput).mutation(({ ctx, input }) => ctx.services.walks.reopenRack({ actor: ctx.actor }, input.walkRackId)),
  finish: editorProcedure.input(walkIdInput).mutation(({ ctx, input }) => ctx.services.walks.finish({ actor: ctx.actor, reason: 'rack walk-through' }, input.id)),
  tasks: staffProcedure.input(taskListInput).query(({ ctx, input }) => ctx.services.walks.tasks(input.status, input.walkId)),
  taskDone: editorProcedure.input(taskDoneInput).mutation(({ ctx, input }) => ctx.services.walks.setTaskDone({ actor: ctx.actor }, input.id, input.done)),
});
