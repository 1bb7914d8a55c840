// Staging QA over the API: the board, a server's checklist, results, templates.
import { z } from 'zod';
import { idSchema } from '../../../shared/schemas/common';
import { burnInInput, recordResultInput, templateInput, templateUpdateInput } from '../../../shared/schemas/staging';
import { allow, router, staffProcedure } from '../../core/trpc';

/** Technicians do QA on the floor; provisioning and admins too. */
const qaWorker = allow('admin', 'technician', 'provisioning');
const templateEditor = allow('admin', 'technician');

export const stagingRouter = router({
  board: staffProcedure.query(({ ctx }) => ctx.services.staging.board()),
  view: staffProcedure.input(z.object({ deviceId: idSchema })).query(({ ctx, input }) => ctx.services.staging.view(input.deviceId)),
  runs: staffProcedure.input(z.object({ deviceId: idSchema })).query(({ ctx, input }) => ctx.services.staging.repo.runsOf(input.deviceId)),
  checkKinds: staffProcedure.query(({ ctx }) => ctx.services.staging.checks.list()),
  templates: staffProcedure.query(({ ctx }) => ctx.services.staging.templates()),
  /** Opens (or continues) the server's QA run. */
  open: qaWorker.input(z.object({ deviceId: idSchema })).mutation(({ ctx, input }) => {
    ctx.services.staging.ensureRun({ actor: ctx.actor }, input.deviceId);
    return ctx.services.staging.view(input.deviceId);
  }),
  record: qaWorker.input(recordResultInput).mutation(({ ctx, input }) => ctx.services.staging.record({ actor: ctx.actor }, input)),
  burnIn: qaWorker.input(burnInInput).mutation(({ ctx, input }) => ctx.services.staging.recordBurnIn({ actor: ctx.actor }, input)),
  importBurnIn: qaWorker.input(z.object({
    runId: idSchema,
    output: z.string().trim().min(1, 'The log is empty.').max(100_000, 'A burn-in log of more than 100,000 characters: import its last part (the summary is at the end).'),
  })).mutation(({ ctx, input }) => ctx.services.staging.importBurnIn({ actor: ctx.actor }, input.runId, input.output)),
  runAutomatic: qaWorker.input(z.object({ runId: idSchema })).mutation(({ ctx, input, signal }) => ctx.services.staging.runAutomatic({ actor: ctx.actor }, input.runId, signal)),
  /** Staging → Available, through the QA gate. */
  release: qaWorker.input(z.object({ deviceId: idSchema, reason: z.string().trim().max(1000).default('QA passed') })).mutation(({ ctx, input }) =>
    ctx.services.staging.release({ actor: ctx.actor, reason: input.reason }, input.deviceId)),
  createTemplate: templateEditor.input(templateInput).mutation(({ ctx, input }) => ctx.services.staging.createTemplate({ actor: ctx.actor }, input)),
  updateTemplate: templateEditor.input(templateUpdateInput).mutation(({ ctx, input }) => ctx.services.staging.updateTemplate({ actor: ctx.actor }, input)),
  removeTemplate: templateEditor.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.staging.removeTemplate({ actor: ctx.actor }, input.id)),
});
