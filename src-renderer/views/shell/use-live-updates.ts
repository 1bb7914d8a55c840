// Keeps the app live: follows the transport's state and the core's change events
// (system.changes), batching bursts so a demo load of 900 devices is one refetch.
import { useEffect } from 'react';
import type { ChangeEvent } from '../../../shared/types';
import { getConnectionState, onConnectionState } from '../../trpc';
import { nextConnection } from '../../stores/session-slice';
import type { NocStore } from '../../stores/create-store';
import type { NocApi } from '../../stores/api-port';

const BATCH_MS = 150;

export function useLiveUpdates(store: NocStore, api: NocApi): void {
  useEffect(() => {
    let pending: ChangeEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const events = pending;
      pending = [];
      store.getState().applyChanges(events);
    };
    const unsubscribeChanges = api.onChanges(
      (events) => {
        pending.push(...events);
        timer ??= setTimeout(flush, BATCH_MS);
      },
      (err) => console.warn('change feed error', err),
    );

    const initial = getConnectionState();
    store.getState().setConnection(initial === 'open' ? 'online' : 'connecting');
    const offState = onConnectionState((state) => {
      const prev = store.getState().connection;
      const next = nextConnection(prev, state);
      store.getState().setConnection(next);
      // Back after an outage: changes may have been missed while away.
      if (next === 'online' && prev === 'reconnecting') store.getState().refreshAll();
    });
    return () => {
      unsubscribeChanges();
      offState();
      if (timer) clearTimeout(timer);
    };
  }, [store, api]);
}
