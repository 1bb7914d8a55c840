// The public face of the library: one IpmiClient per BMC, methods named after what an operator
// does. Sessions come from an IpmiSessionManager (shared, reused, closed when idle); the SDR
// repository is cached per client and re-read only when its timestamps change.
import { IpmiError } from '../errors';
import { getDeviceId, type DeviceId } from '../commands/app/get-device-id';
import type { BootDeviceName, BootFlags } from '../commands/chassis/boot-flags';
import { chassisControl, type ChassisActionName } from '../commands/chassis/chassis-control';
import { getChassisStatus, type ChassisStatus } from '../commands/chassis/get-chassis-status';
import { getSdrRepositoryInfo } from '../commands/storage/sdr-repository-info';
import type { IpmiCommand } from '../commands/command';
import type { SelInfo } from '../commands/storage/get-sel-info';
import type { SdrRecord } from '../records/sdr';
import type { SelRecord } from '../records/sel';
import type { BmcTarget, SecurityWarning } from '../session/options';
import type { RawResponse, RequestOptions, RmcpPlusSession, SessionCounters } from '../session/session';
import { SolConsole, type SolOptions } from '../sol/console';
import { getBootFlags, setBootDevice, type BootDeviceOptions } from './boot';
import { readLanConfig, type LanConfig } from './lan';
import { IpmiSessionManager, type ManagerOptions } from './manager';
import { readSdrRepository, type SdrRepository } from './sdr-repository';
import { readSensors, type SensorReading } from './sensors';
import { clearSelLog, listSel } from './sel';

export type PowerAction = 'status' | 'on' | 'off' | 'cycle' | 'reset' | 'soft';

const POWER_ACTIONS: Readonly<Record<Exclude<PowerAction, 'status'>, ChassisActionName>> = {
  on: 'powerUp',
  off: 'powerDown',
  cycle: 'powerCycle',
  reset: 'hardReset',
  soft: 'softShutdown',
};

export function isPowerAction(s: string): s is PowerAction {
  return s === 'status' || s in POWER_ACTIONS;
}

/** Packets the sessions with this BMC dropped (every session this client used, added up). */
export interface DroppedPackets {
  total: number;
  wrongAddress: number;
  badIntegrity: number;
  /** replayed or outside the sequence window */
  replay: number;
  /** malformed, unauthenticated, unencrypted, for another session, or unexpected */
  other: number;
}

function droppedOf(c: SessionCounters): DroppedPackets {
  const replay = c.droppedReplay + c.droppedOutOfWindow;
  const other = c.droppedMalformed + c.droppedWrongSession + c.droppedUnauthenticated + c.droppedUnencrypted + c.droppedUnexpected;
  return { total: c.droppedWrongAddress + c.droppedBadIntegrity + replay + other, wrongAddress: c.droppedWrongAddress, badIntegrity: c.droppedBadIntegrity, replay, other };
}

function addDropped(a: DroppedPackets, b: DroppedPackets): DroppedPackets {
  return { total: a.total + b.total, wrongAddress: a.wrongAddress + b.wrongAddress, badIntegrity: a.badIntegrity + b.badIntegrity, replay: a.replay + b.replay, other: a.other + b.other };
}

const NO_DROPS: DroppedPackets = { total: 0, wrongAddress: 0, badIntegrity: 0, replay: 0, other: 0 };

export interface IpmiClientOptions extends ManagerOptions {
  /** share sessions with other clients; without one the client has its own manager */
  manager?: IpmiSessionManager;
}

export class IpmiClient {
  readonly manager: IpmiSessionManager;
  private readonly ownsManager: boolean;
  private sdrCache: SdrRepository | undefined;
  private lastWarnings: SecurityWarning[] = [];
  private session: RmcpPlusSession | undefined;
  /** drops of the sessions before `session` */
  private droppedBefore: DroppedPackets = NO_DROPS;

  constructor(readonly target: BmcTarget, opts: IpmiClientOptions = {}) {
    this.ownsManager = !opts.manager;
    this.manager = opts.manager ?? new IpmiSessionManager(opts);
  }

  /** runs `fn` in this BMC's (shared) session */
  async withSession<T>(fn: (s: RmcpPlusSession) => Promise<T>): Promise<T> {
    return this.manager.use(this.target, async (s) => {
      this.lastWarnings = s.warnings;
      if (s !== this.session) {
        if (this.session) this.droppedBefore = addDropped(this.droppedBefore, droppedOf(this.session.counters));
        this.session = s;
      }
      return fn(s);
    });
  }

  call<Req, Res>(command: IpmiCommand<Req, Res>, req: Req, opts?: RequestOptions): Promise<Res> {
    return this.withSession((s) => s.call(command, req, opts));
  }

  raw(netFn: number, cmd: number, data: Uint8Array = new Uint8Array(0), opts?: RequestOptions): Promise<RawResponse> {
    return this.withSession((s) => s.request(netFn, cmd, data, opts));
  }

  /** packets dropped so far (wrong address, bad integrity, replay, …): counted, never silent */
  droppedPackets(): DroppedPackets {
    return this.session ? addDropped(this.droppedBefore, droppedOf(this.session.counters)) : this.droppedBefore;
  }

  /** what weakens the last session used (for a warning badge in the UI); opens one if needed */
  async securityWarnings(): Promise<SecurityWarning[]> {
    await this.withSession(async () => undefined);
    return this.lastWarnings;
  }

  deviceId(): Promise<DeviceId> {
    return this.call(getDeviceId, undefined);
  }

  chassisStatus(): Promise<ChassisStatus> {
    return this.call(getChassisStatus, undefined);
  }

  /** 'status' reads the power state; the others send Chassis Control (operator privilege) */
  async power(action: PowerAction): Promise<{ action: PowerAction; powerOn?: boolean }> {
    if (action === 'status') return { action, powerOn: (await this.chassisStatus()).powerOn };
    const chassisAction = POWER_ACTIONS[action];
    if (!chassisAction) throw new IpmiError('invalid-argument', `unknown power action '${String(action)}' (status, on, off, cycle, reset, soft)`);
    await this.call(chassisControl, { action: chassisAction });
    return { action };
  }

  setBootDevice(device: BootDeviceName, opts: BootDeviceOptions = {}): Promise<void> {
    return this.withSession((s) => setBootDevice(s, device, opts));
  }

  bootFlags(): Promise<BootFlags> {
    return this.withSession((s) => getBootFlags(s));
  }

  /** SDR records, cached until the repository's addition/erase timestamps change */
  async sdr(): Promise<SdrRecord[]> {
    return this.withSession(async (s) => (await this.sdrRepository(s)).records);
  }

  private async sdrRepository(s: RmcpPlusSession): Promise<SdrRepository> {
    if (this.sdrCache) {
      const info = await s.call(getSdrRepositoryInfo, undefined);
      const c = this.sdrCache.info;
      if (info.recordCount === c.recordCount && info.lastAddition === c.lastAddition && info.lastErase === c.lastErase) return this.sdrCache;
    }
    this.sdrCache = await readSdrRepository(s);
    return this.sdrCache;
  }

  sensors(): Promise<SensorReading[]> {
    return this.withSession(async (s) => readSensors(s, (await this.sdrRepository(s)).records));
  }

  async selList(): Promise<SelRecord[]> {
    return (await this.withSession((s) => listSel(s))).entries;
  }

  async selInfo(): Promise<SelInfo> {
    return (await this.withSession((s) => listSel(s))).info;
  }

  selClear(): Promise<void> {
    return this.withSession((s) => clearSelLog(s, (ms) => new Promise((resolve) => s.clock.setTimeout(resolve, ms))));
  }

  lanConfig(channel?: number): Promise<LanConfig> {
    return this.withSession((s) => readLanConfig(s, channel));
  }

  /**
   * Opens a Serial-over-LAN console. It holds the BMC's session until the console closes;
   * `takeOver` deactivates an SOL instance another session left active.
   */
  async sol(opts: SolOptions): Promise<SolConsole> {
    const lease = await this.manager.acquire(this.target);
    try {
      const c = await SolConsole.activate(lease.session, opts);
      c.on('close', () => lease.release());
      return c;
    } catch (e) {
      lease.release();
      throw e;
    }
  }

  /** closes this BMC's session (and the client's own manager, if it has one) */
  async close(): Promise<void> {
    if (this.ownsManager) await this.manager.closeAll();
    else await this.manager.close(this.target);
  }
}
