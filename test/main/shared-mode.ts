// Helpers of the tests where several cores share one PostgreSQL (shared mode, issue 6).
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
