// Test helpers shared by every suite: a core over a real SQLite file in a temp dir,
// actors of each role, a FakeClock, and waiting until something is true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/choices';
import type { Actor } from '../../shared/types';
import { FakeClock } from '../../src-main/core/clock';
import { createCore, type Core, type CoreConfig } from '../../src-main/core/create-core';

export function actor(role: Role, name: string = role, customerId?: string): Actor {
  return { id: `test:${name}`, name, role, ...(customerId ? { customerId } : {}) };
}

export interface TestCore {
  core: Core;
  clock: FakeClock;
  dir: string;
  /** A tRPC caller acting as the given actor (admin by default). */
  caller(who?: Actor): ReturnType<Core['router']['createCaller']>;
  close(): void;
}

export function makeCore(config: Partial<CoreConfig> = {}): TestCore {
  const dir = mkdtempSync(join(tmpdir(), 'noc-test-'));
  const clock = new FakeClock();
  const core = createCore({ dataDir: dir, clock, ...config });
  return {
    core,
    clock,
    dir,
    caller: (who = actor('admin')) => core.router.createCaller(core.createContext(who)),
    close() {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
