// Turns a callback subscription into an async iterable for tRPC subscriptions; ends
// (and unsubscribes) when the client goes away. Bounded: a client that does not read
// loses the oldest batches, never the process's memory.
export async function* eventStream<T>(subscribe: (push: (value: T) => void) => () => void, signal: AbortSignal | undefined, maxQueue = 1000): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((value) => {
    queue.push(value);
    if (queue.length > maxQueue) queue.shift();
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      while (queue.length > 0) yield queue.shift()!;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
