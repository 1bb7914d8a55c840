// Alarm procedures: the active list, history with timelines, acknowledge (who + comment),
// snooze, maintenance windows, and the event stream other screens listen to.
import { z } from 'zod';
import { idSchema } from '../../shared/schemas/common';
import { ackInput, alarmListInput, externalAlarmInput, maintenanceInput, snoozeInput } from '../../shared/schemas/monitoring';
import { precondition } from '../core/errors';
import { eventStream } from '../core/events';
import { adminProcedure, editorProcedure, router, staffProcedure } from '../core/trpc';
import type { AlarmStreamEvent } from './service';

export const alarmsRouter = router({
  active: staffProcedure.query(({ ctx }) => ctx.services.alarms.active()),
  list: staffProcedure.input(alarmListInput).query(({ ctx, input }) => ctx.services.alarms.list(input)),
  timeline: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.alarms.timeline(input.id)),
  /** Any staff member at the wall may acknowledge: the NOC operator is often a viewer. */
  ack: staffProcedure.input(ackInput).mutation(({ ctx, input }) => ctx.services.alarms.ack(ctx.actor, input.id, input.comment, input.by)),
  snooze: staffProcedure.input(snoozeInput).mutation(({ ctx, input }) => ctx.services.alarms.snooze(ctx.actor, input.id, input.minutes)),
  windows: staffProcedure.query(({ ctx }) => ctx.services.alarms.windows()),
  addWindow: editorProcedure.input(maintenanceInput).mutation(({ ctx, input }) => ctx.services.alarms.addWindow({ actor: ctx.actor, reason: input.reason || undefined }, input)),
  removeWindow: editorProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.alarms.removeWindow({ actor: ctx.actor }, input.id)),
  /** For integrations and scripts: raise or clear an alarm of another source. */
  raise: adminProcedure.input(externalAlarmInput).mutation(({ ctx, input }) => {
    // shared mode: the engine of the client polling the device decides its alarms (engine I9); say so rather than drop it
    if (input.deviceId && !ctx.services.alarms.owns(input.deviceId)) {
      throw precondition('Another client of the shared database polls this device and decides its alarms: send this report to that client, or raise it without a device.', 'deviceId');
    }
    if (input.state === 'OK') {
      ctx.services.alarms.clear(input.key, input.message || 'cleared');
      return null;
    }
    return ctx.services.alarms.raise({ ...input, state: input.state });
  }),
  events: staffProcedure.subscription(({ ctx, signal }) => eventStream<AlarmStreamEvent>((push) => ctx.services.alarms.onView(push), signal)),
});
