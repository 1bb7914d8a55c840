// One SNMP poll of one device and what follows from it: the host's state, interfaces found
// and their link states, bit rates (counter-wrap safe, protocols/snmp/rates.ts) into the time
// series, bandwidth levels against commits, servers' own CPU/memory/disk use.
//
// A timeout is not simply DOWN: SNMP v2c agents drop a wrong community silently (RFC 3584
// §5.2.1), so a silent agent on a host that answers ping is reported as an authentication
// problem (or, for v3 whose auth errors are explicit, as an agent that does not answer),
// never as a down device. Only silence to SNMP *and* ping is DOWN.
import type { MonitorState, ProblemKind } from '../../shared/monitoring';
import type { MonitoredDevice, MonitoredInterface } from '../../shared/monitoring-types';
import type { AlarmService } from '../alarms/service';
import type { Subject } from '../alarms/types';
import type { MonitoringService } from '../domains/monitoring/service';
import type { MetricsService } from '../metrics/service';
import { counterRate, interfaceRates, intervalSeconds, SnmpError, type PollResult, type SnmpClient } from '../protocols/snmp';
import type { PingBatcher, PingResult } from './checks/ping';
import type { LiveBook } from './live';
import type { JobOutcome } from './scheduler';

export const RESTART_NOTICE_MS = 15 * 60_000;
const IF_OPER_DOWN = new Set([2, 7]); // down, lowerLayerDown

export interface PollDeps {
  client: SnmpClient;
  ping: PingBatcher;
  alarms: AlarmService;
  monitoring: MonitoringService;
  metrics: MetricsService;
  live: LiveBook;
  now(): number;
  name(deviceId: string): string;
  /** interfaces of a device by ifIndex (after discovery) */
  interfaces(deviceId: string): Map<number, MonitoredInterface>;
  /** port groups a port belongs to, with the latest rates of their members */
  groupsOf(interfaceId: string): Array<{ id: string; name: string; customerId: string | null; committedMbps: number; interfaceIds: string[] }>;
  /** the runtime reloads its interface map when discovery wrote something */
  interfacesChanged(deviceId: string): void;
  /** the commit a linked port without one of its own is measured against (a rented server's), or null */
  commitOf(i: MonitoredInterface): number | null;
  stopped(): boolean;
}

export const hostSubject = (deviceId: string, label: string): Subject => ({ key: `host:${deviceId}`, deviceId, kind: 'host', label, source: 'snmp' });
export const ifSubject = (i: MonitoredInterface, deviceName: string): Subject => ({ key: `if:${i.id}`, deviceId: i.deviceId, kind: 'interface', label: `${deviceName} ${i.name || `ifIndex ${i.ifIndex}`}${i.alias ? ` (${i.alias})` : ''}`, source: 'snmp' });

/** Ports that alarm when their link goes down: chosen ones (a port in use when first seen is chosen by default), and those linked to a device. */
export function alarmsOnDown(i: MonitoredInterface): boolean {
  return i.alarmOnDown || i.linkedDeviceId !== null;
}


export class SnmpJobs {
  /** the previous poll of each device, for rates */
  private readonly prev = new Map<string, PollResult>();
  /** the latest rates per interface id, for port groups */
  readonly rates = new Map<string, { inBps: number; outBps: number; at: number }>();

  constructor(private readonly d: PollDeps) {}

  async poll(dev: MonitoredDevice): Promise<JobOutcome | void> {
    const name = this.d.name(dev.deviceId);
    const subject = hostSubject(dev.deviceId, name);
    let target;
    try {
      target = this.d.monitoring.snmpTarget(dev);
    } catch (err) {
      return this.fail(dev, subject, 'UNKNOWN', 'config', `cannot read the stored credentials: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!target) return this.fail(dev, subject, 'UNKNOWN', 'config', 'no SNMP credentials set for this device');
    let result: PollResult;
    const started = this.d.now();
    try {
      result = await this.d.client.pollDevice(target);
    } catch (err) {
      if (this.d.stopped()) return;
      const e = err instanceof SnmpError ? err : new SnmpError('protocol', String(err), 'other');
      const ping = e.kind === 'timeout' ? await this.d.ping.ping(dev.address) : null;
      const verdict = classifyFailure(e, ping, target.credentials.version, this.recentAuthTrap(dev));
      this.d.live.polled(dev.deviceId, started, false, verdict.message, null);
      return this.fail(dev, subject, verdict.state, verdict.problem, verdict.message);
    }
    if (this.d.stopped()) return;
    this.ingest(dev, subject, result);
    return undefined;
  }

  forget(deviceId: string): void {
    this.prev.delete(deviceId);
  }

  private fail(dev: MonitoredDevice, subject: Subject, state: MonitorState, problem: ProblemKind, message: string): JobOutcome | void {
    if (this.d.stopped()) return;
    this.d.alarms.record({ subject, state, problem, message, maxAttempts: dev.maxAttempts });
    return this.d.alarms.engine.isSoftFailing(subject.key) ? { retryInMs: dev.retryIntervalS * 1000 } : undefined;
  }

  private recentAuthTrap(dev: MonitoredDevice): boolean {
    const at = this.d.live.peek(dev.deviceId)?.authTrapAt;
    return at !== null && at !== undefined && this.d.now() - at < 2 * dev.intervalS * 1000 + 60_000;
  }

  /** Everything a successful poll tells us. */
  ingest(dev: MonitoredDevice, subject: Subject, r: PollResult): void {
    const { alarms, live, metrics } = this.d;
    const lv = live.get(dev.deviceId);
    live.polled(dev.deviceId, r.polledAt, true, null, r.durationMs);
    lv.sysName = r.system.sysName ?? null;
    lv.sysDescr = r.system.sysDescr ?? null;
    lv.uptimeTicks = r.system.sysUpTime ?? null;
    alarms.record({ subject, state: 'OK', message: `SNMP answers (${r.durationMs} ms, ${r.interfaces.length} interfaces)`, maxAttempts: dev.maxAttempts });

    const prev = this.prev.get(dev.deviceId);
    if (prev && r.system.sysUpTime !== undefined && prev.system.sysUpTime !== undefined) {
      const seen = intervalSeconds({ value: 0n, uptime: prev.system.sysUpTime, at: prev.polledAt }, { value: 0n, uptime: r.system.sysUpTime, at: r.polledAt });
      if (seen === 'agentRestart') this.restarted(dev.deviceId, subject.label, `sysUpTime went back: the device restarted ${Math.round(r.system.sysUpTime / 100)} s ago`);
    }

    // interfaces: store what changed, then link states
    const found = r.interfaces.map((i) => ({ ifIndex: i.ifIndex, name: i.ifName || i.ifDescr || '', alias: i.ifAlias ?? '', descr: i.ifDescr ?? '', speedMbps: i.ifHighSpeed ?? 0, inUse: i.ifAdminStatus === 1 && i.ifOperStatus === 1 }));
    const wrote = this.d.monitoring.recordInterfaces(dev.deviceId, found);
    if (wrote.created + wrote.changed > 0) this.d.interfacesChanged(dev.deviceId);
    const ifs = this.d.interfaces(dev.deviceId);
    const name = subject.label;
    for (const row of r.interfaces) {
      const i = ifs.get(row.ifIndex);
      if (!i) continue;
      const il = lv.interfaces.get(row.ifIndex) ?? { oper: null, admin: null, inBps: null, outBps: null, at: r.polledAt };
      il.oper = row.ifOperStatus ?? null;
      il.admin = row.ifAdminStatus ?? null;
      il.at = r.polledAt;
      lv.interfaces.set(row.ifIndex, il);
      if (alarmsOnDown(i) && row.ifOperStatus !== undefined) {
        const down = row.ifAdminStatus === 1 && IF_OPER_DOWN.has(row.ifOperStatus);
        alarms.record({ subject: ifSubject(i, name), state: down ? 'CRITICAL' : 'OK', problem: down ? 'check' : null, message: down ? 'link down' : row.ifAdminStatus === 2 ? 'administratively down' : 'link up', immediate: true });
      }
    }

    // rates → time series and bandwidth levels
    if (prev) {
      for (const rate of interfaceRates(prev, r)) {
        const i = ifs.get(rate.ifIndex);
        if (!i || !rate.in.ok || !rate.out.ok) continue;
        const inBps = rate.in.bitsPerSecond;
        const outBps = rate.out.bitsPerSecond;
        metrics.write(`if:${i.id}`, 'if', r.polledAt, inBps, outBps);
        this.rates.set(i.id, { inBps, outBps, at: r.polledAt });
        const il = lv.interfaces.get(rate.ifIndex);
        if (il) { il.inBps = inBps; il.outBps = outBps; }
        const committedMbps = i.committedMbps || (i.linkedDeviceId ? this.d.commitOf(i) : null);
        if (committedMbps) {
          alarms.engine.observeBandwidth({
            subject: { key: `bw:if:${i.id}`, deviceId: i.deviceId, kind: 'bandwidth', label: `${name} ${i.name || i.ifIndex} bandwidth`, source: 'snmp' },
            usagePct: (Math.max(inBps, outBps) / (committedMbps * 1e6)) * 100, committedMbps, interfaceIds: [i.id], customerId: null,
          });
        }
        for (const g of this.d.groupsOf(i.id)) this.groupBandwidth(g, dev.intervalS * 1000);
      }
      this.errorRates(prev, r, ifs, lv);
    }
    this.prev.set(dev.deviceId, r);

    if (dev.hostResources) this.resources(dev, r);
  }

  /** Errors and discards per second: a series per port next to its bit rates (ifErr:), in and out apart in the live view. */
  private errorRates(prev: PollResult, r: PollResult, ifs: Map<number, MonitoredInterface>, lv: ReturnType<LiveBook['get']>): void {
    const before = new Map(prev.interfaces.map((x) => [x.ifIndex, x]));
    for (const row of r.interfaces) {
      const p = before.get(row.ifIndex);
      const i = ifs.get(row.ifIndex);
      if (!p || !i) continue;
      const perS = (a?: bigint, b?: bigint) => {
        if (a === undefined || b === undefined) return null;
        // Counter32, same wrap and restart rules as the octets; counterRate counts bits, so / 8
        const x = counterRate({ value: a, uptime: prev.system.sysUpTime, at: prev.polledAt }, { value: b, uptime: r.system.sysUpTime, at: r.polledAt }, { counterBits: 32 });
        return x.ok ? x.bitsPerSecond / 8 : null;
      };
      const inErr = perS(p.ifInErrors, row.ifInErrors);
      const outErr = perS(p.ifOutErrors, row.ifOutErrors);
      const inDisc = perS(p.ifInDiscards, row.ifInDiscards);
      const outDisc = perS(p.ifOutDiscards, row.ifOutDiscards);
      // one series per port (a: errors/s, b: discards/s, in + out): one write more per port and poll, not four;
      // a gauge, so no monthly 95th percentile is kept for it
      const sum = (x: number | null, y: number | null) => (x === null && y === null ? null : (x ?? 0) + (y ?? 0));
      const errs = sum(inErr, outErr);
      const discs = sum(inDisc, outDisc);
      if (errs !== null || discs !== null) this.d.metrics.write(`ifErr:${i.id}`, 'gauge', r.polledAt, errs, discs);
      const il = lv.interfaces.get(row.ifIndex);
      if (il) Object.assign(il, { inErrPs: inErr, outErrPs: outErr, inDiscPs: inDisc, outDiscPs: outDisc });
    }
  }

  /** A customer's ports together against their one commit; needs fresh rates of every port. */
  private groupBandwidth(g: { id: string; name: string; customerId: string | null; committedMbps: number; interfaceIds: string[] }, intervalMs: number): void {
    let inBps = 0;
    let outBps = 0;
    const now = this.d.now();
    for (const id of g.interfaceIds) {
      const r = this.rates.get(id);
      if (!r || now - r.at > 3 * intervalMs) return;
      inBps += r.inBps;
      outBps += r.outBps;
    }
    this.d.alarms.engine.observeBandwidth({
      subject: { key: `bw:grp:${g.id}`, deviceId: null, kind: 'bandwidth', label: `${g.name} (${g.interfaceIds.length} ports) bandwidth`, source: 'snmp' },
      usagePct: (Math.max(inBps, outBps) / (g.committedMbps * 1e6)) * 100, committedMbps: g.committedMbps, interfaceIds: g.interfaceIds, customerId: g.customerId,
    });
  }

  private resources(dev: MonitoredDevice, r: PollResult): void {
    const hr = r.hostResources;
    const lv = this.d.live.get(dev.deviceId);
    const cpu = hr.processors.length ? hr.processors.reduce((s, p) => s + p.load, 0) / hr.processors.length : null;
    const mem = hr.memory && hr.memory.totalBytes > 0 ? (hr.memory.usedBytes / hr.memory.totalBytes) * 100 : null;
    const disks = hr.disks.filter((x) => x.totalBytes > 0).map((x) => (x.usedBytes / x.totalBytes) * 100);
    const disk = disks.length ? Math.max(...disks) : null;
    lv.cpuPct = cpu;
    lv.memPct = mem;
    lv.diskPct = disk;
    lv.resourcesAt = r.polledAt;
    if (cpu !== null) this.d.metrics.write(`cpu:${dev.deviceId}`, 'gauge', r.polledAt, cpu);
    if (mem !== null) this.d.metrics.write(`mem:${dev.deviceId}`, 'gauge', r.polledAt, mem);
    if (disk !== null) this.d.metrics.write(`disk:${dev.deviceId}`, 'gauge', r.polledAt, disk);
  }

  /** A restart notice: a warning that clears itself after a while. */
  restarted(deviceId: string, label: string, message: string): void {
    this.d.alarms.record({
      subject: { key: `event:restart:${deviceId}`, deviceId, kind: 'event', label: `${label} restarted`, source: 'snmp' },
      state: 'WARNING', problem: 'trap', message, immediate: true, autoClearMs: RESTART_NOTICE_MS,
    });
  }
}

/** What a failed poll means (pure; table-tested). */
export function classifyFailure(e: SnmpError, ping: PingResult | null, version: 'v2c' | 'v3', authTrap: boolean): { state: MonitorState; problem: ProblemKind; message: string } {
  switch (e.kind) {
    case 'auth':
      return { state: 'UNKNOWN', problem: 'auth', message: `SNMP authentication failed: ${e.message}` };
    case 'protocol':
      return { state: 'UNKNOWN', problem: 'protocol', message: `bad SNMP answer: ${e.message}` };
    case 'config':
      return { state: 'UNKNOWN', problem: 'config', message: e.message };
    case 'timeout': {
      if (version === 'v2c' && authTrap) return { state: 'UNKNOWN', problem: 'auth', message: 'the agent reported an authentication failure: wrong community' };
      const alive = ping !== null && ping.received > 0;
      if (!alive) return { state: 'DOWN', problem: 'timeout', message: ping?.error ? `no answer to SNMP (ping: ${ping.error})` : 'no answer to SNMP nor to ping' };
      return version === 'v2c'
        ? { state: 'UNKNOWN', problem: 'auth', message: 'the host answers ping but SNMP is silent: wrong community (v2c agents ignore a wrong community silently) or the agent is stopped' }
        : { state: 'UNKNOWN', problem: 'timeout', message: 'the host answers ping but its SNMP agent does not' };
    }
  }
}
