// A terminal as the tests see it: the console.attach subscription through the router, its
// events collected, its output decoded, and a way to close it (as a browser tab would).
import { randomUUID } from 'node:crypto';
import type { ConsoleEvent, ConsoleStatus } from '../../../../shared/console';
import type { Actor } from '../../../../shared/types';
import type { TestCore } from '../../helpers';
import { waitFor } from '../bmc/setup';

export interface Terminal {
  watcherId: string;
  events: ConsoleEvent[];
  api: ReturnType<TestCore['caller']>;
  output(): string;
  status(): ConsoleStatus | null;
  notices(): string[];
  ended(): Extract<ConsoleEvent, { type: 'ended' }> | null;
  waitOutput(re: RegExp, ms?: number): Promise<void>;
  waitStatus(fn: (s: ConsoleStatus) => boolean, ms?: number): Promise<ConsoleStatus>;
  waitEnded(ms?: number): Promise<Extract<ConsoleEvent, { type: 'ended' }>>;
  close(): Promise<void>;
}

export async function attach(t: TestCore, who: Actor, deviceId: string, opts: { takeOver?: boolean; watchOnly?: boolean } = {}): Promise<Terminal> {
  const controller = new AbortController();
  const caller = t.core.router.createCaller(t.core.createContext(who), { signal: controller.signal });
  const watcherId = randomUUID();
  const events: ConsoleEvent[] = [];
  const stream = await caller.console.attach({ deviceId, watcherId, takeOver: opts.takeOver ?? false, watchOnly: opts.watchOnly ?? false });
  const done = (async () => {
    for await (const e of stream as AsyncIterable<ConsoleEvent>) events.push(e);
  })();
  const term: Terminal = {
    watcherId,
    events,
    api: t.caller(who),
    output: () => Buffer.concat(events.flatMap((e) => (e.type === 'data' ? [Buffer.from(e.data, 'base64')] : []))).toString('latin1'),
    status: () => [...events].reverse().find((e): e is Extract<ConsoleEvent, { type: 'status' }> => e.type === 'status')?.status ?? null,
    notices: () => events.flatMap((e) => (e.type === 'notice' ? [e.text] : [])),
    ended: () => events.find((e): e is Extract<ConsoleEvent, { type: 'ended' }> => e.type === 'ended') ?? null,
    waitOutput: async (re, ms = 10_000) => void (await waitFor(`output ${re}`, () => re.test(term.output()), ms)),
    waitStatus: (fn, ms = 10_000) => waitFor('console status', () => {
      const s = term.status();
      return s && fn(s) ? s : null;
    }, ms),
    waitEnded: (ms = 10_000) => waitFor('the console to end', () => term.ended(), ms),
    close: async () => {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
  return term;
}
