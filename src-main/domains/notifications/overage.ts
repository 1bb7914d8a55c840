// The month-end overage report: every customer whose 95th-percentile bandwidth in a month
// was above what they committed to. Committed = the sum of committed Mbps of their rentals
// that ran during the month; usage = the sum of the monthly 95th percentile of each rented
// device, from a usage source: the monitoring time series where they exist, otherwise the
// imported figures in usage_p95 (e.g. from another collector).
// (A sum of per-device percentiles is an upper bound of the percentile of the summed
// traffic; a source that can aggregate first may return per-customer figures instead.)
import type { OverageLine, OverageReport } from '../../../shared/notifications';
import type { Clock } from '../../core/clock';
import type { Store } from '../../store/repository';

export interface UsageSource {
  name: string;
  /** 95th percentile in Mbps per device for the month (YYYY-MM); devices without data are absent. */
  p95(month: string, deviceIds: string[]): Map<string, number>;
  /** false while the month's figures are still being made final (reading them now would be slow) */
  final?(month: string): boolean;
}

/** Imported monthly figures (noc report import-usage), the fallback source. */
export function importedUsage(store: Store): UsageSource {
  return {
    name: 'imported usage (usage_p95)',
    p95(month, deviceIds) {
      const out = new Map<string, number>();
      // In chunks: SQLite limits the number of bound parameters.
      for (let i = 0; i < deviceIds.length; i += 500) {
        const chunk = deviceIds.slice(i, i + 500);
        const rows = store.prepare(`SELECT device_id, p95_mbps FROM usage_p95 WHERE month = ? AND device_id IN (${chunk.map(() => '?').join(',')})`).all(month, ...chunk) as Array<{ device_id: string; p95_mbps: number }>;
        for (const r of rows) out.set(r.device_id, r.p95_mbps);
      }
      return out;
    },
  };
}

export function monthRange(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)).toISOString(), end: new Date(Date.UTC(y, m, 1)).toISOString() };
}

export function overageReport(store: Store, clock: Clock, source: UsageSource, month: string): OverageReport {
  const { start, end } = monthRange(month);
  // Rentals that ran for any part of the month.
  const rows = store.prepare(`SELECT r.customer_id, r.device_id, r.committed_mbps, c.name FROM rentals r JOIN customers c ON c.id = r.customer_id
    WHERE r.deleted = 0 AND r.starts_at < ? AND (r.ended_at IS NULL OR r.ended_at > ?)`).all(end, start) as Array<{ customer_id: string; device_id: string; committed_mbps: number; name: string }>;
  const byCustomer = new Map<string, { name: string; committed: number; devices: Set<string> }>();
  for (const r of rows) {
    let c = byCustomer.get(r.customer_id);
    if (!c) byCustomer.set(r.customer_id, (c = { name: r.name, committed: 0, devices: new Set() }));
    c.committed += r.committed_mbps;
    c.devices.add(r.device_id);
  }
  const usage = source.p95(month, [...new Set(rows.map((r) => r.device_id))]);
  const lines: OverageLine[] = [];
  let withoutData = 0;
  for (const [customerId, c] of byCustomer) {
    let p95 = 0;
    let seen = 0;
    for (const d of c.devices) {
      const v = usage.get(d);
      if (v !== undefined) { p95 += v; seen++; }
    }
    if (seen === 0) { withoutData++; continue; }
    if (c.committed > 0 && p95 > c.committed) {
      lines.push({ customerId, customerName: c.name, committedMbps: c.committed, p95Mbps: round1(p95), overMbps: round1(p95 - c.committed), percent: (p95 / c.committed) * 100, devices: c.devices.size });
    }
  }
  lines.sort((a, b) => b.overMbps - a.overMbps || a.customerName.localeCompare(b.customerName));
  return { month, generatedAt: new Date(clock.now()).toISOString(), source: source.name, lines, customersChecked: byCustomer.size, withoutData };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function importUsage(store: Store, month: string, rows: Array<{ deviceId: string; p95Mbps: number }>, source = 'import'): number {
  const stmt = store.prepare(`INSERT INTO usage_p95 (device_id, month, p95_mbps, source) VALUES (?, ?, ?, ?) ON CONFLICT(device_id, month) DO UPDATE SET p95_mbps = excluded.p95_mbps, source = excluded.source`);
  return store.write(() => {
    for (const r of rows) stmt.run(r.deviceId, month, r.p95Mbps, source);
    return rows.length;
  });
}
