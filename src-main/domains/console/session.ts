// One console session of one server, shared by everyone watching it.
// Invariants:
//  - at most one controller, and the controller is one of the watchers (a watcher who leaves
//    gives control up);
//  - every watcher hears every status change, every notice and every byte of output after it
//    joined; a watcher that joins late first gets the scrollback (at most CONSOLE_SCROLLBACK_BYTES);
//  - output goes to the log file before it goes to the watchers (nothing seen is unlogged).
import { CONSOLE_SCROLLBACK_BYTES, type ConsoleEvent, type ConsoleState, type ConsoleStatus } from '../../../shared/console';
import type { Actor } from '../../../shared/types';
import type { Clock, TimerHandle } from '../../core/clock';
import type { ConsoleDriver } from './driver';
import type { ConsoleLog } from './log';

export interface Watcher {
  watcherId: string;
  actor: Actor;
  since: number;
  push: (e: ConsoleEvent) => void;
}

export class ConsoleSession {
  state: ConsoleState = 'connecting';
  driver: ConsoleDriver | null = null;
  label = '';
  log: ConsoleLog | null = null;
  controller: string | null = null;
  idleTimer: TimerHandle | null = null;
  readonly watchers = new Map<string, Watcher>();
  private scrollback: Buffer[] = [];
  private scrollBytes = 0;

  constructor(readonly deviceId: string, readonly deviceName: string, private readonly clock: Clock) {}

  status(): ConsoleStatus {
    const c = this.controller ? this.watchers.get(this.controller) : undefined;
    return {
      deviceId: this.deviceId, state: this.state, driver: this.driver?.kind ?? null, label: this.label,
      watchers: [...this.watchers.values()].map((w) => ({ watcherId: w.watcherId, name: w.actor.name, since: w.since, controlling: w.watcherId === this.controller })),
      controller: c ? { watcherId: c.watcherId, name: c.actor.name } : null,
      logId: this.log?.id ?? null,
    };
  }

  broadcast(e: ConsoleEvent): void {
    for (const w of this.watchers.values()) {
      try {
        w.push(e);
      } catch (_err) {
        // a watcher whose stream broke is removed by its own unsubscribe; the others go on
      }
    }
  }

  broadcastStatus(): void {
    this.broadcast({ type: 'status', status: this.status() });
  }

  notice(text: string): void {
    this.log?.note(text);
    this.broadcast({ type: 'notice', at: this.clock.now(), text });
  }

  add(w: Watcher): void {
    this.watchers.set(w.watcherId, w);
    this.log?.joined(w.actor.name);
  }

  /** What a late watcher gets of the past output (base64), or null. */
  scrollbackData(): string | null {
    return this.scrollBytes > 0 ? Buffer.concat(this.scrollback).toString('base64') : null;
  }

  /** Removes a watcher; returns whether it had control. */
  remove(watcherId: string): { watcher: Watcher; hadControl: boolean } | null {
    const w = this.watchers.get(watcherId);
    if (!w) return null;
    this.watchers.delete(watcherId);
    const hadControl = this.controller === watcherId;
    if (hadControl) this.controller = null;
    const stillThere = [...this.watchers.values()].some((x) => x.actor.id === w.actor.id);
    this.log?.left(w.actor.name, stillThere);
    return { watcher: w, hadControl };
  }

  setController(watcherId: string | null): void {
    this.controller = watcherId;
    const w = watcherId ? this.watchers.get(watcherId) : undefined;
    if (w) this.log?.controlled(w.actor.name);
  }

  output(data: Uint8Array): void {
    this.log?.output(data);
    const b = Buffer.from(data);
    this.scrollback.push(b);
    this.scrollBytes += b.length;
    while (this.scrollBytes > CONSOLE_SCROLLBACK_BYTES && this.scrollback.length > 1) this.scrollBytes -= this.scrollback.shift()!.length;
    this.broadcast({ type: 'data', data: b.toString('base64') });
  }
}
