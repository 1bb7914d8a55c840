// A real Net-SNMP agent (Debian `snmpd`) for tests, on a loopback UDP port.
// Wraps test/peers/snmpd/start.sh / stop.sh; everything it writes (config, persistent USM
// keys, TMPDIR, log) lives in its own temp dir, removed by stop().
//
//   const agent = await startSnmpd({ port: 26110, trapPort: 26111 });
//   await agent.setIfOperStatus(2, 'down');   // IF-MIB::ifOperStatus.2 = down(2) at once;
//                                              // with trapPort, a linkDown trap follows (≤ 1 s)
//   await agent.stop();
//
// Built-in users: community "public" (ro) / "private" (rw); v3 "v3user" SHA "authpass123"
// AES "privpass123" (authPriv) and "v3auth" SHA "authpass123" (authNoPriv); with trapPort
// also "internalUser" (noAuthNoPriv, used by the agent's own link monitor).
//
// Importing: the folder test/peers/snmpd/ (scripts) sits beside this file. vitest/vite and
// tsc resolve '../peers/snmpd' to this file; tsx/Node pick the folder, so from a script run
// with tsx import '../peers/snmpd.js'.
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = join(fileURLToPath(new URL('.', import.meta.url)), 'snmpd');

export const SNMPD_USERS = {
  community: 'public',
  v3AuthPriv: { name: 'v3user', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123' },
  v3AuthNoPriv: { name: 'v3auth', authProtocol: 'sha', authKey: 'authpass123' },
} as const;

export interface SnmpdV3User {
  name: string;
  /** Net-SNMP createUser names: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512 */
  authProtocol?: string;
  authKey: string;
  /** DES or AES; omit for authNoPriv */
  privProtocol?: string;
  privKey?: string;
}

export interface SnmpdOptions {
  /** UDP port on 127.0.0.1 (this project's tests use 26100-26199) */
  port: number;
  /** send coldStart and linkUp/linkDown traps (v2c, community public) to 127.0.0.1:trapPort */
  trapPort?: number;
  /** one more SNMPv3 user (read-only) */
  v3User?: SnmpdV3User;
}

export interface SnmpdPeer {
  port: number;
  dir: string;
  pid: number;
  /** Force IF-MIB::ifOperStatus.N (read on every request by the pass_persist script). */
  setIfOperStatus(ifIndex: number, status: 'up' | 'down'): Promise<void>;
  /** Back to the real interface state. */
  clearIfOperStatus(ifIndex: number): Promise<void>;
  stop(): Promise<void>;
}

/** null when the Debian tools are installed, else a sentence saying what is missing. */
export function snmpdMissing(): string | null {
  for (const bin of ['snmpd', 'snmpget', 'python3', 'ss']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`]);
    if (r.status !== 0) return `${bin} is not installed (Debian: apt-get install -y snmpd snmp snmptrapd python3 iproute2)`;
  }
  return null;
}

function envFor(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin`, MIBS: '', TMPDIR: join(dir, 'tmp'), SNMP_PERSISTENT_DIR: join(dir, 'client'), ...extra };
}

export async function startSnmpd(opts: SnmpdOptions): Promise<SnmpdPeer> {
  const root = await mkdtemp(join(tmpdir(), 'noc-snmpd-'));
  await mkdir(join(root, 'tmp'));
  const dir = join(root, 'agent');
  const extra: Record<string, string> = {};
  if (opts.trapPort) extra.TRAP_PORT = String(opts.trapPort);
  if (opts.v3User) {
    const u = opts.v3User;
    const priv = u.privKey ? ` ${u.privProtocol ?? 'AES'} "${u.privKey}"` : '';
    const file = join(root, 'extra.conf');
    await writeFile(file, `createUser ${u.name} ${u.authProtocol ?? 'SHA'} "${u.authKey}"${priv}\nrouser ${u.name} ${u.privKey ? 'authPriv' : 'authNoPriv'}\n`);
    extra.EXTRA_CONF = file;
  }
  let out: string;
  try {
    ({ stdout: out } = await run(join(HERE, 'start.sh'), [String(opts.port), dir], { env: envFor(root, extra), timeout: 30_000 }));
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  const pid = Number(out.trim().split('\n').pop());
  let stopped = false;
  return {
    port: opts.port,
    dir,
    pid,
    setIfOperStatus: (ifIndex, status) => writeFile(join(dir, `ifOperStatus.${ifIndex}`), status === 'up' ? '1\n' : '2\n'),
    clearIfOperStatus: (ifIndex) => unlink(join(dir, `ifOperStatus.${ifIndex}`)).catch(() => undefined),
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(join(HERE, 'stop.sh'), [dir], { env: envFor(root), timeout: 15_000 }).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The brief's name for it. */
export const start = startSnmpd;

export interface TrapSpec {
  port: number;
  /** default v2c with community "public"; v1 only to test that receivers refuse/convert it */
  version?: 'v1' | 'v2c' | 'v3';
  community?: string;
  /** v3: user and keys (SHA/AES), sender engine ID (hex, default 0x8000000001020304) */
  v3?: { user: string; authKey: string; privKey?: string; engineId?: string };
  /** v2c/v3: snmpTrapOID.0. v1: the enterprise OID */
  trapOid: string;
  /** v1 only: generic-trap (0 coldStart … 6 enterpriseSpecific) and specific-trap */
  v1?: { generic: number; specific?: number };
  /** sysUpTime.0 to send (TimeTicks); default: the sender's own */
  uptime?: number;
  /** [oid, snmptrap type letter (i u c s x o t a …), value] */
  varbinds?: [string, string, string][];
  /** send an inform (waits for the acknowledgement) instead of a trap */
  inform?: boolean;
}

/** Send one notification with Debian's `snmptrap` (the reference sender). */
export async function sendTrap(spec: TrapSpec): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'noc-snmptrap-'));
  try {
    await mkdir(join(root, 'tmp'));
    const args: string[] = [];
    if (spec.version === 'v3') {
      const v = spec.v3;
      if (!v) throw new Error('sendTrap v3 needs v3 credentials');
      args.push('-v3', '-u', v.user, '-a', 'SHA', '-A', v.authKey);
      if (v.privKey) args.push('-l', 'authPriv', '-x', 'AES', '-X', v.privKey);
      else args.push('-l', 'authNoPriv');
      if (!spec.inform) args.push('-e', v.engineId ?? '0x8000000001020304');
    } else {
      args.push(spec.version === 'v1' ? '-v1' : '-v2c', '-c', spec.community ?? 'public');
    }
    if (spec.inform) args.push('-Ci', '-t', '1', '-r', '1');
    const uptime = spec.uptime === undefined ? '' : String(spec.uptime);
    if (spec.version === 'v1') {
      // snmptrap -v1 AGENT enterprise agent-addr generic specific uptime
      args.push(`127.0.0.1:${spec.port}`, spec.trapOid, '127.0.0.1', String(spec.v1?.generic ?? 6), String(spec.v1?.specific ?? 0), uptime);
    } else {
      args.push(`127.0.0.1:${spec.port}`, uptime, spec.trapOid);
    }
    for (const [oid, type, value] of spec.varbinds ?? []) args.push(oid, type, value);
    await run('snmptrap', args, { env: envFor(root), timeout: 10_000 });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
