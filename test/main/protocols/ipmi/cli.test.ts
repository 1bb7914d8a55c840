// `noc ipmi` / `noc sol` (src-main/cli/ipmi.ts): argument handling, password sources, escape
// sequences, and the commands against a real ipmi_sim (UDP 29620, SOL TCP 29621).
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscapeParser, parseTarget, registerIpmiCommands, runIpmi, type CliIo, type IpmiCliOptions } from '../../../../src-main/cli/ipmi';
import { ipmiSimAvailable, ipmitool, startIpmiSim, type IpmiSim } from '../../../peers/ipmi-sim';

function io(env: NodeJS.ProcessEnv = {}, secret = ''): CliIo & { stdout: string[]; stderr: string[]; asked: number } {
  const o = { stdout: [] as string[], stderr: [] as string[], asked: 0 };
  return Object.assign(o, {
    out: (s: string) => void o.stdout.push(s),
    err: (s: string) => void o.stderr.push(s),
    env,
    askSecret: async () => {
      o.asked++;
      return secret;
    },
  });
}

describe('arguments', () => {
  it('parses HOST, HOST:PORT and [v6]:PORT', () => {
    expect(parseTarget('10.0.0.5')).toEqual({ host: '10.0.0.5', port: 623 });
    expect(parseTarget('bmc1:6230')).toEqual({ host: 'bmc1', port: 6230 });
    expect(parseTarget('[::1]:29600')).toEqual({ host: '::1', port: 29600 });
    expect(() => parseTarget('bmc1:http')).toThrow(/not a port/);
  });

  it('explains a missing password, a bad cipher suite and an unknown command', async () => {
    const base: IpmiCliOptions = { user: 'admin' };
    let t = io();
    expect(await runIpmi('127.0.0.1:29622', ['power', 'status'], base, t)).toBe(2);
    expect(t.stderr.join()).toMatch(/no password: set IPMI_PASSWORD, use -a to be asked, or give -P/);
    t = io();
    expect(await runIpmi('127.0.0.1:29622', ['power'], { ...base, password: 'x', cipher: '0' }, t)).toBe(2);
    expect(t.stderr.join()).toMatch(/cipher suite '0' is not supported: use -C 17 or -C 3/);
    t = io();
    expect(await runIpmi('127.0.0.1:29622', ['reboot'], { ...base, password: 'x' }, t)).toBe(2);
    expect(t.stderr.join()).toMatch(/unknown command 'reboot'/);
  });

  it('registers `ipmi` and `sol` on a commander program', () => {
    const p = new Command('noc');
    registerIpmiCommands(p, io());
    expect(p.commands.map((c) => c.name())).toEqual(['ipmi', 'sol']);
    const ipmi = p.commands[0];
    expect(ipmi?.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--user', '--password', '--ask-password', '--cipher', '--json']));
  });
});

describe('SOL escape sequences (ipmitool style, at line start)', () => {
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const show = (acts: ReturnType<EscapeParser['feed']>): string[] => acts.map((a) => (a.type === 'data' ? new TextDecoder().decode(a.bytes) : `<${a.type}>`));
  it('~. at the start leaves; in mid-line it is data', () => {
    expect(show(new EscapeParser().feed(text('ls~.\r~.')))).toEqual(['ls~.\r', '<exit>']);
  });
  it('~B sends a break, ~~ one tilde, ~? help, split across reads', () => {
    const p = new EscapeParser();
    expect(show(p.feed(text('~')))).toEqual([]);
    expect(show(p.feed(text('B')))).toEqual(['<break>']);
    expect(show(p.feed(text('\r~~x\r~?')))).toEqual(['\r~x\r', '<help>']);
    expect(show(p.feed(text('~a')))).toEqual(['~a']);
  });
});

describe.skipIf(!ipmiSimAvailable)('noc ipmi against ipmi_sim', () => {
  let sim: IpmiSim;
  beforeAll(async () => {
    sim = await startIpmiSim(29620, { solPort: 29621 });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  const target = (): string => `${sim.addr}:${sim.port}`;

  it('power status from IPMI_PASSWORD, power off/on with -P, --json', async () => {
    let t = io({ IPMI_PASSWORD: 'secret' });
    expect(await runIpmi(target(), ['power', 'status'], { user: 'admin' }, t)).toBe(0);
    expect(t.stdout).toEqual(['Chassis Power is on']);
    t = io();
    expect(await runIpmi(target(), ['power', 'off'], { user: 'admin', password: 'secret', cipher: '3' }, t)).toBe(0);
    expect(await ipmitool(sim, ['chassis', 'power', 'status'])).toContain('off');
    t = io();
    expect(await runIpmi(target(), ['power', 'status'], { user: 'admin', password: 'secret', json: true }, t)).toBe(0);
    expect(JSON.parse(t.stdout[0] ?? '')).toEqual({ action: 'status', powerOn: false });
    expect(await runIpmi(target(), ['power', 'on'], { user: 'admin', password: 'secret' }, io())).toBe(0);
  });

  it('asks for the password with -a', async () => {
    const t = io({}, 'secret');
    expect(await runIpmi(target(), ['power', 'status'], { user: 'admin', askPassword: true }, t)).toBe(0);
    expect(t.asked).toBe(1);
  });

  it('sensors, sel list, bootdev, info', async () => {
    const pw = { user: 'admin', password: 'secret' };
    let t = io();
    expect(await runIpmi(target(), ['sensors'], pw, t)).toBe(0);
    expect(t.stdout[0]).toMatch(/^CPU Temp\s+\| 45 degrees C\s+\| ok/m);
    t = io();
    expect(await runIpmi(target(), ['sel', 'list'], pw, t)).toBe(0);
    expect(t.stdout[0]).toMatch(/Temperature #0x01 \| Upper Critical going high/);
    t = io();
    expect(await runIpmi(target(), ['bootdev', 'pxe'], pw, t)).toBe(0);
    expect(sim.read('boot.state').trim()).toBe('pxe');
    t = io();
    expect(await runIpmi(target(), ['info'], { ...pw, json: true }, t)).toBe(0);
    const info = JSON.parse(t.stdout[0] ?? '{}') as { lan: { ipAddress: string; macAddress: string }; device: { manufacturerId: number } };
    expect(info.lan).toMatchObject({ ipAddress: '192.0.2.10', macAddress: '52:54:00:12:34:56' });
    expect(info.device.manufacturerId).toBe(0x1291);
  });

  it('a wrong password says "authentication failed" and exits 1', async () => {
    const t = io();
    expect(await runIpmi(target(), ['power', 'status'], { user: 'admin', password: 'nope', cipher: '3' }, t)).toBe(1);
    expect(t.stderr.join()).toMatch(/authentication failed at BMC 127\.0\.0\.1:29620/);
  });
});
