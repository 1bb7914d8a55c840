// Data for the business views: one query, refetched when the tables it reads change
// (the core's change feed, one subscription for all views, bursts batched).
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppRouter } from '../../../src-main/core/router';
import type { ChangeEvent } from '../../../shared/types';
import { api } from '../../trpc';

export type Out = inferRouterOutputs<AppRouter>;
export type In = inferRouterInputs<AppRouter>;

const listeners = new Set<(tables: Set<string>) => void>();
let unsubscribe: (() => void) | null = null;

function ensureFeed(): void {
  if (unsubscribe) return;
  const sub = api.system.changes.subscribe(undefined, {
    onData: (events: ChangeEvent[]) => {
      const tables = new Set(events.map((e) => e.table));
      for (const l of listeners) l(tables);
    },
    onError: () => { unsubscribe = null; },
  });
  unsubscribe = () => sub.unsubscribe();
}

export interface Live<T> { data: T | null; error: string | null; loading: boolean; reload(): void }

export function useLive<T>(fetcher: () => Promise<T>, deps: unknown[], tables: string[]): Live<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // The caller names what the query depends on (like useEffect).
  const load = useCallback(fetcher, deps);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    load().then(
      (d) => { if (mine === seq.current) { setData(d); setError(null); setLoading(false); } },
      (e: unknown) => { if (mine === seq.current) { setError(e instanceof Error ? e.message : String(e)); setLoading(false); } },
    );
  }, [load]);
  useEffect(run, [run]);
  const key = tables.join(',');
  useEffect(() => {
    ensureFeed();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const watched = new Set(key.split(','));
    const l = (changed: Set<string>) => {
      if (![...changed].some((t) => watched.has(t))) return;
      timer ??= setTimeout(() => { timer = null; run(); }, 150);
    };
    listeners.add(l);
    return () => { listeners.delete(l); if (timer) clearTimeout(timer); };
  }, [key, run]);
  return { data, error, loading, reload: run };
}
