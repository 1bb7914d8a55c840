// The RMCP+ session state machine with a manual clock and the in-memory network, against the
// in-memory BMC (helpers/fake-bmc.ts): handshake (suite 17 and 3), retransmission, timeout,
// keep-alive, drop counters, session reuse and idle close, SOL packet rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IpmiSessionManager, ManualClock, MemoryNetwork, RmcpPlusSession, SolConsole, isIpmiError, type SessionOptions } from '../../../../src-main/protocols/ipmi/index';
import { getChassisStatus } from '../../../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { chassisControl } from '../../../../src-main/protocols/ipmi/commands/chassis/chassis-control';
import { encodeResponseMessage } from '../../../../src-main/protocols/ipmi/rmcp/message';
import { PayloadType } from '../../../../src-main/protocols/ipmi/rmcp/session20';
import { FakeBmc } from './helpers/fake-bmc';

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

let net: MemoryNetwork;
let clock: ManualClock;
let bmc: FakeBmc;

function opts(extra: Partial<SessionOptions> = {}): SessionOptions {
  return { host: bmc.address.address, port: bmc.address.port, username: 'admin', password: 'secret', clock, transportFactory: net.factory(), cipherSuiteProbeMs: 0, ...extra };
}

/** runs the clock until `p` settles (bounded) */
async function settle<T>(p: Promise<T>, stepMs = 100, maxMs = 60_000): Promise<T> {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  for (let t = 0; t <= maxMs && !done; t += stepMs) {
    await flush();
    if (!done) clock.advance(stepMs);
  }
  await flush();
  return p;
}

beforeEach(() => {
  net = new MemoryNetwork();
  clock = new ManualClock();
  bmc = new FakeBmc(net);
});

afterEach(() => {
  bmc.close();
  // nothing left running: no sockets, no timers
  expect(net.openEndpoints).toBe(0);
  expect(clock.pending).toBe(0);
});

describe('handshake', () => {
  it('opens a cipher suite 17 session (HMAC-SHA256, AES) and runs commands in it', async () => {
    const s = await settle(RmcpPlusSession.open(opts()));
    expect(s.cipherSuite?.id).toBe(17);
    expect(s.privilege).toBe(4);
    expect((await settle(s.call(getChassisStatus, undefined))).powerOn).toBe(true);
    await settle(s.call(chassisControl, { action: 'powerDown' }));
    expect(bmc.powerOn).toBe(false);
    await settle(s.close());
    expect(bmc.activeSessions).toBe(0);
    expect(bmc.log.at(-1)).toBe('6:3c'); // Close Session
  });

  it('falls back to suite 3 when the BMC refuses 17', async () => {
    bmc.close();
    bmc = new FakeBmc(net, { suites: [3] });
    const s = await settle(RmcpPlusSession.open(opts()));
    expect(s.cipherSuite?.id).toBe(3);
    await settle(s.close());
  });

  it('wrong password: auth-failed from RAKP 2 without any retransmission', async () => {
    const err = await settle(RmcpPlusSession.open(opts({ password: 'nope' }))).catch((e: unknown) => e);
    expect(isIpmiError(err, 'auth-failed')).toBe(true);
    expect(clock.now()).toBe(0); // no time passed: not a timeout
    await flush();
    expect(bmc.sessions.size).toBe(0); // RAKP 3 with status 0Fh told the BMC to drop it
  });

  it('refuses suite 0 and anonymous login before sending anything', async () => {
    await expect(RmcpPlusSession.open(opts({ cipherSuites: [0] }))).rejects.toMatchObject({ code: 'insecure-refused' });
    await expect(RmcpPlusSession.open(opts({ username: '' }))).rejects.toMatchObject({ code: 'insecure-refused' });
    await expect(RmcpPlusSession.open(opts({ password: 'x'.repeat(21) }))).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(net.delivered).toBe(0);
  });

  it('silent BMC: times out after the retries, naming host:port', async () => {
    bmc.silent = true;
    const err = await settle(RmcpPlusSession.open(opts({ timeoutMs: 1000, retries: 2 }))).catch((e: unknown) => e);
    expect(isIpmiError(err, 'timeout')).toBe(true);
    expect((err as Error).message).toContain('127.0.0.9:623');
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
    expect(clock.now()).toBeLessThan(3200);
  });

  describe('a BMC that answers Get Channel Cipher Suites (two 16-byte pages, OEM records skipped)', () => {
    const probing = (extra: Partial<SessionOptions> = {}) => opts({ cipherSuiteProbeMs: 400, ...extra });

    it('offering 3 and 17: the list is read whole and 17 is chosen', async () => {
      bmc.close();
      bmc = new FakeBmc(net, { suites: [3, 17], listCipherSuites: [3, 17] });
      const s = await settle(RmcpPlusSession.open(probing()));
      expect(bmc.pagesServed).toBe(2);
      expect(s.handshake?.bmcCipherSuites).toEqual([3, 17]);
      expect(s.cipherSuite?.id).toBe(17);
      expect(bmc.openSessionSuites).toEqual([17]);
      await settle(s.close());
    });

    it('offering only 3: no Open Session is ever sent for 17', async () => {
      bmc.close();
      bmc = new FakeBmc(net, { suites: [3, 17], listCipherSuites: [3] });
      const s = await settle(RmcpPlusSession.open(probing()));
      expect(s.handshake?.bmcCipherSuites).toEqual([3]);
      expect(s.cipherSuite?.id).toBe(3);
      expect(bmc.openSessionSuites).toEqual([3]);
      await settle(s.close());
    });

    it('offering only 1: a clear "no usable cipher suite" error, without any Open Session', async () => {
      bmc.close();
      bmc = new FakeBmc(net, { suites: [3, 17], listCipherSuites: [1] });
      const err = await settle(RmcpPlusSession.open(probing())).catch((e: unknown) => e);
      expect(isIpmiError(err, 'no-cipher-suite')).toBe(true);
      expect((err as Error).message).toBe('no usable cipher suite: BMC 127.0.0.9:623 offers 1, this client accepts 17, 3; enable one of those on the BMC');
      expect(bmc.openSessionSuites).toEqual([]);
      expect(bmc.sessions.size).toBe(0);
    });
  });
});

describe('active session', () => {
  let s: RmcpPlusSession;
  beforeEach(async () => {
    s = await settle(RmcpPlusSession.open(opts({ keepAliveMs: 15_000 })));
  });
  afterEach(async () => {
    await settle(s.close());
  });

  it('retransmits a lost request with the same rqSeq and a new session sequence number', async () => {
    bmc.dropRequests = 1;
    const p = s.call(getChassisStatus, undefined);
    await flush();
    clock.advance(999);
    await flush();
    expect(s.counters.retransmits).toBe(0);
    clock.advance(1);
    await settle(p);
    expect(s.counters.retransmits).toBe(1);
    expect(bmc.log.filter((l) => l === '0:1')).toHaveLength(2);
  });

  it('a request that is never answered fails the session (so a manager replaces it)', async () => {
    bmc.silent = true;
    const err = await settle(s.call(getChassisStatus, undefined)).catch((e: unknown) => e);
    expect(isIpmiError(err, 'timeout')).toBe(true);
    expect(s.state).toBe('closed');
    expect(s.counters.retransmits).toBe(3);
  });

  it('sends a keep-alive only after the configured silence', async () => {
    const before = bmc.log.length;
    clock.advance(14_000);
    await flush();
    expect(bmc.log.length).toBe(before);
    clock.advance(1_000);
    await flush();
    await flush();
    expect(bmc.log.slice(before)).toEqual(['6:1']); // Get Device ID
    expect(s.state).toBe('active');
  });

  it('drops and counts packets from a wrong address, with a bad AuthCode, replayed, or out of window', async () => {
    const sid = [...bmc.sessions.keys()][0] as number;
    const msg = encodeResponseMessage({ rqAddr: 0x81, rqLun: 0, netFn: 0x07, rsAddr: 0x20, rqSeq: 63, rsLun: 0, cmd: 0x01, completionCode: 0, data: new Uint8Array(0) });
    const local = s.peer ? { address: '127.0.0.1', port: 40_000 } : undefined;
    const dgram = bmc.sendInSession(sid, PayloadType.ipmi, msg);
    await flush();
    expect(s.counters.droppedUnexpected).toBe(1); // valid, but nobody asked
    net.inject(dgram, { address: '127.0.0.66', port: 623 }, local as { address: string; port: number });
    net.inject(dgram, bmc.address, local as { address: string; port: number });
    const tampered = Uint8Array.from(dgram);
    tampered[20] = (tampered[20] as number) ^ 0xff;
    net.inject(tampered, bmc.address, local as { address: string; port: number });
    bmc.sendInSession(sid, PayloadType.ipmi, msg, 0x7fff_0000);
    await flush();
    expect(s.counters.droppedWrongAddress).toBe(1);
    expect(s.counters.droppedReplay).toBe(1);
    expect(s.counters.droppedBadIntegrity).toBe(1);
    expect(s.counters.droppedOutOfWindow).toBe(1);
    // and the session still works
    expect((await settle(s.call(getChassisStatus, undefined))).powerOn).toBe(true);
  });

  it('serialises concurrent callers on one session', async () => {
    const all = Promise.all(Array.from({ length: 5 }, () => s.call(getChassisStatus, undefined)));
    const r = await settle(all);
    expect(r).toHaveLength(5);
    expect(s.counters.retransmits).toBe(0);
  });

  it('SOL: data both ways, ACKs, retransmission of an unacknowledged packet', async () => {
    let out = '';
    const sol = await settle(SolConsole.activate(s, { onData: (b) => (out += new TextDecoder().decode(b)), retryMs: 500 }));
    sol.write('hello, host');
    await settle(new Promise<void>((r) => setTimeout(r, 5)), 10, 50);
    // inbound size 12 = 8 characters per packet: "hello, h" then "ost"
    expect(bmc.solReceived).toBe('hello, host');
    expect(out).toBe('hello, host');
    // lose the next SOL packet once: it is sent again after retryMs
    let dropped = 0;
    net.filter = (_d, _from, to) => !(to.port === 623 && dropped++ === 0);
    sol.write('again');
    await flush();
    expect(bmc.solReceived).toBe('hello, host');
    clock.advance(500);
    await flush();
    await flush();
    expect(bmc.solReceived).toBe('hello, hostagain');
    expect(sol.counters.retransmits).toBe(1);
    net.filter = () => true;
    await settle(sol.close());
    expect(sol.isClosed).toBe(true);
  });

  describe('SOL packet rules (§15.9-15.12)', () => {
    let out: string;
    let sol: SolConsole;
    /** lets the packets in flight arrive (no timer runs) */
    const deliver = async () => {
      for (let i = 0; i < 4; i++) await flush();
    };
    beforeEach(async () => {
      out = '';
      sol = await settle(SolConsole.activate(s, { onData: (b) => (out += new TextDecoder().decode(b)), retryMs: 500, retries: 2 }));
    });
    afterEach(async () => {
      await settle(sol.close());
    });

    it('partial ACK: the characters not accepted are sent again, in order, once', async () => {
      bmc.sol.partialAck = 1;
      sol.write('abcdefgh'); // one packet (8 characters fit); the BMC takes "abcd"
      await deliver();
      expect(bmc.solReceived).toBe('abcdefgh');
      expect(out).toBe('abcdefgh');
      expect(sol.counters.retransmits).toBe(0);
      expect(sol.counters.bytesOut).toBe(12); // 8, then the 4 not accepted
    });

    it('NACK: nothing is resent until the retry time, then the same packet goes again', async () => {
      bmc.sol.nack = 1;
      sol.write('nacked');
      await deliver();
      expect(sol.counters.nacks).toBe(1);
      expect(bmc.solReceived).toBe('');
      const sent = sol.counters.packetsSent;
      clock.advance(499);
      await deliver();
      expect(sol.counters.packetsSent).toBe(sent);
      clock.advance(1);
      await deliver();
      expect(bmc.solReceived).toBe('nacked');
      expect(out).toBe('nacked');
      expect(sol.isClosed).toBe(false);
    });

    it('a repeated BMC packet is ACKed again but its characters are shown once', async () => {
      bmc.sol.repeatOutput = 1;
      sol.write('dup');
      await deliver();
      expect(out).toBe('dup');
      expect(sol.counters.duplicates).toBe(1);
      // the console ACKed the BMC's packet (sequence 2) both times it came
      expect(bmc.solAcksReceived).toEqual([2, 2]);
    });

    it('never ACKed: retransmitted `retries` times, then the console closes with an error and SOL is deactivated', async () => {
      bmc.sol.neverAck = true;
      let closedWith: Error | undefined;
      sol.on('close', (e) => (closedWith = e));
      sol.write('lost');
      await settle(new Promise<void>((r) => sol.on('close', () => r())), 100, 5_000);
      expect(sol.counters.retransmits).toBe(2);
      expect(closedWith?.message).toBe('BMC 127.0.0.9:623 did not acknowledge SOL data after 3 attempts');
      expect(bmc.solReceived).toBe('');
      await deliver();
      expect(bmc.log.at(-1)).toBe('6:49'); // Deactivate Payload
    });
  });
});

describe('session manager', () => {
  it('opens one session for concurrent callers, reuses it, and closes it when idle', async () => {
    const m = new IpmiSessionManager({ clock, transportFactory: net.factory(), cipherSuiteProbeMs: 0, idleTimeoutMs: 30_000, keepAliveMs: 0 });
    const t = { host: bmc.address.address, port: bmc.address.port, username: 'admin', password: 'secret' };
    const results = await settle(Promise.all(Array.from({ length: 6 }, () => m.use(t, (s) => s.call(getChassisStatus, undefined)))));
    expect(results).toHaveLength(6);
    expect(m.opened).toBe(1);
    expect(bmc.activeSessions).toBe(1);
    await settle(m.use(t, (s) => s.call(getChassisStatus, undefined)));
    expect(m.opened).toBe(1);
    clock.advance(29_999);
    await flush();
    expect(m.size).toBe(1);
    clock.advance(1);
    await settle(new Promise<void>((r) => setTimeout(r, 1)), 10, 50);
    expect(m.size).toBe(0);
    expect(bmc.activeSessions).toBe(0);
    // a caller with another password never gets the existing session
    await settle(m.use(t, async () => undefined));
    await expect(settle(m.use({ ...t, password: 'wrong' }, async () => undefined))).rejects.toMatchObject({ code: 'auth-failed' });
    await settle(m.closeAll());
    expect(m.size).toBe(0);
  });

  it('replaces a lost session on the next call', async () => {
    const m = new IpmiSessionManager({ clock, transportFactory: net.factory(), cipherSuiteProbeMs: 0, keepAliveMs: 0, retries: 1 });
    const t = { host: bmc.address.address, port: bmc.address.port, username: 'admin', password: 'secret' };
    await settle(m.use(t, (s) => s.call(getChassisStatus, undefined)));
    bmc.dropRequests = 2;
    await expect(settle(m.use(t, (s) => s.call(getChassisStatus, undefined)))).rejects.toMatchObject({ code: 'timeout' });
    expect((await settle(m.use(t, (s) => s.call(getChassisStatus, undefined)))).powerOn).toBe(true);
    expect(m.opened).toBe(2);
    await settle(m.closeAll());
  });
});
