// Golden bytes captured between ipmitool 1.8.19 (-I lanplus -C 3) and ipmi_sim (OpenIPMI
// 2.0.33) with test/peers/ipmi_sim/capture.ts (a loopback UDP relay). These prove that our
// codecs read and write exactly what two independent implementations exchange, and that our key
// derivation reproduces the session keys of a real suite-3 session (password "secret").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getChannelAuthCapabilities } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-auth-capabilities';
import { getChassisStatus } from '../../../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { decodeRequestMessage, decodeResponseMessage, encodeRequestMessage } from '../../../../src-main/protocols/ipmi/rmcp/message';
import { decodeSession15, encodeSession15 } from '../../../../src-main/protocols/ipmi/rmcp/session15';
import { decodeSession20, encodeSession20, PayloadType } from '../../../../src-main/protocols/ipmi/rmcp/session20';
import { CIPHER_SUITES } from '../../../../src-main/protocols/ipmi/session/algorithms';
import { aesCbc128Decrypt } from '../../../../src-main/protocols/ipmi/session/confidentiality';
import { createIntegrity } from '../../../../src-main/protocols/ipmi/session/integrity';
import { deriveSessionKeys, rakp2AuthCode, rakp3AuthCode, rakp4Icv, type RakpContext } from '../../../../src-main/protocols/ipmi/session/keys';
import { decodeOpenSessionRequest, decodeOpenSessionResponse, encodeOpenSessionRequest } from '../../../../src-main/protocols/ipmi/session/open-session';
import { decodeRakp1, decodeRakp2, decodeRakp3, decodeRakp4, encodeRakp1 } from '../../../../src-main/protocols/ipmi/session/rakp';
import { isAlgorithmRejection } from '../../../../src-main/protocols/ipmi/session/status';
import { decodeSdr } from '../../../../src-main/protocols/ipmi/records/sdr';
import { decodeSelRecord } from '../../../../src-main/protocols/ipmi/records/sel';
import { fromHex, toHex, concatBytes } from '../../../../src-main/protocols/ipmi/wire/bytes';

interface Capture { command: string; stdout: string; datagrams: { dir: 'c2b' | 'b2c'; hex: string }[] }

const load = (name: string): Capture => JSON.parse(readFileSync(join(__dirname, '../../../fixtures/ipmi', name), 'utf8')) as Capture;
const bytes = (c: Capture, i: number): Uint8Array => fromHex(c.datagrams[i]?.hex ?? '');
const suite3 = CIPHER_SUITES[3];
const kuid = new TextEncoder().encode('secret');

/** replays the handshake of a capture (datagrams 0-7) and returns the session's keys */
function handshake(c: Capture): { ctx: RakpContext; k1: Uint8Array; k2: Uint8Array } {
  const open = decodeOpenSessionRequest(decodeSession20(bytes(c, 2)).payload);
  const opened = decodeOpenSessionResponse(decodeSession20(bytes(c, 3)).payload);
  const r1 = decodeRakp1(decodeSession20(bytes(c, 4)).payload);
  const r2 = decodeRakp2(decodeSession20(bytes(c, 5)).payload);
  const ctx: RakpContext = { sidm: open.consoleSessionId, sidc: opened.accepted?.bmcSessionId ?? 0, rm: r1.consoleRandom, rc: r2.bmcRandom, guid: r2.bmcGuid, role: r1.role, username: r1.username };
  const keys = deriveSessionKeys('sha1', kuid, ctx);
  return { ctx, k1: keys.k1, k2: keys.k2 };
}

/** every in-session datagram: integrity verified, decrypted, IPMI message decoded */
function sessionMessages(c: Capture) {
  const { k1, k2 } = handshake(c);
  const integrity = createIntegrity(suite3, k1);
  if (!integrity) throw new Error('suite 3 has integrity');
  return c.datagrams.slice(8).map((d) => {
    const p = decodeSession20(fromHex(d.hex), 12);
    expect(p.authenticated && p.encrypted).toBe(true);
    expect(p.trailer && integrity.verify(p.trailer.covered, p.trailer.authCode)).toBe(true);
    const plain = aesCbc128Decrypt(k2, p.payload);
    return d.dir === 'c2b' ? { dir: d.dir, seq: p.sequence, req: decodeRequestMessage(plain) } : { dir: d.dir, seq: p.sequence, res: decodeResponseMessage(plain) };
  });
}

describe('golden bytes: ipmitool <-> ipmi_sim, cipher suite 3', () => {
  const c = load('ipmitool-c3-chassis-status.json');

  it('Get Channel Authentication Capabilities request, byte for byte (IPMI 1.5 wrapper)', () => {
    // 0-3 RMCP 06 00 ff 07 | 4 auth type 00 | 5-8 seq 0 | 9-12 session ID 0 | 13 length 09
    // 14 rsAddr 20 | 15 netFn 06<<2 = 18 | 16 chk c8 | 17 rqAddr 81 | 18 rqSeq 0x00<<2 | 19 cmd 38
    // 20 channel 8e (extended | current channel) | 21 privilege 04 | 22 chk
    const msg = decodeSession15(bytes(c, 0));
    const req = decodeRequestMessage(msg.message);
    expect(getChannelAuthCapabilities.decodeRequest(req.data)).toEqual({ channel: 0x0e, extended: true, privilege: 4 });
    const again = encodeSession15({ authType: 0, sequence: 0, sessionId: 0, message: encodeRequestMessage({ ...req, data: getChannelAuthCapabilities.encodeRequest({ channel: 0x0e, extended: true, privilege: 4 }) }) });
    expect(toHex(again)).toBe(c.datagrams[0]?.hex);
  });

  it('Get Channel Authentication Capabilities response', () => {
    // 14 rqAddr 81 | 15 netFn 07<<2 | 16 chk | 17 rsAddr 20 | 18 seq | 19 cmd 38 | 20 cc 00
    // 21 channel 01 | 22 auth types 97 | 23 flags 04 | 24 ext 03 (1.5 + 2.0) | 25-27 OEM | 28 aux
    const res = decodeResponseMessage(decodeSession15(bytes(c, 1)).message);
    expect(res.completionCode).toBe(0);
    const caps = getChannelAuthCapabilities.decodeResponse(res.data);
    expect(caps).toMatchObject({ channel: 1, extendedData: true, ipmi20: true, ipmi15: true, nonNullUsernames: true, anonymousLogin: false, kgNonZero: false });
    expect(caps.authTypes).toEqual({ none: true, md2: true, md5: true, straightPassword: true, oem: false });
  });

  it('Open Session request/response and RAKP 1 re-encode to the captured bytes', () => {
    const p = decodeSession20(bytes(c, 2));
    expect(p.payloadType).toBe(PayloadType.openSessionRequest);
    const open = decodeOpenSessionRequest(p.payload);
    expect(open).toMatchObject({ maxPrivilege: 0, auth: 1, integrity: 1, confidentiality: 1 });
    expect(toHex(encodeSession20({ ...p, payload: encodeOpenSessionRequest(open) }))).toBe(c.datagrams[2]?.hex);
    const res = decodeOpenSessionResponse(decodeSession20(bytes(c, 3)).payload);
    expect(res.status).toBe(0);
    expect(res.consoleSessionId).toBe(open.consoleSessionId);
    expect(res.accepted).toMatchObject({ auth: 1, integrity: 1, confidentiality: 1 });
    const r1p = decodeSession20(bytes(c, 4));
    const r1 = decodeRakp1(r1p.payload);
    expect(r1.role).toBe(0x14);
    expect(new TextDecoder().decode(r1.username)).toBe('admin');
    expect(toHex(encodeSession20({ ...r1p, payload: encodeRakp1(r1) }))).toBe(c.datagrams[4]?.hex);
  });

  it('reproduces the RAKP 2, RAKP 3 and RAKP 4 codes of the real exchange from the password', () => {
    const { ctx } = handshake(c);
    const r2 = decodeRakp2(decodeSession20(bytes(c, 5)).payload);
    const r3 = decodeRakp3(decodeSession20(bytes(c, 6)).payload);
    const r4 = decodeRakp4(decodeSession20(bytes(c, 7)).payload);
    expect(toHex(rakp2AuthCode('sha1', kuid, ctx))).toBe(toHex(r2.authCode));
    expect(toHex(rakp3AuthCode('sha1', kuid, ctx))).toBe(toHex(r3.authCode));
    const keys = deriveSessionKeys('sha1', kuid, ctx);
    expect(toHex(rakp4Icv('sha1', keys.sik, ctx, 12))).toBe(toHex(r4.icv));
  });

  it('verifies, decrypts and decodes every in-session packet; chassis status matches ipmitool output', () => {
    const msgs = sessionMessages(c);
    expect(msgs.length).toBeGreaterThan(4);
    const req = msgs.find((m) => m.req?.netFn === 0 && m.req.cmd === 0x01);
    const res = msgs.find((m) => m.res?.netFn === 1 && m.res.cmd === 0x01 && m.res.rqSeq === req?.req?.rqSeq);
    const status = getChassisStatus.decodeResponse(res?.res?.data ?? new Uint8Array(0));
    expect(c.stdout).toMatch(new RegExp(`System Power\\s+: ${status.powerOn ? 'on' : 'off'}`));
    expect(c.stdout).toMatch(new RegExp(`Power Restore Policy\\s+: ${status.restorePolicy}`));
    // the BMC numbers its packets 1, 2, 3, ...
    expect(msgs.filter((m) => m.dir === 'b2c').map((m) => m.seq)).toEqual(msgs.filter((m) => m.dir === 'b2c').map((_, i) => i + 1));
  });

  it('rebuilds the SDR records ipmitool read in partial Get SDR reads', () => {
    const msgs = sessionMessages(load('ipmitool-c3-sdr-list.json'));
    const byRecord = new Map<number, Map<number, Uint8Array>>();
    for (const [i, m] of msgs.entries()) {
      if (m.req?.netFn !== 0x0a || m.req.cmd !== 0x23) continue;
      // the answer is the next response with the same rqSeq (ipmitool reuses rqSeq values)
      const res = msgs.slice(i + 1).find((x) => x.res?.cmd === 0x23 && x.res.rqSeq === m.req?.rqSeq);
      if (res?.res?.completionCode !== 0) continue;
      if (!res?.res) continue;
      const offset = m.req.data[4] as number;
      // a header read of record 0000h ("first") returns record 1: key by the ID in the header
      const d = offset === 0 ? res.res.data : m.req.data;
      const id = (d[2] as number) | ((d[3] as number) << 8);
      const parts = byRecord.get(id) ?? new Map<number, Uint8Array>();
      parts.set(offset, res.res.data.subarray(2));
      byRecord.set(id, parts);
    }
    const names: string[] = [];
    for (const parts of byRecord.values()) {
      const ordered = [...parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
      const rec = decodeSdr(concatBytes(...ordered));
      if (rec.kind === 'full') names.push(rec.name);
    }
    expect(names.sort()).toEqual(['12V Rail', 'CPU Temp', 'Fan1', 'Inlet Temp']);
  });

  it('decodes the SEL entry ipmitool listed', () => {
    const cap = load('ipmitool-c3-sel-list.json');
    const msgs = sessionMessages(cap);
    const entry = msgs.find((m) => m.res?.netFn === 0x0b && m.res.cmd === 0x43 && m.res.data.length === 18);
    const rec = decodeSelRecord(entry?.res?.data.subarray(2) ?? new Uint8Array(0));
    expect(rec.description).toContain('Upper Critical going high');
    expect(cap.stdout).toContain('Upper Critical going high');
    expect(cap.stdout).toContain(`Temperature #0x${(rec.sensorNumber ?? 0).toString(16).padStart(2, '0')}`);
  });

  it('a wrong password shows in RAKP 2: the BMC code verifies with the real password only', () => {
    const w = load('ipmitool-c3-wrong-password.json');
    const { ctx } = handshake({ ...w, datagrams: [...w.datagrams, ...Array(3).fill(w.datagrams[0])] } as Capture);
    const r2 = decodeRakp2(decodeSession20(bytes(w, 5)).payload);
    expect(toHex(rakp2AuthCode('sha1', new TextEncoder().encode('wrongpass'), ctx))).not.toBe(toHex(r2.authCode));
    expect(toHex(rakp2AuthCode('sha1', kuid, ctx))).toBe(toHex(r2.authCode));
  });

  it('suite 17 refused by ipmi_sim: a 2-byte Open Session error response', () => {
    const r = load('ipmitool-c17-refused.json');
    const req = decodeOpenSessionRequest(decodeSession20(bytes(r, 2)).payload);
    expect(req).toMatchObject({ auth: 3, integrity: 4, confidentiality: 1 });
    const res = decodeOpenSessionResponse(decodeSession20(bytes(r, 3)).payload);
    expect(res.status).toBe(0x04); // invalid authentication algorithm
    expect(isAlgorithmRejection(res.status)).toBe(true);
  });
});
