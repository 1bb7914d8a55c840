// The network wall's feed: one snapshot (every site, rack and device with its tile code,
// the active alarms), then deltas of what changed, at most every `intervalMs`, plus a
// heartbeat every second so the wall can tell how old its data is. Built from the alarm
// engine's events; nothing here polls.
//
// Invariants:
//  - each subscriber gets a snapshot first, then deltas with consecutive `seq` numbers;
//  - a change of the device list (inventory) sends every subscriber a new snapshot;
//  - timers run only while someone is subscribed.
import { TILE_CODE, TILE_FLAG } from '../../shared/monitoring';
import type { AlarmView, WallMessage, WallSnapshot } from '../../shared/monitoring-types';
import type { AlarmService } from '../alarms/service';
import { sortAlarms } from '../alarms/service';
import type { Clock, TimerHandle } from '../core/clock';
import type { MonitoringService } from '../domains/monitoring/service';
import type { Store } from '../store/repository';
import type { Monitor } from './runtime';

export interface WallOptions {
  intervalMs?: number;
  heartbeatMs?: number;
}

type Push = (m: WallMessage) => void;

const LAYOUT_TABLES = new Set(['devices', 'racks', 'sites', 'rooms', 'monitored_devices', 'service_checks']);

export class WallFeed {
  private readonly subscribers = new Map<Push, { seq: number }>();
  private index = new Map<string, number>();
  private monitored = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly alarmChanges = new Map<string, AlarmView>();
  private readonly cleared = new Set<string>();
  private flushTimer: TimerHandle | null = null;
  private heartbeat: TimerHandle | null = null;
  private resyncTimer: TimerHandle | null = null;
  private offs: Array<() => void> = [];

  constructor(private readonly s: { store: Store; clock: Clock; alarms: AlarmService; monitor: Monitor; monitoring: MonitoringService }, private readonly opts: WallOptions = {}) {}

  subscribe(push: Push): () => void {
    if (this.subscribers.size === 0) this.attach();
    const state = { seq: 0 };
    this.subscribers.set(push, state);
    push({ kind: 'snapshot', ...this.snapshot(state) });
    return () => {
      this.subscribers.delete(push);
      if (this.subscribers.size === 0) this.detach();
    };
  }

  /** Every device with its tile, for a first paint. */
  snapshot(state = { seq: 0 }): WallSnapshot {
    const store = this.s.store;
    const sites = store.prepare(`SELECT id, name FROM sites WHERE deleted = 0 ORDER BY name`).all() as Array<{ id: string; name: string }>;
    const siteIdx = new Map(sites.map((x, i) => [x.id, i]));
    const racks = store.prepare(`SELECT k.id, k.name, r.site_id FROM racks k JOIN rooms r ON r.id = k.room_id WHERE k.deleted = 0 ORDER BY k.name`).all() as Array<{ id: string; name: string; site_id: string }>;
    const rackIdx = new Map(racks.map((x, i) => [x.id, i]));
    const devices = store.prepare(`SELECT id, name, rack_id, site_id FROM devices WHERE deleted = 0 AND type <> 'patch_panel' AND status <> 'decommissioned' ORDER BY site_id, rack_id, position DESC, name`).all() as Array<{ id: string; name: string; rack_id: string | null; site_id: string | null }>;
    this.monitored = this.s.monitoring.repo.monitoredDeviceIds();
    this.index = new Map(devices.map((d, i) => [d.id, i]));
    this.dirty.clear();
    state.seq++;
    return {
      seq: state.seq,
      serverTime: this.s.clock.now(),
      sites,
      racks: racks.map((k) => ({ id: k.id, name: k.name, site: siteIdx.get(k.site_id) ?? -1 })),
      devices: {
        ids: devices.map((d) => d.id),
        names: devices.map((d) => d.name),
        rack: devices.map((d) => (d.rack_id ? (rackIdx.get(d.rack_id) ?? -1) : -1)),
        site: devices.map((d) => (d.site_id ? (siteIdx.get(d.site_id) ?? -1) : -1)),
        tiles: devices.map((d) => this.tileOf(d.id)),
      },
      alarms: this.s.alarms.active(),
      lastPollAt: this.s.monitor.live.lastPollAt,
      pollersRunning: this.s.monitor.isRunning,
    };
  }

  tileOf(deviceId: string): number {
    // a device another client polls (shared mode): that client's view of it (pollers/live-share.ts)
    const sum = this.s.monitor.live.remoteSummary(deviceId) ?? this.s.alarms.engine.deviceSummary(deviceId);
    if (!sum) return this.monitored.has(deviceId) ? TILE_CODE.PENDING : TILE_CODE.UNMONITORED;
    let code: number = TILE_CODE[sum.state];
    if (sum.acked) code |= TILE_FLAG.acked;
    if (sum.maintenance) code |= TILE_FLAG.maintenance;
    if (sum.auth) code |= TILE_FLAG.auth;
    return code;
  }

  private attach(): void {
    this.offs.push(this.s.alarms.engine.onEvents((events) => {
      for (const e of events) {
        if (e.type === 'state' && e.subject.deviceId) this.dirty.add(e.subject.deviceId);
        if (e.type === 'alarm') {
          if (e.alarm.deviceId) this.dirty.add(e.alarm.deviceId);
          for (const a of e.alarm.affected) if (a.deviceId) this.dirty.add(a.deviceId);
          if (e.change === 'cleared') {
            this.alarmChanges.delete(e.alarm.id);
            this.cleared.add(e.alarm.id);
          } else {
            this.alarmChanges.set(e.alarm.id, e.alarm);
          }
        }
      }
      this.flushSoon();
    }));
    this.offs.push(this.s.store.onChange((events) => {
      if (events.some((e) => LAYOUT_TABLES.has(e.table)) && this.resyncTimer === null) {
        this.resyncTimer = this.s.clock.setTimeout(() => {
          this.resyncTimer = null;
          for (const [push, state] of this.subscribers) push({ kind: 'snapshot', ...this.snapshot(state) });
        }, 500);
      }
    }));
    this.offs.push(this.s.monitor.live.onMerge((id) => {
      this.dirty.add(id);
      this.flushSoon();
    }));
    const beat = () => {
      this.flush();
      this.heartbeat = this.s.clock.setTimeout(beat, this.opts.heartbeatMs ?? 1000);
    };
    this.heartbeat = this.s.clock.setTimeout(beat, this.opts.heartbeatMs ?? 1000);
  }

  private detach(): void {
    for (const off of this.offs.splice(0)) off();
    for (const t of [this.flushTimer, this.heartbeat, this.resyncTimer]) if (t !== null) this.s.clock.clearTimeout(t);
    this.flushTimer = this.heartbeat = this.resyncTimer = null;
    this.dirty.clear();
    this.alarmChanges.clear();
    this.cleared.clear();
  }

  private flushSoon(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.s.clock.setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.opts.intervalMs ?? 100);
  }

  /** One delta to everyone (the heartbeat sends one even when nothing changed). */
  private flush(): void {
    const tiles: number[] = [];
    for (const id of this.dirty) {
      const i = this.index.get(id);
      if (i !== undefined) tiles.push(i, this.tileOf(id));
    }
    this.dirty.clear();
    const alarms = sortAlarms([...this.alarmChanges.values()]);
    const cleared = [...this.cleared];
    this.alarmChanges.clear();
    this.cleared.clear();
    const base = { serverTime: this.s.clock.now(), tiles, alarms, cleared, lastPollAt: this.s.monitor.live.lastPollAt, pollersRunning: this.s.monitor.isRunning };
    for (const [push, state] of this.subscribers) {
      state.seq++;
      push({ kind: 'delta', seq: state.seq, ...base });
    }
  }
}
