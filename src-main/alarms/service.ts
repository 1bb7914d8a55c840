// The alarm service: the engine (alarms/engine.ts) plus what it is not allowed to do itself —
// persist every alarm and timeline entry (through the repository layer, one transaction per
// engine batch), rebuild after a restart, and hand events to the rest of the app.
//
// The hook other issues use (IPMI power/sensor/SEL alarms, tickets from alarms, customer
// notifications):   services.alarms.raise({...}) / services.alarms.clear(key, why)
//                   services.alarms.onEvent((e) => …)   raised | updated | cleared | bandwidth
// onEvent hears what this client's engine decided (in shared mode: for the devices whose shard
// it holds), so that a notice or a ticket note is made once, not by every client; screens use
// onView, which also hears alarms other clients changed (synced rows).
import { severityOf, STATE_RANK } from '../../shared/monitoring';
import type { AlarmTimelineEntry, AlarmView, BandwidthCrossing, MaintenanceWindow } from '../../shared/monitoring-types';
import type { Actor } from '../../shared/types';
import type { Clock } from '../core/clock';
import { invalid, precondition } from '../core/errors';
import { uuidv7 } from '../store/ids';
import { Repository, type Store, type WriteContext } from '../store/repository';
import { AlarmEngine, AlarmNotFoundError, type MaintenanceSpan } from './engine';
import { alarmEventTable, alarmTable, maintenanceTable, type AlarmEventRow, type AlarmRow } from './schema';
import type { CheckResult, EngineEvent, StoredAlarm, Subject } from './types';

export type AlarmStreamEvent =
  | { type: 'raised' | 'updated' | 'cleared'; alarm: AlarmView; entries: AlarmTimelineEntry[] }
  | { type: 'bandwidth'; crossing: BandwidthCrossing };

export interface RaiseInput {
  /** stable per subject, with a source prefix: "ipmi:psu:<deviceId>" */
  key: string;
  deviceId: string | null;
  label: string;
  state: 'WARNING' | 'CRITICAL' | 'DOWN' | 'UNKNOWN';
  message: string;
  source: string;
}

const SYSTEM: WriteContext = { actor: { id: 'system:alarms', name: 'system', role: 'admin' } };
const HISTORY_LIMIT = 1000;

export class AlarmService {
  readonly alarms: Repository<AlarmRow>;
  readonly events: Repository<AlarmEventRow>;
  readonly maintenance: Repository<MaintenanceWindow>;
  readonly engine: AlarmEngine;
  private readonly listeners = new Set<(e: AlarmStreamEvent) => void>();
  private readonly viewers = new Set<(e: AlarmStreamEvent) => void>();
  /** who is acting during an engine call made for a person (ack, snooze) */
  private writer: WriteContext = SYSTEM;
  /** set while this service writes alarm rows itself: the store's change events are its own */
  private persisting = false;
  /** shared mode (issue 6): whether this client decides a device's alarms (engine I9) */
  private owner: (deviceId: string) => boolean = () => true;

  constructor(private readonly store: Store, private readonly clock: Clock) {
    this.alarms = new Repository(store, alarmTable);
    this.events = new Repository(store, alarmEventTable);
    this.maintenance = new Repository(store, maintenanceTable);
    this.engine = new AlarmEngine({ clock, newId: () => uuidv7(clock.now()), owns: (id) => this.owner(id) });
    this.engine.restore(this.loadActive());
    this.engine.setMaintenance(this.spans());
    this.engine.onEvents((events) => this.persist(events));
    // Alarm rows another client changed (pulled from PostgreSQL): the engine and the wall follow.
    store.onChange((events) => {
      if (this.persisting) return;
      const ids = [...new Set(events.filter((e) => e.table === 'alarms').map((e) => e.id))];
      if (ids.length > 0) this.engine.absorb(this.loadRows(ids));
    });
  }

  /** Shared mode: the client holding a device's shard decides its alarms; the others follow the synced rows. */
  setOwnership(owns: (deviceId: string) => boolean): void {
    this.owner = owns;
  }

  /** Whether this client decides the device's alarms (always, standalone). */
  owns(deviceId: string): boolean {
    return this.owner(deviceId);
  }

  // ---- the hook for other domains ---------------------------------------------------

  onEvent(listener: (e: AlarmStreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every change a screen shows: this client's and, in shared mode, the other clients'. */
  onView(listener: (e: AlarmStreamEvent) => void): () => void {
    this.viewers.add(listener);
    return () => this.viewers.delete(listener);
  }

  /** Raise (or update) an alarm at once, e.g. "PSU 2 failed" from IPMI. */
  raise(input: RaiseInput): AlarmView | null {
    this.engine.record({ subject: subjectOf(input), state: input.state, message: input.message, problem: 'external', immediate: true });
    return this.engine.alarmOf(input.key);
  }

  /** Clear whatever alarm `key` has (no-op when none). */
  clear(key: string, message = 'cleared'): void {
    const s = this.engine.subjectState(key);
    if (!s) return;
    const active = this.engine.alarmOf(key);
    const subject: Subject = active
      ? { key, deviceId: active.deviceId, kind: active.subjectKind, label: active.label, source: active.source }
      : { key, deviceId: null, kind: 'external', label: key, source: 'external' };
    this.engine.record({ subject, state: 'OK', message, immediate: true });
  }

  /** Check results from the pollers. */
  record(result: CheckResult): void {
    this.engine.record(result);
  }

  // ---- people ---------------------------------------------------------------------

  ack(actor: Actor, id: string, comment: string, by?: string): AlarmView {
    const who = by && by !== actor.name ? `${by} via ${actor.name}` : actor.name;
    return this.as(actor, () => this.engine.ack(id, who, comment));
  }

  snooze(actor: Actor, id: string, minutes: number): AlarmView {
    const until = minutes > 0 ? this.clock.now() + minutes * 60_000 : null;
    return this.as(actor, () => this.engine.snooze(id, actor.name, until));
  }

  /** Active alarms, worst first, then unacknowledged first, then newest first. */
  active(): AlarmView[] {
    return sortAlarms(this.engine.activeAlarms());
  }

  /** Every alarm (active and cleared), newest first. */
  list(q: { active?: boolean; deviceId?: string; since?: number; limit: number; offset: number }): AlarmView[] {
    const where = ['deleted = 0'];
    const args: unknown[] = [];
    if (q.active === true) where.push('cleared_at IS NULL');
    if (q.active === false) where.push('cleared_at IS NOT NULL');
    if (q.deviceId) { where.push('(device_id = ? OR affected LIKE ?)'); args.push(q.deviceId, `%"deviceId":"${q.deviceId}"%`); }
    if (q.since !== undefined) { where.push('since >= ?'); args.push(q.since); }
    const rows = this.store.prepare(`SELECT * FROM alarms WHERE ${where.join(' AND ')} ORDER BY since DESC, id DESC LIMIT ? OFFSET ?`).all(...args, Math.min(q.limit, HISTORY_LIMIT), q.offset) as Record<string, unknown>[];
    return rows.map((r) => {
      const row = this.alarms.fromDb(r);
      return row.clearedAt === null ? (this.engine.alarm(row.id) ?? viewOf(row)) : viewOf(row);
    });
  }

  timeline(alarmId: string): AlarmTimelineEntry[] {
    const rows = this.store.prepare(`SELECT * FROM alarm_events WHERE alarm_id = ? AND deleted = 0 ORDER BY at, rowid`).all(alarmId) as Record<string, unknown>[];
    return rows.map((r) => {
      const e = this.events.fromDb(r);
      return { at: e.at, kind: e.kind as AlarmTimelineEntry['kind'], state: e.state, actor: e.actor, detail: e.detail };
    });
  }

  // ---- maintenance windows ----------------------------------------------------------

  windows(): MaintenanceWindow[] {
    const rows = this.store.prepare(`SELECT * FROM maintenance_windows WHERE deleted = 0 AND ends_at > ? ORDER BY starts_at`).all(this.clock.now()) as Record<string, unknown>[];
    return rows.map((r) => this.maintenance.fromDb(r));
  }

  addWindow(ctx: WriteContext, input: { name: string; startsAt: number; endsAt: number; deviceIds: string[]; reason: string }): MaintenanceWindow {
    if (input.endsAt <= this.clock.now()) throw invalid('This window is over already: choose an end in the future.', 'endsAt');
    const w = this.maintenance.insert(ctx, { ...input, deviceIds: [...new Set(input.deviceIds)], createdBy: ctx.actor.name, demo: false });
    this.engine.setMaintenance(this.spans());
    return w;
  }

  removeWindow(ctx: WriteContext, id: string): void {
    if (!this.maintenance.find(id)) throw invalid(`No maintenance window with id ${id}.`, 'id');
    this.maintenance.remove(ctx, id);
    this.engine.setMaintenance(this.spans());
  }

  /** Windows changed elsewhere (sync): read them again. */
  reloadWindows(): void {
    this.engine.setMaintenance(this.spans());
  }

  tick(): void {
    this.engine.tick();
  }

  // ---- persistence ----------------------------------------------------------------

  private persist(events: EngineEvent[]): void {
    // remote changes are in the store already (they came from there)
    const alarmEvents = events.filter((e): e is Extract<EngineEvent, { type: 'alarm' }> => e.type === 'alarm' && !e.remote);
    if (alarmEvents.length > 0) {
      const ctx = this.writer;
      this.persisting = true;
      try {
        this.store.write(() => {
          for (const e of alarmEvents) {
            const fields = rowOf(e.alarm);
            if (e.change === 'raised') this.alarms.insert(ctx, fields, e.alarm.id);
            else if (this.alarms.find(e.alarm.id)) this.alarms.update(ctx, e.alarm.id, fields, e.change === 'cleared' ? 'clear' : 'update');
            for (const entry of e.entries) this.events.insert(ctx, { alarmId: e.alarm.id, at: entry.at, kind: entry.kind, state: entry.state, actor: entry.actor, detail: entry.detail, demo: false });
          }
        });
      } finally {
        this.persisting = false;
      }
    }
    for (const e of events) {
      let out: AlarmStreamEvent | null = null;
      if (e.type === 'alarm') out = { type: e.change, alarm: e.alarm, entries: e.entries };
      else if (e.type === 'bandwidth') out = { type: 'bandwidth', crossing: e.crossing };
      if (!out) continue;
      const remote = e.type === 'alarm' && e.remote;
      for (const l of remote ? [...this.viewers] : [...this.listeners, ...this.viewers]) {
        try {
          l(out);
        } catch (err) {
          // a listener's bug must not stop the others nor the pollers
          process.stderr.write(`alarm listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
    }
  }

  private loadActive(): StoredAlarm[] {
    const rows = this.store.prepare(`SELECT * FROM alarms WHERE deleted = 0 AND cleared_at IS NULL ORDER BY since`).all() as Record<string, unknown>[];
    return rows.map((r) => storedOf(this.alarms.fromDb(r)));
  }

  /** Rows as the store has them now (local changes not pushed yet included); a deleted row counts as cleared. */
  private loadRows(ids: string[]): StoredAlarm[] {
    const get = this.store.prepare(`SELECT * FROM alarms WHERE id = ?`);
    const out: StoredAlarm[] = [];
    for (const id of ids) {
      const r = get.get(id) as Record<string, unknown> | undefined;
      if (!r) continue;
      const row = this.alarms.fromDb(r);
      out.push(storedOf(row.deleted && row.clearedAt === null ? { ...row, clearedAt: this.clock.now() } : row));
    }
    return out;
  }

  private spans(): MaintenanceSpan[] {
    return this.windows().map((w) => ({ id: w.id, name: w.name, startsAt: w.startsAt, endsAt: w.endsAt, deviceIds: w.deviceIds }));
  }

  private as<T>(actor: Actor, fn: () => T): T {
    this.writer = { actor };
    try {
      return fn();
    } catch (err) {
      if (err instanceof AlarmNotFoundError) throw precondition(err.message, 'id');
      throw err;
    } finally {
      this.writer = SYSTEM;
    }
  }
}

export function sortAlarms(list: AlarmView[]): AlarmView[] {
  return list.sort((a, b) =>
    STATE_RANK[b.state] - STATE_RANK[a.state] || Number(!!a.ack) - Number(!!b.ack) || b.since - a.since || a.id.localeCompare(b.id));
}

function subjectOf(input: RaiseInput): Subject {
  return { key: input.key, deviceId: input.deviceId, kind: 'external', label: input.label, source: input.source };
}

function rowOf(a: AlarmView): Omit<AlarmRow, 'id' | 'rev' | 'updatedAt' | 'deleted'> {
  return {
    key: a.key, deviceId: a.deviceId, subjectKind: a.subjectKind, label: a.label, state: a.state, problem: a.problem, message: a.message,
    source: a.source, since: a.since, lastChangeAt: a.lastChangeAt, clearedAt: a.clearedAt, ackBy: a.ack?.by ?? null, ackAt: a.ack?.at ?? null,
    ackComment: a.ack?.comment ?? null, snoozedUntil: a.snoozedUntil, flapping: a.flapping, maintenance: a.maintenance,
    affected: a.affected, level: a.level, demo: false,
  };
}

function storedOf(row: AlarmRow): StoredAlarm {
  const { audible: _audible, ...view } = viewOf(row);
  return { ...view, subject: { key: row.key, deviceId: row.deviceId, kind: row.subjectKind, label: row.label, source: row.source } };
}

function viewOf(r: AlarmRow): AlarmView {
  return {
    id: r.id, key: r.key, deviceId: r.deviceId, subjectKind: r.subjectKind, label: r.label, state: r.state,
    severity: severityOf(r.state),
    problem: r.problem, message: r.message, source: r.source, since: r.since, lastChangeAt: r.lastChangeAt, clearedAt: r.clearedAt,
    ack: r.ackBy ? { by: r.ackBy, at: r.ackAt ?? 0, comment: r.ackComment ?? '' } : null, snoozedUntil: r.snoozedUntil,
    flapping: r.flapping, maintenance: r.maintenance, affected: r.affected, level: r.level, audible: false,
  };
}
