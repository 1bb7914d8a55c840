// The pollers at run time: the configuration read from the store (and read again when it
// changes), the scheduler's jobs, the SNMP client, fping, the trap receiver, and the timers
// that tick the alarm engine and flush the time series. Started by createCore when
// monitoring is enabled; stop() leaves no timer, socket or child process behind.
import type { DeviceLiveState, MonitoredDevice, MonitoredInterface, PortGroup, ResourceUse, ServiceCheck } from '../../shared/monitoring-types';
import type { AlarmService } from '../alarms/service';
import type { Clock, TimerHandle } from '../core/clock';
import { precondition } from '../core/errors';
import type { MonitoringService } from '../domains/monitoring/service';
import type { MetricsService } from '../metrics/service';
import { UTIL_MIN_HOURS } from '../metrics/query';
import { SnmpClient, startTrapReceiver, type TrapEvent, type TrapReceiver, type TrapUser } from '../protocols/snmp';
import type { Store } from '../store/repository';
import { checkJob, type CheckDeps } from './check-jobs';
import { PingBatcher, type PingOptions } from './checks/ping';
import { LiveBook } from './live';
import { Scheduler, type SchedulerStats } from './scheduler';
import { alarmsOnDown, ifSubject, SnmpJobs } from './snmp-job';

export interface MonitoringConfig {
  enabled: boolean;
  /** UDP port of the trap receiver; null: none; 0: any free port (tests) */
  trapPort?: number | null;
  trapAddress?: string;
  trapCommunities?: string[];
  /** SNMPv3 USM users whose traps are accepted (authenticated and decrypted) */
  trapUsers?: TrapUser[];
  maxInFlight?: number;
  snmpTimeoutMs?: number;
  snmpRetries?: number;
  ping?: PingOptions;
  /** engine tick and time-series flush (default 2000 ms) */
  tickMs?: number;
  /** only poll what this process owns (issue 6 leadership) */
  owns?: (deviceId: string) => boolean;
  onError?: (message: string) => void;
}

interface Config {
  devices: Map<string, MonitoredDevice>;
  byAddress: Map<string, string[]>;
  checks: Map<string, ServiceCheck>;
  interfaces: Map<string, Map<number, MonitoredInterface>>;
  groupsByInterface: Map<string, PortGroup[]>;
  names: Map<string, string>;
  addresses: Map<string, string>;
}

const RELOAD_TABLES = new Set(['monitored_devices', 'service_checks', 'interfaces', 'port_groups', 'snmp_credentials', 'devices']);
const RETENTION_MS = 3_600_000;

export interface MonitorStatus {
  running: boolean;
  error: string | null;
  trapPort: number | null;
  lastPollAt: number | null;
  scheduler: SchedulerStats;
  traps: { received: number; events: number; dropped: number; unknownSource: number; handled: number };
  /** SNMP answers the poller's socket dropped: not SNMP, too big, or matching no request (late, forged) */
  snmp: { received: number; malformed: number; oversize: number; unmatched: number };
}

export class Monitor {
  readonly live = new LiveBook();
  readonly scheduler: Scheduler;
  private readonly ping: PingBatcher;
  private client: SnmpClient | null = null;
  private snmp: SnmpJobs | null = null;
  private traps: TrapReceiver | null = null;
  private running = false;
  private error: string | null = null;
  private config: Config = emptyConfig();
  private readonly timers = new Set<TimerHandle>();
  private reloadTimer: TimerHandle | null = null;
  /** what the last configuration reload cost (wall time, ms): spaces out the next one */
  private lastReloadMs = 0;
  private readonly offs: Array<() => void> = [];
  private readonly trapStats = { unknownSource: 0, handled: 0 };
  private commitFallback: ((i: MonitoredInterface) => number | null) | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly s: { store: Store; clock: Clock; monitoring: MonitoringService; alarms: AlarmService; metrics: MetricsService }, private readonly opts: MonitoringConfig = { enabled: false }) {
    this.scheduler = new Scheduler({
      clock: s.clock, maxInFlight: opts.maxInFlight ?? 128, jobTimeoutMs: 120_000,
      owns: opts.owns ? (key) => this.owns(key) : undefined,
      onError: (key, err) => this.report(`${key}: ${err instanceof Error ? err.message : String(err)}`),
    });
    this.ping = new PingBatcher(opts.ping);
    s.monitoring.liveState = (id) => this.liveState(id);
    s.monitoring.checkState = (id) => {
      const st = s.alarms.engine.subjectState(`svc:${id}`);
      return st ? { state: st.last ?? st.hard, hard: st.hard, message: st.message, at: st.lastCheckAt } : null;
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopping = null;
    this.client = new SnmpClient({ clock: this.s.clock, timeoutMs: this.opts.snmpTimeoutMs ?? 2000, retries: this.opts.snmpRetries ?? 2 });
    this.snmp = new SnmpJobs({
      client: this.client, ping: this.ping, alarms: this.s.alarms, monitoring: this.s.monitoring, metrics: this.s.metrics, live: this.live,
      now: () => this.s.clock.now(), name: (id) => this.name(id),
      interfaces: (id) => this.config.interfaces.get(id) ?? new Map(),
      groupsOf: (ifId) => this.config.groupsByInterface.get(ifId) ?? [],
      interfacesChanged: (id) => this.reloadInterfaces(id),
      commitOf: (i) => this.commitFallback?.(i) ?? null,
      stopped: () => !this.running,
    });
    this.offs.push(this.s.store.onChange((events) => {
      if (events.some((e) => e.table === 'maintenance_windows')) this.s.alarms.reloadWindows();
      if (events.some((e) => RELOAD_TABLES.has(e.table))) this.reloadSoon();
    }));
    this.offs.push(this.s.alarms.engine.onEvents((events) => {
      for (const e of events) if (e.type === 'recheck') for (const id of e.deviceIds) this.recheck(id);
    }));
    this.reload();
    this.scheduler.start();
    this.every(this.opts.tickMs ?? 2000, () => {
      this.s.alarms.tick();
      this.s.metrics.flush();
    });
    this.every(RETENTION_MS, () => { void this.s.metrics.retentionInSteps(() => !this.running); });
    if (this.opts.trapPort !== undefined && this.opts.trapPort !== null) {
      try {
        this.traps = await startTrapReceiver({
          port: this.opts.trapPort, address: this.opts.trapAddress ?? '127.0.0.1', communities: this.opts.trapCommunities ?? ['public'],
          users: this.opts.trapUsers ?? [], clock: this.s.clock, onTrap: (e) => this.onTrap(e),
        });
      } catch (err) {
        this.report(`The trap receiver could not listen on ${this.opts.trapAddress ?? '127.0.0.1'}:${this.opts.trapPort} (${(err as NodeJS.ErrnoException).code ?? String(err)}); polling runs without traps.`);
      }
      if (!this.running) await this.traps?.close();
    }
  }

  /** Stops everything; safe to call twice. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.running = false;
    for (const t of this.timers) this.s.clock.clearTimeout(t);
    this.timers.clear();
    if (this.reloadTimer !== null) this.s.clock.clearTimeout(this.reloadTimer);
    this.reloadTimer = null;
    for (const off of this.offs.splice(0)) off();
    this.ping.close();
    const client = this.client;
    const traps = this.traps;
    this.client = null;
    this.traps = null;
    this.stopping = (async () => {
      await this.scheduler.stop();
      await Promise.allSettled([client?.close(), traps?.close()]);
    })();
    return this.stopping;
  }

  /** Poll a device now (a person asked, a trap arrived, a test). */
  async pollNow(deviceId: string): Promise<void> {
    const dev = this.config.devices.get(deviceId) ?? this.s.monitoring.repo.deviceFor(deviceId);
    if (!dev || !this.snmp) return;
    // shared mode: only the shard owner polls a device (its interface rows, live results and alarms are its own)
    if (this.opts.owns && !this.opts.owns(deviceId)) {
      throw precondition('Another client of the shared database polls this device: its next poll shows here within a second. Poll it from that client, or wait.', 'deviceId');
    }
    await this.snmp.poll(dev);
  }

  /**
   * The commit a port is measured against when it has none of its own: the customers domain
   * gives the committed rate of the rental on the server the port is linked to.
   */
  setCommitFallback(lookup: (i: MonitoredInterface) => number | null): () => void {
    this.commitFallback = lookup;
    return () => {
      if (this.commitFallback === lookup) this.commitFallback = null;
    };
  }

  /** Run one service check now. */
  async checkNow(checkId: string): Promise<void> {
    const c = this.config.checks.get(checkId) ?? this.s.monitoring.repo.checks.find(checkId);
    if (!c || !this.running) return;
    await checkJob(c, this.checkDeps(), new AbortController().signal);
  }

  liveState(deviceId: string): DeviceLiveState | null {
    const sum = this.live.remoteSummary(deviceId) ?? this.s.alarms.engine.deviceSummary(deviceId); // another client's poll, in shared mode
    const lv = this.live.peek(deviceId);
    if (!sum && !lv) return this.config.devices.has(deviceId) ? { deviceId, state: 'PENDING', problem: null, message: 'waiting for the first poll', since: null, lastPollAt: null, lastOkAt: null } : null;
    return {
      deviceId, state: sum?.state ?? 'PENDING', problem: sum?.problem ?? null, message: sum?.message ?? lv?.lastError ?? '',
      since: sum?.since ?? null, lastPollAt: lv?.lastPollAt ?? null, lastOkAt: lv?.lastOkAt ?? null,
    };
  }

  resourceUse(deviceId: string): ResourceUse {
    const lv = this.live.peek(deviceId);
    const { flags, hours } = this.s.metrics.utilisationFlags(deviceId);
    return {
      deviceId, at: lv?.resourcesAt ?? null, cpuPct: lv?.cpuPct ?? null, memPct: lv?.memPct ?? null, diskPct: lv?.diskPct ?? null,
      flags, overUtilised: flags.some((f) => f.level === 'over'), underUtilised: flags.some((f) => f.level === 'under'),
      weekHours: hours, weekHoursNeeded: UTIL_MIN_HOURS,
    };
  }

  status(): MonitorStatus {
    const t = this.traps?.counters();
    const u = this.client?.stats().transport;
    return {
      running: this.running, error: this.error, trapPort: this.traps?.port ?? null, lastPollAt: this.live.lastPollAt,
      scheduler: this.scheduler.stats(),
      traps: { received: t?.received ?? 0, events: t?.events ?? 0, dropped: t?.dropped ?? 0, ...this.trapStats },
      snmp: { received: u?.received ?? 0, malformed: u?.malformed ?? 0, oversize: u?.oversize ?? 0, unmatched: u?.unmatched ?? 0 },
    };
  }

  // ---- configuration --------------------------------------------------------------

  private reloadSoon(): void {
    if (!this.running || this.reloadTimer !== null) return;
    // A reload re-reads every device and interface: on a large site (2,000 switches being
    // discovered write interface rows all the time) it must not run back to back, or the
    // polls' own answers time out. Wait at least ten times what the last one cost (max 5 s).
    const delay = Math.min(5_000, Math.max(200, 10 * this.lastReloadMs));
    this.reloadTimer = this.s.clock.setTimeout(() => {
      this.reloadTimer = null;
      if (!this.running) return;
      const started = performance.now();
      this.reload();
      this.lastReloadMs = performance.now() - started;
    }, delay);
  }

  /** Reads the configuration and brings the jobs and the engine in line with it. */
  reload(): void {
    const repo = this.s.monitoring.repo;
    const before = this.config;
    const next = emptyConfig();
    for (const d of repo.allDevices()) if (d.enabled) next.devices.set(d.deviceId, d);
    for (const c of repo.allChecks()) if (c.enabled) next.checks.set(c.id, c);
    for (const i of repo.allInterfaces()) {
      let m = next.interfaces.get(i.deviceId);
      if (!m) next.interfaces.set(i.deviceId, (m = new Map()));
      m.set(i.ifIndex, i);
    }
    for (const g of repo.allPortGroups()) for (const id of g.interfaceIds) (next.groupsByInterface.get(id) ?? next.groupsByInterface.set(id, []).get(id)!).push(g);
    const types = new Map<string, string>();
    for (const r of this.s.store.prepare(`SELECT id, name, type, mgmt_ip, primary_ip FROM devices WHERE deleted = 0`).all() as Array<{ id: string; name: string; type: string; mgmt_ip: string; primary_ip: string }>) {
      next.names.set(r.id, r.name);
      types.set(r.id, r.type);
      next.addresses.set(r.id, r.mgmt_ip || r.primary_ip);
    }
    for (const d of next.devices.values()) (next.byAddress.get(d.address) ?? next.byAddress.set(d.address, []).get(d.address)!).push(d.deviceId);
    this.config = next;

    this.s.alarms.engine.setTopology(topology(next.devices.values(), repo.allInterfaces(), types));
    const keys = new Set<string>();
    for (const d of next.devices.values()) {
      const key = `snmp:${d.deviceId}`;
      keys.add(key);
      const id = d.deviceId;
      this.scheduler.upsert({ key, intervalMs: d.intervalS * 1000, run: async () => {
        const cur = this.config.devices.get(id);
        return cur && this.snmp ? this.snmp.poll(cur) : undefined;
      } });
    }
    for (const c of next.checks.values()) {
      const key = `check:${c.id}`;
      keys.add(key);
      const id = c.id;
      this.scheduler.upsert({ key, intervalMs: c.intervalS * 1000, timeoutMs: c.timeoutMs + 30_000, run: async (signal) => {
        const cur = this.config.checks.get(id);
        return cur ? checkJob(cur, this.checkDeps(), signal) : undefined;
      } });
    }
    for (const key of this.scheduler.keys()) if (!keys.has(key)) this.scheduler.remove(key);

    // what is no longer monitored clears its alarms
    const engine = this.s.alarms.engine;
    for (const id of before.devices.keys()) {
      if (!next.devices.has(id)) {
        engine.forget(`host:${id}`, 'no longer monitored');
        this.snmp?.forget(id);
      }
    }
    for (const id of before.checks.keys()) if (!next.checks.has(id)) engine.forget(`svc:${id}`, 'check removed');
    const groupIds = (c: Config) => new Set([...c.groupsByInterface.values()].flat().map((g) => g.id));
    const groupsNow = groupIds(next);
    for (const id of groupIds(before)) if (!groupsNow.has(id)) engine.forget(`bw:grp:${id}`, 'port group removed');
    for (const [dev, ifs] of before.interfaces) {
      for (const [idx, i] of ifs) {
        const now = next.interfaces.get(dev)?.get(idx);
        if (alarmsOnDown(i) && (!now || !alarmsOnDown(now))) engine.forget(`if:${i.id}`, 'no longer watched');
        if (i.committedMbps && (!now || !now.committedMbps)) engine.forget(`bw:if:${i.id}`, 'no commit any more');
      }
    }
  }

  private reloadInterfaces(deviceId: string): void {
    const m = new Map<number, MonitoredInterface>();
    for (const i of this.s.monitoring.repo.interfacesOf(deviceId)) m.set(i.ifIndex, i);
    this.config.interfaces.set(deviceId, m);
  }

  // ---- traps ---------------------------------------------------------------------

  /** linkDown/linkUp/coldStart/warmStart change state at once; the device is polled soon after. */
  private onTrap(e: TrapEvent): void {
    if (!this.running) return;
    const ids = this.config.byAddress.get(e.agentAddress) ?? (e.claimedAddress ? this.config.byAddress.get(e.claimedAddress) : undefined);
    if (!ids || ids.length === 0) {
      this.trapStats.unknownSource++;
      return;
    }
    this.trapStats.handled++;
    for (const deviceId of ids) {
      const name = this.name(deviceId);
      switch (e.kind) {
        case 'linkDown':
        case 'linkUp': {
          const i = e.ifIndex !== undefined ? this.config.interfaces.get(deviceId)?.get(e.ifIndex) : undefined;
          const lv = this.live.get(deviceId).interfaces.get(e.ifIndex ?? -1);
          if (lv) lv.oper = e.kind === 'linkDown' ? 2 : 1;
          if (i && alarmsOnDown(i)) {
            const down = e.kind === 'linkDown';
            this.s.alarms.record({ subject: ifSubject(i, name), state: down ? 'CRITICAL' : 'OK', problem: down ? 'trap' : null, message: down ? 'link down (trap)' : 'link up (trap)', immediate: true });
          }
          break;
        }
        case 'coldStart':
        case 'warmStart':
          this.s.alarms.record({ subject: { key: `host:${deviceId}`, deviceId, kind: 'host', label: name, source: 'trap' }, state: 'OK', message: `${e.kind} trap: the agent is up`, immediate: true });
          this.snmp?.restarted(deviceId, name, `${e.kind} trap`);
          break;
        case 'authenticationFailure':
          this.live.get(deviceId).authTrapAt = this.s.clock.now();
          break;
        case 'other':
          break;
      }
      this.scheduler.runSoon(`snmp:${deviceId}`);
    }
  }

  // ---- helpers -------------------------------------------------------------------

  /** Shards (issue 6): a job runs here when this process owns its device. */
  private owns(key: string): boolean {
    const id = key.slice(key.indexOf(':') + 1);
    if (key.startsWith('check:')) {
      const c = this.config.checks.get(id);
      return c ? this.opts.owns!(c.deviceId) : true;
    }
    return this.opts.owns!(id);
  }

  private recheck(deviceId: string): void {
    if (!this.scheduler.runSoon(`snmp:${deviceId}`)) {
      for (const c of this.config.checks.values()) if (c.deviceId === deviceId && c.kind === 'ping') this.scheduler.runSoon(`check:${c.id}`);
    }
  }

  private checkDeps(): CheckDeps {
    return {
      ping: this.ping, alarms: this.s.alarms, metrics: this.s.metrics, now: () => this.s.clock.now(), name: (id) => this.name(id),
      address: (id) => this.config.devices.get(id)?.address ?? this.config.addresses.get(id) ?? null,
      hasSnmp: (id) => this.config.devices.has(id),
      policy: (id) => {
        const d = this.config.devices.get(id);
        return { maxAttempts: d?.maxAttempts ?? 3, retryIntervalS: d?.retryIntervalS ?? 20 };
      },
      stopped: () => !this.running,
    };
  }

  /** A device's name (the cache is refreshed on reload; a device added since is read at once). */
  private name(deviceId: string): string {
    const hit = this.config.names.get(deviceId);
    if (hit !== undefined) return hit;
    const row = this.s.store.prepare(`SELECT name FROM devices WHERE id = ?`).get(deviceId) as { name: string } | undefined;
    if (row) this.config.names.set(deviceId, row.name);
    return row?.name ?? deviceId;
  }

  private every(ms: number, fn: () => void): void {
    const loop = () => {
      this.timers.delete(h);
      if (!this.running) return;
      try {
        fn();
      } catch (err) {
        this.report(err instanceof Error ? err.message : String(err));
      }
      h = this.s.clock.setTimeout(loop, ms);
      this.timers.add(h);
    };
    let h = this.s.clock.setTimeout(loop, ms);
    this.timers.add(h);
  }

  private report(message: string): void {
    this.error = message;
    this.opts.onError?.(message);
  }
}

/**
 * Each monitored device's parent for folding: the one set in its monitoring settings, else
 * the switch whose port is linked to it ("this server plugs into that switch"). Only a
 * switch port linked to a device that is not a switch counts (an uplink port linked to the
 * core must not make the core hang off the access switch), and never one that makes a loop.
 */
export function topology(devices: Iterable<Pick<MonitoredDevice, 'deviceId' | 'parentDeviceId'>>, ifs: Array<Pick<MonitoredInterface, 'deviceId' | 'linkedDeviceId'>>, types: Map<string, string>): Array<readonly [string, string | null]> {
  const parent = new Map<string, string | null>();
  for (const d of devices) parent.set(d.deviceId, d.parentDeviceId);
  const loops = (child: string, p: string) => {
    let at: string | null | undefined = p;
    for (let i = 0; at && i < 64; i++) {
      if (at === child) return true;
      at = parent.get(at);
    }
    return false;
  };
  for (const i of ifs) {
    const child = i.linkedDeviceId;
    if (!child || parent.get(child) !== null || !parent.has(i.deviceId)) continue; // unmonitored, or a parent set already
    if (types.get(i.deviceId) !== 'switch' || types.get(child) === 'switch' || loops(child, i.deviceId)) continue;
    parent.set(child, i.deviceId);
  }
  return [...parent.entries()];
}

function emptyConfig(): Config {
  return { devices: new Map(), byAddress: new Map(), checks: new Map(), interfaces: new Map(), groupsByInterface: new Map(), names: new Map(), addresses: new Map() };
}
