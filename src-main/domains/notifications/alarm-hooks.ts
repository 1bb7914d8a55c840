// Where the alarm engine (src-main/alarms) meets the business side:
//  - a ticket made from an alarm finds it by id, and notes when it clears;
//  - an alarm raised on a rented server tells the staff message center which customer is
//    hit, and the customer (message center; e-mail to technical and emergency contacts
//    when critical);
//  - bandwidth crossings (80/100/101 % of a commitment, already de-bounced by the engine)
//    go to the customer and the datacenter: a port group's customer, or the customer
//    renting the server a single port is connected to.
import { assertNever } from '../../../shared/assert';
import { severityOf } from '../../../shared/monitoring';
import type { AlarmView, BandwidthCrossing } from '../../../shared/monitoring-types';
import type { Actor } from '../../../shared/types';
import type { AlarmService } from '../../alarms/service';
import type { MetricsService } from '../../metrics/service';
import type { MonitoringService } from '../monitoring/service';
import type { Monitor } from '../../pollers/runtime';
import { importedUsage, type UsageSource } from './overage';
import { staffNoticeMail } from '../../mail/templates';
import type { WriteContext } from '../../store/repository';
import type { BusinessServices } from '../customers/business';

const SYSTEM: Actor = { id: 'system:customers', name: 'system', role: 'admin' };

/**
 * Staging's "switch port up" check from monitoring's public state: the switch ports linked to
 * the server (monitoring's interfaces, "connected device") and their last polled state. The
 * monitoring domain may register a richer one under the same kind; the later registration wins.
 */
export function registerPortCheck(b: BusinessServices, monitoring: MonitoringService, alarms: AlarmService): () => void {
  return b.staging.checks.register({
    kind: 'snmp.switch-port-up',
    label: 'Switch port up (SNMP)',
    unavailable: (d) => (monitoring.repo.portsFacing(d.id).length ? null : `No switch port is linked to ${d.name} yet: set it as the connected device of its switch port (Monitoring → interfaces).`),
    run: async ({ device }) => {
      const ports = monitoring.repo.portsFacing(device.id);
      const states = ports.map((p) => ({ p, s: alarms.engine.subjectState(`if:${p.id}`) }));
      const unpolled = states.filter((x) => !x.s || x.s.lastCheckAt === null);
      if (unpolled.length) return { passed: false, detail: `Not polled yet: ${unpolled.map((x) => x.p.name || `ifIndex ${x.p.ifIndex}`).join(', ')} (watch the port for link-down alarms and let monitoring poll the switch).` };
      const down = states.filter((x) => x.s!.hard !== 'OK');
      return down.length
        ? { passed: false, detail: `Down: ${down.map((x) => `${x.p.name} (${x.s!.hard}${x.s!.message ? `: ${x.s!.message}` : ''})`).join(', ')}` }
        : { passed: true, detail: `Up: ${ports.map((p) => p.name || `ifIndex ${p.ifIndex}`).join(', ')}` };
    },
  });
}

export function wireAlarms(b: BusinessServices, alarms: AlarmService): () => void {
  b.tickets.alarmLookup = (id) => {
    const live = alarms.engine.alarm(id);
    if (live) return live;
    const row = alarms.alarms.find(id);
    return row ? { id: row.id, deviceId: row.deviceId, label: row.label, state: row.state, severity: severityOf(row.state), message: row.message, since: row.since } : null;
  };
  const off = alarms.onEvent((e) => {
    const ctx: WriteContext = { actor: SYSTEM, reason: 'alarm' };
    try {
      switch (e.type) {
        case 'cleared':
          b.tickets.alarmCleared(ctx, e.alarm.id, e.alarm.clearedAt ?? Date.now(), e.alarm.message);
          break;
        case 'raised':
          customerNotice(b, ctx, e.alarm);
          break;
        case 'updated':
          break;
        case 'bandwidth':
          break; // wirePortBandwidth: one notice per reading, not per level
        default:
          assertNever(e, 'alarm event');
      }
    } catch (err) {
      // A notice that cannot be written must not break the alarm engine; say why.
      process.stderr.write(`customers: could not handle alarm event ${e.type}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  });
  return () => {
    off();
    b.tickets.alarmLookup = () => null;
  };
}

/**
 * Bandwidth crossings (80/100/101 %, de-bounced by the engine) to the customer and the
 * datacenter: a port group names its customer; a single port's customer is the one renting
 * the server it is linked to. One reading can cross several levels at once (50 → 102 %):
 * the engine reports each, the customer gets one notice naming the highest.
 * Also gives the SNMP poller the rental's committed rate for a linked port without a commit
 * of its own, so a rented server's port is watched without staff typing the commit twice.
 */
export function wirePortBandwidth(b: BusinessServices, alarms: AlarmService, monitoring: MonitoringService, pollers: Monitor): () => void {
  const offCommit = pollers.setCommitFallback((i) => {
    const rental = i.linkedDeviceId ? b.rentals.repo.activeFor(i.linkedDeviceId) : null;
    return rental?.committedMbps || null;
  });
  const offEvents = alarms.engine.onEvents((events) => {
    const top = new Map<string, BandwidthCrossing>();
    for (const e of events) {
      if (e.type !== 'bandwidth') continue;
      const seen = top.get(e.crossing.key);
      if (!seen || e.crossing.level > seen.level) top.set(e.crossing.key, e.crossing);
    }
    for (const crossing of top.values()) {
      try {
        notifyCrossing(b, monitoring, crossing);
      } catch (err) {
        process.stderr.write(`customers: could not handle a bandwidth crossing: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  });
  return () => {
    offEvents();
    offCommit();
  };
}

function notifyCrossing(b: BusinessServices, monitoring: MonitoringService, crossing: BandwidthCrossing): void {
  const ctx: WriteContext = { actor: SYSTEM, reason: 'bandwidth' };
  const { level, usagePct, committedMbps } = crossing;
  if (crossing.customerId) {
    b.notifications.notifyBandwidth(ctx, { customerId: crossing.customerId, level, usagePct, committedMbps });
    return;
  }
  const rented = new Map<string, string[]>();
  for (const id of crossing.interfaceIds) {
    const deviceId = monitoring.repo.interfaces.find(id)?.linkedDeviceId;
    const rental = deviceId ? b.rentals.repo.activeFor(deviceId) : null;
    if (!rental) continue;
    const name = b.rentals.repo.row(rental.id)?.deviceName ?? rental.deviceId;
    rented.set(rental.customerId, [...(rented.get(rental.customerId) ?? []), name]);
  }
  for (const [customerId, servers] of rented) b.notifications.notifyBandwidth(ctx, { customerId, level, usagePct, committedMbps, what: `Traffic of ${servers.join(', ')}` });
}

function customerNotice(b: BusinessServices, ctx: WriteContext, alarm: AlarmView): void {
  const devices = [alarm.deviceId, ...alarm.affected.map((a) => a.deviceId)].filter((d): d is string => Boolean(d));
  const byCustomer = new Map<string, string[]>();
  for (const d of devices) {
    const r = b.rentals.repo.activeFor(d);
    if (!r) continue;
    const name = b.rentals.repo.row(r.id)?.deviceName ?? d;
    byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), name]);
  }
  for (const [customerId, servers] of byCustomer) {
    const customer = b.customers.repo.customers.find(customerId);
    if (!customer) continue;
    const severity = alarm.severity === 'critical' ? 'critical' : 'warning';
    const what = `${alarm.state}: ${alarm.label}`;
    b.notifications.post(ctx, { category: 'alarm', severity, title: `${customer.name}'s server${servers.length > 1 ? 's' : ''} ${servers.join(', ')}: ${what}`, body: alarm.message, ref: { kind: 'alarm', id: alarm.id } });
    b.notifications.post(ctx, { customerId, category: 'alarm', severity, title: `Your server${servers.length > 1 ? 's' : ''} ${servers.join(', ')}: ${alarm.state}`, body: `We are aware and working on it. ${alarm.message}`, ref: { kind: 'alarm', id: alarm.id } });
    if (alarm.severity === 'critical') {
      b.notifications.emailCustomer(customerId, ['technical', 'emergency'], staffNoticeMail({ title: `Alert: ${servers.join(', ')} ${alarm.state}`, body: `Hello ${customer.name},\n\nour monitoring reports ${what} since ${new Date(alarm.since).toISOString().replace('T', ' ').slice(0, 19)} UTC (${alarm.message}).\nWe are working on it and will update you.`, template: 'alarm-customer' }));
    }
  }
}

/**
 * The overage report's usage from the monitoring time series: per rented device, the monthly
 * 95th percentile (the larger direction) of the switch ports linked to it, summed; devices
 * without a linked, polled port fall back to the imported figures.
 */
export function useMonitoringUsage(b: BusinessServices, monitoring: MonitoringService, metrics: MetricsService): void {
  const imported = importedUsage(b.customers.repo.store);
  const source: UsageSource = {
    name: 'monitoring time series (95th percentile of linked switch ports), else imported usage',
    p95(month, deviceIds) {
      const wanted = new Set(deviceIds);
      const ports = new Map<string, string[]>();
      for (const i of monitoring.repo.allInterfaces()) {
        if (i.linkedDeviceId && wanted.has(i.linkedDeviceId)) ports.set(i.linkedDeviceId, [...(ports.get(i.linkedDeviceId) ?? []), i.id]);
      }
      const out = new Map<string, number>();
      for (const [deviceId, ids] of ports) {
        let sum = 0;
        let seen = false;
        for (const id of ids) {
          const p = metrics.p95(`if:${id}`, month);
          if (p?.bps != null) { sum += p.bps / 1e6; seen = true; }
        }
        if (seen) out.set(deviceId, sum);
      }
      const rest = deviceIds.filter((d) => !out.has(d));
      for (const [d, v] of imported.p95(month, rest)) out.set(d, v);
      return out;
    },
    final: (month) => metrics.monthFinal(month),
  };
  b.notifications.usage = source;
}
