// The wall's alarm sound (howler, Web Audio): one sound per severity, looping (each file
// ends in silence, so it repeats with a pause) for as long as an audible alarm is there —
// until it is acknowledged, snoozed or in maintenance (the server says `audible`), or the
// wall is muted or snoozed here.
//
// Browsers start audio only after a person interacts with the page (autoplay policy): the
// AudioContext stays "suspended". Then the state is `locked` and the wall asks plainly for
// a click. A kiosk started with --autoplay-policy=no-user-gesture-required (Chromium, and
// the same switch in Electron) is never locked.
//
// The state is published (data-sound-state on the wall) so that tests and people can see
// what the wall is doing without starting anything themselves.
import { Howl, Howler } from 'howler';
import type { Severity } from '../../../shared/monitoring';
import type { AlarmView } from '../../../shared/monitoring-types';
import { soundTarget } from './sound-target';
import criticalUrl from '../../../resources/sounds/critical.ogg?url';
import unknownUrl from '../../../resources/sounds/unknown.ogg?url';
import warningUrl from '../../../resources/sounds/warning.ogg?url';

export type SoundState = 'locked' | 'idle' | 'muted' | 'snoozed' | `playing:${Severity}` | `test:${Severity}`;

export interface SoundSnapshot {
  state: SoundState;
  /** really making sound: a howl is playing and the audio context runs */
  audible: boolean;
  /** the alarm that started the current sound */
  triggerId: string | null;
  /** client time the current sound started */
  startedAt: number | null;
  snoozedUntil: number | null;
  muted: boolean;
  locked: boolean;
}

const URLS: Record<Severity, string> = { critical: criticalUrl, warning: warningUrl, unknown: unknownUrl };
const TEST_MS = 4000;

export class AlarmSound {
  private readonly howls: Record<Severity, Howl>;
  private current: { severity: Severity; id: number; triggerId: string | null; startedAt: number; test: boolean } | null = null;
  private muted = false;
  private snoozedUntil: number | null = null;
  private wanted: { severity: Severity; alarmId: string } | null = null;
  private testTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(s: SoundSnapshot) => void>();
  private last = '';

  constructor() {
    Howler.autoSuspend = false; // a wall must be able to sound at any time
    this.howls = {
      critical: new Howl({ src: [URLS.critical], loop: true, preload: true, volume: 1 }),
      warning: new Howl({ src: [URLS.warning], loop: true, preload: true, volume: 0.9 }),
      unknown: new Howl({ src: [URLS.unknown], loop: true, preload: true, volume: 0.8 }),
    };
    Howler.ctx?.addEventListener('statechange', () => this.apply());
  }

  onChange(fn: (s: SoundSnapshot) => void): () => void {
    this.listeners.add(fn);
    fn(this.snapshot());
    return () => this.listeners.delete(fn);
  }

  get locked(): boolean {
    return !Howler.ctx || Howler.ctx.state !== 'running';
  }

  /** Called from a click: the gesture the browser waits for. */
  async unlock(): Promise<boolean> {
    try {
      await Howler.ctx?.resume();
    } catch (_err) {
      // still locked: the state says so
    }
    this.apply();
    return !this.locked;
  }

  /** The alarms changed (or time passed): play what they call for. */
  update(alarms: readonly AlarmView[], serverNow: number, clientNow: number): void {
    if (this.snoozedUntil !== null && this.snoozedUntil <= clientNow) this.snoozedUntil = null;
    this.wanted = soundTarget(alarms, serverNow);
    this.apply();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.apply();
  }

  /** Silence this wall for a while (0 ends the snooze). */
  snooze(minutes: number, clientNow: number): void {
    this.snoozedUntil = minutes > 0 ? clientNow + minutes * 60_000 : null;
    this.apply();
  }

  /** Play a severity's sound for a few seconds (the test-sound button). */
  test(severity: Severity): void {
    if (this.testTimer) clearTimeout(this.testTimer);
    this.stop();
    const id = this.howls[severity].play();
    this.current = { severity, id, triggerId: null, startedAt: Date.now(), test: true };
    this.testTimer = setTimeout(() => {
      this.testTimer = null;
      if (this.current?.test) this.stop();
      this.apply();
    }, TEST_MS);
    this.emit();
  }

  snapshot(): SoundSnapshot {
    const c = this.current;
    let state: SoundState;
    if (c?.test) state = `test:${c.severity}`;
    else if (this.wanted && this.locked) state = 'locked';
    else if (this.wanted && this.muted) state = 'muted';
    else if (this.wanted && this.snoozedUntil !== null) state = 'snoozed';
    else if (c) state = `playing:${c.severity}`;
    else state = this.muted ? 'muted' : this.snoozedUntil !== null ? 'snoozed' : this.locked ? 'locked' : 'idle';
    return {
      state, audible: !!c && this.howls[c.severity].playing(c.id) && !this.locked, triggerId: c?.triggerId ?? null,
      startedAt: c?.startedAt ?? null, snoozedUntil: this.snoozedUntil, muted: this.muted, locked: this.locked,
    };
  }

  dispose(): void {
    if (this.testTimer) clearTimeout(this.testTimer);
    this.stop();
    for (const h of Object.values(this.howls)) h.unload();
    this.listeners.clear();
  }

  private apply(): void {
    if (this.current?.test) return this.emit();
    const w = this.wanted;
    const silent = !w || this.muted || this.snoozedUntil !== null || this.locked;
    if (silent) {
      this.stop();
    } else if (!this.current || this.current.severity !== w.severity) {
      this.stop();
      const id = this.howls[w.severity].play();
      this.current = { severity: w.severity, id, triggerId: w.alarmId, startedAt: Date.now(), test: false };
    }
    this.emit();
  }

  private stop(): void {
    if (this.current) this.howls[this.current.severity].stop(this.current.id);
    this.current = null;
  }

  /** Publish the state again if it changed by itself (a sound finished loading, …). */
  refresh(): void {
    this.emit();
  }

  private emit(): void {
    const s = this.snapshot();
    const key = JSON.stringify(s);
    if (key === this.last) return;
    this.last = key;
    for (const fn of this.listeners) fn(s);
  }
}
