// `noc sol` and `noc ipmi` as a technician runs them: the real `bin/noc.mjs` in a terminal (a
// node-pty) against a real ipmi_sim (UDP 29810, fake serial TCP 29811). Typing reaches the
// serial port, the host's output comes back, a power cycle from a second terminal shows the
// host booting, `~B` sends a break, `~.` leaves and frees the BMC's SOL payload; the password
// comes from IPMI_PASSWORD or a prompt (never only the command line).
import { spawn, type IPty } from 'node-pty';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipmiSimAvailable, solOpensWithoutTakeover, startIpmiSim, type IpmiSim } from '../../../peers/ipmi-sim';

const PORT = 29810;
const SOL_PORT = 29811;
const NOC = join(resolve(import.meta.dirname, '../../../..'), 'bin', 'noc.mjs');

interface Run {
  pty: IPty;
  output(): string;
  exit: Promise<number>;
  waitFor(re: RegExp, ms?: number): Promise<void>;
}

function noc(args: string[], env: Record<string, string> = {}): Run {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'IPMI_PASSWORD') base[k] = v;
  const pty = spawn(process.execPath, [NOC, ...args], { name: 'xterm', cols: 100, rows: 30, env: { ...base, ...env } });
  let out = '';
  pty.onData((d) => { out += d; });
  const exit = new Promise<number>((res) => pty.onExit((e) => res(e.exitCode)));
  const run: Run = {
    pty,
    output: () => out,
    exit,
    waitFor: async (re, ms = 15_000) => {
      const until = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > until) throw new Error(`no ${re} within ${ms} ms; the terminal shows:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
  return run;
}

async function waitUntil(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** exit code, or a failure naming what the terminal showed when it did not end */
async function exited(r: Run, ms = 10_000): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, rej) => { timer = setTimeout(() => { r.pty.kill(); rej(new Error(`noc did not exit; it shows:\n${r.output()}`)); }, ms); });
  try {
    return await Promise.race([r.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!ipmiSimAvailable)('the noc command in a terminal against ipmi_sim', () => {
  let sim: IpmiSim;
  const target = () => `${sim.addr}:${sim.port}`;

  beforeAll(async () => {
    sim = await startIpmiSim(PORT, { solPort: SOL_PORT });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('noc sol: typing reaches the serial port, the host answers and boots after noc ipmi power cycle, ~B, ~. leaves and frees SOL', async () => {
    const r = noc(['sol', target(), '-U', 'admin', '-C', '3'], { IPMI_PASSWORD: 'secret' });
    await r.waitFor(/SOL session operational on 127\.0\.0\.1:29810/);
    r.pty.write('from-cli\r');
    await r.waitFor(/ECHO:from-cli/);
    expect(sim.read('serial.log')).toContain('RX line: from-cli');
    sim.write('sol_inject', 'host prints this\n');
    await r.waitFor(/host prints this/);
    // mid-line "~." is data for the host; at the start of a line it leaves
    r.pty.write('a~.b\r');
    await r.waitFor(/ECHO:a~\.b/);
    // power-cycled from a second terminal (`noc ipmi … power cycle`), the host boots on this one
    const cycle = noc(['ipmi', target(), '-U', 'admin', '-C', '3', 'power', 'cycle'], { IPMI_PASSWORD: 'secret' });
    expect(await exited(cycle)).toBe(0);
    await r.waitFor(/reboot: Power down/);
    await r.waitFor(/sim-host boot complete/);
    // ~B sends a BREAK: the serial side gets telnet IAC BRK (ff f3) with the next character
    const raw = () => readFileSync(join(sim.dir, 'serial.log.raw'));
    const before = raw().length;
    r.pty.write('~B\r');
    await waitUntil('BREAK on the serial side', () => raw().subarray(before).includes(Buffer.from([0xff, 0xf3])));
    r.pty.write('~.');
    expect(await exited(r)).toBe(0);
    expect(r.output()).toContain('[terminated SOL session]');
    // the BMC's one SOL payload was deactivated: another console opens without taking over
    await solOpensWithoutTakeover(sim);
  });

  it('noc sol -a asks for the password on the terminal without echoing it', async () => {
    const r = noc(['sol', target(), '-U', 'admin', '-C', '3', '-a']);
    await r.waitFor(/Password for admin@127\.0\.0\.1: /);
    r.pty.write('secret\r');
    await r.waitFor(/SOL session operational/);
    expect(r.output()).not.toContain('secret');
    r.pty.write('\r~.');
    expect(await exited(r)).toBe(0);
  });

  it('noc sol with a wrong password says "authentication failed" and exits 1', async () => {
    const r = noc(['sol', target(), '-U', 'admin', '-C', '3'], { IPMI_PASSWORD: 'wrong' });
    expect(await exited(r)).toBe(1);
    expect(r.output()).toMatch(/authentication failed at BMC 127\.0\.0\.1:29810/);
  });

  it('noc ipmi power status --json through the real command, password from IPMI_PASSWORD', async () => {
    const r = noc(['ipmi', target(), '-U', 'admin', '-C', '3', 'power', 'status', '--json'], { IPMI_PASSWORD: 'secret' });
    expect(await exited(r)).toBe(0);
    expect(JSON.parse(r.output().replace(/\r/g, '').trim())).toEqual({ action: 'status', powerOn: true });
  });
});
