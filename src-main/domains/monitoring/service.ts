// Monitoring rules: which devices are polled and how, their credentials (sealed at rest,
// never returned), service checks, interfaces and their links, customers' port groups.
import { isIP } from 'node:net';
import type { z } from 'zod';
import type { DeviceType } from '../../../shared/choices';
import { DEFAULT_RETRY_INTERVAL_S, type MonitorState } from '../../../shared/monitoring';
import type { DeviceLiveState, MonitoredDevice, MonitoredInterface, PortGroup, ServiceCheck, SnmpCredentialView } from '../../../shared/monitoring-types';
import { deviceInput } from '../../../shared/schemas/inventory';
import type { checkInput, checkUpdateInput, credentialGroupInput, interfaceUpdateInput, monitorAddInput, monitorUpdateInput, portGroupInput, v3Schema } from '../../../shared/schemas/monitoring';
import { conflict, invalid } from '../../core/errors';
import { SecretError, TeamKeyMissingError, type SecretBox } from '../../core/secrets';
import type { Credentials, SnmpTarget } from '../../protocols/snmp';
import { uuidv7 } from '../../store/ids';
import type { WriteContext } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import type { MonitoringRepository } from './repository';
import type { SnmpCredentialRow } from './schema';

/** Writes the pollers make themselves (discovered interfaces). */
export const MONITOR_WRITER: WriteContext = { actor: { id: 'system:monitoring', name: 'monitoring', role: 'admin' }, reason: 'found by polling' };

const MAX_PARENT_DEPTH = 32;

export interface MonitoredDeviceView extends MonitoredDevice {
  name: string;
  type: DeviceType;
  parentName: string | null;
  credential: SnmpCredentialView | null;
  live: DeviceLiveState | null;
}

/** A check's latest result, as the alarm engine saw it (null before its first run on this client). */
export interface CheckStatus {
  /** the latest result; `hard` is what alarms (after the device's attempts) */
  state: MonitorState;
  hard: MonitorState;
  message: string;
  at: number | null;
}

export interface MonitoringDetail {
  monitored: MonitoredDeviceView | null;
  checks: Array<ServiceCheck & { status: CheckStatus | null }>;
  interfaces: MonitoredInterface[];
  /** switch ports whose other end is this device, with their switch's name */
  uplinks: Array<MonitoredInterface & { switchName: string }>;
}

/** What an SNMP poll of a device discovered about one interface. */
export interface DiscoveredInterface {
  ifIndex: number;
  name: string;
  alias: string;
  descr: string;
  speedMbps: number;
  /** admin up and link up when seen: a port in use, so it alarms when its link goes down */
  inUse?: boolean;
}

type V3 = z.output<typeof v3Schema>;

export class MonitoringService {
  /** Live state per device, provided by the pollers when they run. */
  liveState: (deviceId: string) => DeviceLiveState | null = () => null;
  /** A check's latest result, provided by the pollers when they run. */
  checkState: (checkId: string) => CheckStatus | null = () => null;

  constructor(readonly repo: MonitoringRepository, private readonly inventory: InventoryService, private readonly secrets: SecretBox) {}

  // ---- monitored devices -----------------------------------------------------------

  /** The one form: address + community (or v3 keys, or a group) → a polled device. */
  add(ctx: WriteContext, input: z.output<typeof monitorAddInput>): MonitoredDeviceView {
    const store = this.repo.store;
    const id = store.write(() => {
      const taken = store.prepare(`SELECT m.device_id AS id, d.name FROM monitored_devices m JOIN devices d ON d.id = m.device_id WHERE m.deleted = 0 AND m.address = ? AND m.port = ?`).get(input.address, input.port) as { id: string; name: string } | undefined;
      if (taken) throw conflict(`${input.address}:${input.port} is already monitored as ${taken.name}.`, 'address');
      let deviceId = input.deviceId;
      if (deviceId) {
        if (!this.inventory.devices.find(deviceId)) throw invalid(`No device with id ${deviceId}.`, 'deviceId');
        if (this.repo.deviceFor(deviceId)) throw conflict('This device is already monitored; change its settings instead.', 'deviceId');
      } else {
        const name = input.name ?? input.address;
        const clash = store.prepare(`SELECT 1 FROM devices WHERE deleted = 0 AND name = ? COLLATE NOCASE`).get(name);
        if (clash) throw conflict(`A device called ${name} exists already: choose it (device) or give another name.`, 'name');
        deviceId = this.inventory.create(ctx, deviceInput.parse({ name, type: input.type, status: 'available', mgmtIp: isIP(input.address) ? input.address : '' })).id;
      }
      this.checkParent(deviceId, input.parentDeviceId);
      const credentialId = this.credentialFor(ctx, deviceId, input);
      const type = this.inventory.devices.find(deviceId)!.type;
      this.repo.devices.insert(ctx, {
        deviceId, address: input.address, port: input.port, credentialId, intervalS: input.intervalS,
        retryIntervalS: input.retryIntervalS ?? Math.min(DEFAULT_RETRY_INTERVAL_S, input.intervalS),
        maxAttempts: input.maxAttempts, parentDeviceId: input.parentDeviceId, enabled: true,
        hostResources: input.hostResources ?? (type === 'server' || type === 'vm'), demo: false,
      });
      return deviceId;
    });
    return this.view(this.repo.deviceFor(id)!);
  }

  update(ctx: WriteContext, input: z.output<typeof monitorUpdateInput>): MonitoredDeviceView {
    const m = this.repo.store.write(() => {
      const current = this.repo.deviceFor(input.deviceId);
      if (!current) throw invalid('This device is not monitored; add it first.', 'deviceId');
      const p = input.patch;
      if (p.parentDeviceId !== undefined) this.checkParent(input.deviceId, p.parentDeviceId);
      const retry = p.retryIntervalS ?? current.retryIntervalS;
      const interval = p.intervalS ?? current.intervalS;
      if (retry > interval) throw invalid('Retry at most as slowly as the normal interval.', 'retryIntervalS');
      let credentialId = current.credentialId;
      if (p.community !== undefined || p.v3 !== undefined || p.credentialId !== undefined) {
        credentialId = this.credentialFor(ctx, input.deviceId, p, current.credentialId);
      }
      return this.repo.devices.update(ctx, current.id, {
        address: p.address, port: p.port, intervalS: p.intervalS, retryIntervalS: p.retryIntervalS, maxAttempts: p.maxAttempts,
        parentDeviceId: p.parentDeviceId, enabled: p.enabled, hostResources: p.hostResources, credentialId,
      });
    });
    return this.view(m);
  }

  /** Stops monitoring a device: its row, its checks and its own credentials are tombstoned. */
  remove(ctx: WriteContext, deviceId: string): void {
    this.repo.store.write(() => {
      const m = this.repo.deviceFor(deviceId);
      if (!m) throw invalid('This device is not monitored.', 'deviceId');
      for (const c of this.repo.checksOf(deviceId)) this.repo.checks.remove(ctx, c.id);
      this.repo.devices.remove(ctx, m.id);
      const cred = m.credentialId ? this.repo.credentials.find(m.credentialId) : null;
      if (cred && !cred.shared) this.repo.credentials.remove(ctx, cred.id);
    });
  }

  list(): MonitoredDeviceView[] {
    return this.repo.allDevices().map((m) => this.view(m)).sort((a, b) => a.name.localeCompare(b.name));
  }

  detail(deviceId: string): MonitoringDetail {
    const m = this.repo.deviceFor(deviceId);
    const names = new Map<string, string>();
    const nameOf = (id: string) => {
      if (!names.has(id)) names.set(id, this.inventory.devices.find(id)?.name ?? id);
      return names.get(id)!;
    };
    return {
      monitored: m ? this.view(m) : null,
      checks: this.repo.checksOf(deviceId).map((c) => ({ ...c, status: this.checkState(c.id) })),
      interfaces: this.repo.interfacesOf(deviceId),
      uplinks: this.repo.portsFacing(deviceId).map((i) => ({ ...i, switchName: nameOf(i.deviceId) })),
    };
  }

  private view(m: MonitoredDevice): MonitoredDeviceView {
    const d = this.inventory.devices.get(m.deviceId);
    const cred = m.credentialId ? this.repo.credentials.find(m.credentialId) : null;
    const usage = cred ? this.repo.credentialUsage() : null;
    return {
      ...m,
      name: d?.name ?? m.address,
      type: d?.type ?? 'other',
      parentName: m.parentDeviceId ? (this.inventory.devices.find(m.parentDeviceId)?.name ?? null) : null,
      credential: cred ? credentialView(cred, usage!.get(cred.id) ?? 0) : null,
      live: this.liveState(m.deviceId),
    };
  }

  /** A parent must exist, differ from the device and not make a loop. */
  private checkParent(deviceId: string, parentId: string | null): void {
    if (!parentId) return;
    if (parentId === deviceId) throw invalid('A device cannot hang off itself.', 'parentDeviceId');
    if (!this.inventory.devices.find(parentId)) throw invalid(`No device with id ${parentId}.`, 'parentDeviceId');
    let p: string | null = parentId;
    for (let i = 0; p && i < MAX_PARENT_DEPTH; i++) {
      if (p === deviceId) throw invalid('That parent hangs off this device already: it would make a loop.', 'parentDeviceId');
      p = this.repo.deviceFor(p)?.parentDeviceId ?? null;
    }
  }

  // ---- credentials -----------------------------------------------------------------

  credentials(): SnmpCredentialView[] {
    const usage = this.repo.credentialUsage();
    return this.repo.groupCredentials().map((c) => credentialView(c, usage.get(c.id) ?? 0));
  }

  createCredentialGroup(ctx: WriteContext, input: z.output<typeof credentialGroupInput>): SnmpCredentialView {
    return this.repo.store.write(() => {
      if (this.repo.groupCredentials().some((c) => c.name.toLowerCase() === input.name.toLowerCase())) throw conflict(`A credential group called ${input.name} exists already.`, 'name');
      const row = this.insertCredential(ctx, input.name, true, input);
      return credentialView(row, 0);
    });
  }

  /** A group no device uses any more; one in use is refused, naming how many use it. */
  removeCredentialGroup(ctx: WriteContext, id: string): void {
    this.repo.store.write(() => {
      const c = this.repo.credentials.find(id);
      if (!c || !c.shared) throw invalid('No credential group with that id.', 'id');
      const n = this.repo.credentialUsage().get(id) ?? 0;
      if (n > 0) throw conflict(`${n} device(s) use the credential group ${c.name}: give them their own credentials or another group first.`, 'id');
      this.repo.credentials.remove(ctx, id);
    });
  }

  /** The credential id to use: a group's, a new per-device one, or the device's own updated. */
  private credentialFor(ctx: WriteContext, deviceId: string, input: { community?: string; v3?: V3; credentialId?: string }, current: string | null = null): string {
    if (input.credentialId) {
      const group = this.repo.credentials.find(input.credentialId);
      if (!group || !group.shared) throw invalid('No credential group with that id.', 'credentialId');
      return group.id;
    }
    const own = current ? this.repo.credentials.find(current) : null;
    const name = this.inventory.devices.find(deviceId)?.name ?? deviceId;
    if (own && !own.shared) {
      this.repo.credentials.update(ctx, own.id, { ...fieldsOf(input), secret: this.sealFor(own.id, input) });
      return own.id;
    }
    return this.insertCredential(ctx, name, false, input).id;
  }

  private insertCredential(ctx: WriteContext, name: string, shared: boolean, input: { community?: string; v3?: V3 }): SnmpCredentialRow {
    const id = uuidv7(this.repo.store.clock.now());
    return this.repo.credentials.insert(ctx, { name, shared, ...fieldsOf(input), secret: this.sealFor(id, input), demo: false }, id);
  }

  private sealFor(id: string, input: { community?: string; v3?: V3 }): string {
    const secret = input.v3 ? { authKey: input.v3.authKey, privKey: input.v3.privKey } : { community: input.community };
    return this.secrets.sealShared(JSON.stringify(secret), `snmp:${id}`); // credentials sync: the team key when there is one
  }

  /** Pollers only: the SNMP target with its opened secret. Never returned by any procedure. */
  snmpTarget(m: MonitoredDevice): SnmpTarget | null {
    const cred = m.credentialId ? this.repo.credentials.find(m.credentialId) : null;
    if (!cred) return null;
    const secret = JSON.parse(openCredential(this.secrets, cred)) as { community?: string; authKey?: string; privKey?: string };
    const credentials: Credentials = cred.version === 'v2c'
      ? { version: 'v2c', community: secret.community ?? '' }
      : {
        version: 'v3', user: cred.user,
        ...(secret.authKey ? { authProtocol: cred.authProtocol ?? 'sha', authKey: secret.authKey } : {}),
        ...(secret.privKey ? { privProtocol: cred.privProtocol ?? 'aes', privKey: secret.privKey } : {}),
      };
    return { host: m.address, port: m.port, credentials };
  }

  // ---- service checks -------------------------------------------------------------

  addCheck(ctx: WriteContext, input: z.output<typeof checkInput>): ServiceCheck {
    return this.repo.store.write(() => {
      const device = this.inventory.devices.find(input.deviceId);
      if (!device) throw invalid(`No device with id ${input.deviceId}.`, 'deviceId');
      const name = input.name ?? (input.kind === 'http' ? input.url : input.kind === 'tcp' ? `tcp/${input.port}` : 'ping');
      return this.repo.checks.insert(ctx, {
        deviceId: input.deviceId, kind: input.kind, name, host: input.host, port: input.port, url: input.url, expectStatus: input.expectStatus,
        expectText: input.expectText, intervalS: input.intervalS, timeoutMs: input.timeoutMs, tlsVerify: input.tlsVerify, enabled: true, demo: false,
      });
    });
  }

  updateCheck(ctx: WriteContext, input: z.output<typeof checkUpdateInput>): ServiceCheck {
    if (!this.repo.checks.find(input.id)) throw invalid(`No check with id ${input.id}.`, 'id');
    return this.repo.checks.update(ctx, input.id, input.patch);
  }

  removeCheck(ctx: WriteContext, id: string): void {
    if (!this.repo.checks.find(id)) throw invalid(`No check with id ${id}.`, 'id');
    this.repo.checks.remove(ctx, id);
  }

  // ---- interfaces -------------------------------------------------------------------

  /** Stores what a poll found; writes only what changed (no audit noise on every poll). */
  recordInterfaces(deviceId: string, found: DiscoveredInterface[]): { created: number; changed: number } {
    const existing = new Map(this.repo.interfacesOf(deviceId).map((i) => [i.ifIndex, i]));
    let created = 0;
    let changed = 0;
    const todo = found.filter((f) => {
      const e = existing.get(f.ifIndex);
      return !e || e.name !== f.name || e.alias !== f.alias || e.descr !== f.descr || e.speedMbps !== f.speedMbps;
    });
    if (todo.length === 0) return { created, changed };
    this.repo.store.write(() => {
      for (const f of todo) {
        const e = existing.get(f.ifIndex);
        if (e) {
          this.repo.interfaces.update(MONITOR_WRITER, e.id, { name: f.name, alias: f.alias, descr: f.descr, speedMbps: f.speedMbps });
          changed++;
        } else {
          this.repo.interfaces.insert(MONITOR_WRITER, { deviceId, ifIndex: f.ifIndex, name: f.name, alias: f.alias, descr: f.descr, speedMbps: f.speedMbps, linkedDeviceId: null, committedMbps: null, alarmOnDown: f.inUse === true, demo: false });
          created++;
        }
      }
    });
    return { created, changed };
  }

  /** Link a port to the device plugged into it, set its commit, choose whether it alarms when down. */
  updateInterface(ctx: WriteContext, input: z.output<typeof interfaceUpdateInput>): MonitoredInterface {
    return this.repo.store.write(() => {
      const i = this.repo.interfaces.find(input.id);
      if (!i) throw invalid(`No interface with id ${input.id}.`, 'id');
      if (input.linkedDeviceId) {
        if (input.linkedDeviceId === i.deviceId) throw invalid('A port cannot be linked to its own device.', 'linkedDeviceId');
        if (!this.inventory.devices.find(input.linkedDeviceId)) throw invalid(`No device with id ${input.linkedDeviceId}.`, 'linkedDeviceId');
      }
      return this.repo.interfaces.update(ctx, i.id, { linkedDeviceId: input.linkedDeviceId, committedMbps: input.committedMbps, alarmOnDown: input.alarmOnDown });
    });
  }

  // ---- port groups -----------------------------------------------------------------

  createPortGroup(ctx: WriteContext, input: z.output<typeof portGroupInput>): PortGroup {
    return this.repo.store.write(() => {
      for (const id of input.interfaceIds) if (!this.repo.interfaces.find(id)) throw invalid(`No interface with id ${id}.`, 'interfaceIds');
      return this.repo.portGroups.insert(ctx, { name: input.name, customerId: input.customerId, interfaceIds: [...new Set(input.interfaceIds)], committedMbps: input.committedMbps, demo: false });
    });
  }

  removePortGroup(ctx: WriteContext, id: string): void {
    if (!this.repo.portGroups.find(id)) throw invalid(`No port group with id ${id}.`, 'id');
    this.repo.portGroups.remove(ctx, id);
  }
}

function fieldsOf(input: { community?: string; v3?: V3 }): Pick<SnmpCredentialRow, 'version' | 'user' | 'authProtocol' | 'privProtocol'> {
  if (input.v3) {
    return {
      version: 'v3', user: input.v3.user,
      authProtocol: input.v3.authKey ? input.v3.authProtocol : null,
      privProtocol: input.v3.privKey ? input.v3.privProtocol : null,
    };
  }
  return { version: 'v2c', user: '', authProtocol: null, privProtocol: null };
}

export function credentialView(c: SnmpCredentialRow, devices: number): SnmpCredentialView {
  return { id: c.id, name: c.name, version: c.version, user: c.user, authProtocol: c.authProtocol, privProtocol: c.privProtocol, shared: c.shared, hasSecret: c.secret !== '', devices };
}

/** The opened secret; sealed with a team key this client lacks, a message that says what to do (issue 6). */
function openCredential(box: SecretBox, cred: SnmpCredentialRow): string {
  try {
    return box.open(cred.secret, `snmp:${cred.id}`);
  } catch (err) {
    if (err instanceof TeamKeyMissingError) throw new SecretError('This SNMP credential is sealed with the team key, which your role cannot read: log in to the shared database with a role that can (admin, technician, provisioning). Not polled without its credentials.');
    throw err;
  }
}
