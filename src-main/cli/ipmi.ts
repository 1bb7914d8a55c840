// `noc ipmi HOST[:PORT] ...` and `noc sol HOST[:PORT]`: the IPMI library from a terminal.
// The password comes from -P, the IPMI_PASSWORD environment variable, or a prompt (-a), so it
// never has to sit in the shell history or the process list.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  IpmiClient, IpmiError, isPowerAction, type BmcTarget, type CipherSuiteId, type DroppedPackets, type PrivilegeName, type SensorReading, type SelRecord,
} from '../protocols/ipmi/index';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** asks for a secret without echo */
  askSecret: (prompt: string) => Promise<string>;
}

export interface IpmiCliOptions {
  user?: string;
  password?: string;
  askPassword?: boolean;
  cipher?: string;
  privilege?: string;
  timeout?: string;
  retries?: string;
  json?: boolean;
  persistent?: boolean;
  efi?: boolean;
  takeOver?: boolean;
  verbose?: boolean;
}

/** "packets dropped: 2 (wrong address 0, bad integrity 0, replay 2, other 0)" */
function droppedLine(d: DroppedPackets): string {
  return `packets dropped: ${d.total} (wrong address ${d.wrongAddress}, bad integrity ${d.badIntegrity}, replay ${d.replay}, other ${d.other})`;
}

class UsageError extends Error {}

/** "host", "host:623", "[::1]:623", "::1" */
export function parseTarget(s: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : 623 };
  const parts = s.split(':');
  if (parts.length === 2 && parts[0]) {
    const port = Number(parts[1]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`'${parts[1]}' is not a port (1-65535) in '${s}'`);
    return { host: parts[0], port };
  }
  if (!s) throw new UsageError('no BMC given: use HOST or HOST:PORT');
  return { host: s, port: 623 };
}

export async function resolveTarget(target: string, o: IpmiCliOptions, io: CliIo): Promise<BmcTarget> {
  const { host, port } = parseTarget(target);
  if (!o.user) throw new UsageError('no user name: give one with -U USER');
  let password = o.password ?? io.env.IPMI_PASSWORD;
  if (password === undefined && o.askPassword) password = await io.askSecret(`Password for ${o.user}@${host}: `);
  if (password === undefined) throw new UsageError('no password: set IPMI_PASSWORD, use -a to be asked, or give -P PASSWORD');
  let cipherSuites: CipherSuiteId[] | undefined;
  if (o.cipher !== undefined) {
    if (o.cipher !== '17' && o.cipher !== '3') throw new UsageError(`cipher suite '${o.cipher}' is not supported: use -C 17 or -C 3`);
    cipherSuites = [Number(o.cipher) as CipherSuiteId];
  }
  const privilege = (o.privilege ?? 'administrator').toLowerCase();
  const levels: PrivilegeName[] = ['user', 'operator', 'administrator'];
  if (!levels.includes(privilege as PrivilegeName)) throw new UsageError(`privilege '${o.privilege}' is not one of user, operator, administrator`);
  return { host, port, username: o.user, password, privilege: privilege as PrivilegeName, ...(cipherSuites ? { cipherSuites } : {}) };
}

function tuning(o: IpmiCliOptions): { timeoutMs: number; retries: number } {
  const timeoutMs = Number(o.timeout ?? 1000);
  const retries = Number(o.retries ?? 3);
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout '${o.timeout}' is not a number of milliseconds`);
  if (!Number.isInteger(retries) || retries < 0) throw new UsageError(`--retries '${o.retries}' is not a whole number`);
  return { timeoutMs, retries };
}

const toJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x), 2);

function sensorLine(s: SensorReading): string {
  const value = s.value !== undefined ? `${s.value} ${s.unit ?? ''}`.trim() : s.states !== undefined ? `0x${s.states.toString(16).padStart(4, '0')}` : 'no reading';
  return `${s.name.padEnd(16)} | ${value.padEnd(17)} | ${s.status}`;
}

function selLine(e: SelRecord): string {
  const when = e.timestamp === undefined ? '-' : e.timestampRelative ? `pre-init +${e.timestamp}s` : new Date(e.timestamp * 1000).toISOString();
  const sensor = e.sensorTypeName ? `${e.sensorTypeName} #0x${(e.sensorNumber ?? 0).toString(16).padStart(2, '0')}` : `record type 0x${e.recordType.toString(16)}`;
  return `${String(e.recordId).padStart(4)} | ${when} | ${sensor} | ${e.description}${e.direction ? ` | ${e.direction === 'assertion' ? 'Asserted' : 'Deasserted'}` : ''}`;
}

/** Runs one `noc ipmi` command; returns the process exit code. */
export async function runIpmi(target: string, words: string[], o: IpmiCliOptions, io: CliIo): Promise<number> {
  let client: IpmiClient | undefined;
  try {
    const t = await resolveTarget(target, o, io);
    client = new IpmiClient(t, { ...tuning(o), keepAliveMs: 0 });
    const [verb, arg, ...rest] = words;
    if (rest.length > 0) throw new UsageError(`unexpected '${rest.join(' ')}'`);
    const print = (json: unknown, text: string): void => io.out(o.json ? toJson(json) : text);
    switch (verb) {
      case 'power': {
        const action = arg ?? 'status';
        if (!isPowerAction(action)) throw new UsageError(`power '${action}': use status, on, off, cycle, reset or soft`);
        const r = await client.power(action);
        print(r, action === 'status' ? `Chassis Power is ${r.powerOn ? 'on' : 'off'}` : `Chassis Power Control: ${action} sent`);
        break;
      }
      case 'sensors': {
        const s = await client.sensors();
        print(s, s.map(sensorLine).join('\n'));
        break;
      }
      case 'sel': {
        if (arg === 'list' || arg === undefined) {
          const e = await client.selList();
          print(e, e.length ? e.map(selLine).join('\n') : 'SEL has no entries');
        } else if (arg === 'clear') {
          await client.selClear();
          print({ cleared: true }, 'SEL cleared');
        } else throw new UsageError(`sel '${arg}': use sel list or sel clear`);
        break;
      }
      case 'bootdev': {
        if (arg !== 'pxe' && arg !== 'disk' && arg !== 'bios') throw new UsageError(`bootdev '${arg ?? ''}': use pxe, disk or bios`);
        await client.setBootDevice(arg, { persistent: !!o.persistent, efi: !!o.efi });
        print({ bootDevice: arg, persistent: !!o.persistent, efi: !!o.efi }, `next boot from ${arg}${o.persistent ? ' (persistent)' : ' (next boot only)'}`);
        break;
      }
      case 'info': {
        const device = await client.deviceId();
        const lan = await client.lanConfig();
        const warnings = await client.securityWarnings();
        print({ device, lan, warnings, droppedPackets: client.droppedPackets() }, [
          `Manufacturer ID   : ${device.manufacturerId}`,
          `Product ID        : ${device.productId}`,
          `Firmware          : ${device.firmwareMajor}.${String(device.firmwareMinor).padStart(2, '0')}`,
          `IPMI version      : ${device.ipmiVersion}`,
          `LAN channel       : ${lan.channel}`,
          `IP address        : ${lan.ipAddress ?? '-'} (${lan.ipAddressSource ?? '-'})`,
          `Subnet mask       : ${lan.subnetMask ?? '-'}`,
          `MAC address       : ${lan.macAddress ?? '-'}`,
          `Default gateway   : ${lan.defaultGateway ?? '-'}`,
          ...warnings.map((w) => `Warning           : ${w.message}`),
          `Packets dropped   : ${droppedLine(client.droppedPackets()).replace('packets dropped: ', '')}`,
        ].join('\n'));
        break;
      }
      default:
        throw new UsageError(`unknown command '${verb ?? ''}': use power, sensors, sel, bootdev or info`);
    }
    return 0;
  } catch (e) {
    io.err(errorText(e));
    return e instanceof UsageError ? 2 : 1;
  } finally {
    if (o.verbose && client) io.err(droppedLine(client.droppedPackets()));
    await client?.close();
  }
}

function errorText(e: unknown): string {
  if (e instanceof UsageError) return `noc ipmi: ${e.message}`;
  if (!(e instanceof IpmiError)) return `noc ipmi: ${String(e)}`;
  const hint: Partial<Record<IpmiError['code'], string>> = {
    'no-cipher-suite': 'the BMC does not do cipher suite 17 or 3; its IPMI settings must allow one of them',
    'insecure-refused': 'this client refuses insecure logins',
    privilege: 'use a user with more privilege, or -L with a lower level',
  };
  const h = hint[e.code];
  return `noc ipmi: ${e.message}${h && !e.message.includes(h) ? `\n  (${h})` : ''}`;
}

// ---- SOL --------------------------------------------------------------------------------

export type EscapeAction = { type: 'data'; bytes: Uint8Array } | { type: 'break' } | { type: 'exit' } | { type: 'help' };

/**
 * ipmitool-style escapes typed at the start of a line: "~." leaves, "~B" sends a break,
 * "~?" prints help, "~~" sends one "~". Anything else after "~" is sent as typed.
 */
export class EscapeParser {
  private atLineStart = true;
  private sawTilde = false;

  feed(input: Uint8Array): EscapeAction[] {
    const out: EscapeAction[] = [];
    let data: number[] = [];
    const flush = (): void => {
      if (data.length) out.push({ type: 'data', bytes: Uint8Array.from(data) });
      data = [];
    };
    for (const b of input) {
      if (this.sawTilde) {
        this.sawTilde = false;
        if (b === 0x2e) {
          flush();
          out.push({ type: 'exit' });
          return out;
        }
        if (b === 0x42) {
          flush();
          out.push({ type: 'break' });
          this.atLineStart = false;
          continue;
        }
        if (b === 0x3f) {
          flush();
          out.push({ type: 'help' });
          continue;
        }
        data.push(0x7e);
        if (b === 0x7e) {
          this.atLineStart = false;
          continue;
        }
      } else if (b === 0x7e && this.atLineStart) {
        this.sawTilde = true;
        continue;
      }
      data.push(b);
      this.atLineStart = b === 0x0d || b === 0x0a;
    }
    flush();
    return out;
  }
}

const SOL_HELP = 'Supported escape sequences (at the start of a line):\r\n  ~.  leave the console\r\n  ~B  send a serial BREAK\r\n  ~?  this help\r\n  ~~  send a single ~\r\n';

/** exit codes as a shell reports a process ended by the signal (128 + number) */
const SIGNAL_EXITS: ReadonlyArray<[NodeJS.Signals, number]> = [['SIGHUP', 129], ['SIGTERM', 143]];

export async function runSol(target: string, o: IpmiCliOptions, io: CliIo): Promise<number> {
  let client: IpmiClient | undefined;
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  const offSignals: Array<() => void> = [];
  let signalled: number | undefined;
  try {
    const t = await resolveTarget(target, o, io);
    client = new IpmiClient(t, tuning(o));
    const sol = await client.sol({ onData: (b) => process.stdout.write(b), takeOver: !!o.takeOver });
    io.err(`[SOL session operational on ${t.host}:${t.port}. Use ~? for help]\r\n`);
    const parser = new EscapeParser();
    const done = new Promise<number>((resolve) => {
      sol.on('close', (reason) => {
        if (reason) io.err(`\r\nnoc sol: ${reason.message}\r\n`);
        resolve(signalled ?? (reason ? 1 : 0));
      });
      stdin.on('data', (chunk: Buffer) => {
        for (const a of parser.feed(chunk)) {
          if (a.type === 'data') sol.write(a.bytes);
          else if (a.type === 'break') sol.sendBreak();
          else if (a.type === 'help') io.err(SOL_HELP);
          else {
            io.err('\r\n[terminated SOL session]\r\n');
            void sol.close().then(() => resolve(0));
          }
        }
      });
      stdin.on('end', () => void sol.close().then(() => resolve(0)));
      // terminal window closed or process stopped: deactivate SOL and close the session first
      for (const [signal, code] of SIGNAL_EXITS) {
        const on = () => {
          signalled = code;
          void sol.close().catch(() => undefined).then(() => resolve(code));
        };
        process.once(signal, on);
        offSignals.push(() => process.off(signal, on));
      }
    });
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    return await done;
  } catch (e) {
    io.err(errorText(e).replace('noc ipmi', 'noc sol'));
    return e instanceof UsageError ? 2 : 1;
  } finally {
    for (const off of offSignals) off();
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
    stdin.pause();
    await client?.close();
  }
}

/** asks on the terminal without echoing what is typed */
export function askSecretOnTty(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

const defaultIo = (): CliIo => ({ out: (s) => console.log(s), err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`), env: process.env, askSecret: askSecretOnTty });

function commonOptions(c: Command): Command {
  return c
    .requiredOption('-U, --user <user>', 'BMC user name')
    .option('-P, --password <password>', 'password (prefer IPMI_PASSWORD or -a: -P shows in the process list)')
    .option('-a, --ask-password', 'ask for the password')
    .option('-C, --cipher <suite>', 'cipher suite 17 or 3 (default: 17, falling back to 3)')
    .option('-L, --privilege <level>', 'user, operator or administrator', 'administrator')
    .option('--timeout <ms>', 'per-attempt time limit in ms', '1000')
    .option('--retries <n>', 'retransmissions before giving up', '3');
}

export function registerIpmiCommands(program: Command, io: CliIo = defaultIo()): void {
  commonOptions(
    program
      .command('ipmi')
      .description('IPMI 2.0 / RMCP+ commands to one BMC: power status|on|off|cycle|reset|soft, sensors, sel list|clear, bootdev pxe|disk|bios, info')
      .argument('<target>', 'BMC as HOST or HOST:PORT (default port 623)')
      .argument('<command...>', 'what to do, e.g. "power status"'),
  )
    .option('--json', 'print JSON')
    .option('--verbose', 'also say how many packets from the BMC were dropped, and why (on stderr)')
    .option('--persistent', 'bootdev: for all future boots, not only the next one')
    .option('--efi', 'bootdev: EFI boot')
    .action(async (target: string, words: string[], o: IpmiCliOptions) => {
      process.exitCode = await runIpmi(target, words, o, io);
    });
  commonOptions(
    program
      .command('sol')
      .description('interactive Serial-over-LAN console (~. leaves, ~B sends a break, ~? help)')
      .argument('<target>', 'BMC as HOST or HOST:PORT (default port 623)'),
  )
    .option('--take-over', 'deactivate a console another session left active')
    .action(async (target: string, o: IpmiCliOptions) => {
      process.exitCode = await runSol(target, o, io);
    });
}
