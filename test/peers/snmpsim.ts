// Many simulated 48-port switches behind one snmpsimd (Debian `snmpsim`), for tests and
// the benchmark. Wraps test/peers/snmpsim/gen.sh + start.sh + stop.sh.
//
//   const sim = await startSnmpsim({ devices: 50, port: 26130 });
//   // device k answers v2c community sim.communities[k] on 127.0.0.1:sim.port
//   // (or v3 user v3user SHA authpass123 AES privpass123 with context = the community)
//   await sim.stop();
//
// Counter model (gen.py): ifHCInOctets.p grows at 1000·p + d bytes/s and ifHCOutOctets.p
// at 500·p + d (d = device number), ports 45-48 are oper-down with zero counters.
// snmpsimd indexes every data file before it answers (~20 ms per file the first time).
//
// Importing: the folder test/peers/snmpsim/ (scripts) sits beside this file. vitest/vite and
// tsc resolve '../peers/snmpsim' to this file; tsx/Node pick the folder, so from a script run
// with tsx import '../peers/snmpsim.js'.
import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = join(fileURLToPath(new URL('.', import.meta.url)), 'snmpsim');

export const SNMPSIM_V3 = { name: 'v3user', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123' } as const;

export interface SnmpsimOptions {
  devices: number;
  /** UDP port on 127.0.0.1 (this project's tests use 26100-26199) */
  port: number;
  /** ports per switch (default 48) */
  ports?: number;
  /** constant counters, no variation module: fastest to serve (default false) */
  static?: boolean;
  /** community prefix (default "sw": sw0001, sw0002, …) */
  prefix?: string;
  /** generous start timeout for thousands of devices (default 10 min) */
  startTimeoutMs?: number;
  /** more devices: community → .snmprec text (e.g. a test fixture); not in `communities` */
  extra?: Record<string, string>;
}

export interface SnmpsimPeer {
  port: number;
  communities: string[];
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export function snmpsimMissing(): string | null {
  for (const bin of ['snmpsimd', 'snmpget', 'python3', 'ss']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`]);
    if (r.status !== 0) return `${bin} is not installed (Debian: apt-get install -y snmpsim snmp python3 iproute2)`;
  }
  return null;
}

export async function startSnmpsim(opts: SnmpsimOptions): Promise<SnmpsimPeer> {
  const root = await mkdtemp(join(tmpdir(), 'noc-snmpsim-'));
  // snmpsimd drops to nobody when started as root: it must be able to reach the data
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  const runDir = join(root, 'run');
  const env = { ...process.env, MIBS: '', TMPDIR: root, SNMP_PERSISTENT_DIR: join(root, 'client') };
  const prefix = opts.prefix ?? 'sw';
  try {
    const genArgs = [String(opts.devices), dataDir, '--ports', String(opts.ports ?? 48), '--prefix', prefix];
    if (opts.static) genArgs.push('--static');
    await run(join(HERE, 'gen.sh'), genArgs, { env, timeout: 120_000 });
    for (const [community, text] of Object.entries(opts.extra ?? {})) {
      if (!/^[\w-]+$/.test(community)) throw new Error(`community '${community}' must be a plain file name`);
      await writeFile(join(dataDir, `${community}.snmprec`), text);
    }
    const { stdout } = await run(join(HERE, 'start.sh'), [String(opts.port), dataDir, runDir], {
      env,
      timeout: opts.startTimeoutMs ?? 600_000,
    });
    const pid = Number(stdout.trim().split('\n').pop());
    const communities = Array.from({ length: opts.devices }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
    let stopped = false;
    return {
      port: opts.port,
      communities,
      dataDir,
      pid,
      async stop() {
        if (stopped) return;
        stopped = true;
        await run(join(HERE, 'stop.sh'), [runDir], { env, timeout: 15_000 }).catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await run(join(HERE, 'stop.sh'), [runDir], { env, timeout: 15_000 }).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

/** The brief's name for it. */
export const start = startSnmpsim;
