// Live updates: a batch of change events (system.changes) refetches what is shown.
import type { ChangeEvent } from '../../shared/types';
import type { SliceCreator } from './types';

const RACK_TABLES = new Set(['sites', 'rooms', 'racks', 'devices']);

export interface LiveSlice {
  applyChanges(events: readonly ChangeEvent[]): void;
  /** After a reconnect: events may have been missed, so everything shown is refetched. */
  refreshAll(): void;
}

export const createLiveSlice = (): SliceCreator<LiveSlice> => (_set, get) => ({
  applyChanges: (events) => {
    if (events.length === 0) return;
    const s = get();
    const tables = new Set(events.map((e) => e.table));
    if (tables.has('devices')) s.refreshInventory();
    if ([...tables].some((t) => RACK_TABLES.has(t))) void s.refreshRacks();
    const open = s.device.id;
    // The open device, its host or its VMs may have changed (an insert may be a new VM of it).
    if (open && events.some((e) => e.table === 'devices' && (e.op !== 'update' || e.id === open || e.id === s.device.detail?.host?.id || s.device.detail?.vms.some((v) => v.id === e.id)))) {
      void s.refreshDevice();
    }
    void s.loadInfo(); // outbox pending and demo status change with every write
  },
  refreshAll: () => {
    const s = get();
    s.refreshInventory();
    void s.refreshRacks();
    void s.refreshDevice();
    void s.loadInfo();
  },
});
