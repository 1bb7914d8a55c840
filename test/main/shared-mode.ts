// Helpers of the tests where several cores share one PostgreSQL (shared mode, issue 6).
import { rmSync } from 'node:fs';
import type { Core } from '../../src-main/core/create-core';

/** Whether this client's pollers hold a shard (the tests use one shard: every device). */
export const shardHeld = (c: { core: Core }): boolean => (c.core.services.sync.currentLeadership()?.ownedShards().length ?? 0) > 0;

/** Stops a client as the app does on exit (sync, pollers, BMC sessions), once, and removes its folder. */
export async function closeClient(c: { core: Core; dir: string; closed: boolean }): Promise<void> {
  if (c.closed) return;
  c.closed = true;
  await c.core.shutdown();
  rmSync(c.dir, { recursive: true, force: true });
}
