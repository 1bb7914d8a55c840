// Data for the sync, admin and walk views: the sync status as a live stream (one
// subscription shared by the status bar and the views), and queries refetched when the
// tables they read change (the core's change feed, bursts batched).
import type { inferRouterOutputs } from '@trpc/server';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppRouter } from '../../../src-main/core/router';
import type { ChangeEvent } from '../../../shared/types';
import { api } from '../../trpc';

export type Out = inferRouterOutputs<AppRouter>;
export type SyncStatus = Out['sync']['status'];

// ---- the sync status, one subscription for everyone ----

let status: SyncStatus | null = null;
const statusListeners = new Set<(s: SyncStatus) => void>();
let statusSub: { unsubscribe(): void } | null = null;

function ensureStatusFeed(): void {
  if (statusSub) return;
  statusSub = api.sync.statusStream.subscribe(undefined, {
    onData: (s: SyncStatus) => {
      status = s;
      for (const l of statusListeners) l(s);
    },
    onError: () => {
      statusSub = null;
      // the host went away: try again shortly (the connection layer reconnects)
      setTimeout(() => { if (statusListeners.size > 0) ensureStatusFeed(); }, 3000);
    },
  });
}

export function useSyncStatus(): SyncStatus | null {
  const [s, setS] = useState<SyncStatus | null>(status);
  useEffect(() => {
    statusListeners.add(setS);
    ensureStatusFeed();
    if (status) setS(status);
    return () => {
      statusListeners.delete(setS);
    };
  }, []);
  return s;
}

// ---- queries that follow the change feed ----

const changeListeners = new Set<(tables: Set<string>) => void>();
let changeSub: { unsubscribe(): void } | null = null;

function ensureChangeFeed(): void {
  if (changeSub) return;
  changeSub = api.system.changes.subscribe(undefined, {
    onData: (events: ChangeEvent[]) => {
      const tables = new Set(events.map((e) => e.table));
      for (const l of changeListeners) l(tables);
    },
    onError: () => { changeSub = null; },
  });
}

export interface Live<T> { data: T | null; error: string | null; loading: boolean; reload(): void }

export function useLiveQuery<T>(fetcher: () => Promise<T>, deps: unknown[], tables: string[]): Live<T> {
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
    ensureChangeFeed();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const watched = new Set(key.split(','));
    const l = (changed: Set<string>) => {
      if (![...changed].some((t) => watched.has(t))) return;
      timer ??= setTimeout(() => { timer = null; run(); }, 120);
    };
    changeListeners.add(l);
    return () => { changeListeners.delete(l); if (timer) clearTimeout(timer); };
  }, [key, run]);
  return { data, error, loading, reload: run };
}

/** "12 s ago", "3 min ago" — re-rendered every few seconds by useNow. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
