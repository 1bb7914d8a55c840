// Starts and stops a real OpenIPMI BMC simulator (ipmi_sim) for tests, with the scripts in
// test/peers/ipmi_sim/ (adapted from the shared recipes). Each instance gets its own temporary
// directory; stop() kills only the PIDs it started and removes the directory.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { IpmiClient, IpmiSessionManager } from '../../src-main/protocols/ipmi/index';

const run = promisify(execFile);
const HERE = join(dirname(fileURLToPath(import.meta.url)), 'ipmi_sim');

function which(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** ipmi_sim (Debian package openipmi) and ipmitool (used by start.sh to wait for readiness) */
export const ipmiSimAvailable = which('ipmi_sim') && which('ipmitool');
export const ipmiSimMissingReason = 'ipmi_sim or ipmitool not installed (apt-get install openipmi ipmitool): IPMI integration tests skipped';
export const ipmitoolAvailable = which('ipmitool');

export interface IpmiSimOptions {
  /** listen address, default 127.0.0.1 (127.0.1.x for many BMCs on one port) */
  addr?: string;
  /** TCP port of the fake serial console behind SOL; no SOL when absent */
  solPort?: number;
  user?: string;
  pass?: string;
  /** parent directory for the instance directory (default: a new temp dir) */
  baseDir?: string;
  /** false: no chassis_control program (chassis status from memory, power control fails) */
  chassisControl?: boolean;
}

export interface IpmiSim {
  addr: string;
  port: number;
  dir: string;
  solPort: number | undefined;
  pid: number;
  /** sends emulator commands (ipmi_sim_cmd(5)) through the instance's ctl FIFO */
  ctl(...commands: string[]): Promise<void>;
  read(file: string): string;
  write(file: string, content: string): void;
  stop(): Promise<void>;
}

export async function startIpmiSim(port: number, opts: IpmiSimOptions = {}): Promise<IpmiSim> {
  const addr = opts.addr ?? '127.0.0.1';
  const base = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'noc-ipmi-sim-'));
  const dir = join(base, `bmc-${addr}-${port}`);
  const env: NodeJS.ProcessEnv = { ...process.env, ADDR: addr, IPMI_USER: opts.user ?? 'admin', IPMI_PASS: opts.pass ?? 'secret' };
  if (opts.chassisControl === false) env.CHASSIS_CONTROL = 'none';
  else delete env.CHASSIS_CONTROL;
  if (opts.solPort) env.SOL_PORT = String(opts.solPort);
  else delete env.SOL_PORT;
  let stdout: string;
  try {
    ({ stdout } = await run('sh', [join(HERE, 'start.sh'), String(port), dir], { env, timeout: 30_000 }));
  } catch (e) {
    if (!opts.baseDir) rmSync(base, { recursive: true, force: true });
    throw new Error(`ipmi_sim did not start on ${addr}:${port}: ${(e as Error).message}`);
  }
  const pid = Number(stdout.trim().split('\n').pop());
  let stopped = false;
  return {
    addr, port, dir, solPort: opts.solPort, pid,
    ctl: async (...commands) => void (await run('sh', [join(HERE, 'ctl.sh'), dir, ...commands], { timeout: 10_000 })),
    read: (file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : ''),
    write: (file, content) => writeFileSync(join(dir, file), content),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run('sh', [join(HERE, 'stop.sh'), dir], { timeout: 20_000 }).catch(() => undefined);
      rmSync(opts.baseDir ? dir : base, { recursive: true, force: true });
    },
  };
}

/** runs ipmitool -I lanplus against a simulator; returns stdout (throws on failure) */
export async function ipmitool(sim: { addr: string; port: number }, args: string[], opts: { user?: string; pass?: string; suite?: number } = {}): Promise<string> {
  const { stdout } = await run('ipmitool', ['-I', 'lanplus', '-H', sim.addr, '-p', String(sim.port), '-U', opts.user ?? 'admin', '-P', opts.pass ?? 'secret', '-C', String(opts.suite ?? 3), ...args], { timeout: 20_000 });
  return stdout;
}

/**
 * Opens and closes a SOL console as a fresh client, without taking over: it succeeds only when
 * the simulator's one SOL payload is free (nobody left it active).
 */
export async function solOpensWithoutTakeover(sim: { addr: string; port: number }): Promise<void> {
  const m = new IpmiSessionManager({ timeoutMs: 500, retries: 2, cipherSuiteProbeMs: 0 });
  const c = new IpmiClient({ host: sim.addr, port: sim.port, username: 'admin', password: 'secret', cipherSuites: [3] }, { manager: m });
  try {
    const sol = await c.sol({ onData: () => undefined });
    await sol.close();
  } finally {
    await m.closeAll();
  }
}
