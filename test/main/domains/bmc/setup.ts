// Shared by the BMC and console tests: a core over a real SQLite file, a server in the
// inventory and a real ipmi_sim as its BMC (UDP ports 29700-29799 are issue 4's).
import type { Actor } from '../../../../shared/types';
import { actor, makeCore, type TestCore } from '../../helpers';
import type { CoreConfig } from '../../../../src-main/core/create-core';
import { startIpmiSim, type IpmiSim, type IpmiSimOptions } from '../../../peers/ipmi-sim';

/** A password distinctive enough to grep the whole store for. */
export const BMC_PASSWORD = 'Zq9-bmc-pw';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function bmcCore(config: Partial<CoreConfig> = {}): TestCore {
  return makeCore({ ipmi: { session: { timeoutMs: 400, retries: 2, cipherSuiteProbeMs: 100 }, ...config.ipmi }, ...config });
}

export function startSim(port: number, solPort?: number, opts: IpmiSimOptions = {}): Promise<IpmiSim> {
  return startIpmiSim(port, { pass: BMC_PASSWORD, ...(solPort ? { solPort } : {}), ...opts });
}

export async function serverWithBmc(t: TestCore, sim: IpmiSim, extra: Record<string, unknown> = {}, who: Actor = actor('technician', 'tina')) {
  const api = t.caller(who);
  const device = await api.inventory.create({ name: `srv-${sim.port}`, type: 'server', status: 'available' });
  const bmc = await api.bmc.set({ deviceId: device.id, address: sim.addr, port: sim.port, username: 'admin', password: BMC_PASSWORD, ...extra });
  return { api, device, bmc };
}
