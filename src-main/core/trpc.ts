// The one tRPC init: `router` and the procedures every domain router builds on.
// Every procedure validates its input with zod and checks the caller's role here.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Role } from '../../shared/choices';
import type { Actor } from '../../shared/types';
import { NotFoundError } from '../store/repository';
import type { Services } from './services';
import { DomainError } from './errors';

export interface Context {
  services: Services;
  actor: Actor | null;
}

const CODE: Record<DomainError['code'], TRPCError['code']> = {
  invalid: 'BAD_REQUEST',
  conflict: 'CONFLICT',
  'not-found': 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  precondition: 'PRECONDITION_FAILED',
};

const t = initTRPC.context<Context>().create({
  // No stack traces or file paths in replies: a --host server answers browsers and customers.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // zod: { fieldErrors: { name: ['A name is required.'] } } for the form
        fieldErrors: cause instanceof ZodError ? fieldErrorsOf(cause) : null,
        field: cause instanceof DomainError ? (cause.field ?? null) : null,
      },
    };
  },
});

function fieldErrorsOf(err: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Domain errors become tRPC errors with the same message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: CODE[cause.code], message: cause.message, cause });
    if (cause instanceof NotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** A procedure that only the given roles may call. */
export function allow(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs one of the roles ${roles.join(', ')}; you are ${ctx.actor.role}.` });
    }
    return next();
  });
}

export const STAFF: Role[] = ['admin', 'technician', 'provisioning', 'billing', 'viewer'];
export const EDITORS: Role[] = ['admin', 'technician', 'provisioning'];
export const staffProcedure = allow(...STAFF);
export const editorProcedure = allow(...EDITORS);
export const adminProcedure = allow('admin');
