// Every synced entity of monitoring and alarms keeps the repository contract.
import type { MaintenanceWindow, MonitoredDevice, MonitoredInterface, PortGroup, ServiceCheck } from '../../../../shared/monitoring-types';
import { deviceInput } from '../../../../shared/schemas/inventory';
import type { AlarmEventRow, AlarmRow } from '../../../../src-main/alarms/schema';
import type { SnmpCredentialRow } from '../../../../src-main/domains/monitoring/schema';
import { actor, type TestCore } from '../../helpers';
import { describeRepositoryContract } from '../../store/repository-contract';

const ctx = { actor: actor('admin') };
let n = 0;
const device = (t: TestCore) => t.core.services.inventory.create(ctx, deviceInput.parse({ name: `dev-${++n}-${Math.random()}`, type: 'switch' })).id;

describeRepositoryContract<SnmpCredentialRow>({
  name: 'snmp_credentials',
  repository: (t) => t.core.services.monitoring.repo.credentials,
  make: (t) => ({ name: `grp-${++n}`, version: 'v2c', user: '', authProtocol: null, privProtocol: null, secret: t.core.services.secrets.seal('{"community":"x"}', 'test'), shared: true, demo: false }),
  change: { name: 'renamed' },
});

describeRepositoryContract<MonitoredDevice>({
  name: 'monitored_devices',
  repository: (t) => t.core.services.monitoring.repo.devices,
  make: (t) => ({ deviceId: device(t), address: '127.0.0.1', port: 161, credentialId: null, intervalS: 60, retryIntervalS: 20, maxAttempts: 3, parentDeviceId: null, enabled: true, hostResources: false, demo: false }),
  change: { intervalS: 30 },
});

describeRepositoryContract<ServiceCheck>({
  name: 'service_checks',
  repository: (t) => t.core.services.monitoring.repo.checks,
  make: (t) => ({ deviceId: device(t), kind: 'tcp', name: 'ssh', host: '127.0.0.1', port: 22, url: '', expectStatus: 0, expectText: '', intervalS: 60, timeoutMs: 5000, tlsVerify: true, enabled: true, demo: false }),
  change: { intervalS: 120 },
});

describeRepositoryContract<MonitoredInterface>({
  name: 'interfaces',
  repository: (t) => t.core.services.monitoring.repo.interfaces,
  make: (t) => ({ deviceId: device(t), ifIndex: 1, name: 'xe-0/0/1', alias: 'uplink', descr: 'port', speedMbps: 10_000, linkedDeviceId: null, committedMbps: null, alarmOnDown: false, demo: false }),
  change: { committedMbps: 1000 },
});

describeRepositoryContract<PortGroup>({
  name: 'port_groups',
  repository: (t) => t.core.services.monitoring.repo.portGroups,
  make: () => ({ name: 'ACME ports', customerId: null, interfaceIds: ['i1'], committedMbps: 500, demo: false }),
  change: { committedMbps: 1000 },
});

describeRepositoryContract<MaintenanceWindow>({
  name: 'maintenance_windows',
  repository: (t) => t.core.services.alarms.maintenance,
  make: () => ({ name: 'PSU swap', startsAt: 1, endsAt: 2, deviceIds: ['d1'], reason: 'swap', createdBy: 'alice', demo: false }),
  change: { endsAt: 3 },
});

const alarmRow = (): Omit<AlarmRow, 'id' | 'rev' | 'updatedAt' | 'deleted'> => ({
  key: `host:x${++n}`, deviceId: null, subjectKind: 'host', label: 'x', state: 'DOWN', problem: 'timeout', message: 'no answer', source: 'snmp',
  since: 1, lastChangeAt: 1, clearedAt: null, ackBy: null, ackAt: null, ackComment: null, snoozedUntil: null, flapping: false, maintenance: false,
  affected: [], level: null, demo: false,
});

describeRepositoryContract<AlarmRow>({
  name: 'alarms',
  repository: (t) => t.core.services.alarms.alarms,
  make: alarmRow,
  change: { ackBy: 'alice', ackComment: 'on it' },
});

describeRepositoryContract<AlarmEventRow>({
  name: 'alarm_events',
  repository: (t) => t.core.services.alarms.events,
  make: (t) => ({ alarmId: t.core.services.alarms.alarms.insert(ctx, alarmRow()).id, at: 1, kind: 'raised', state: 'DOWN', actor: 'system', detail: 'x', demo: false }),
  change: { detail: 'y' },
});
