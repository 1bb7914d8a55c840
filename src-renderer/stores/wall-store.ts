// The wall's store: the subscription to the server's wall feed (tRPC subscription, pushed,
// no polling, no reload), the model the canvas draws from, and the coarse values React
// shows (alarms, counts, freshness). Its own small store: it lives only while the wall is
// open, and 5,000 tiles never pass through React state.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TileState } from '../../shared/monitoring';
import type { AlarmView, WallMessage } from '../../shared/monitoring-types';
import { freshness, WallModel, type Freshness } from './wall-model';

/** What the wall needs from the API (the tRPC client in the app; a fake in tests). */
export interface WallApi {
  subscribe(handlers: { onData(m: WallMessage): void; onError(err: unknown): void; onStarted?(): void }): { unsubscribe(): void };
  ack(id: string, comment: string, by?: string): Promise<AlarmView>;
  snooze(id: string, minutes: number): Promise<AlarmView>;
}

export interface WallState {
  model: WallModel;
  connected: boolean;
  error: string | null;
  alarms: AlarmView[];
  counts: Record<TileState, number>;
  fresh: Freshness;
  /** bumps whenever something React shows changed */
  version: number;
  resubscribes: number;
  connect(): void;
  disconnect(): void;
  /** called every second by the view (clock, data age) */
  tick(clientNow: number): void;
  setConnected(connected: boolean): void;
}

export type WallStore = StoreApi<WallState>;

/** Main-thread cost of each feed message (model + store + React commit triggered), for the benchmark. */
export const applyStats = { messages: 0, maxMs: 0 };

declare global {
  interface Window { __nocWallApply?: typeof applyStats }
}
if (typeof window !== 'undefined') window.__nocWallApply = applyStats;

export function createWallStore(api: WallApi, now: () => number = () => Date.now()): WallStore {
  let sub: { unsubscribe(): void } | null = null;
  const model = new WallModel();

  return createStore<WallState>()((set, get) => {
    const refresh = (alarmsChanged: boolean) => set((s) => ({
      alarms: alarmsChanged ? model.alarms : s.alarms,
      counts: model.counts(),
      fresh: freshness(model, now(), s.connected),
      version: s.version + 1,
    }));

    const onData = (m: WallMessage) => {
      const t0 = performance.now();
      const before = model.alarms;
      const r = model.apply(m, now());
      if (r === 'gap') {
        // a missed delta: start over with a snapshot rather than show a wrong tile
        set((s) => ({ resubscribes: s.resubscribes + 1 }));
        sub?.unsubscribe();
        sub = api.subscribe({ onData, onError, onStarted });
        return;
      }
      if (!get().connected) set({ connected: true, error: null });
      refresh(model.alarms !== before);
      applyStats.messages++;
      applyStats.maxMs = Math.max(applyStats.maxMs, performance.now() - t0);
    };
    const onError = (err: unknown) => set({ connected: false, error: err instanceof Error ? err.message : String(err), fresh: freshness(model, now(), false) });
    const onStarted = () => set({ connected: true, error: null });

    return {
      model,
      connected: false,
      error: null,
      alarms: [],
      counts: model.counts(),
      fresh: freshness(model, now(), false),
      version: 0,
      resubscribes: 0,
      connect() {
        if (sub) return;
        sub = api.subscribe({ onData, onError, onStarted });
      },
      disconnect() {
        sub?.unsubscribe();
        sub = null;
        set({ connected: false });
      },
      tick(clientNow) {
        set((s) => ({ fresh: freshness(model, clientNow, s.connected), version: s.version + 1 }));
      },
      setConnected(connected) {
        set({ connected, fresh: freshness(model, now(), connected) });
      },
    };
  });
}
