// Helpers of the tests where several cores share one PostgreSQL (shared mode, issue 6).
import { rmSync } from 'node:fs';
import type { Core } from '../../src-main/core/create-core';

/** Polls fn (plain or async) until it gives something truthy; fails naming what it waited for. */
export async function until<T>(what: string, fn: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Whether this client's pollers hold a shard (the tests use one shard: every device). */
export const shardHeld = (c: { core: Core }): boolean => (c.core.services.sync.currentLeadership()?.ownedShards().length ?? 0) > 0;

/** Stops a client as the app does on exit (sync, pollers, BMC sessions), once, and removes its folder. */
export async function closeClient(c: { core: Core; dir: string; closed: boolean }): Promise<void> {
  if (c.closed) return;
  c.closed = true;
  await c.core.shutdown();
  rmSync(c.dir, { recursive: true, force: true });
}
