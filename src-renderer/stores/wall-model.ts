// The wall's data outside React: 5,000 tiles change every second, so they live in typed
// arrays that the canvas reads directly; React sees only coarse values (counts, alarms,
// data age) through the wall store. Pure: no DOM, tested under Node.
//
// Invariants:
//  - tiles[i] is the latest code for devices.ids[i] (a snapshot replaces everything);
//  - a delta whose seq is not the previous seq + 1 is not applied: the caller subscribes
//    again and gets a fresh snapshot (a missed delta must never leave a tile wrong);
//  - alarms are kept in the server's order: worst first, unacknowledged first, newest first.
import { STATE_RANK, TILE_CODES, type TileState } from '../../shared/monitoring';
import type { AlarmView, WallDelta, WallMessage, WallSnapshot } from '../../shared/monitoring-types';

export const CODE_MASK = 0x0f;

export interface WallLayoutData {
  ids: string[];
  names: string[];
  rack: number[];
  site: number[];
  sites: WallSnapshot['sites'];
  racks: WallSnapshot['racks'];
}

export type ApplyResult = 'snapshot' | 'delta' | 'gap';

export class WallModel {
  layout: WallLayoutData = { ids: [], names: [], rack: [], site: [], sites: [], racks: [] };
  tiles = new Uint8Array(0);
  /** indexes changed since the canvas last drew */
  readonly dirty = new Set<number>();
  alarms: AlarmView[] = [];
  seq = 0;
  serverTime = 0;
  /** client clock when the last message arrived */
  receivedAt = 0;
  lastPollAt: number | null = null;
  pollersRunning = false;
  /** bumps on each snapshot: the canvas lays out again */
  layoutVersion = 0;

  apply(m: WallMessage, receivedAt: number): ApplyResult {
    if (m.kind === 'snapshot') {
      this.applySnapshot(m, receivedAt);
      return 'snapshot';
    }
    if (m.seq !== this.seq + 1) return 'gap';
    this.applyDelta(m, receivedAt);
    return 'delta';
  }

  private applySnapshot(s: WallSnapshot, receivedAt: number): void {
    this.layout = { ids: s.devices.ids, names: s.devices.names, rack: s.devices.rack, site: s.devices.site, sites: s.sites, racks: s.racks };
    this.tiles = Uint8Array.from(s.devices.tiles);
    this.dirty.clear();
    this.alarms = sortAlarms(s.alarms.slice());
    this.common(s, receivedAt);
    this.layoutVersion++;
  }

  private applyDelta(d: WallDelta, receivedAt: number): void {
    for (let k = 0; k + 1 < d.tiles.length; k += 2) {
      const i = d.tiles[k]!;
      if (i >= 0 && i < this.tiles.length) {
        this.tiles[i] = d.tiles[k + 1]!;
        this.dirty.add(i);
      }
    }
    if (d.alarms.length > 0 || d.cleared.length > 0) {
      const gone = new Set([...d.cleared, ...d.alarms.map((a) => a.id)]);
      this.alarms = sortAlarms([...this.alarms.filter((a) => !gone.has(a.id)), ...d.alarms]);
    }
    this.common(d, receivedAt);
  }

  private common(m: { seq: number; serverTime: number; lastPollAt: number | null; pollersRunning: boolean }, receivedAt: number): void {
    this.seq = m.seq;
    this.serverTime = m.serverTime;
    this.receivedAt = receivedAt;
    this.lastPollAt = m.lastPollAt;
    this.pollersRunning = m.pollersRunning;
  }

  counts(): Record<TileState, number> {
    const out = Object.fromEntries(TILE_CODES.map((s) => [s, 0])) as Record<TileState, number>;
    for (let i = 0; i < this.tiles.length; i++) {
      const s = TILE_CODES[this.tiles[i]! & CODE_MASK];
      if (s) out[s]++;
    }
    return out;
  }

  /** The server's time now, from our clock and the offset seen at the last message. */
  serverNow(clientNow: number): number {
    return this.serverTime + (clientNow - this.receivedAt);
  }
}

export function sortAlarms(list: AlarmView[]): AlarmView[] {
  return list.sort((a, b) =>
    STATE_RANK[b.state] - STATE_RANK[a.state] || Number(!!a.ack) - Number(!!b.ack) || b.since - a.since || a.id.localeCompare(b.id));
}

/** How fresh the wall is: stale when no message came for a while, or the pollers stopped reporting. */
export interface Freshness {
  /** seconds since the last message from the server */
  linkAgeS: number;
  /** seconds since any poll finished (null: never) */
  pollAgeS: number | null;
  stale: boolean;
  reason: string | null;
}

export const LINK_STALE_S = 5;
export const POLL_STALE_S = 180;

export function freshness(m: Pick<WallModel, 'receivedAt' | 'lastPollAt' | 'pollersRunning' | 'serverNow'>, clientNow: number, connected: boolean): Freshness {
  const linkAgeS = m.receivedAt ? (clientNow - m.receivedAt) / 1000 : Infinity;
  const pollAgeS = m.lastPollAt === null ? null : (m.serverNow(clientNow) - m.lastPollAt) / 1000;
  if (!connected || linkAgeS > LINK_STALE_S) return { linkAgeS, pollAgeS, stale: true, reason: connected ? `no word from the server for ${Math.round(linkAgeS)} s` : 'not connected to the server' };
  if (!m.pollersRunning) return { linkAgeS, pollAgeS, stale: true, reason: 'the pollers are not running on the server: states are not being updated' };
  if (pollAgeS !== null && pollAgeS > POLL_STALE_S) return { linkAgeS, pollAgeS, stale: true, reason: `no poll has finished for ${Math.round(pollAgeS / 60)} min` };
  return { linkAgeS, pollAgeS, stale: false, reason: null };
}
