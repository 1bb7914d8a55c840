// tRPC over IPC, main side: pure (no electron import), so it is tested under plain Node.
// Every message's sender is checked by the caller first; subscriptions are tracked per
// sender and end when its window closes or navigates.
import { getErrorShape, TRPCError, type AnyTRPCRouter } from '@trpc/server';
import { isAsyncIterable } from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';
import { IPC_CHANNEL, type IpcRequest, type IpcResponse } from '../../../shared/ipc';
import { isTrustedSender } from './security';

export interface IpcHandlerOptions<Ctx> {
  router: AnyTRPCRouter;
  createContext: () => Ctx;
}

type Reply = (response: IpcResponse) => void;

export function createIpcHandler<Ctx extends object>({ router, createContext }: IpcHandlerOptions<Ctx>) {
  const subscriptions = new Map<number, Map<number, AbortController>>();

  function errorResponse(id: number, err: unknown, path: string, type: 'query' | 'mutation' | 'subscription', input: unknown, ctx: Ctx): IpcResponse {
    const error = err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err), cause: err });
    const shape = getErrorShape({ config: router._def._config, error, type, path, input, ctx });
    return { id, kind: 'error', error: shape as { message: string; code: number; data: unknown } };
  }

  async function handle(senderId: number, req: IpcRequest, reply: Reply): Promise<void> {
    if (req.kind === 'stop') {
      subscriptions.get(senderId)?.get(req.id)?.abort();
      subscriptions.get(senderId)?.delete(req.id);
      return;
    }
    const ctx = createContext();
    const abort = new AbortController();
    const caller = router.createCaller(ctx, { signal: abort.signal });
    let target: unknown = caller;
    for (const s of req.path.split('.')) target = (target as Record<string, unknown> | undefined)?.[s];
    if (typeof target !== 'function') {
      reply(errorResponse(req.id, new TRPCError({ code: 'NOT_FOUND', message: `No procedure ${req.path}.` }), req.path, req.kind, req.input, ctx));
      return;
    }
    try {
      if (req.kind !== 'subscription') {
        const data = await (target as (input: unknown) => Promise<unknown>)(req.input);
        reply({ id: req.id, kind: 'result', data });
        return;
      }
      let perSender = subscriptions.get(senderId);
      if (!perSender) subscriptions.set(senderId, (perSender = new Map()));
      perSender.set(req.id, abort);
      const iterable = await (target as (input: unknown) => Promise<unknown>)(req.input);
      if (!isAsyncIterable(iterable)) throw new Error(`${req.path} did not return a stream`);
      for await (const value of iterable) {
        if (abort.signal.aborted) break;
        reply({ id: req.id, kind: 'data', data: value });
      }
      perSender.delete(req.id);
      if (!abort.signal.aborted) reply({ id: req.id, kind: 'complete' });
    } catch (err) {
      reply(errorResponse(req.id, err, req.path, req.kind, req.input, ctx));
    }
  }

  /** The window went away (closed, crashed, navigated): end its subscriptions. */
  function dropSender(senderId: number): void {
    for (const abort of subscriptions.get(senderId)?.values() ?? []) abort.abort();
    subscriptions.delete(senderId);
  }

  return { handle, dropSender, activeSubscriptions: (senderId: number) => subscriptions.get(senderId)?.size ?? 0 };
}

/** What the listener needs of Electron's IpcMainEvent (a structural type: no electron import). */
export interface IpcEventLike {
  sender: { id: number; mainFrame: unknown; isDestroyed(): boolean; send(channel: string, response: IpcResponse): void };
  senderFrame: { url: string } | null | undefined;
}

const ipcRequest = z.union([
  z.object({ id: z.number().int(), kind: z.enum(['query', 'mutation', 'subscription']), path: z.string().min(1).max(200), input: z.unknown() }),
  z.object({ id: z.number().int(), kind: z.literal('stop') }),
]);

/**
 * The ipcMain listener: a message from anything but the app's own top frame, or one that
 * is not a tRPC request, is dropped unanswered; replies go only to a live sender.
 */
export function createIpcListener(handler: ReturnType<typeof createIpcHandler>) {
  return (event: IpcEventLike, request: unknown): void => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) return;
    const parsed = ipcRequest.safeParse(request);
    if (!parsed.success) return;
    void handler.handle(event.sender.id, parsed.data as IpcRequest, (response) => {
      if (!event.sender.isDestroyed()) event.sender.send(IPC_CHANNEL, response);
    });
  };
}
