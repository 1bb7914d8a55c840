// Shared mode over tRPC: status (and a live stream of it for the status bar and the upload
// progress bar), connect / sync now, conflicts and refused changes, the schema for admins,
// and logins on the shared database.
import { z } from 'zod';
import {
  addPgUserInput, conflictListInput, connectInput, enablePgUserInput, grantPgUserInput, migrateInput, rejectActionInput, resolveConflictInput,
} from '../../../shared/schemas/sync';
import { DomainError, forbidden, invalid, precondition } from '../../core/errors';
import { eventStream } from '../../core/events';
import { adminProcedure, allow, router, staffProcedure } from '../../core/trpc';
import type { SyncStatus } from '../../sync/engine';
import { SyncError } from '../../sync/pg';
import { migrateWithLogin, schemaStatus } from './admin';

/** A SyncError becomes a domain error with the same sentence (the UI shows it as it is). */
async function sync<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError || !(err instanceof SyncError)) throw err;
    switch (err.code) {
      case 'bad-url':
        throw invalid(err.message, 'url');
      case 'auth':
        throw invalid(err.message, 'password');
      case 'forbidden':
        throw forbidden(err.message);
      default:
        throw precondition(err.message);
    }
  }
}

const RESOLVERS = allow('admin', 'technician', 'provisioning', 'billing');

export const syncRouter = router({
  status: staffProcedure.query(({ ctx }) => ctx.services.sync.status()),
  /** The status now, then each time it changes (state, counts, progress of an upload). */
  statusStream: staffProcedure.subscription(({ ctx, signal }) =>
    eventStream<SyncStatus>((push) => {
      push(ctx.services.sync.status());
      const offStatus = ctx.services.sync.onStatus(push);
      // local writes change the "waiting to be pushed" count
      const offChange = ctx.services.store.onChange(() => push(ctx.services.sync.status()));
      return () => {
        offStatus();
        offChange();
      };
    }, signal, 50)),
  connect: staffProcedure.input(connectInput).mutation(({ ctx, input }) =>
    sync(() => ctx.services.sync.connect(input.url, { user: input.user, password: input.password }))),
  disconnect: staffProcedure.mutation(async ({ ctx }) => {
    await ctx.services.sync.disconnect();
    return ctx.services.sync.status();
  }),
  syncNow: staffProcedure.mutation(({ ctx }) => sync(() => ctx.services.sync.syncNow())),

  conflicts: staffProcedure.input(conflictListInput).query(({ ctx, input }) => ctx.services.sync.listConflicts(input.status, input.limit)),
  resolveConflict: RESOLVERS.input(resolveConflictInput).mutation(({ ctx, input }) =>
    ctx.services.sync.resolveConflict({ actor: ctx.actor, reason: input.note }, input.id, input.choice)),
  rejects: staffProcedure.query(({ ctx }) => ctx.services.sync.listRejects()),
  retryReject: RESOLVERS.input(rejectActionInput).mutation(({ ctx, input }) => {
    ctx.services.sync.retryReject(input.id);
    return { ok: true };
  }),
  discardReject: RESOLVERS.input(rejectActionInput).mutation(({ ctx, input }) => sync(async () => {
    await ctx.services.sync.discardReject(input.id);
    return { ok: true };
  })),

  /** Admins: where the shared schema stands, and upgrading it (with the owner's login). */
  schema: adminProcedure.input(z.object({ url: connectInput.shape.url, user: z.string().max(63).optional(), password: z.string().max(1000).optional() }))
    .query(({ input }) => sync(() => schemaStatus(input.url, input.user, input.password))),
  migrate: adminProcedure.input(migrateInput).mutation(({ input }) => sync(() => migrateWithLogin(input.url, input.user, input.password))),

  users: adminProcedure.query(({ ctx }) => sync(() => ctx.services.sync.users())),
  addUser: adminProcedure.input(addPgUserInput).mutation(({ ctx, input }) => sync(async () => {
    await ctx.services.sync.addUser({ login: input.login, password: input.password, role: input.role, customerId: input.customerId, fullName: input.fullName });
    return { ok: true };
  })),
  grant: adminProcedure.input(grantPgUserInput).mutation(({ ctx, input }) => sync(async () => {
    await ctx.services.sync.grant(input.login, input.role);
    return { ok: true };
  })),
  setEnabled: adminProcedure.input(enablePgUserInput).mutation(({ ctx, input }) => sync(async () => {
    await ctx.services.sync.setEnabled(input.login, input.enabled);
    return { ok: true };
  })),
});
