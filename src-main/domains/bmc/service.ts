// BMC rules: one BMC per server, its credentials sealed and never returned, its sessions
// shared through one IpmiSessionManager (API calls, the poller and the native console all
// reuse the same session per BMC), power and boot actions audited, the latest poll kept.
import type { z } from 'zod';
import type { BmcCipherSuite } from '../../../shared/bmc';
import type { BmcConfig, BmcView, BootResult, HardwareView, PowerResult } from '../../../shared/bmc-types';
import type { bmcSetInput, bootDeviceInput, powerInput } from '../../../shared/schemas/bmc';
import type { Clock } from '../../core/clock';
import { conflict, invalid, precondition } from '../../core/errors';
import { IpmiClient, IpmiSessionManager, type BmcTarget, type ManagerOptions } from '../../protocols/ipmi/index';
import type { WriteContext } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import { asDomainError } from './errors';
import type { BmcRepository } from './repository';
import type { BmcSecrets } from './secrets';

export interface BmcServiceOptions {
  /** tuning of every IPMI session (timeouts, retries, and the clock of the protocol: real time by default) */
  ipmi?: ManagerOptions;
}

/** A power or boot action done through the app, remembered so the poller can say who did it. */
export interface RecentAction {
  action: string;
  by: string;
  at: number;
  reason: string;
}

const RECENT_MS = 10 * 60_000;

export class BmcService {
  readonly manager: IpmiSessionManager;
  private readonly clients = new Map<string, { fingerprint: string; client: IpmiClient }>();
  private readonly recent = new Map<string, RecentAction>();
  /** set by the poll wiring: reads power/sensors/SEL now and stores them (see poll.ts) */
  pollNow: (deviceId: string) => Promise<void> = async () => undefined;

  constructor(
    readonly repo: BmcRepository,
    readonly secrets: BmcSecrets,
    private readonly inventory: InventoryService,
    readonly clock: Clock,
    opts: BmcServiceOptions = {},
  ) {
    this.manager = new IpmiSessionManager({ idleTimeoutMs: 90_000, timeoutMs: 1000, retries: 2, ...opts.ipmi });
  }

  // ---- configuration ------------------------------------------------------------

  get(deviceId: string): BmcView | null {
    const c = this.repo.configFor(deviceId);
    return c ? this.view(c) : null;
  }

  list(): BmcView[] {
    return this.repo.allConfigs().map((c) => this.view(c));
  }

  set(ctx: WriteContext, input: z.output<typeof bmcSetInput>): BmcView {
    const config = this.repo.store.write(() => {
      const device = this.inventory.devices.find(input.deviceId);
      if (!device) throw invalid(`No device with id ${input.deviceId}.`, 'deviceId');
      if (device.type === 'vm' || device.type === 'patch_panel') throw invalid(`A ${device.type === 'vm' ? 'virtual machine' : 'patch panel'} has no BMC; set it on the physical server.`, 'deviceId');
      const taken = this.repo.addressTaken(input.address, input.port, input.deviceId);
      if (taken) throw conflict(`${input.address}:${input.port} is already the BMC of ${taken.name}.`, 'address');
      const current = this.repo.configFor(input.deviceId);
      const has = this.secrets.has(input.deviceId);
      if (input.password === undefined && !has.password) throw invalid('Enter the BMC password (it is stored sealed, never shown again).', 'password');
      const fields = {
        address: input.address, port: input.port, username: input.username, privilege: input.privilege,
        cipherSuites: input.cipherSuites as BmcCipherSuite[], allowInsecure: input.allowInsecure, consoleDriver: input.consoleDriver,
        sshTarget: input.sshTarget, pollEnabled: input.pollEnabled, pollIntervalS: input.pollIntervalS,
      };
      const row = current
        ? this.repo.configs.update(ctx, current.id, fields)
        : this.repo.configs.insert(ctx, { deviceId: input.deviceId, ...fields, demo: device.demo });
      this.secrets.keep(ctx, input.deviceId, { password: input.password, kg: input.kg });
      if (current && (current.address !== row.address || current.port !== row.port)) this.repo.dropReading(input.deviceId);
      return row;
    });
    this.clients.delete(input.deviceId);
    return this.view(config);
  }

  remove(ctx: WriteContext, deviceId: string): void {
    const config = this.repo.configFor(deviceId);
    if (!config) throw invalid('This server has no BMC configured.', 'deviceId');
    this.repo.store.write(() => {
      this.repo.configs.remove(ctx, config.id);
      this.secrets.forget(ctx, deviceId);
      this.repo.dropReading(deviceId);
    });
    const c = this.clients.get(deviceId);
    this.clients.delete(deviceId);
    void c?.client.close();
  }

  private view(c: BmcConfig): BmcView {
    const { rev: _rev, deleted: _deleted, demo: _demo, ...rest } = c;
    const has = this.secrets.has(c.deviceId);
    const warnings: BmcView['warnings'] = [];
    if (c.allowInsecure) warnings.push({ code: 'insecure-allowed', message: 'Insecure logins are allowed for this BMC (cipher suite 0, "none" authentication or anonymous login): anyone on its network may control it.' });
    if (c.cipherSuites.includes(0)) warnings.push({ code: 'cipher-suite-0', message: 'Cipher suite 0 is in the list: the session would have no authentication, integrity or encryption.' });
    if (c.username === '') warnings.push({ code: 'anonymous-login', message: 'Anonymous login (no user name).' });
    for (const w of this.repo.reading(c.deviceId)?.warnings ?? []) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
    return { ...rest, hasPassword: has.password, hasKg: has.kg, secretProblem: has.password ? this.secrets.problem(c.deviceId) : null, warnings };
  }

  // ---- talking to the BMC ---------------------------------------------------------

  requireConfig(deviceId: string): BmcConfig {
    const c = this.repo.configFor(deviceId);
    if (!c) throw precondition('This server has no BMC configured: add its address and credentials first.', 'deviceId');
    return c;
  }

  name(deviceId: string): string {
    return this.inventory.devices.find(deviceId)?.name ?? deviceId;
  }

  bmcLabel(c: Pick<BmcConfig, 'address' | 'port'>): string {
    return `${c.address}:${c.port}`;
  }

  /** Core only: the BMC target with its opened secrets. */
  target(deviceId: string): BmcTarget {
    const c = this.requireConfig(deviceId);
    const s = this.secrets.open(deviceId, this.name(deviceId));
    return {
      host: c.address, port: c.port, username: c.username, password: s.password, ...(s.kg ? { kg: s.kg } : {}),
      privilege: c.privilege, cipherSuites: c.cipherSuites,
      ...(c.allowInsecure ? { allowInsecure: { cipherSuite0: true, anonymous: true } } : {}),
    };
  }

  /** The IpmiClient of a server's BMC (kept while its configuration stays the same: the SDR cache lives in it). */
  client(deviceId: string): IpmiClient {
    const c = this.requireConfig(deviceId);
    const fp = `${c.updatedAt}`;
    const known = this.clients.get(deviceId);
    if (known && known.fingerprint === fp) return known.client;
    const client = new IpmiClient(this.target(deviceId), { manager: this.manager });
    this.clients.set(deviceId, { fingerprint: fp, client });
    return client;
  }

  /** Runs fn with the server's client; failures become one clear sentence. */
  async withClient<T>(deviceId: string, fn: (client: IpmiClient) => Promise<T>): Promise<T> {
    const c = this.requireConfig(deviceId);
    try {
      return await fn(this.client(deviceId));
    } catch (err) {
      throw asDomainError(err, this.name(deviceId), this.bmcLabel(c));
    }
  }

  recentAction(deviceId: string): RecentAction | null {
    const r = this.recent.get(deviceId);
    return r && this.clock.now() - r.at < RECENT_MS ? r : null;
  }

  // ---- actions (audited) ------------------------------------------------------------

  async power(ctx: WriteContext, input: z.output<typeof powerInput>): Promise<PowerResult> {
    const c = this.requireConfig(input.deviceId);
    if (c.privilege === 'user') throw precondition('The BMC user of this server is read-only (privilege "user"): power control needs operator or administrator.', 'privilege');
    await this.withClient(input.deviceId, (client) => client.power(input.action));
    this.afterAction(ctx, c, `power-${input.action}`, input.reason, { action: input.action });
    await this.pollNow(input.deviceId).catch(() => undefined);
    return { action: input.action, powerOn: this.repo.reading(input.deviceId)?.powerOn ?? null };
  }

  async bootDevice(ctx: WriteContext, input: z.output<typeof bootDeviceInput>): Promise<BootResult> {
    const c = this.requireConfig(input.deviceId);
    if (c.privilege === 'user') throw precondition('The BMC user of this server is read-only (privilege "user"): setting the boot device needs operator or administrator.', 'privilege');
    await this.withClient(input.deviceId, (client) => client.setBootDevice(input.device, { persistent: input.persistent, efi: input.efi }));
    this.afterAction(ctx, c, 'boot-device', input.reason, { device: input.device, persistent: input.persistent, efi: input.efi });
    return { device: input.device, persistent: input.persistent, efi: input.efi };
  }

  async selClear(ctx: WriteContext, deviceId: string, reason: string): Promise<void> {
    const c = this.requireConfig(deviceId);
    await this.withClient(deviceId, (client) => client.selClear());
    this.afterAction(ctx, c, 'sel-clear', reason, {});
    await this.pollNow(deviceId).catch(() => undefined);
  }

  private afterAction(ctx: WriteContext, c: BmcConfig, action: string, reason: string, detail: Record<string, unknown>): void {
    const at = this.clock.now();
    this.repo.store.write(() => {
      this.repo.store.audit({ ...ctx, reason: reason || ctx.reason }, action, 'bmc_configs', c.id, null, { deviceId: c.deviceId, bmc: this.bmcLabel(c), ...detail });
      this.repo.addEvent(c.deviceId, { at, kind: 'action', severity: 'info', message: `${ctx.actor.name}: ${action}${reason ? ` — ${reason}` : ''}` });
    });
    this.recent.set(c.deviceId, { action, by: ctx.actor.name, at, reason });
  }

  // ---- what the drawer shows -------------------------------------------------------

  hardware(deviceId: string): HardwareView {
    const configured = this.repo.configFor(deviceId) !== null;
    const r = this.repo.reading(deviceId);
    return {
      deviceId, configured, polledAt: r?.polledAt ?? null, lastOkAt: r?.okAt ?? null, powerOn: r?.powerOn ?? null,
      sensors: r?.sensors ?? [], sel: [...(r?.sel ?? [])].reverse(), selCount: r?.selCount ?? 0, error: r?.error ?? null,
      failures: r?.failures ?? 0, events: this.repo.events(deviceId), dropped: this.clients.get(deviceId)?.client.droppedPackets() ?? null,
    };
  }

  /** Closes every BMC session (sends Close Session to each). */
  async close(): Promise<void> {
    this.clients.clear();
    await this.manager.closeAll();
  }
}
