// Console drivers that run a program in a pseudo-terminal (issue 4 part 4), shown in the same
// xterm as the built-in SOL:
//  - ipmitool: `ipmitool -I lanplus -H … -p … -U … -E -C <suite> -L <priv> sol activate`, for
//    BMCs whose SOL our client does not get along with. The password goes through the
//    IPMI_PASSWORD environment variable (-E) and Kg through IPMI_KGKEY (-K): never on the
//    command line, where `ps` would show them.
//  - ssh: `ssh -tt user@host` to the server or a serial concentrator; its prompts (host key,
//    password) appear in the terminal for the person in control to answer.
// Both end through their escape sequence first ("~." at the start of a line), so ipmitool
// deactivates the SOL payload instead of leaving it held; the process is killed only if it
// does not exit within CLOSE_GRACE_MS.
import { execFile } from 'node:child_process';
import { spawn, type IPty } from 'node-pty';
import type { ConsoleDriverKind } from '../../../shared/bmc';
import { DriverEvents, SolActiveError, type ConsoleDriver } from './driver';

const CLOSE_GRACE_MS = 3000;
const READY_TIMEOUT_MS = 20_000;

export interface PtyProgram {
  kind: ConsoleDriverKind;
  label: string;
  file: string;
  args: string[];
  /** added to a copy of this process's environment (secrets go here, never in args) */
  env?: Record<string, string>;
  /** resolves the open when this appears in the output (ipmitool's "SOL Session operational") */
  readyWhen?: RegExp;
  /** rejects the open as "SOL already active" when this appears first */
  activeWhen?: RegExp;
  cols?: number;
  rows?: number;
  readyTimeoutMs?: number;
}

/** Environment for a child: ours without anything that looks like a secret of ours, plus `extra`. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(IPMI_PASSWORD|IPMI_KGKEY|NOC_TOKEN)$/.test(k)) env[k] = v;
  return { ...env, TERM: 'xterm-256color', ...extra };
}

export function openPtyDriver(p: PtyProgram): Promise<ConsoleDriver> {
  const events = new DriverEvents();
  let term: IPty;
  try {
    term = spawn(p.file, p.args, { name: 'xterm-256color', cols: p.cols ?? 80, rows: p.rows ?? 24, env: childEnv(p.env), encoding: null });
  } catch (err) {
    return Promise.reject(new Error(`${p.label}: could not start ${p.file} (${err instanceof Error ? err.message : String(err)}). Is it installed?`));
  }
  let closing = false;
  let exited = false;
  let lastWasNewline = true;
  let seen = '';
  let exitWaiters: Array<() => void> = [];

  return new Promise<ConsoleDriver>((resolve, reject) => {
    let settled = !p.readyWhen;
    const readyTimer = p.readyWhen ? setTimeout(() => fail(new Error(`${p.label}: no console after ${Math.round((p.readyTimeoutMs ?? READY_TIMEOUT_MS) / 1000)} s. Output so far: ${tail(seen)}`)), p.readyTimeoutMs ?? READY_TIMEOUT_MS) : null;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      if (readyTimer) clearTimeout(readyTimer);
      closing = true;
      if (!exited) term.kill();
      reject(err);
    };

    term.onData((chunk: string | Buffer) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      events.data(Uint8Array.from(bytes));
      if (settled) return;
      seen = (seen + bytes.toString('latin1')).slice(-4096);
      if (p.activeWhen?.test(seen)) fail(new SolActiveError(`SOL is already active on ${p.label} (another session holds it). Take it over to end that session's console and open this one.`));
      else if (p.readyWhen?.test(seen)) {
        settled = true;
        if (readyTimer) clearTimeout(readyTimer);
        resolve(driver);
      }
    });
    term.onExit(({ exitCode, signal }) => {
      exited = true;
      for (const w of exitWaiters.splice(0)) w();
      fail(new Error(`${p.label}: ${p.file} ended (exit ${exitCode}${signal ? `, signal ${signal}` : ''}) before the console opened. ${tail(seen)}`));
      events.end(closing ? null : `${p.file} ended (exit ${exitCode}${signal ? `, signal ${signal}` : ''})`);
    });

    const send = (s: string | Uint8Array) => {
      if (exited) return;
      const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s);
      if (b.length === 0) return;
      lastWasNewline = b[b.length - 1] === 0x0d || b[b.length - 1] === 0x0a;
      // node-pty writes strings; latin1 keeps every byte as it is
      term.write(b.toString('latin1'));
    };

    const driver: ConsoleDriver = {
      kind: p.kind,
      label: p.label,
      write: (data) => send(data),
      // "~B" is a BREAK for both ipmitool and ssh, recognised only at the start of a line
      sendBreak: () => send(lastWasNewline ? '~B' : '\r~B'),
      resize: (cols, rows) => {
        if (!exited && cols > 0 && rows > 0) term.resize(Math.min(cols, 500), Math.min(rows, 200));
      },
      onData: (fn) => events.onData(fn),
      onEnd: (fn) => events.onEnd(fn),
      async close() {
        if (exited) return;
        closing = true;
        send(lastWasNewline ? '~.' : '\r~.');
        await new Promise<void>((done) => {
          const t = setTimeout(() => {
            if (!exited) term.kill('SIGKILL');
            done();
          }, CLOSE_GRACE_MS);
          exitWaiters.push(() => {
            clearTimeout(t);
            done();
          });
        });
        exitWaiters = [];
        events.end(null);
      },
    };
    if (!p.readyWhen) resolve(driver);
  });
}

function tail(s: string): string {
  const clean = s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[^\x20-\x7e\n]/g, ' ').trim();
  return clean ? `"${clean.slice(-300)}"` : '(no output)';
}

// ---- ipmitool ---------------------------------------------------------------------

export interface IpmitoolTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  kg?: Uint8Array;
  privilege: 'user' | 'operator' | 'administrator';
  suite: number;
}

const PRIV = { user: 'USER', operator: 'OPERATOR', administrator: 'ADMINISTRATOR' } as const;

export function ipmitoolArgs(t: IpmitoolTarget, command: string[]): { args: string[]; env: Record<string, string> } {
  const args = ['-I', 'lanplus', '-H', t.host, '-p', String(t.port), '-U', t.username, '-E', '-C', String(t.suite), '-L', PRIV[t.privilege]];
  const env: Record<string, string> = { IPMI_PASSWORD: t.password };
  if (t.kg) {
    args.push('-K');
    env.IPMI_KGKEY = Buffer.from(t.kg).toString('utf8');
  }
  return { args: [...args, ...command], env };
}

export async function openIpmitoolDriver(t: IpmitoolTarget, opts: { takeOver: boolean; label: string; ipmitool?: string; readyTimeoutMs?: number }): Promise<ConsoleDriver> {
  const bin = opts.ipmitool ?? 'ipmitool';
  if (opts.takeOver) {
    // `sol deactivate` ends whichever session holds SOL; a failure (none held it) is fine
    const d = ipmitoolArgs(t, ['sol', 'deactivate']);
    await new Promise<void>((done) => execFile(bin, d.args, { env: childEnv(d.env), timeout: 15_000 }, () => done()));
  }
  const a = ipmitoolArgs(t, ['sol', 'activate']);
  return openPtyDriver({
    kind: 'ipmitool', label: opts.label, file: bin, args: a.args, env: a.env,
    readyWhen: /SOL Session operational/i,
    activeWhen: /SOL payload already active/i,
    readyTimeoutMs: opts.readyTimeoutMs,
  });
}

// ---- ssh ---------------------------------------------------------------------------

/** "user@host" or "user@host:port" (validated by the schema) → ssh arguments. */
export function sshArgs(target: string): string[] {
  const m = /^(.+@)(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(target);
  if (!m) throw new Error(`"${target}" is not user@host[:port].`);
  const host = (m[2] as string).replace(/^\[|\]$/g, '');
  return ['-tt', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'ServerAliveInterval=30', ...(m[3] ? ['-p', m[3]] : []), '--', `${m[1]}${host}`];
}

export function openSshDriver(target: string, opts: { label: string; ssh?: string; extraArgs?: string[] }): Promise<ConsoleDriver> {
  const args = sshArgs(target);
  return openPtyDriver({ kind: 'ssh', label: opts.label, file: opts.ssh ?? 'ssh', args: [...(opts.extraArgs ?? []), ...args] });
}
