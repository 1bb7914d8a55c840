// Service checks per device, each at its own interval: ping (batched through fping), TCP
// connect, HTTP(S) status + expected text. A device polled by nobody else (no SNMP) gets
// its host state from its ping check.
import type { MonitorState } from '../../shared/monitoring';
import type { ServiceCheck } from '../../shared/monitoring-types';
import { assertNever } from '../../shared/assert';
import type { AlarmService } from '../alarms/service';
import type { Subject } from '../alarms/types';
import type { MetricsService } from '../metrics/service';
import type { PingBatcher } from './checks/ping';
import { httpCheck } from './checks/http';
import { tcpCheck } from './checks/tcp';
import type { JobOutcome } from './scheduler';

export interface CheckDeps {
  ping: PingBatcher;
  alarms: AlarmService;
  metrics: MetricsService;
  now(): number;
  name(deviceId: string): string;
  /** the device's address when the check has none */
  address(deviceId: string): string | null;
  /** is the device's host state someone else's (SNMP)? */
  hasSnmp(deviceId: string): boolean;
  policy(deviceId: string): { maxAttempts: number; retryIntervalS: number };
  stopped(): boolean;
}

export interface CheckOutcome {
  state: MonitorState;
  message: string;
  ms: number | null;
}

export async function runCheck(c: ServiceCheck, d: CheckDeps, signal: AbortSignal): Promise<CheckOutcome> {
  const host = c.host || d.address(c.deviceId) || '';
  switch (c.kind) {
    case 'ping': {
      if (!host) return { state: 'UNKNOWN', message: 'no address to ping: set one on the check or the device', ms: null };
      const p = await d.ping.ping(host);
      if (p.received === 0) return { state: 'CRITICAL', message: p.error ?? `no answer to ${p.sent} pings`, ms: null };
      const rtt = `${p.rttMs!.toFixed(1)} ms`;
      return p.lossPct > 0 ? { state: 'WARNING', message: `${p.lossPct} % loss, rtt ${rtt}`, ms: p.rttMs } : { state: 'OK', message: `rtt ${rtt}`, ms: p.rttMs };
    }
    case 'tcp': {
      if (!host) return { state: 'UNKNOWN', message: 'no address to connect to', ms: null };
      const r = await tcpCheck(host, c.port ?? 0, c.timeoutMs, signal);
      return r.ok ? { state: 'OK', message: `port ${c.port} open (${r.ms.toFixed(0)} ms)`, ms: r.ms } : { state: 'CRITICAL', message: `port ${c.port}: ${r.error}`, ms: null };
    }
    case 'http': {
      const r = await httpCheck({ url: c.url, expectStatus: c.expectStatus, expectText: c.expectText, timeoutMs: c.timeoutMs, tlsVerify: c.tlsVerify }, signal);
      return { state: r.ok ? 'OK' : 'CRITICAL', message: `${r.message} (${r.ms.toFixed(0)} ms)`, ms: r.ok ? r.ms : null };
    }
    default:
      return assertNever(c.kind, 'check kind');
  }
}

export async function checkJob(c: ServiceCheck, d: CheckDeps, signal: AbortSignal): Promise<JobOutcome | void> {
  const out = await runCheck(c, d, signal);
  if (d.stopped() || signal.aborted) return;
  const name = d.name(c.deviceId);
  const policy = d.policy(c.deviceId);
  const subject: Subject = { key: `svc:${c.id}`, deviceId: c.deviceId, kind: 'service', label: `${name} ${c.name}`, source: c.kind };
  d.alarms.record({ subject, state: out.state, problem: out.state === 'OK' ? null : 'check', message: out.message, maxAttempts: policy.maxAttempts });
  if (out.ms !== null) d.metrics.write(`rtt:${c.id}`, 'gauge', d.now(), out.ms);
  if (c.kind === 'ping' && !d.hasSnmp(c.deviceId)) {
    const state: MonitorState = out.state === 'CRITICAL' ? 'DOWN' : 'OK';
    d.alarms.record({ subject: { key: `host:${c.deviceId}`, deviceId: c.deviceId, kind: 'host', label: name, source: 'ping' }, state, problem: state === 'DOWN' ? 'timeout' : null, message: out.message, maxAttempts: policy.maxAttempts });
  }
  const soft = d.alarms.engine.isSoftFailing(subject.key) || d.alarms.engine.isSoftFailing(`host:${c.deviceId}`);
  return soft ? { retryInMs: Math.min(policy.retryIntervalS, c.intervalS) * 1000 } : undefined;
}
