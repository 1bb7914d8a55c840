// Monitoring configuration queries. Every write goes through the Repository instances
// (row + audit + outbox in one transaction); these are the reads the pollers and the UI need.
import type { MonitoredDevice, MonitoredInterface, PortGroup, ServiceCheck } from '../../../shared/monitoring-types';
import type { SyncedRow } from '../../../shared/types';
import { Repository, type Store } from '../../store/repository';
import { credentialTable, interfaceTable, monitoredDeviceTable, portGroupTable, serviceCheckTable, type SnmpCredentialRow } from './schema';

type Raw = Record<string, unknown>;

export class MonitoringRepository {
  readonly credentials: Repository<SnmpCredentialRow>;
  readonly devices: Repository<MonitoredDevice>;
  readonly checks: Repository<ServiceCheck>;
  readonly interfaces: Repository<MonitoredInterface>;
  readonly portGroups: Repository<PortGroup>;

  constructor(readonly store: Store) {
    this.credentials = new Repository(store, credentialTable);
    this.devices = new Repository(store, monitoredDeviceTable);
    this.checks = new Repository(store, serviceCheckTable);
    this.interfaces = new Repository(store, interfaceTable);
    this.portGroups = new Repository(store, portGroupTable);
  }

  private all<Row extends SyncedRow>(repo: Repository<Row>, sql: string, ...args: unknown[]): Row[] {
    return (this.store.prepare(sql).all(...args) as Raw[]).map((r) => repo.fromDb(r));
  }

  allDevices(): MonitoredDevice[] {
    return this.all(this.devices, `SELECT * FROM monitored_devices WHERE deleted = 0`);
  }

  deviceFor(deviceId: string): MonitoredDevice | null {
    const r = this.store.prepare(`SELECT * FROM monitored_devices WHERE device_id = ? AND deleted = 0`).get(deviceId) as Raw | undefined;
    return r ? this.devices.fromDb(r) : null;
  }

  allChecks(): ServiceCheck[] {
    return this.all(this.checks, `SELECT * FROM service_checks WHERE deleted = 0`);
  }

  checksOf(deviceId: string): ServiceCheck[] {
    return this.all(this.checks, `SELECT * FROM service_checks WHERE device_id = ? AND deleted = 0 ORDER BY name`, deviceId);
  }

  interfacesOf(deviceId: string): MonitoredInterface[] {
    return this.all(this.interfaces, `SELECT * FROM interfaces WHERE device_id = ? AND deleted = 0 ORDER BY if_index`, deviceId);
  }

  /** The switch ports whose other end is this device (a server's uplinks). */
  portsFacing(deviceId: string): MonitoredInterface[] {
    return this.all(this.interfaces, `SELECT * FROM interfaces WHERE linked_device_id = ? AND deleted = 0 ORDER BY device_id, if_index`, deviceId);
  }

  allInterfaces(): MonitoredInterface[] {
    return this.all(this.interfaces, `SELECT * FROM interfaces WHERE deleted = 0`);
  }

  allPortGroups(): PortGroup[] {
    return this.all(this.portGroups, `SELECT * FROM port_groups WHERE deleted = 0 ORDER BY name`);
  }

  groupCredentials(): SnmpCredentialRow[] {
    return this.all(this.credentials, `SELECT * FROM snmp_credentials WHERE deleted = 0 AND shared = 1 ORDER BY name`);
  }

  /** Devices polled or checked by anything (enabled). */
  monitoredDeviceIds(): Set<string> {
    const rows = this.store.prepare(`SELECT device_id AS id FROM monitored_devices WHERE deleted = 0 AND enabled = 1 UNION SELECT device_id FROM service_checks WHERE deleted = 0 AND enabled = 1`).all() as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  credentialUsage(): Map<string, number> {
    const rows = this.store.prepare(`SELECT credential_id AS id, count(*) AS n FROM monitored_devices WHERE deleted = 0 AND credential_id IS NOT NULL GROUP BY credential_id`).all() as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
