// What the pollers last saw per device, in memory (not persisted: after a restart the first
// poll fills it again). The drawer and the wall read it; alarms are the engine's business.
//
// Shared mode (issue 6): what this client's pollers write is published to the other clients
// (live-share.ts), and what they publish is merged in here. Writers go through get() (it
// stamps the device and tells onChange listeners, i.e. the publisher); readers use peek();
// merge() writes what another client saw without telling its publisher (no echo).
import type { MonitorState, ProblemKind } from '../../shared/monitoring';

export interface InterfaceLive {
  oper: number | null;
  admin: number | null;
  inBps: number | null;
  outBps: number | null;
  /** errors and discards per second, in and out (from two polls) */
  inErrPs?: number | null;
  outErrPs?: number | null;
  inDiscPs?: number | null;
  outDiscPs?: number | null;
  at: number;
}

export interface DeviceLive {
  lastPollAt: number | null;
  lastOkAt: number | null;
  lastError: string | null;
  pollMs: number | null;
  sysName: string | null;
  sysDescr: string | null;
  uptimeTicks: number | null;
  cpuPct: number | null;
  memPct: number | null;
  diskPct: number | null;
  resourcesAt: number | null;
  /** last authenticationFailure trap from this agent */
  authTrapAt: number | null;
  interfaces: Map<number, InterfaceLive>;
  /** wall-clock ms of the last change, local or merged: the order in which views of a device win */
  changedAt: number;
  /** wall-clock ms of the last local change (get()) and of the last merge */
  localAt: number;
  mergedAt: number;
  /** the device's state in the alarm engine of the client that polls it (tile and drawer on the others) */
  remote: DeviceSummary | null;
}

/** A device's worst state as an alarm engine sums it up (AlarmEngine.deviceSummary). */
export interface DeviceSummary {
  state: MonitorState;
  problem: ProblemKind | null;
  message: string;
  since: number;
  acked: boolean;
  maintenance: boolean;
  auth: boolean;
}

/** The plain fields of a device's live state, in the order the wire format lists them. */
export const LIVE_FIELDS = ['lastPollAt', 'lastOkAt', 'lastError', 'pollMs', 'sysName', 'sysDescr', 'uptimeTicks', 'cpuPct', 'memPct', 'diskPct', 'resourcesAt', 'authTrapAt'] as const;
export type LiveField = (typeof LIVE_FIELDS)[number];
export type LiveFields = { [K in LiveField]: DeviceLive[K] };

/** Another client's view of a device (all of it, or the fields and interfaces that changed). */
export interface LiveUpdate {
  changedAt: number;
  fields?: Partial<LiveFields>;
  interfaces?: Array<[ifIndex: number, live: InterfaceLive]>;
  /** the poller's summary of the device's state (absent: unchanged) */
  remote?: DeviceSummary | null;
}

export class LiveBook {
  private readonly devices = new Map<string, DeviceLive>();
  private readonly listeners = new Set<(deviceId: string) => void>();
  private readonly mergeListeners = new Set<(deviceId: string) => void>();
  /** newest poll completion, for "how old is the data" on the wall */
  lastPollAt: number | null = null;

  /** `now`: wall-clock time for the changedAt stamps (compared across clients, so not a test's fake time unless given). */
  constructor(private readonly now: () => number = Date.now) {}

  /** For writers: the device's entry (created on first use), stamped as changed now. */
  get(deviceId: string): DeviceLive {
    const d = this.entry(deviceId);
    d.changedAt = Math.max(d.changedAt, this.now());
    d.localAt = d.changedAt;
    for (const fn of this.listeners) fn(deviceId);
    return d;
  }

  peek(deviceId: string): DeviceLive | undefined {
    return this.devices.get(deviceId);
  }

  /** Local changes (through get()), for the publisher. */
  onChange(fn: (deviceId: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Merged changes from other clients, for the wall. */
  onMerge(fn: (deviceId: string) => void): () => void {
    this.mergeListeners.add(fn);
    return () => this.mergeListeners.delete(fn);
  }

  /**
   * The state another client's alarm engine gives a device, while the latest news of the device
   * came from that client (null once this client polls it or saw a trap of it itself: then its
   * own engine speaks for it).
   */
  remoteSummary(deviceId: string): DeviceSummary | null {
    const d = this.devices.get(deviceId);
    return d && d.mergedAt > d.localAt ? d.remote : null;
  }

  polled(deviceId: string, at: number, ok: boolean, error: string | null, ms: number | null): void {
    const d = this.get(deviceId);
    d.lastPollAt = at;
    if (ok) d.lastOkAt = at;
    d.lastError = error;
    d.pollMs = ms;
    this.notePoll(at);
  }

  /**
   * What another client saw. An update older than what is here (changedAt, local or merged)
   * is ignored, so a late message never overwrites a newer view; an equal one is applied (the
   * parts of one split message carry the same stamp). Returns whether it was applied.
   */
  merge(deviceId: string, u: LiveUpdate): boolean {
    const d = this.entry(deviceId);
    if (u.changedAt < d.changedAt) return false;
    d.changedAt = u.changedAt;
    d.mergedAt = u.changedAt;
    if (u.remote !== undefined) d.remote = u.remote && { ...u.remote };
    if (u.fields) {
      for (const k of LIVE_FIELDS) {
        const v = u.fields[k];
        // each field has its own type; the loop only copies what the update carries
        if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
      }
      if (typeof u.fields.lastPollAt === 'number') this.notePoll(u.fields.lastPollAt);
    }
    for (const [ifIndex, i] of u.interfaces ?? []) d.interfaces.set(ifIndex, { ...i });
    for (const fn of this.mergeListeners) fn(deviceId);
    return true;
  }

  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  private entry(deviceId: string): DeviceLive {
    let d = this.devices.get(deviceId);
    if (!d) {
      d = {
        lastPollAt: null, lastOkAt: null, lastError: null, pollMs: null, sysName: null, sysDescr: null, uptimeTicks: null,
        cpuPct: null, memPct: null, diskPct: null, resourcesAt: null, authTrapAt: null, interfaces: new Map(), changedAt: -Infinity,
        localAt: -Infinity, mergedAt: -Infinity, remote: null,
      };
      this.devices.set(deviceId, d);
    }
    return d;
  }

  private notePoll(at: number): void {
    if (this.lastPollAt === null || at > this.lastPollAt) this.lastPollAt = at;
  }
}
