// The app itself: who am I, the store, live change events, the demo lab.
import type { ChangeEvent } from '../../../shared/types';
import { eventStream } from '../../core/events';
import { adminProcedure, authedProcedure, publicProcedure, router, staffProcedure } from '../../core/trpc';

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) => ({ ok: true, time: new Date(ctx.services.clock.now()).toISOString() })),
  whoami: publicProcedure.query(({ ctx }) => ctx.actor),
  info: staffProcedure.query(({ ctx }) => ({
    outboxPending: ctx.services.store.outboxPending(),
    demo: ctx.services.demo.status(),
    mode: ctx.services.sync.mode(),
  })),
  /** Batches of changed ids, after each commit; clients refetch what they show. */
  changes: authedProcedure.subscription(({ ctx, signal }) =>
    eventStream<ChangeEvent[]>((push) => ctx.services.store.onChange(push), signal)),
  demoStatus: staffProcedure.query(({ ctx }) => ctx.services.demo.status()),
  loadDemo: adminProcedure.mutation(({ ctx }) => ctx.services.demo.load(ctx.actor)),
  removeDemo: adminProcedure.mutation(({ ctx }) => ctx.services.demo.remove(ctx.actor)),
});
