// Cipher suite 17 against an independent implementation. ipmi_sim has no suite 17 (no SHA-256),
// but ipmitool's lanplus client does: here ipmitool -C 17 talks over real UDP (127.0.0.1:29820)
// to the in-memory BMC (helpers/fake-bmc.ts), whose RAKP codes, SIK/K1/K2, HMAC-SHA256-128 and
// AES-CBC-128 are this library's. ipmitool only gets a session and its answers when they agree
// with its own; our client then opens suite 17 against the same BMC (session.test.ts proves
// the client's handshake against that BMC in detail). A wrong password must fail in ipmitool too.
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient, IpmiSessionManager, MemoryNetwork, RmcpPlusSession } from '../../../../src-main/protocols/ipmi/index';
import { ipmitoolAvailable } from '../../../peers/ipmi-sim';
import { FakeBmc } from './helpers/fake-bmc';

const run = promisify(execFile);
const PORT = 29820;

/** ipmitool -I lanplus -C 17 against the bridged BMC; stdout and stderr, never throws */
async function ipmitool17(args: string[], password = 'secret'): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout, stderr } = await run('ipmitool', ['-I', 'lanplus', '-C', '17', '-H', '127.0.0.1', '-p', String(PORT), '-U', 'admin', '-P', password, '-N', '1', '-R', '2', ...args], { timeout: 20_000 });
    return { ok: true, out: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe.skipIf(!ipmitoolAvailable)('cipher suite 17: ipmitool against this library\'s BMC side over UDP', () => {
  let net: MemoryNetwork;
  let bmc: FakeBmc;
  let udp: Socket;
  const seen: string[] = [];

  beforeAll(async () => {
    net = new MemoryNetwork();
    bmc = new FakeBmc(net, { address: '127.0.0.1', port: PORT, suites: [17] });
    udp = createSocket('udp4');
    // datagrams from ipmitool enter the in-memory network; the BMC's replies to ipmitool leave
    // over UDP (our own client below stays in memory, from 127.0.0.2)
    const udpPeers = new Set<string>();
    net.filter = (data, from, to) => {
      if (from.port !== PORT || !udpPeers.has(`${to.address}|${to.port}`)) return true;
      udp.send(data, to.port, to.address);
      return false;
    };
    udp.on('message', (msg, rinfo) => {
      seen.push(`${msg[4]?.toString(16)}:${msg[5]?.toString(16)}`);
      udpPeers.add(`${rinfo.address}|${rinfo.port}`);
      net.inject(new Uint8Array(msg), { address: rinfo.address, port: rinfo.port }, bmc.address);
    });
    await new Promise<void>((res) => udp.bind(PORT, '127.0.0.1', () => res()));
  });

  afterAll(async () => {
    await new Promise<void>((res) => udp.close(() => res()));
    bmc.close();
  });

  it('ipmitool -C 17 opens a session (RAKP with HMAC-SHA256), reads chassis status and powers off', async () => {
    bmc.powerOn = true;
    const status = await ipmitool17(['chassis', 'status']);
    expect(status.out).toMatch(/System Power\s+: on/);
    expect(status.ok).toBe(true);
    // auth type 06 (RMCP+) with payload byte c0 = encrypted + authenticated: the chassis status
    // request really went through AES-CBC-128 and HMAC-SHA256-128
    expect(seen).toContain('6:c0');
    expect(bmc.log).toContain('0:1');
    const off = await ipmitool17(['chassis', 'power', 'off']);
    expect(off.ok).toBe(true);
    expect(bmc.powerOn).toBe(false);
    expect(bmc.log.at(-1)).toBe('6:3c'); // ipmitool closed its session
  });

  it('our client opens suite 17 on the same BMC and sees what ipmitool did', async () => {
    const m = new IpmiSessionManager({ timeoutMs: 500, retries: 2, cipherSuiteProbeMs: 0, transportFactory: net.factory('127.0.0.2') });
    try {
      const c = new IpmiClient({ host: '127.0.0.1', port: PORT, username: 'admin', password: 'secret', cipherSuites: [17] }, { manager: m });
      expect((await c.chassisStatus()).powerOn).toBe(false);
      await c.power('on');
      expect(bmc.powerOn).toBe(true);
    } finally {
      await m.closeAll();
    }
    expect((await ipmitool17(['chassis', 'power', 'status'])).out).toContain('Chassis Power is on');
  });

  it('a wrong password: neither ipmitool nor our client gets a session (the codes really depend on it)', async () => {
    const r = await ipmitool17(['chassis', 'status'], 'not-the-password');
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/RAKP 2 HMAC is invalid|unable to establish/i);
    const err = await RmcpPlusSession.open({ host: '127.0.0.1', port: PORT, username: 'admin', password: 'nope', cipherSuites: [17], cipherSuiteProbeMs: 0, transportFactory: net.factory('127.0.0.2') }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/authentication failed/);
  });
});
