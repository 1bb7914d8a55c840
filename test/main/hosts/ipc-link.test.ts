// The renderer's IPC link (src-renderer/trpc.ts) against the main process's IPC handler on a
// real core: only Electron's transport is replaced, by structured clones as IPC makes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../../src-main/core/router';
import type { IpcRequest, IpcResponse, NocBridge } from '../../../shared/ipc';
import { createIpcHandler } from '../../../src-main/hosts/electron/ipc-handler';
import { ipcLink } from '../../../src-renderer/trpc';
import { actor, makeCore, type TestCore } from '../helpers';

let t: TestCore;
let handler: ReturnType<typeof createIpcHandler>;
let api: ReturnType<typeof createTRPCClient<AppRouter>>;
const SENDER = 11;

beforeEach(() => {
  t = makeCore();
  handler = createIpcHandler({ router: t.core.router, createContext: () => t.core.createContext(actor('admin', 'desk')) });
  const listeners = new Set<(r: IpcResponse) => void>();
  const bridge: NocBridge = {
    send: (req: IpcRequest) => void handler.handle(SENDER, structuredClone(req), (r) => { for (const l of listeners) l(structuredClone(r)); }),
    onMessage: (l) => { listeners.add(l); return () => listeners.delete(l); },
  };
  api = createTRPCClient<AppRouter>({ links: [ipcLink(bridge)] });
});
afterEach(() => t.close());

describe('renderer IPC link ↔ main IPC handler', () => {
  it('runs queries and mutations of the same router', async () => {
    const created = await api.inventory.create.mutate({ name: 'ipc-srv', type: 'server' });
    expect(created).toMatchObject({ name: 'ipc-srv', status: 'staging' });
    const list = await api.inventory.list.query({});
    expect(list.rows.map((d) => d.name)).toEqual(['ipc-srv']);
    expect((await api.inventory.history.query({ id: created.id }))[0]).toMatchObject({ action: 'insert', actor: 'desk' });
  });

  it('brings zod errors back with their field, as a TRPCClientError', async () => {
    const err = await api.inventory.create.mutate({ name: '', type: 'server' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { name: ['A name is required.'] } });
  });

  it('streams a subscription and stops it on unsubscribe', async () => {
    const seen: string[] = [];
    const sub = api.system.changes.subscribe(undefined, { onData: (batch) => seen.push(...batch.map((e) => `${e.op}:${e.table}`)) });
    for (let i = 0; i < 50 && handler.activeSubscriptions(SENDER) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(handler.activeSubscriptions(SENDER)).toBe(1);
    // The handler counts the subscription before the core's stream listens: write until it hears.
    for (let i = 0; i < 20 && seen.length === 0; i++) {
      await api.inventory.create.mutate({ name: `live-${i}`, type: 'server' });
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toContain('insert:devices');
    sub.unsubscribe();
    for (let i = 0; i < 50 && handler.activeSubscriptions(SENDER) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(handler.activeSubscriptions(SENDER)).toBe(0);
  });
});
