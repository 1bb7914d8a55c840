// Inputs of the staging QA procedures.
import { z } from 'zod';
import { idSchema, nameSchema } from './common';

export const checklistItemSchema = z.object({
  key: z.string().trim().min(1, 'Each item needs a key.').max(60).regex(/^[a-z0-9][a-z0-9-]*$/, 'Item keys are lowercase letters, digits and dashes.'),
  title: z.string().trim().min(1, 'Each item needs a title.').max(200),
  required: z.boolean().default(true),
  mode: z.enum(['manual', 'automatic']).default('manual'),
  check: z.string().trim().max(80).nullable().default(null),
  params: z.record(z.string(), z.unknown()).default({}),
  help: z.string().max(2000).default(''),
}).refine((i) => i.mode === 'manual' || (i.check !== null && i.check !== ''), { message: 'An automatic item needs the check it runs.', path: ['check'] });

const items = z.array(checklistItemSchema).min(1, 'A checklist needs at least one item.').max(200)
  .refine((xs) => new Set(xs.map((x) => x.key)).size === xs.length, { message: 'Item keys must be unique within a checklist.' });

export const templateInput = z.object({
  name: nameSchema,
  deviceTypes: z.array(z.enum(['server', 'vm'])).min(1, 'Say which device types the checklist is for.').default(['server']),
  items,
  isDefault: z.boolean().default(false),
});

export const templateUpdateInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  deviceTypes: z.array(z.enum(['server', 'vm'])).min(1).optional(),
  items: items.optional(),
  isDefault: z.boolean().optional(),
  /** What to do with open runs of older versions: keep their version (default) or move them to the new one. */
  openRuns: z.enum(['keep', 'upgrade']).default('keep'),
});

export const recordResultInput = z.object({
  runId: idSchema,
  itemKey: z.string().min(1).max(60),
  status: z.enum(['passed', 'failed', 'skipped', 'pending']),
  note: z.string().trim().max(5000).default(''),
  evidence: z.array(z.string().trim().min(1).max(1000)).max(50).default([]),
});

export const burnInInput = z.object({
  runId: idSchema,
  hours: z.number().min(0).max(10_000),
  passed: z.boolean(),
  tool: z.string().trim().max(80).default('manual'),
  output: z.string().max(100_000).default(''),
});

export type TemplateInput = z.input<typeof templateInput>;
