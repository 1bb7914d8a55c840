// Inputs of the rentals procedures.
import { z } from 'zod';
import { CURRENCIES, END_PATH_VALUES, MODIFICATION_KIND_VALUES } from '../rentals';
import { idSchema, pageSchema, reasonSchema } from './common';

export const isoDate = z.string().trim().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), 'Not a date (expected YYYY-MM-DD or an ISO date-time).');
const ip = z.string().trim().max(49).regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'Not an IP address or prefix.');

export const rentalStartInput = z.object({
  customerId: idSchema,
  deviceId: idSchema,
  /** Default: now. */
  startsAt: isoDate.optional(),
  endsAt: isoDate.nullable().default(null),
  plan: z.string().trim().max(120).default(''),
  monthlyPrice: z.number().min(0, 'A price cannot be negative.').max(10_000_000).default(0),
  currency: z.enum(CURRENCIES).default('USD'),
  committedMbps: z.number().int('Committed bandwidth is a whole number of Mbps.').min(0).max(1_000_000).default(0),
  ips: z.array(ip).max(256).default([]),
  /** Root password to hand over; generated when empty. Never returned, never e-mailed. */
  rootPassword: z.string().max(200).optional(),
  sendWelcome: z.boolean().default(true),
}).refine((v) => !v.endsAt || !v.startsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), { message: 'The end date must be after the start date.', path: ['endsAt'] });

export const rentalEndInput = z.object({
  id: idSchema,
  path: z.enum(END_PATH_VALUES),
  reason: reasonSchema,
  /** Default: now. */
  endedAt: isoDate.optional(),
});

export const rentalModifyInput = z.object({
  id: idSchema,
  kind: z.enum(MODIFICATION_KIND_VALUES),
  summary: z.string().trim().min(3, 'Say what changed, in a few words.').max(1000),
  plan: z.string().trim().max(120).optional(),
  monthlyPrice: z.number().min(0).max(10_000_000).optional(),
  committedMbps: z.number().int().min(0).max(1_000_000).optional(),
  addIps: z.array(ip).max(256).default([]),
  removeIps: z.array(ip).max(256).default([]),
  endsAt: isoDate.nullable().optional(),
});

export const rentalListInput = pageSchema.extend({
  customerId: idSchema.optional(),
  deviceId: idSchema.optional(),
  status: z.enum(['active', 'ended']).optional(),
  text: z.string().trim().max(200).optional(),
});

export const revealInput = z.object({ id: idSchema, reason: reasonSchema });

export type RentalStartInput = z.input<typeof rentalStartInput>;
