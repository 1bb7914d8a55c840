// Data for the sync, admin and walk views: the sync status as a live stream (one
// subscription shared by the status bar and the views), and queries refetched when the
// tables they read change (the shared `useLive` hook).
import type { inferRouterOutputs } from '@trpc/server';
import { useEffect, useState } from 'react';
import type { AppRouter } from '../../../src-main/core/router';
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

// ---- queries that follow the change feed: the one hook the business views use too ----

export { useLive as useLiveQuery, type Live } from '../customers/live';

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
