// BMCs over the API: configuration (secrets in, never out), the drawer's Hardware section,
// power and boot actions (editors, audited). No procedure returns a BMC password: what the
// renderer gets over IPC or the WebSocket never carries one (issue 4 part 7).
import { z } from 'zod';
import { bmcSetInput, bootDeviceInput, deviceIdInput, powerInput } from '../../../shared/schemas/bmc';
import { editorProcedure, router, staffProcedure } from '../../core/trpc';

export const bmcRouter = router({
  get: staffProcedure.input(deviceIdInput).query(({ ctx, input }) => ctx.services.bmc.get(input.deviceId)),
  list: staffProcedure.query(({ ctx }) => ctx.services.bmc.list()),
  set: editorProcedure.input(bmcSetInput).mutation(({ ctx, input }) => ctx.services.bmc.set({ actor: ctx.actor }, input)),
  remove: editorProcedure.input(deviceIdInput).mutation(({ ctx, input }) => ctx.services.bmc.remove({ actor: ctx.actor }, input.deviceId)),
  hardware: staffProcedure.input(deviceIdInput).query(({ ctx, input }) => ctx.services.bmc.hardware(input.deviceId)),
  /** Polls power, sensors and SEL now (the Refresh button), then returns what the drawer shows. */
  refresh: staffProcedure.input(deviceIdInput).mutation(async ({ ctx, input }) => {
    ctx.services.bmc.requireConfig(input.deviceId);
    await ctx.services.bmc.pollNow(input.deviceId);
    return ctx.services.bmc.hardware(input.deviceId);
  }),
  power: editorProcedure.input(powerInput).mutation(({ ctx, input }) => ctx.services.bmc.power({ actor: ctx.actor }, input)),
  bootDevice: editorProcedure.input(bootDeviceInput).mutation(({ ctx, input }) => ctx.services.bmc.bootDevice({ actor: ctx.actor }, input)),
  selClear: editorProcedure.input(deviceIdInput.extend({ reason: z.string().trim().max(1000).default('') })).mutation(({ ctx, input }) =>
    ctx.services.bmc.selClear({ actor: ctx.actor }, input.deviceId, input.reason)),
});
