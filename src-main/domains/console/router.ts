// Consoles over the API: output as a subscription (one per open terminal), keystrokes and
// control as mutations, the console logs of a device.
import { z } from 'zod';
import type { ConsoleEvent } from '../../../shared/console';
import { consoleAttachInput, consoleLogInput, consoleLogsInput, consoleWatcherInput, consoleWriteInput } from '../../../shared/schemas/console';
import { idSchema } from '../../../shared/schemas/common';
import { eventStream } from '../../core/events';
import { allow, editorProcedure, router } from '../../core/trpc';

/** Who may watch consoles and read their logs: the floor and desk staff, not billing. */
const watcher = allow('admin', 'technician', 'provisioning', 'viewer');

export const consoleRouter = router({
  /** Joins (or opens) a server's console; ends after an 'ended' event. */
  attach: watcher.input(consoleAttachInput).subscription(async function* ({ ctx, input, signal }) {
    // a console's output must not be dropped: a generous queue for a slow client
    const events = eventStream<ConsoleEvent>((push) => ctx.services.consoles.attach(ctx.actor, input, push), signal, 20_000);
    for await (const e of events) {
      yield e;
      if (e.type === 'ended') return;
    }
  }),
  write: editorProcedure.input(consoleWriteInput).mutation(({ ctx, input }) => {
    ctx.services.consoles.write(ctx.actor, input);
    return { ok: true };
  }),
  sendBreak: editorProcedure.input(consoleWatcherInput).mutation(({ ctx, input }) => {
    ctx.services.consoles.sendBreak(ctx.actor, input);
    return { ok: true };
  }),
  resize: editorProcedure.input(consoleWatcherInput.extend({ cols: z.number().int().min(10).max(500), rows: z.number().int().min(2).max(200) })).mutation(({ ctx, input }) => {
    ctx.services.consoles.resize(ctx.actor, input);
    return { ok: true };
  }),
  takeControl: editorProcedure.input(consoleWatcherInput).mutation(({ ctx, input }) => ctx.services.consoles.takeControl(ctx.actor, input)),
  releaseControl: watcher.input(consoleWatcherInput).mutation(({ ctx, input }) => ctx.services.consoles.releaseControl(ctx.actor, input)),
  disconnect: editorProcedure.input(consoleWatcherInput).mutation(async ({ ctx, input }) => {
    await ctx.services.consoles.disconnect(ctx.actor, input);
    return { ok: true };
  }),
  status: watcher.input(z.object({ deviceId: idSchema })).query(({ ctx, input }) => ctx.services.consoles.status(input.deviceId)),
  active: watcher.query(({ ctx }) => ctx.services.consoles.active()),
  logs: watcher.input(consoleLogsInput).query(({ ctx, input }) => ctx.services.consoles.logs(input.deviceId, input.limit)),
  readLog: watcher.input(consoleLogInput).query(({ ctx, input }) => ctx.services.consoles.readLog(input.id)),
});
