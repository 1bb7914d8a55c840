// BMC queries. The configuration is written through the Repository (row + audit + outbox in
// one transaction); readings and events are local live state written by the poller.
import type { BmcConfig, BmcEventView, SelEntryView, SensorView } from '../../../shared/bmc-types';
import { Repository, type Store } from '../../store/repository';
import { bmcTable } from './schema';

type Raw = Record<string, unknown>;

/** The latest poll of one BMC as stored (bmc_readings). */
export interface Reading {
  deviceId: string;
  polledAt: number;
  okAt: number | null;
  powerOn: boolean | null;
  sensors: SensorView[];
  sel: SelEntryView[];
  selCount: number;
  /** "entries:lastAddition:lastErase" of Get SEL Info: the SEL is re-read only when it changes */
  selMark: string | null;
  error: string | null;
  failures: number;
  warnings: Array<{ code: string; message: string }>;
}

const EVENTS_KEPT = 200;

export class BmcRepository {
  readonly configs: Repository<BmcConfig>;

  constructor(readonly store: Store) {
    this.configs = new Repository(store, bmcTable);
  }

  configFor(deviceId: string): BmcConfig | null {
    const r = this.store.prepare(`SELECT * FROM bmc_configs WHERE device_id = ? AND deleted = 0`).get(deviceId) as Raw | undefined;
    return r ? this.configs.fromDb(r) : null;
  }

  /** Every live BMC of a live device (a deleted server's BMC is neither polled nor listed). */
  allConfigs(): BmcConfig[] {
    return (this.store.prepare(`SELECT b.* FROM bmc_configs b JOIN devices d ON d.id = b.device_id WHERE b.deleted = 0 AND d.deleted = 0`).all() as Raw[]).map((r) => this.configs.fromDb(r));
  }

  /** Another server's live BMC at this address and port, if any. */
  addressTaken(address: string, port: number, exceptDeviceId: string): { deviceId: string; name: string } | null {
    const r = this.store.prepare(`SELECT b.device_id AS deviceId, d.name FROM bmc_configs b JOIN devices d ON d.id = b.device_id
      WHERE b.deleted = 0 AND b.address = ? COLLATE NOCASE AND b.port = ? AND b.device_id <> ?`).get(address, port, exceptDeviceId) as { deviceId: string; name: string } | undefined;
    return r ?? null;
  }

  // ---- readings (local) ------------------------------------------------------------

  reading(deviceId: string): Reading | null {
    const r = this.store.prepare(`SELECT * FROM bmc_readings WHERE device_id = ?`).get(deviceId) as Raw | undefined;
    if (!r) return null;
    return {
      deviceId, polledAt: r.polled_at as number, okAt: (r.ok_at as number | null) ?? null,
      powerOn: r.power_on === null ? null : r.power_on === 1,
      sensors: JSON.parse(r.sensors as string) as SensorView[], sel: JSON.parse(r.sel as string) as SelEntryView[],
      selCount: r.sel_count as number, selMark: (r.sel_mark as string | null) ?? null, error: (r.error as string | null) ?? null,
      failures: r.failures as number, warnings: JSON.parse(r.warnings as string) as Reading['warnings'],
    };
  }

  putReading(x: Reading): void {
    this.store.prepare(`INSERT INTO bmc_readings (device_id, polled_at, ok_at, power_on, sensors, sel, sel_count, sel_mark, error, failures, warnings)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(device_id) DO UPDATE SET polled_at = excluded.polled_at, ok_at = excluded.ok_at, power_on = excluded.power_on,
        sensors = excluded.sensors, sel = excluded.sel, sel_count = excluded.sel_count, sel_mark = excluded.sel_mark,
        error = excluded.error, failures = excluded.failures, warnings = excluded.warnings`).run(
      x.deviceId, x.polledAt, x.okAt, x.powerOn === null ? null : x.powerOn ? 1 : 0, JSON.stringify(x.sensors), JSON.stringify(x.sel),
      x.selCount, x.selMark, x.error, x.failures, JSON.stringify(x.warnings),
    );
  }

  dropReading(deviceId: string): void {
    this.store.prepare(`DELETE FROM bmc_readings WHERE device_id = ?`).run(deviceId);
  }

  // ---- events (local) --------------------------------------------------------------

  addEvent(deviceId: string, e: Omit<BmcEventView, 'id'>): void {
    this.store.prepare(`INSERT INTO bmc_events (device_id, at, kind, severity, message) VALUES (?, ?, ?, ?, ?)`).run(deviceId, e.at, e.kind, e.severity, e.message);
    // keep the newest EVENTS_KEPT per device: the alarm history is the long-term record
    this.store.prepare(`DELETE FROM bmc_events WHERE device_id = ? AND id NOT IN (SELECT id FROM bmc_events WHERE device_id = ? ORDER BY at DESC, id DESC LIMIT ?)`).run(deviceId, deviceId, EVENTS_KEPT);
  }

  events(deviceId: string, limit = 50): BmcEventView[] {
    return (this.store.prepare(`SELECT id, at, kind, severity, message FROM bmc_events WHERE device_id = ? ORDER BY at DESC, id DESC LIMIT ?`).all(deviceId, limit) as BmcEventView[]);
  }
}
