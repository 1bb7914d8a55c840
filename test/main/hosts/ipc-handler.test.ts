// tRPC over IPC, main side, against a real core: queries, mutations, errors with their
// field, subscriptions that end when the window goes away.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResponse } from '../../../shared/ipc';
import { createIpcHandler, createIpcListener } from '../../../src-main/hosts/electron/ipc-handler';
import { actor, makeCore, type TestCore } from '../helpers';

let t: TestCore;
let handler: ReturnType<typeof createIpcHandler>;
beforeEach(() => {
  t = makeCore();
  handler = createIpcHandler({ router: t.core.router, createContext: () => t.core.createContext(actor('admin', 'desk')) });
});
afterEach(() => t.close());

function call(kind: 'query' | 'mutation', path: string, input: unknown): Promise<IpcResponse> {
  return new Promise((resolve) => void handler.handle(1, { id: 7, kind, path, input }, resolve));
}

describe('IPC handler', () => {
  it('answers queries and mutations', async () => {
    const created = await call('mutation', 'inventory.create', { name: 'srv-1', type: 'server' });
    expect(created).toMatchObject({ id: 7, kind: 'result', data: { name: 'srv-1', status: 'staging' } });
    const list = await call('query', 'inventory.list', {});
    expect(list.kind === 'result' && (list.data as { total: number }).total).toBe(1);
  });

  it('returns zod errors with the field they belong to', async () => {
    const r = await call('mutation', 'inventory.create', { name: '', type: 'server' });
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error.data).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { name: ['A name is required.'] } });
  });

  it('says when a procedure does not exist', async () => {
    const r = await call('query', 'inventory.nope', {});
    expect(r).toMatchObject({ kind: 'error', error: { data: { code: 'NOT_FOUND' } } });
    if (r.kind === 'error') expect(r.error.message).toMatch(/No procedure found on path/);
  });

  it('streams subscriptions and ends them when the sender goes away', async () => {
    const got: IpcResponse[] = [];
    void handler.handle(9, { id: 1, kind: 'subscription', path: 'system.changes', input: undefined }, (r) => got.push(r));
    await new Promise((r) => setTimeout(r, 10));
    expect(handler.activeSubscriptions(9)).toBe(1);
    t.core.services.inventory.create({ actor: actor('admin') }, { name: 'x', type: 'server', status: 'staging', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
    await new Promise((r) => setTimeout(r, 10));
    // a staging device also starts its staging run, which may arrive as its own batch
    expect(got.length).toBeGreaterThan(0);
    for (const r of got) expect(r).toMatchObject({ id: 1, kind: 'data' });
    expect(got.flatMap((r) => (r.kind === 'data' ? (r.data as Array<{ table: string; op: string }>) : []))).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'devices', op: 'insert' })]));
    handler.dropSender(9);
    await new Promise((r) => setTimeout(r, 10));
    expect(handler.activeSubscriptions(9)).toBe(0);
  });

  it('stops one subscription on request', async () => {
    void handler.handle(3, { id: 5, kind: 'subscription', path: 'system.changes', input: undefined }, () => undefined);
    await new Promise((r) => setTimeout(r, 10));
    void handler.handle(3, { id: 5, kind: 'stop' }, () => undefined);
    expect(handler.activeSubscriptions(3)).toBe(0);
  });
});

describe('IPC listener (what ipcMain calls)', () => {
  function event(frameUrl: string | null, topFrame = true) {
    const sent: unknown[] = [];
    const mainFrame = {};
    return {
      sent,
      ev: { sender: { id: 4, mainFrame, isDestroyed: () => false, send: (_channel: string, r: IpcResponse) => void sent.push(r) }, senderFrame: frameUrl === null ? null : topFrame ? Object.assign(mainFrame, { url: frameUrl }) : { url: frameUrl } },
    };
  }
  const request = { id: 2, kind: 'mutation', path: 'inventory.create', input: { name: 'via-ipc', type: 'server' } };
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const count = async () => (await t.caller().inventory.list({})).total;

  it('runs a request from the app top frame and answers it', async () => {
    const { ev, sent } = event('noc://app/index.html');
    createIpcListener(handler)(ev, request);
    await settle();
    expect(sent).toMatchObject([{ id: 2, kind: 'result', data: { name: 'via-ipc' } }]);
    expect(await count()).toBe(1);
  });

  it('drops messages from other origins, sub-frames, unknown frames and malformed requests, unanswered', async () => {
    for (const [url, top] of [['https://evil.example/', true], ['file:///tmp/x.html', true], ['noc://app/index.html', false], [null, true]] as const) {
      const { ev, sent } = event(url, top);
      createIpcListener(handler)(ev, request);
      await settle();
      expect(sent).toEqual([]);
    }
    const { ev, sent } = event('noc://app/index.html');
    createIpcListener(handler)(ev, { id: 'x', kind: 'mutation', path: 'inventory.create' });
    createIpcListener(handler)(ev, 'inventory.create');
    await settle();
    expect(sent).toEqual([]);
    expect(await count()).toBe(0);
  });
});
