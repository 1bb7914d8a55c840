// Inputs of the tickets procedures.
import { z } from 'zod';
import { TICKET_KIND_VALUES, TICKET_PRIORITY_VALUES, TICKET_STATUS_VALUES } from '../tickets';
import { idSchema, nameSchema, pageSchema } from './common';

const minutes = z.number().int().min(1, 'SLA targets are at least 1 minute.').max(365 * 24 * 60);
const perPriority = z.object({ low: minutes, normal: minutes, high: minutes, urgent: minutes });
export const slaSchema = z.object({ firstResponse: perPriority, resolution: perPriority, warnAt: z.number().min(0.1).max(0.99).default(0.75) });

const userName = z.string().trim().min(1).max(80);

export const queueInput = z.object({
  key: z.string().trim().min(2, 'A queue key has 2 to 30 characters.').max(30).regex(/^[a-z0-9-]+$/, 'Lowercase letters, digits and dashes only.'),
  name: nameSchema,
  members: z.array(userName).max(200).default([]),
  roundRobin: z.boolean().default(true),
  sla: slaSchema.optional(),
});
export const queueUpdateInput = z.object({
  id: idSchema,
  patch: z.object({ name: nameSchema, members: z.array(userName).max(200), roundRobin: z.boolean(), sla: slaSchema }).partial(),
});

export const agentInput = z.object({ name: userName, displayName: z.string().trim().max(120).default(''), email: z.union([z.literal(''), z.string().trim().toLowerCase().pipe(z.email({ message: 'Not a valid e-mail address.' }))]).default('') });
export const shiftInput = z.object({ name: userName, onShift: z.boolean() });

const linkSchema = z.object({ kind: z.enum(['device', 'address', 'alarm', 'rental']), ref: z.string().trim().min(1).max(200), label: z.string().trim().max(200).default('') });

export const ticketInput = z.object({
  queue: z.string().trim().min(1, 'Choose a queue.').max(64),
  customerId: idSchema.nullable().default(null),
  deviceId: idSchema.nullable().default(null),
  subject: z.string().trim().min(3, 'A subject has at least 3 characters.').max(200),
  body: z.string().trim().min(1, 'Describe the request.').max(50_000),
  priority: z.enum(TICKET_PRIORITY_VALUES).default('normal'),
  kind: z.enum(TICKET_KIND_VALUES).default('general'),
  links: z.array(linkSchema).max(50).default([]),
  /** A person of the queue; null lets round-robin choose (when the queue uses it). */
  assignee: userName.nullable().default(null),
});

export const ticketListInput = pageSchema.extend({
  queue: z.string().max(64).optional(),
  status: z.array(z.enum(TICKET_STATUS_VALUES)).optional(),
  open: z.boolean().optional(),
  assignee: z.string().max(80).optional(),
  customerId: idSchema.optional(),
  deviceId: idSchema.optional(),
  text: z.string().trim().max(200).optional(),
  sort: z.enum(['number', 'priority', 'due', 'updatedAt']).default('number'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});

export const replyInput = z.object({ id: idSchema, body: z.string().trim().min(1, 'Write something first.').max(50_000), internal: z.boolean().default(false) });
export const assignInput = z.object({ id: idSchema, assignee: userName.nullable() });
export const ticketStatusInput = z.object({ id: idSchema, status: z.enum(TICKET_STATUS_VALUES) });
export const ticketPriorityInput = z.object({ id: idSchema, priority: z.enum(TICKET_PRIORITY_VALUES) });

export const upgradeOrderInput = z.object({ rentalId: idSchema, description: z.string().trim().min(3, 'Say what upgrade is wanted.').max(5000) });
export const ipRequestInput = z.object({
  rentalId: idSchema,
  count: z.number().int().min(1).max(256),
  family: z.enum(['ipv4', 'ipv6']).default('ipv4'),
  justification: z.string().trim().min(20, 'ARIN needs a justification: say what the addresses are for (at least 20 characters).').max(5000),
});

export const alarmTicketInput = z.object({ alarmId: z.string().trim().min(1).max(100) });
