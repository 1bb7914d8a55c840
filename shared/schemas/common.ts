import { z } from 'zod';

export const idSchema = z.string().min(1, 'An id is required.').max(64);
export const reasonSchema = z.string().trim().min(3, 'Say why, in a few words (at least 3 characters).').max(1000);
export const nameSchema = z.string().trim().min(1, 'A name is required.').max(120, 'Keep names under 120 characters.');

export const pageSchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
