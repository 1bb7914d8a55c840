// The alarm engine: a pure state machine over check results (no I/O; time from the
// injected clock; events handed to listeners after each operation).
//
// States follow Nagios: a check that fails is first SOFT (retried at the retry interval);
// after maxAttempts failures in a row it becomes HARD and only then raises an alarm.
// Recovery is hard at once. Traps and external reports are hard at once.
//
// Invariants (each has a test in test/main/alarms/engine.test.ts):
//  I1  a subject has at most one active alarm, and an active alarm belongs to one subject;
//  I2  an alarm is raised only by a hard non-OK state or by flapping: fewer than
//      maxAttempts failed checks in a row never raise one (one lost packet is not an alarm);
//  I3  a host with a hard-DOWN ancestor is UNREACHABLE, never DOWN (in shared mode also when
//      the ancestor is another client's device whose synced host alarm is DOWN);
//  I4  a subject behind a DOWN device (its own host, or an ancestor) has no alarm of its
//      own: it is listed in the `affected` of exactly one alarm, the topmost DOWN device's;
//  I5  an acknowledgement stays until the alarm clears or its state gets worse;
//  I6  a cleared alarm leaves the active set at once and never comes back (a new problem
//      raises a new alarm with a new id);
//  I7  bandwidth levels are raised once per upward crossing (see bandwidth.ts);
//  I8  an alarm is audible iff it is unacknowledged, not snoozed, not in maintenance and
//      its state has a severity.
//  I9  shared mode (issue 6): results, raises, clears, flap counts, auto-clears and
//      maintenance flags of a device happen only on the client that owns it (`owns`); the
//      other clients hold the synced rows of its alarms (`absorb`) and may acknowledge or
//      snooze them; an owner takes those two from a synced row; a subject first checked
//      after a takeover starts from the open alarm it already has (no second alarm).
import { STATE_RANK, severityOf, type BandwidthLevel, type MonitorState, type ProblemKind } from '../../shared/monitoring';
import type { AffectedItem, AlarmAck, AlarmTimelineEntry, AlarmView } from '../../shared/monitoring-types';
import type { Clock } from '../core/clock';
import { LevelTracker } from './bandwidth';
import { DEFAULT_FLAP, FlapTracker, type FlapOptions } from './flap';
import type { BandwidthObservation, CheckResult, EngineEvent, StoredAlarm, Subject } from './types';

const MAX_PARENT_DEPTH = 32;
export const SYSTEM_ACTOR = 'system';

interface Track {
  subject: Subject;
  maxAttempts: number;
  hard: MonitorState;
  hardSince: number;
  problem: ProblemKind | null;
  message: string;
  /** consecutive non-OK results while the hard state is OK */
  attempts: number;
  /** the last result, soft or hard */
  last: MonitorState | null;
  lastCheckAt: number | null;
  flap: FlapTracker;
  clearAt: number | null;
  levels: LevelTracker | null;
}

interface Alarm {
  id: string;
  subject: Subject;
  state: MonitorState;
  problem: ProblemKind | null;
  message: string;
  since: number;
  lastChangeAt: number;
  ack: AlarmAck | null;
  snoozedUntil: number | null;
  flapping: boolean;
  maintenance: boolean;
  affected: Map<string, AffectedItem>;
  level: BandwidthLevel | null;
}

export interface MaintenanceSpan {
  id: string;
  name: string;
  startsAt: number;
  endsAt: number;
  deviceIds: readonly string[];
}

export interface EngineOptions {
  clock: Clock;
  newId: () => string;
  flap?: FlapOptions;
  defaultMaxAttempts?: number;
  /** shared mode: whether this client decides the alarms of a device (I9); default always */
  owns?: (deviceId: string) => boolean;
}

export class AlarmNotFoundError extends Error {
  constructor(id: string) {
    super(`No active alarm with id ${id} (it may have cleared already).`);
    this.name = 'AlarmNotFoundError';
  }
}

export class AlarmEngine {
  private readonly tracks = new Map<string, Track>();
  private readonly byDevice = new Map<string, Set<string>>();
  private readonly problems = new Set<string>();
  private readonly alarms = new Map<string, Alarm>();
  private readonly alarmIds = new Map<string, string>();
  private readonly foldedInto = new Map<string, string>();
  private readonly parents = new Map<string, string | null>();
  /** UNREACHABLE hosts whose DOWN ancestor recovered, told to the scheduler once */
  private readonly awaitingRecheck = new Set<string>();
  private windows: MaintenanceSpan[] = [];
  private readonly listeners = new Set<(events: EngineEvent[]) => void>();
  private out: EngineEvent[] = [];
  private depth = 0;
  /** set by hard changes and flapping changes: alarms need reconciling at the end of the batch */
  private dirty = false;

  constructor(private readonly opts: EngineOptions) {}

  onEvents(listener: (events: EngineEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- inputs ------------------------------------------------------------------

  record(result: CheckResult): void {
    // another client polls this device and decides its alarms (I9)
    if (!this.ownsSubject(result.subject)) return;
    this.batch(() => {
      const now = this.now();
      const t = this.track(result.subject, result.maxAttempts);
      let state = result.state;
      const deviceId = t.subject.deviceId;
      if (t.subject.kind === 'host' && state !== 'OK' && deviceId && this.downAbove(deviceId)) state = 'UNREACHABLE';
      t.last = state;
      t.lastCheckAt = now;
      if (deviceId) this.awaitingRecheck.delete(deviceId);
      const flap = t.flap.record(state);
      if (flap) this.noteFlap(t, flap);
      this.apply(t, state, result.problem ?? null, result.message, result.immediate ?? false);
      t.clearAt = state !== 'OK' && result.autoClearMs ? now + result.autoClearMs : null;
    });
  }

  /** Bandwidth use against a commit: levels with hysteresis, hard at once. */
  observeBandwidth(o: BandwidthObservation): void {
    if (!this.ownsSubject(o.subject)) return;
    this.batch(() => {
      const t = this.track(o.subject, 1);
      t.levels ??= new LevelTracker();
      t.lastCheckAt = this.now();
      const change = t.levels.observe(o.usagePct);
      for (const level of change.crossed) {
        this.emit({ type: 'bandwidth', crossing: { key: o.subject.key, level, usagePct: o.usagePct, committedMbps: o.committedMbps, interfaceIds: o.interfaceIds, customerId: o.customerId, at: this.now() } });
      }
      if (!change.changed) return;
      const state: MonitorState = change.level === 0 ? 'OK' : change.level >= 100 ? 'CRITICAL' : 'WARNING';
      const message = change.level === 0
        ? `back under the commit (${o.usagePct.toFixed(0)} % of ${o.committedMbps} Mbit/s)`
        : `${o.usagePct.toFixed(0)} % of the ${o.committedMbps} Mbit/s commit (level ${change.level} %)`;
      this.apply(t, state, state === 'OK' ? null : 'threshold', message, true);
      const alarm = this.alarms.get(t.subject.key);
      if (alarm) alarm.level = change.level === 0 ? null : change.level;
    });
  }

  /** Which device hangs off which (a server's switch). Cycles are ignored (depth-bounded). */
  setTopology(parents: Iterable<readonly [string, string | null]>): void {
    this.batch(() => {
      this.parents.clear();
      for (const [child, parent] of parents) this.parents.set(child, parent);
      this.dirty = true;
    });
  }

  setMaintenance(windows: MaintenanceSpan[]): void {
    this.batch(() => {
      this.windows = windows.slice();
      this.refreshTimed();
    });
  }

  /** Time passes: self-clearing events, maintenance windows opening and closing, snoozes ending. */
  tick(): void {
    this.batch(() => {
      const now = this.now();
      for (const key of [...this.problems]) {
        const t = this.tracks.get(key)!;
        if (t.clearAt !== null && t.clearAt <= now && this.ownsSubject(t.subject)) {
          t.clearAt = null;
          this.apply(t, 'OK', null, 'cleared by itself', true);
        }
      }
      this.refreshTimed();
    });
  }

  ack(alarmId: string, by: string, comment: string): AlarmView {
    return this.batch(() => {
      const a = this.byId(alarmId);
      a.ack = { by, at: this.now(), comment };
      this.changed(a, [this.entry('ack', null, by, comment)]);
      return this.view(a);
    });
  }

  /** Silence an alarm until a time (null: end the snooze now). */
  snooze(alarmId: string, by: string, until: number | null): AlarmView {
    return this.batch(() => {
      const a = this.byId(alarmId);
      a.snoozedUntil = until !== null && until > this.now() ? until : null;
      const detail = a.snoozedUntil === null ? 'snooze ended' : `until ${new Date(a.snoozedUntil).toISOString()}`;
      this.changed(a, [this.entry('snooze', null, by, detail)]);
      return this.view(a);
    });
  }

  /** The subject is no longer monitored: its alarm clears and it is forgotten. */
  forget(key: string, why = 'no longer monitored'): void {
    this.batch(() => {
      const t = this.tracks.get(key);
      if (!t) return;
      this.apply(t, 'OK', null, why, true);
      t.flap = new FlapTracker('OK', this.opts.flap ?? DEFAULT_FLAP);
      this.settle();
      this.tracks.delete(key);
      this.problems.delete(key);
      const dev = t.subject.deviceId;
      if (dev) this.byDevice.get(dev)?.delete(key);
    });
  }

  forgetDevice(deviceId: string, why?: string): void {
    for (const key of [...(this.byDevice.get(deviceId) ?? [])]) this.forget(key, why);
  }

  /** Rebuild active alarms after a restart; emits nothing. */
  restore(stored: StoredAlarm[]): void {
    for (const s of stored) {
      const t = this.track(s.subject, undefined);
      t.hard = s.state;
      t.hardSince = s.since;
      t.problem = s.problem;
      t.message = s.message;
      t.attempts = t.maxAttempts;
      if (s.state !== 'OK') this.problems.add(t.subject.key);
      const alarm: Alarm = {
        id: s.id, subject: s.subject, state: s.state, problem: s.problem, message: s.message, since: s.since,
        lastChangeAt: s.lastChangeAt, ack: s.ack, snoozedUntil: s.snoozedUntil, flapping: false, maintenance: s.maintenance,
        affected: new Map(s.affected.map((i) => [i.key, i])), level: s.level,
      };
      this.alarms.set(t.subject.key, alarm);
      this.alarmIds.set(alarm.id, t.subject.key);
      for (const item of s.affected) {
        const ft = this.track({ key: item.key, deviceId: item.deviceId, kind: item.key.startsWith('host:') ? 'host' : 'service', label: item.label, source: s.source }, undefined);
        ft.hard = item.state;
        ft.attempts = ft.maxAttempts;
        if (item.state !== 'OK') this.problems.add(item.key);
        this.foldedInto.set(item.key, t.subject.key);
      }
    }
  }

  /**
   * Alarm rows another client changed (synced in): follow them (I9). Emits `remote` events
   * (the wall and the event stream show them; the service does not write them back).
   */
  absorb(rows: StoredAlarm[]): void {
    this.batch(() => {
      if (rows.length > 0) this.dirty = true; // hosts behind another client's device follow its state (downAbove)
      for (const s of rows) {
        const key = this.alarmIds.get(s.id);
        const a = key ? this.alarms.get(key) : undefined;
        const owned = this.ownsSubject(s.subject);
        if (s.clearedAt !== null) {
          if (!a) continue;
          // cleared elsewhere (by the owner): final (I6); if this client polls it again, it starts afresh
          this.drop(a);
          this.dropTrack(a.subject.key);
          this.emit({ type: 'alarm', change: 'cleared', alarm: { ...this.view(a), clearedAt: s.clearedAt, audible: false }, subject: a.subject, entries: [], remote: true });
        } else if (a && owned) {
          // the owner decides state and flags; a person anywhere may acknowledge and snooze
          if (sameAck(a.ack, s.ack) && a.snoozedUntil === s.snoozedUntil) continue;
          a.ack = s.ack;
          a.snoozedUntil = s.snoozedUntil;
          a.lastChangeAt = Math.max(a.lastChangeAt, s.lastChangeAt); // the memory stays what the row says: nothing to write back
          this.emit({ type: 'alarm', change: 'updated', alarm: this.view(a), subject: a.subject, entries: [], remote: true });
        } else if (a) {
          this.dropTrack(s.subject.key); // what this client knew before it lost the shard is stale now
          Object.assign(a, copyOf(s));
          this.emit({ type: 'alarm', change: 'updated', alarm: this.view(a), subject: a.subject, entries: [], remote: true });
        } else {
          const other = this.alarms.get(s.subject.key);
          if (other && owned) continue; // this client's own alarm of the subject stays the one
          if (other) {
            this.drop(other);
            this.emit({ type: 'alarm', change: 'cleared', alarm: { ...this.view(other), clearedAt: this.now(), audible: false }, subject: other.subject, entries: [], remote: true });
          }
          if (owned) this.restore([s]);
          else {
            this.dropTrack(s.subject.key);
            // a display copy: no track, so nothing here re-raises, clears or folds it
            this.alarms.set(s.subject.key, { id: s.id, ...copyOf(s) });
            this.alarmIds.set(s.id, s.subject.key);
          }
          this.emit({ type: 'alarm', change: 'raised', alarm: this.view(this.alarms.get(s.subject.key)!), subject: s.subject, entries: [], remote: true });
        }
      }
    });
  }

  // ---- reads --------------------------------------------------------------------

  activeAlarms(): AlarmView[] {
    return [...this.alarms.values()].map((a) => this.view(a));
  }

  alarm(id: string): AlarmView | null {
    const key = this.alarmIds.get(id);
    const a = key ? this.alarms.get(key) : undefined;
    return a ? this.view(a) : null;
  }

  /** The active alarm of a subject, or null. */
  alarmOf(key: string): AlarmView | null {
    const a = this.alarms.get(key);
    return a ? this.view(a) : null;
  }

  subjectState(key: string): { hard: MonitorState; last: MonitorState | null; attempts: number; problem: ProblemKind | null; message: string; since: number; lastCheckAt: number | null; flapping: boolean } | null {
    const t = this.tracks.get(key);
    return t ? { hard: t.hard, last: t.last, attempts: t.attempts, problem: t.problem, message: t.message, since: t.hardSince, lastCheckAt: t.lastCheckAt, flapping: t.flap.flapping } : null;
  }

  /** True while a subject is failing softly (the scheduler retries it at the retry interval). */
  isSoftFailing(key: string): boolean {
    const t = this.tracks.get(key);
    return !!t && t.hard === 'OK' && t.attempts > 0;
  }

  /** A device's worst hard state (its host's DOWN/UNREACHABLE wins), or null before any check. */
  deviceSummary(deviceId: string): { state: MonitorState; problem: ProblemKind | null; message: string; since: number; acked: boolean; maintenance: boolean; auth: boolean } | null {
    const keys = this.byDevice.get(deviceId);
    if (!keys || keys.size === 0) return null;
    const host = this.tracks.get(`host:${deviceId}`);
    let worst: Track | null = null;
    let auth = false;
    let alarmed = false;
    let unacked = false;
    for (const key of keys) {
      const t = this.tracks.get(key)!;
      if (t.hard !== 'OK' && t.problem === 'auth') auth = true;
      if (!worst || STATE_RANK[t.hard] > STATE_RANK[worst.hard]) worst = t;
      const folded = this.foldedInto.get(key);
      const a = this.alarms.get(key) ?? (folded ? this.alarms.get(folded) : undefined);
      if (a) {
        alarmed = true;
        if (!a.ack) unacked = true;
      }
    }
    if (host && (host.hard === 'DOWN' || host.hard === 'UNREACHABLE')) worst = host;
    const w = worst!;
    return { state: w.hard, problem: w.problem, message: w.message, since: w.hardSince, acked: alarmed && !unacked, maintenance: this.inMaintenance(deviceId), auth };
  }

  devicesWithState(): string[] {
    return [...this.byDevice.keys()];
  }

  inMaintenance(deviceId: string | null): boolean {
    if (!deviceId) return false;
    const now = this.now();
    return this.windows.some((w) => w.startsAt <= now && now < w.endsAt && w.deviceIds.includes(deviceId));
  }

  // ---- transitions --------------------------------------------------------------

  private apply(t: Track, state: MonitorState, problem: ProblemKind | null, message: string, immediate: boolean): void {
    if (state === 'OK') {
      t.attempts = 0;
      if (t.hard !== 'OK') this.setHard(t, 'OK', null, message);
      else t.message = message;
    } else if (t.hard === 'OK') {
      t.attempts++;
      if (immediate || t.attempts >= t.maxAttempts) this.setHard(t, state, problem, message);
    } else if (state !== t.hard) {
      // between problem states the change is hard at once (WARNING → CRITICAL)
      this.setHard(t, state, problem, message);
    } else {
      // same state, seen again (a poll confirming a trap): the alarm keeps how it was raised
      t.message = message;
      t.problem = problem;
    }
  }

  private setHard(t: Track, state: MonitorState, problem: ProblemKind | null, message: string): void {
    t.hard = state;
    t.hardSince = this.now();
    t.problem = problem;
    t.message = message;
    if (state === 'OK') this.problems.delete(t.subject.key);
    else this.problems.add(t.subject.key);
    this.dirty = true;
    this.emit({ type: 'state', subject: t.subject, state, problem, message, since: t.hardSince });
  }

  private noteFlap(t: Track, change: 'start' | 'stop'): void {
    this.dirty = true;
    const a = this.alarms.get(t.subject.key);
    if (a) {
      a.flapping = change === 'start';
      this.changed(a, [this.entry(change === 'start' ? 'flap-start' : 'flap-stop', a.state, SYSTEM_ACTOR, `state changed in ${t.flap.percent().toFixed(0)} % of the last 21 checks`)]);
    }
  }

  /** Reconciles until nothing changes (a host turning UNREACHABLE is itself a change). */
  private settle(): void {
    for (let i = 0; this.dirty && i < 4; i++) {
      this.dirty = false;
      this.reconcile();
    }
    this.dirty = false;
  }

  /**
   * Brings alarms in line with the hard states and the topology (I3, I4): hosts behind a
   * DOWN device become UNREACHABLE, everything behind a DOWN device folds into its alarm.
   */
  private reconcile(): void {
    const recheck: string[] = [];
    for (const key of [...this.problems]) {
      const t = this.tracks.get(key)!;
      if (t.subject.kind !== 'host' || !t.subject.deviceId) continue;
      const above = this.downAbove(t.subject.deviceId);
      if (t.hard === 'DOWN' && above) this.setHard(t, 'UNREACHABLE', t.problem, `${above.label} is down`);
      else if (t.hard === 'UNREACHABLE' && !above && !this.awaitingRecheck.has(t.subject.deviceId)) {
        this.awaitingRecheck.add(t.subject.deviceId);
        recheck.push(t.subject.deviceId);
      }
    }
    if (recheck.length > 0) this.emit({ type: 'recheck', deviceIds: recheck });

    const attention = new Set<string>([...this.problems, ...this.alarms.keys(), ...this.foldedInto.keys()]);
    const folds = new Map<string, string>();
    // Own alarms first, so that every root exists before anything folds into it.
    for (const key of attention) {
      const t = this.tracks.get(key);
      if (!t || !this.ownsSubject(t.subject)) continue;
      const root = this.rootOf(t);
      if (root) {
        folds.set(key, root.subject.key);
        continue;
      }
      const quiet = t.hard !== 'OK' && this.isQuiet(t);
      const want = !quiet && (t.hard !== 'OK' || t.flap.flapping);
      const a = this.alarms.get(key);
      if (want && !a) this.raise(t);
      else if (want && a) this.refresh(t, a);
      else if (!want && a) {
        const behindRemote = t.hard === 'UNREACHABLE' && t.subject.kind === 'host' && t.subject.deviceId !== null && this.downAbove(t.subject.deviceId) !== null;
        this.clear(a, t.hard === 'OK' ? t.message || 'recovered' : behindRemote ? `unreachable: ${t.message}` : 'waiting for a check after its parent recovered');
      }
    }
    const added = new Map<string, AffectedItem[]>();
    const removed = new Map<string, AffectedItem[]>();
    for (const key of attention) {
      const t = this.tracks.get(key);
      const was = this.foldedInto.get(key);
      const now = folds.get(key);
      if (was && was !== now) {
        const root = this.alarms.get(was);
        const item = root?.affected.get(key);
        if (root && item) {
          root.affected.delete(key);
          push(removed, was, item);
        }
        this.foldedInto.delete(key);
      }
      if (now && t) {
        const own = this.alarms.get(key);
        if (own) this.clear(own, `folded into the alarm of ${this.tracks.get(now)!.subject.label}`);
        const root = this.alarms.get(now)!;
        const item: AffectedItem = { key, deviceId: t.subject.deviceId, label: t.subject.label, state: t.hard };
        const before = root.affected.get(key);
        root.affected.set(key, item);
        if (!before) push(added, now, item);
        this.foldedInto.set(key, now);
      }
    }
    for (const rootKey of new Set([...added.keys(), ...removed.keys()])) {
      const root = this.alarms.get(rootKey);
      if (!root) continue;
      const entries: AlarmTimelineEntry[] = [];
      const a = added.get(rootKey);
      const r = removed.get(rootKey);
      if (a) entries.push(this.entry('fold', root.state, SYSTEM_ACTOR, `${a.length} affected behind it: ${names(a)}`));
      if (r) entries.push(this.entry('unfold', root.state, SYSTEM_ACTOR, `${r.length} no longer affected: ${names(r)}`));
      this.changed(root, entries);
    }
  }

  /** Maintenance windows opening and closing, snoozes ending. */
  private refreshTimed(): void {
    for (const a of this.alarms.values()) {
      if (!this.ownsSubject(a.subject)) continue; // the owner writes these (I9)
      const m = this.inMaintenance(a.subject.deviceId);
      if (m !== a.maintenance) {
        a.maintenance = m;
        this.changed(a, [this.entry(m ? 'maintenance-start' : 'maintenance-end', a.state, SYSTEM_ACTOR, m ? 'silenced by a maintenance window' : 'maintenance window over')]);
      }
      if (a.snoozedUntil !== null && a.snoozedUntil <= this.now()) {
        a.snoozedUntil = null;
        this.changed(a, [this.entry('snooze', a.state, SYSTEM_ACTOR, 'snooze ended')]);
      }
    }
  }

  /** The host track of the topmost hard-DOWN device that `t` is behind (I4), or null. */
  private rootOf(t: Track): Track | null {
    if (t.hard === 'OK' || !t.subject.deviceId) return null;
    if (t.subject.kind !== 'host') {
      const host = this.tracks.get(`host:${t.subject.deviceId}`);
      if (host && host.hard === 'DOWN') return this.downAncestor(t.subject.deviceId) ?? host;
      if (host && host.hard === 'UNREACHABLE') return this.downAncestor(t.subject.deviceId);
      return null;
    }
    return t.hard === 'UNREACHABLE' ? this.downAncestor(t.subject.deviceId) : null;
  }

  /** Unreachable without a DOWN device above it: wait for the recheck, raise nothing. */
  private isQuiet(t: Track): boolean {
    if (!t.subject.deviceId) return false;
    if (t.subject.kind === 'host') return t.hard === 'UNREACHABLE';
    const host = this.tracks.get(`host:${t.subject.deviceId}`);
    return !!host && host.hard === 'UNREACHABLE';
  }

  /** The topmost ancestor whose host is hard DOWN. */
  private downAncestor(deviceId: string): Track | null {
    let found: Track | null = null;
    const seen = new Set<string>([deviceId]);
    let p = this.parents.get(deviceId) ?? null;
    for (let i = 0; p && i < MAX_PARENT_DEPTH && !seen.has(p); i++) {
      seen.add(p);
      const host = this.tracks.get(`host:${p}`);
      if (host && host.hard === 'DOWN') found = host;
      p = this.parents.get(p) ?? null;
    }
    return found;
  }

  /**
   * A DOWN device above this one, here or on another client's shard (shared mode): that
   * client's synced host alarm says so. A host behind it is UNREACHABLE and raises nothing
   * of its own (no storm); only the owner's alarm can list what it affects.
   */
  private downAbove(deviceId: string): { label: string } | null {
    const local = this.downAncestor(deviceId);
    if (local) return local.subject;
    if (!this.opts.owns) return null;
    let found: { label: string } | null = null;
    const seen = new Set<string>([deviceId]);
    let p = this.parents.get(deviceId) ?? null;
    for (let i = 0; p && i < MAX_PARENT_DEPTH && !seen.has(p); i++) {
      seen.add(p);
      const remote = this.opts.owns(p) ? undefined : this.alarms.get(`host:${p}`);
      if (remote && remote.state === 'DOWN') found = remote.subject;
      p = this.parents.get(p) ?? null;
    }
    return found;
  }

  private raise(t: Track): void {
    const now = this.now();
    const a: Alarm = {
      id: this.opts.newId(), subject: t.subject, state: alarmState(t), problem: t.problem, message: t.message,
      since: now, lastChangeAt: now, ack: null, snoozedUntil: null, flapping: t.flap.flapping,
      maintenance: this.inMaintenance(t.subject.deviceId), affected: new Map(), level: t.levels?.level || null,
    };
    this.alarms.set(t.subject.key, a);
    this.alarmIds.set(a.id, t.subject.key);
    const entries = [this.entry('raised', a.state, SYSTEM_ACTOR, a.message)];
    if (a.flapping) entries.push(this.entry('flap-start', a.state, SYSTEM_ACTOR, `state changed in ${t.flap.percent().toFixed(0)} % of the last 21 checks`));
    if (a.maintenance) entries.push(this.entry('maintenance-start', a.state, SYSTEM_ACTOR, 'silenced by a maintenance window'));
    this.emit({ type: 'alarm', change: 'raised', alarm: this.view(a), subject: a.subject, entries });
  }

  private refresh(t: Track, a: Alarm): void {
    const state = alarmState(t);
    a.subject = t.subject;
    if (state === a.state) return;
    const entries = [this.entry('state', state, SYSTEM_ACTOR, t.message)];
    if (a.ack && STATE_RANK[state] > STATE_RANK[a.state]) {
      a.ack = null;
      entries.push(this.entry('unack', state, SYSTEM_ACTOR, `acknowledgement removed: ${a.state} → ${state}`));
    }
    a.state = state;
    a.problem = t.problem;
    a.message = t.message;
    a.lastChangeAt = this.now();
    this.changed(a, entries);
  }

  private clear(a: Alarm, detail: string): void {
    this.alarms.delete(a.subject.key);
    this.alarmIds.delete(a.id);
    for (const key of a.affected.keys()) if (this.foldedInto.get(key) === a.subject.key) this.foldedInto.delete(key);
    const view = { ...this.view(a), clearedAt: this.now(), audible: false };
    this.emit({ type: 'alarm', change: 'cleared', alarm: view, subject: a.subject, entries: [this.entry('cleared', 'OK', SYSTEM_ACTOR, detail)] });
  }

  private changed(a: Alarm, entries: AlarmTimelineEntry[]): void {
    if (entries.length === 0) return;
    a.lastChangeAt = this.now();
    this.emit({ type: 'alarm', change: 'updated', alarm: this.view(a), subject: a.subject, entries });
  }

  // ---- helpers ------------------------------------------------------------------

  private track(subject: Subject, maxAttempts: number | undefined): Track {
    let t = this.tracks.get(subject.key);
    if (!t) {
      t = {
        subject, maxAttempts: Math.max(1, maxAttempts ?? this.opts.defaultMaxAttempts ?? 3), hard: 'OK', hardSince: this.now(),
        problem: null, message: '', attempts: 0, last: null, lastCheckAt: null,
        flap: new FlapTracker('OK', this.opts.flap ?? DEFAULT_FLAP), clearAt: null, levels: null,
      };
      // taken over (I9): the subject starts from the open alarm synced from its last owner
      const open = this.alarms.get(subject.key);
      if (open && open.state !== 'OK') {
        t.hard = open.state;
        t.hardSince = open.since;
        t.problem = open.problem;
        t.message = open.message;
        t.attempts = t.maxAttempts;
        this.problems.add(subject.key);
      }
      this.tracks.set(subject.key, t);
      if (subject.deviceId) {
        let set = this.byDevice.get(subject.deviceId);
        if (!set) this.byDevice.set(subject.deviceId, (set = new Set()));
        set.add(subject.key);
        // a device's first state (it had none: PENDING on the wall) is news even when it is OK
        this.emit({ type: 'state', subject, state: t.hard, problem: t.problem, message: t.message, since: t.hardSince });
      }
    } else {
      t.subject = subject;
      if (maxAttempts !== undefined) t.maxAttempts = Math.max(1, maxAttempts);
    }
    return t;
  }

  private ownsSubject(s: Subject): boolean {
    return !s.deviceId || !this.opts.owns || this.opts.owns(s.deviceId);
  }

  /** Forgets an alarm without a word (another client decided it). */
  private drop(a: Alarm): void {
    this.alarms.delete(a.subject.key);
    this.alarmIds.delete(a.id);
    for (const key of a.affected.keys()) if (this.foldedInto.get(key) === a.subject.key) this.foldedInto.delete(key);
  }

  private dropTrack(key: string): void {
    const t = this.tracks.get(key);
    if (!t) return;
    this.tracks.delete(t.subject.key);
    this.problems.delete(t.subject.key);
    if (t.subject.deviceId) this.byDevice.get(t.subject.deviceId)?.delete(t.subject.key);
  }

  private byId(id: string): Alarm {
    const key = this.alarmIds.get(id);
    const a = key ? this.alarms.get(key) : undefined;
    if (!a) throw new AlarmNotFoundError(id);
    return a;
  }

  private view(a: Alarm): AlarmView {
    const now = this.now();
    const snoozed = a.snoozedUntil !== null && a.snoozedUntil > now;
    const severity = severityOf(a.state);
    return {
      id: a.id, key: a.subject.key, deviceId: a.subject.deviceId, subjectKind: a.subject.kind, label: a.subject.label,
      state: a.state, severity, problem: a.problem, message: a.message, source: a.subject.source, since: a.since,
      lastChangeAt: a.lastChangeAt, clearedAt: null, ack: a.ack, snoozedUntil: snoozed ? a.snoozedUntil : null,
      flapping: a.flapping, maintenance: a.maintenance, affected: [...a.affected.values()], level: a.level,
      audible: !a.ack && !snoozed && !a.maintenance && severity !== null,
    };
  }

  private entry(kind: AlarmTimelineEntry['kind'], state: MonitorState | null, actor: string, detail: string): AlarmTimelineEntry {
    return { at: this.now(), kind, state, actor, detail };
  }

  private emit(e: EngineEvent): void {
    this.out.push(e);
  }

  private now(): number {
    return this.opts.clock.now();
  }

  /** Runs fn; the events it caused go to the listeners once, after the outermost call. */
  private batch<T>(fn: () => T): T {
    this.depth++;
    let result: T;
    try {
      result = fn();
      if (this.depth === 1) this.settle();
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.out.length > 0) {
      const events = this.out;
      this.out = [];
      for (const l of this.listeners) l(events);
    }
    return result;
  }
}

/** The fields of a synced alarm row the in-memory alarm takes (all but its id). */
function copyOf(s: StoredAlarm): Omit<Alarm, 'id'> {
  return {
    subject: s.subject, state: s.state, problem: s.problem, message: s.message, since: s.since, lastChangeAt: s.lastChangeAt,
    ack: s.ack, snoozedUntil: s.snoozedUntil, flapping: s.flapping, maintenance: s.maintenance,
    affected: new Map(s.affected.map((i) => [i.key, i])), level: s.level,
  };
}

function sameAck(a: AlarmAck | null, b: AlarmAck | null): boolean {
  return a === b || (!!a && !!b && a.by === b.by && a.at === b.at && a.comment === b.comment);
}

/** An alarm open only because its subject flaps shows WARNING. */
function alarmState(t: Track): MonitorState {
  return t.hard === 'OK' ? 'WARNING' : t.hard;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function names(items: AffectedItem[]): string {
  const shown = items.slice(0, 5).map((i) => i.label).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
