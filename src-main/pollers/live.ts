// What the pollers last saw per device, in memory (not persisted: after a restart the first
// poll fills it again). The drawer and the wall read it; alarms are the engine's business.
export interface InterfaceLive {
  oper: number | null;
  admin: number | null;
  inBps: number | null;
  outBps: number | null;
  at: number;
}

export interface DeviceLive {
  lastPollAt: number | null;
  lastOkAt: number | null;
  lastError: string | null;
  pollMs: number | null;
  sysName: string | null;
  sysDescr: string | null;
  uptimeTicks: number | null;
  cpuPct: number | null;
  memPct: number | null;
  diskPct: number | null;
  resourcesAt: number | null;
  /** last authenticationFailure trap from this agent */
  authTrapAt: number | null;
  interfaces: Map<number, InterfaceLive>;
}

export class LiveBook {
  private readonly devices = new Map<string, DeviceLive>();
  /** newest poll completion, for "how old is the data" on the wall */
  lastPollAt: number | null = null;

  get(deviceId: string): DeviceLive {
    let d = this.devices.get(deviceId);
    if (!d) {
      d = {
        lastPollAt: null, lastOkAt: null, lastError: null, pollMs: null, sysName: null, sysDescr: null, uptimeTicks: null,
        cpuPct: null, memPct: null, diskPct: null, resourcesAt: null, authTrapAt: null, interfaces: new Map(),
      };
      this.devices.set(deviceId, d);
    }
    return d;
  }

  peek(deviceId: string): DeviceLive | undefined {
    return this.devices.get(deviceId);
  }

  polled(deviceId: string, at: number, ok: boolean, error: string | null, ms: number | null): void {
    const d = this.get(deviceId);
    d.lastPollAt = at;
    if (ok) d.lastOkAt = at;
    d.lastError = error;
    d.pollMs = ms;
    if (this.lastPollAt === null || at > this.lastPollAt) this.lastPollAt = at;
  }

  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }
}
