// Inputs of the sync procedures and the shape of an outbox entry before it is pushed:
// a malformed entry is refused here (and kept, with the reason) instead of reaching the server.
import { z } from 'zod';
import { idSchema } from './common';

export const HLC_PATTERN = /^\d{15}-[0-9a-z]{4}-[0-9a-zA-Z_-]{1,64}$/;

export const outboxEntrySchema = z.object({
  seq: z.number().int().positive(),
  table_name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'not a table name'),
  row_id: z.string().min(1).max(64),
  op: z.enum(['insert', 'update', 'delete']),
  hlc: z.string().regex(HLC_PATTERN, 'not a hybrid logical clock stamp'),
  fields: z.string().max(1_000_000, 'a change of more than 1 MB'),
});

export const pgUrlSchema = z.string().trim().min(1, 'Give the PostgreSQL URL.').max(2000)
  .regex(/^postgres(ql)?:\/\//, 'A PostgreSQL URL starts with postgresql://');

export const connectInput = z.object({
  url: pgUrlSchema,
  user: z.string().trim().max(63).optional(),
  password: z.string().max(1000).optional(),
});

export const migrateInput = z.object({
  url: pgUrlSchema,
  user: z.string().trim().min(1, 'The login that owns the database (it needs CREATEROLE).').max(63),
  password: z.string().min(1, 'Its password.').max(1000),
});

export const conflictListInput = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const resolveConflictInput = z.object({
  id: idSchema,
  choice: z.enum(['server', 'incoming']),
  note: z.string().max(1000).optional(),
});

export const rejectActionInput = z.object({ id: z.number().int().positive() });

export const STAFF_GROUPS = ['admin', 'technician', 'provisioning', 'billing', 'viewer'] as const;

export const pgLoginSchema = z.string().trim().regex(/^[a-z][a-z0-9._-]{1,40}$/, 'A login is 2–41 lowercase letters, digits, dots, dashes or underscores, starting with a letter.')
  .refine((s) => !s.startsWith('noc_'), 'Logins starting with noc_ are reserved for the group roles.');

export const addPgUserInput = z.object({
  login: pgLoginSchema,
  password: z.string().min(10, 'Passwords have at least 10 characters.').max(1000),
  role: z.enum([...STAFF_GROUPS, 'customer']),
  customerId: idSchema.nullable().default(null),
  fullName: z.string().trim().max(200).default(''),
}).refine((v) => (v.role === 'customer') === (v.customerId !== null), { message: 'A customer login needs its customer; staff logins have none.', path: ['customerId'] });

export const grantPgUserInput = z.object({ login: pgLoginSchema, role: z.enum(STAFF_GROUPS) });
export const enablePgUserInput = z.object({ login: pgLoginSchema, enabled: z.boolean() });
