// tRPC over Electron IPC: the messages between the renderer's link and the main process.
// The preload exposes exactly one object, `window.nocBridge`, that carries them.

export type IpcRequest =
  | { id: number; kind: 'query' | 'mutation' | 'subscription'; path: string; input: unknown }
  | { id: number; kind: 'stop' };

export type IpcResponse =
  | { id: number; kind: 'result'; data: unknown }
  | { id: number; kind: 'data'; data: unknown }
  | { id: number; kind: 'complete' }
  | { id: number; kind: 'error'; error: { message: string; code: number; data: unknown } };

export interface NocBridge {
  send(request: IpcRequest): void;
  onMessage(listener: (response: IpcResponse) => void): () => void;
}

export const IPC_CHANNEL = 'noc:trpc';
