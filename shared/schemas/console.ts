// Inputs of the console procedures.
import { z } from 'zod';
import { CONSOLE_WRITE_MAX } from '../console';
import { idSchema } from './common';

/** Made by each terminal (crypto.randomUUID()): identifies one open terminal, not a person. */
export const watcherIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'A watcher id is 8 to 64 letters, digits or dashes.');

export const consoleAttachInput = z.object({
  deviceId: idSchema,
  watcherId: watcherIdSchema,
  /** the BMC said SOL is active elsewhere and the user asked to take that session over */
  takeOver: z.boolean().default(false),
  /** only watch: never open a new console session for this attach */
  watchOnly: z.boolean().default(false),
});

export const consoleWatcherInput = z.object({ deviceId: idSchema, watcherId: watcherIdSchema });

export const consoleWriteInput = consoleWatcherInput.extend({
  data: z.string().min(1).max(CONSOLE_WRITE_MAX, `At most ${CONSOLE_WRITE_MAX} characters per write.`),
});

export const consoleLogsInput = z.object({ deviceId: idSchema, limit: z.number().int().min(1).max(500).default(50) });

export const consoleLogInput = z.object({ id: idSchema });
