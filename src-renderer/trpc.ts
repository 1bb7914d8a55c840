// The API client. Inside Electron it talks over the preload's IPC bridge, in a browser
// over WebSocket; nothing else in the renderer knows the difference.
import { createTRPCClient, createWSClient, TRPCClientError, wsLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '../src-main/core/router';
import type { IpcResponse, NocBridge } from '../shared/ipc';

declare global {
  interface Window { nocBridge?: NocBridge }
}

export function ipcLink(bridge: NocBridge): TRPCLink<AppRouter> {
  let nextId = 1;
  const pending = new Map<number, (r: IpcResponse) => void>();
  bridge.onMessage((r) => pending.get(r.id)?.(r));
  return () => ({ op }) =>
    observable((observer) => {
      const id = nextId++;
      pending.set(id, (r) => {
        switch (r.kind) {
          case 'result':
            observer.next({ result: { type: 'data', data: r.data } });
            observer.complete();
            pending.delete(id);
            break;
          case 'data':
            observer.next({ result: { type: 'data', data: r.data } });
            break;
          case 'complete':
            observer.complete();
            pending.delete(id);
            break;
          case 'error':
            observer.error(TRPCClientError.from({ error: r.error }));
            pending.delete(id);
            break;
        }
      });
      bridge.send({ id, kind: op.type, path: op.path, input: op.input });
      return () => {
        if (op.type === 'subscription' && pending.has(id)) bridge.send({ id, kind: 'stop' });
        pending.delete(id);
      };
    });
}

function wsUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/trpc-ws`;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';
const connectionListeners = new Set<(s: ConnectionState) => void>();
export function onConnectionState(fn: (s: ConnectionState) => void): () => void {
  connectionListeners.add(fn);
  return () => connectionListeners.delete(fn);
}
let lastState: ConnectionState = 'connecting';
const emitState = (s: ConnectionState) => {
  lastState = s;
  connectionListeners.forEach((fn) => fn(s));
};
/** The transport's state now (IPC is always open); listeners hear of later changes. */
export const getConnectionState = (): ConnectionState => lastState;

function createClient() {
  if (window.nocBridge) {
    lastState = 'open';
    return createTRPCClient<AppRouter>({ links: [ipcLink(window.nocBridge)] });
  }
  const client = createWSClient({
    url: wsUrl,
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 10_000),
    onOpen: () => emitState('open'),
    onClose: () => emitState('closed'),
  });
  return createTRPCClient<AppRouter>({ links: [wsLink({ client })] });
}

type Client = ReturnType<typeof createClient>;
let client: Client | null = null;
/**
 * The client is made on first use, not at import: the login page (shown before anyone may
 * connect) never opens a WebSocket the host would refuse.
 */
export const api: Client = new Proxy({} as Client, {
  get: (_target, key) => Reflect.get((client ??= createClient()), key) as unknown,
});
export const isDesktop = (): boolean => Boolean(window.nocBridge);
