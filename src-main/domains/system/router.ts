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
  changes: authedProcedure.subscription(({ ctx, signal }) => {
    const customer = ctx.actor.role === 'customer';
    return eventStream<ChangeEvent[]>((push) => ctx.services.store.onChange((events) => {
      if (!customer) return push(events);
      const seen = customerView(events);
      if (seen.length > 0) push(seen);
    }), signal);
  }),
  demoStatus: staffProcedure.query(({ ctx }) => ctx.services.demo.status()),
  loadDemo: adminProcedure.mutation(({ ctx }) => ctx.services.demo.load(ctx.actor)),
  removeDemo: adminProcedure.mutation(({ ctx }) => ctx.services.demo.remove(ctx.actor)),
  declineDemo: adminProcedure.mutation(({ ctx }) => ctx.services.demo.decline()),
});

/** The tables a customer's portal reads; whatever else changes is none of their business. */
const CUSTOMER_TABLES = new Set(['customers', 'customer_contacts', 'rentals', 'rental_events', 'tickets', 'ticket_messages', 'inbox_messages', 'announcements', 'cancellations']);

/**
 * A customer gets only which of their tables changed, without row ids: enough to refetch
 * (their queries are scoped to their account), nothing about other customers' rows.
 */
export function customerView(events: readonly ChangeEvent[]): ChangeEvent[] {
  const tables = new Map<string, ChangeEvent>();
  for (const e of events) if (CUSTOMER_TABLES.has(e.table) && !tables.has(e.table)) tables.set(e.table, { table: e.table, id: '', op: 'update' });
  return [...tables.values()];
}
