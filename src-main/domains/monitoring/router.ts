// Monitoring procedures: the "add a switch" form, devices' polling settings, checks,
// interfaces and their links, port groups, graphs, servers' resource use, and the wall feed.
// Credentials go in, never out: views say only whether a secret is set.
import { z } from 'zod';
import type { InterfaceGraph } from '../../../shared/monitoring-types';
import { idSchema } from '../../../shared/schemas/common';
import { checkInput, checkUpdateInput, credentialGroupInput, graphInput, interfaceUpdateInput, monitorAddInput, monitorUpdateInput, portGroupInput } from '../../../shared/schemas/monitoring';
import type { WallMessage } from '../../../shared/monitoring-types';
import { eventStream } from '../../core/events';
import { adminProcedure, editorProcedure, router, staffProcedure } from '../../core/trpc';

const byDevice = z.object({ deviceId: idSchema });

export const monitoringRouter = router({
  list: staffProcedure.query(({ ctx }) => ctx.services.monitoring.list()),
  detail: staffProcedure.input(byDevice).query(({ ctx, input }) => ctx.services.monitoring.detail(input.deviceId)),
  add: editorProcedure.input(monitorAddInput).mutation(({ ctx, input }) => ctx.services.monitoring.add({ actor: ctx.actor }, input)),
  update: editorProcedure.input(monitorUpdateInput).mutation(({ ctx, input }) => ctx.services.monitoring.update({ actor: ctx.actor }, input)),
  remove: editorProcedure.input(byDevice).mutation(({ ctx, input }) => ctx.services.monitoring.remove({ actor: ctx.actor }, input.deviceId)),
  pollNow: editorProcedure.input(byDevice).mutation(async ({ ctx, input }) => {
    await ctx.services.pollers.pollNow(input.deviceId);
    return ctx.services.pollers.liveState(input.deviceId);
  }),
  status: staffProcedure.query(({ ctx }) => ctx.services.pollers.status()),

  credentials: staffProcedure.query(({ ctx }) => ctx.services.monitoring.credentials()),
  createCredentialGroup: adminProcedure.input(credentialGroupInput).mutation(({ ctx, input }) => ctx.services.monitoring.createCredentialGroup({ actor: ctx.actor }, input)),
  removeCredentialGroup: adminProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.monitoring.removeCredentialGroup({ actor: ctx.actor }, input.id)),

  addCheck: editorProcedure.input(checkInput).mutation(({ ctx, input }) => ctx.services.monitoring.addCheck({ actor: ctx.actor }, input)),
  updateCheck: editorProcedure.input(checkUpdateInput).mutation(({ ctx, input }) => ctx.services.monitoring.updateCheck({ actor: ctx.actor }, input)),
  removeCheck: editorProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.monitoring.removeCheck({ actor: ctx.actor }, input.id)),

  updateInterface: editorProcedure.input(interfaceUpdateInput).mutation(({ ctx, input }) => ctx.services.monitoring.updateInterface({ actor: ctx.actor }, input)),
  portGroups: staffProcedure.query(({ ctx }) => ctx.services.monitoring.repo.allPortGroups()),
  createPortGroup: editorProcedure.input(portGroupInput).mutation(({ ctx, input }) => ctx.services.monitoring.createPortGroup({ actor: ctx.actor }, input)),
  removePortGroup: editorProcedure.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.monitoring.removePortGroup({ actor: ctx.actor }, input.id)),

  /** Bandwidth graph of a port, day/week/month/year, with its commit and this month's 95th percentile. */
  graph: staffProcedure.input(graphInput).query(({ ctx, input }): InterfaceGraph => {
    const i = ctx.services.monitoring.repo.interfaces.find(input.interfaceId);
    const key = `if:${input.interfaceId}`;
    const cols = ctx.services.metrics.graph(key, input.range);
    const p95 = ctx.services.metrics.p95(key);
    return {
      interfaceId: input.interfaceId, range: input.range, resolutionS: cols?.resolutionS ?? 60,
      t: cols?.t ?? [], inBps: cols?.a ?? [], outBps: cols?.b ?? [], inMaxBps: cols?.amax ?? [], outMaxBps: cols?.bmax ?? [],
      committedBps: i?.committedMbps ? i.committedMbps * 1e6 : null, p95Bps: p95?.bps ?? null,
    };
  }),
  /** A port's monthly 95th percentile (billing). */
  p95: staffProcedure.input(z.object({ interfaceId: idSchema, month: z.string().regex(/^\d{4}-\d{2}$/, 'A month is YYYY-MM.').optional() }))
    .query(({ ctx, input }) => ctx.services.metrics.p95(`if:${input.interfaceId}`, input.month)),
  /** Servers over- or under-utilised for a week, across the fleet (most flags first, then by name). */
  flagged: staffProcedure.query(({ ctx }) => ctx.services.metrics.flaggedDevices()
    .map((d) => ({ ...d, name: ctx.services.inventory.devices.find(d.deviceId)?.name ?? null }))
    .filter((d): d is typeof d & { name: string } => d.name !== null) // a deleted device's old series
    .sort((a, b) => b.flags.length - a.flags.length || a.name.localeCompare(b.name))),
  resources: staffProcedure.input(byDevice).query(({ ctx, input }) => ctx.services.pollers.resourceUse(input.deviceId)),
  live: staffProcedure.input(byDevice).query(({ ctx, input }) => {
    const lv = ctx.services.pollers.live.peek(input.deviceId);
    return {
      state: ctx.services.pollers.liveState(input.deviceId),
      sysName: lv?.sysName ?? null, sysDescr: lv?.sysDescr ?? null, uptimeTicks: lv?.uptimeTicks ?? null,
      interfaces: lv ? [...lv.interfaces.entries()].map(([ifIndex, i]) => ({ ifIndex, ...i })) : [],
    };
  }),

  wallSnapshot: staffProcedure.query(({ ctx }) => ctx.services.wall.snapshot()),
  /** The wall: a snapshot, then deltas pushed as they happen (no reload). */
  wall: staffProcedure.subscription(({ ctx, signal }) => eventStream<WallMessage>((push) => ctx.services.wall.subscribe(push), signal)),
});
