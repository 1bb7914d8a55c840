// Inputs of the notifications procedures.
import { z } from 'zod';
import { MESSAGE_CATEGORY_VALUES } from '../notifications';
import { idSchema, pageSchema, reasonSchema } from './common';

export const inboxListInput = pageSchema.extend({ category: z.enum(MESSAGE_CATEGORY_VALUES).optional(), unreadOnly: z.boolean().default(false) });

export const announcementInput = z.object({
  title: z.string().trim().min(3, 'A title has at least 3 characters.').max(200),
  body: z.string().trim().min(1, 'Write the announcement.').max(20_000),
  /** null: every customer that is not Inactive. */
  customerIds: z.array(idSchema).min(1, 'Choose at least one customer, or send to all.').max(100_000).nullable().default(null),
  email: z.boolean().default(true),
});

export const mailSettingsInput = z.object({
  host: z.string().trim().min(1, 'Which SMTP server?').max(255),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  user: z.string().max(255).default(''),
  password: z.string().max(255).optional(),
  from: z.string().trim().min(3).max(255),
  /** The address customers reach the app's links at (https://noc.example.com). */
  publicUrl: z.string().trim().url('The public URL must be a full URL, e.g. https://noc.example.com.').max(500),
  staffEmails: z.array(z.string().trim().toLowerCase().pipe(z.email({ message: 'Not a valid e-mail address.' }))).max(50).default([]),
});

export const mailListInput = pageSchema.extend({ status: z.array(z.enum(['queued', 'sending', 'retrying', 'sent', 'failed'])).optional() });

export const cancellationInput = z.object({
  customerId: idSchema,
  /** null: all of the customer's services. */
  rentalIds: z.array(idSchema).min(1, 'Choose the services to cancel, or cancel all.').nullable().default(null),
  reason: reasonSchema,
  endPath: z.enum(['wipe', 'available']).default('wipe'),
});

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month is written YYYY-MM.');
export const overageInput = z.object({ month: monthSchema, email: z.boolean().default(false) });
