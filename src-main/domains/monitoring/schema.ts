// Table specs of the monitoring configuration (migration 0005). Credentials keep their
// secret sealed (core/secrets.ts); the row type with the secret never leaves the core.
import type { MonitoredDevice, MonitoredInterface, PortGroup, ServiceCheck, SnmpAuthProtocol, SnmpPrivProtocol, SnmpVersion } from '../../../shared/monitoring-types';
import type { SyncedRow } from '../../../shared/types';
import type { TableSpec } from '../../store/repository';

/** The stored credential, with its sealed secret: core only. */
export interface SnmpCredentialRow extends SyncedRow {
  name: string;
  version: SnmpVersion;
  user: string;
  authProtocol: SnmpAuthProtocol | null;
  privProtocol: SnmpPrivProtocol | null;
  /** sealed JSON: {community} or {authKey?, privKey?} */
  secret: string;
  shared: boolean;
  demo: boolean;
}

const demo = { col: 'demo', kind: 'bool' } as const;

export const credentialTable: TableSpec<SnmpCredentialRow> = {
  table: 'snmp_credentials',
  kind: 'snmp-credential',
  fields: { name: 'name', version: 'version', user: 'user', authProtocol: 'auth_protocol', privProtocol: 'priv_protocol', secret: 'secret', shared: { col: 'shared', kind: 'bool' }, demo },
};

export const monitoredDeviceTable: TableSpec<MonitoredDevice> = {
  table: 'monitored_devices',
  kind: 'monitored-device',
  fields: {
    deviceId: 'device_id', address: 'address', port: 'port', credentialId: 'credential_id', intervalS: 'interval_s',
    retryIntervalS: 'retry_interval_s', maxAttempts: 'max_attempts', parentDeviceId: 'parent_device_id',
    enabled: { col: 'enabled', kind: 'bool' }, hostResources: { col: 'host_resources', kind: 'bool' }, demo,
  },
};

export const serviceCheckTable: TableSpec<ServiceCheck> = {
  table: 'service_checks',
  kind: 'service-check',
  fields: {
    deviceId: 'device_id', kind: 'kind', name: 'name', host: 'host', port: 'port', url: 'url', expectStatus: 'expect_status',
    expectText: 'expect_text', intervalS: 'interval_s', timeoutMs: 'timeout_ms', tlsVerify: { col: 'tls_verify', kind: 'bool' },
    enabled: { col: 'enabled', kind: 'bool' }, demo,
  },
};

export const interfaceTable: TableSpec<MonitoredInterface> = {
  table: 'interfaces',
  kind: 'interface',
  fields: {
    deviceId: 'device_id', ifIndex: 'if_index', name: 'name', alias: 'alias', descr: 'descr', speedMbps: 'speed_mbps',
    linkedDeviceId: 'linked_device_id', committedMbps: 'committed_mbps', alarmOnDown: { col: 'alarm_on_down', kind: 'bool' }, demo,
  },
  // Ctrl+K finds a port by its name or description ("xe-0/0/12", "uplink-to-core").
  search: (i) => (i.alias || i.name ? { title: `${i.name || `ifIndex ${i.ifIndex}`}${i.alias ? ` — ${i.alias}` : ''}`, body: `${i.descr} ${i.alias}` } : null),
};

export const portGroupTable: TableSpec<PortGroup> = {
  table: 'port_groups',
  kind: 'port-group',
  fields: { name: 'name', customerId: 'customer_id', interfaceIds: { col: 'interface_ids', kind: 'json' }, committedMbps: 'committed_mbps', demo },
};
