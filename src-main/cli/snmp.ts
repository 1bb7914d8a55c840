// `noc snmp poll|walk|get HOST[:PORT] …`: the SNMP library from a terminal.
// Credentials: --community C (or SNMP_COMMUNITY; default "public"), or
// --v3 user[,authProto,authKey[,privProto,privKey]]. A key given as "-" is read from
// SNMP_AUTH_KEY / SNMP_PRIV_KEY, so it need not sit in the shell history or process list.
// Exit codes: 0 ok, 1 timeout/auth/protocol error, 2 usage.
import type { Command } from 'commander';
import {
  adviceFor, createSnmpClient, HR, IF_COLUMNS, SYSTEM, SnmpError, type AuthProtocol, type Credentials, type InterfaceRow, type PollResult,
  type PrivProtocol, type SnmpClient, type SnmpClientOptions, type SnmpTarget, type Varbind,
} from '../protocols/snmp/index';

export interface SnmpCliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** the client to use (tests pass one with short timeouts); closed after each command */
  client?: (opts: SnmpClientOptions) => SnmpClient;
}

interface CliOptions {
  community?: string;
  v3?: string;
  context?: string;
  timeout: string;
  retries: string;
  json?: boolean;
}

class UsageError extends Error {}

const defaultIo: SnmpCliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

export function registerSnmpCommands(program: Command, io: SnmpCliIo = defaultIo): Command {
  const snmp = program.command('snmp').description('poll, walk or get an SNMP agent (v2c or v3)');
  const common = (cmd: Command) =>
    cmd
      .option('-c, --community <community>', 'SNMP v2c community (default: $SNMP_COMMUNITY or "public")')
      .option('--v3 <user,authProto,authKey,privProto,privKey>', 'SNMPv3 USM instead of v2c; protocols MD5|SHA|SHA224|SHA256|SHA384|SHA512 and DES|AES|AES256B|AES256R; "-" reads a key from $SNMP_AUTH_KEY / $SNMP_PRIV_KEY')
      .option('-n, --context <name>', 'SNMPv3 context name')
      .option('-t, --timeout <ms>', 'timeout per try in milliseconds', '2000')
      .option('-r, --retries <n>', 'retries after the first try', '1')
      .option('--json', 'machine-readable output (counters as decimal strings)');

  common(snmp.command('poll').argument('<host[:port]>', 'the agent, e.g. 10.0.0.1 or switch1:161').description('poll the system group, the interface table with counters, and HOST-RESOURCES once'))
    .action(run(io, async (client, target, o) => {
      const r = await client.pollDevice(target);
      io.out(o.json ? `${toJson(r)}\n` : `${formatPoll(r)}\n`);
    }));

  common(snmp.command('walk').argument('<host[:port]>', 'the agent').argument('<oid>', 'numeric OID, e.g. 1.3.6.1.2.1.2.2').description('walk a subtree with GetBulk'))
    .action(run(io, async (client, target, o, oid) => {
      const r = await client.walk(target, resolveOidName(String(oid ?? '')));
      if (o.json) io.out(`${toJson(r.varbinds)}\n`);
      else io.out(r.varbinds.length === 0 ? `(nothing under ${oid})\n` : r.varbinds.map((v) => `${formatVarbind(v)}\n`).join(''));
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
    }));

  common(snmp.command('get').argument('<host[:port]>', 'the agent').argument('<oid...>', 'numeric OIDs of instances, e.g. 1.3.6.1.2.1.1.5.0').description('get exact instances'))
    .action(run(io, async (client, target, o, oids) => {
      const r = await client.get(target, (Array.isArray(oids) ? oids : [oids ?? '']).map(resolveOidName));
      io.out(o.json ? `${toJson(r)}\n` : r.map((v) => `${formatVarbind(v)}\n`).join(''));
    }));
  return snmp;
}

type Body = (client: SnmpClient, target: SnmpTarget, o: CliOptions, extra?: string | string[]) => Promise<void>;

/** commander action: parse options, run, turn errors into a sentence plus what to do. */
function run(io: SnmpCliIo, body: Body) {
  return async (hostArg: string, ...rest: unknown[]) => {
    // commander passes (host, [oid], options, command)
    const o = rest[rest.length - 2] as CliOptions;
    const extra = rest.length > 2 ? (rest[0] as string | string[]) : undefined;
    let client: SnmpClient | undefined;
    let version: 'v2c' | 'v3' = 'v2c';
    try {
      const target = buildTarget(hostArg, o, io.env);
      version = target.credentials.version;
      const opts: SnmpClientOptions = { timeoutMs: positiveInt(o.timeout, '--timeout'), retries: nonNegativeInt(o.retries, '--retries') };
      client = (io.client ?? createSnmpClient)(opts);
      await body(client, target, o, extra);
    } catch (err) {
      if (err instanceof UsageError) {
        io.err(`noc: ${err.message}\n`);
        process.exitCode = 2;
      } else if (err instanceof SnmpError) {
        io.err(`noc: ${err.message} (${err.kind}${err.reason !== err.kind ? `: ${err.reason}` : ''})\n${adviceFor(err, version)}\n`);
        process.exitCode = err.kind === 'config' ? 2 : 1;
      } else {
        io.err(`noc: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    } finally {
      await client?.close();
    }
  };
}

/** A few well-known names, since Debian ships no MIB files to translate names with. */
const NAMES: Record<string, string> = {
  system: '1.3.6.1.2.1.1', interfaces: '1.3.6.1.2.1.2', ifTable: '1.3.6.1.2.1.2.2', ifXTable: '1.3.6.1.2.1.31.1.1',
  hrStorageTable: '1.3.6.1.2.1.25.2.3', hrProcessorTable: '1.3.6.1.2.1.25.3.3',
  ...SYSTEM, ...IF_COLUMNS, ...HR,
};

/** "ifTable" → its OID; "sysName.0" → 1.3.6.1.2.1.1.5.0; numeric OIDs pass through. */
export function resolveOidName(s: string): string {
  const m = /^([A-Za-z][A-Za-z0-9]*)((?:\.\d+)*)$/.exec(s.trim());
  if (!m) return s;
  const base = NAMES[m[1]!];
  if (!base) throw new UsageError(`unknown name '${m[1]}': use a numeric OID (e.g. 1.3.6.1.2.1.2.2) or one of ${Object.keys(NAMES).join(', ')}`);
  return base + m[2];
}

/** "host", "host:161", "[::1]:161", "::1" */
export function parseHostPort(s: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1]!, port: v6[2] ? checkPort(v6[2], s) : 161 };
  const parts = s.split(':');
  if (parts.length === 2 && parts[0]) return { host: parts[0], port: checkPort(parts[1]!, s) };
  if (!s) throw new UsageError('no agent given: use HOST or HOST:PORT');
  return { host: s, port: 161 };
}

function checkPort(p: string, s: string): number {
  const port = Number(p);
  if (!/^\d+$/.test(p) || port < 1 || port > 65535) throw new UsageError(`'${p}' is not a UDP port (1-65535) in '${s}'`);
  return port;
}

const AUTH: Record<string, AuthProtocol> = { MD5: 'md5', SHA: 'sha', SHA1: 'sha', SHA224: 'sha224', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };
const PRIV: Record<string, PrivProtocol> = { DES: 'des', AES: 'aes', AES128: 'aes', AES256B: 'aes256b', AES256R: 'aes256r' };

export function buildTarget(hostArg: string, o: Pick<CliOptions, 'community' | 'v3' | 'context'>, env: NodeJS.ProcessEnv): SnmpTarget {
  const { host, port } = parseHostPort(hostArg);
  if (o.v3 !== undefined && o.community !== undefined) throw new UsageError('give either --community (v2c) or --v3, not both');
  let credentials: Credentials;
  if (o.v3 !== undefined) {
    const [user, authProto, authKey, privProto, privKey, ...more] = o.v3.split(',');
    if (!user || more.length > 0 || (authProto !== undefined && authKey === undefined) || (privProto !== undefined && privKey === undefined)) {
      throw new UsageError('--v3 takes user[,authProto,authKey[,privProto,privKey]], e.g. --v3 monitor,SHA,-,AES,- (keys from $SNMP_AUTH_KEY/$SNMP_PRIV_KEY)');
    }
    const key = (k: string | undefined, envName: string) => {
      if (k !== '-') return k;
      const v = env[envName];
      if (!v) throw new UsageError(`--v3 says "-" for a key but $${envName} is not set`);
      return v;
    };
    const proto = <T>(table: Record<string, T>, name: string | undefined, what: string): T | undefined => {
      if (name === undefined) return undefined;
      const p = table[name.toUpperCase().replace(/-/g, '')];
      if (!p) throw new UsageError(`unknown ${what} protocol '${name}' (use ${Object.keys(table).join(', ')})`);
      return p;
    };
    credentials = {
      version: 'v3',
      user,
      authProtocol: proto(AUTH, authProto, 'authentication'),
      authKey: key(authKey, 'SNMP_AUTH_KEY'),
      privProtocol: proto(PRIV, privProto, 'privacy'),
      privKey: key(privKey, 'SNMP_PRIV_KEY'),
      ...(o.context ? { context: o.context } : {}),
    };
  } else {
    credentials = { version: 'v2c', community: o.community ?? env.SNMP_COMMUNITY ?? 'public' };
  }
  return { host, port, credentials };
}

function positiveInt(s: string, name: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} wants a whole number ≥ 1, not '${s}'`);
  return n;
}

function nonNegativeInt(s: string, name: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`${name} wants a whole number from 0 to 10, not '${s}'`);
  return n;
}

/** JSON with bigint counters as decimal strings and raw bytes left out. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : k === 'bytes' ? undefined : x), 2);
}

export function formatVarbind(v: Varbind): string {
  return `${v.oid} = ${v.type}: ${v.value === null ? '' : String(v.value)}`;
}

const STATUS: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing', 4: 'unknown', 5: 'dormant', 6: 'notPresent', 7: 'lowerLayerDown' };

export function formatUptime(ticks: number | undefined): string {
  if (ticks === undefined) return '?';
  const s = Math.floor(ticks / 100);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return `${d}d ${hms}`;
}

function speed(mbps: number | undefined): string {
  if (mbps === undefined) return '';
  if (mbps === 0) return '-';
  return mbps >= 1000 ? `${mbps / 1000}G` : `${mbps}M`;
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatPoll(r: PollResult): string {
  const s = r.system;
  const out = [
    `${s.sysName ?? '(no sysName)'}  ${r.target}  up ${formatUptime(s.sysUpTime)}  (${r.requests} requests, ${r.durationMs} ms)`,
    `  ${s.sysDescr ?? '(no sysDescr)'}`,
    `  sysObjectID ${s.sysObjectID ?? '?'}`,
    '',
  ];
  const str = (x: bigint | undefined) => (x === undefined ? '' : x.toString());
  const head = ['ifIndex', 'name', 'oper', 'admin', 'speed', 'in octets', 'out octets', 'in err', 'out err', 'in disc', 'out disc', 'alias'];
  const rows = r.interfaces.map((i: InterfaceRow) => [
    String(i.ifIndex), i.ifName ?? i.ifDescr ?? '', STATUS[i.ifOperStatus ?? 0] ?? String(i.ifOperStatus ?? ''), STATUS[i.ifAdminStatus ?? 0] ?? String(i.ifAdminStatus ?? ''),
    speed(i.ifHighSpeed), str(i.ifHCInOctets), str(i.ifHCOutOctets), str(i.ifInErrors), str(i.ifOutErrors), str(i.ifInDiscards), str(i.ifOutDiscards), i.ifAlias ?? '',
  ]);
  out.push(rows.length ? table([head, ...rows], new Set([0, 5, 6, 7, 8, 9, 10])) : '(no interfaces)');
  const h = r.hostResources;
  const hr: string[] = [];
  if (h.processors.length) hr.push(`CPU load: ${h.processors.map((p) => `${p.load}%`).join(' ')}`);
  if (h.memory) hr.push(`Memory: ${bytes(h.memory.usedBytes)} used of ${bytes(h.memory.totalBytes)}`);
  for (const d of h.disks) hr.push(`Disk ${d.descr}: ${bytes(d.usedBytes)} used of ${bytes(d.totalBytes)}`);
  if (hr.length) out.push('', ...hr);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}
