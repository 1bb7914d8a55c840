// Known-answer vectors for the RAKP key exchange and per-packet protection.
// ipmi_sim (OpenIPMI 2.0.33) has no cipher suite 17 (no SHA-256), so suite 17 cannot be proven
// against a real peer here: these vectors were worked out from the spec's formulas (IPMI 2.0
// §13.31-13.32, §13.28.4, §13.29) with an independent implementation (the openssl command line:
// `openssl dgst -sha256 -mac HMAC`, `openssl enc -aes-128-cbc -nopad`), not with this library.
// Suite 3 is computed the same way here and is also proven against ipmi_sim/ipmitool captures
// (golden.test.ts) and live sessions (ipmi-sim.integration.test.ts).
import { describe, expect, it } from 'vitest';
import { CIPHER_SUITES } from '../../../../src-main/protocols/ipmi/session/algorithms';
import { aesCbc128Decrypt, aesCbc128Encrypt } from '../../../../src-main/protocols/ipmi/session/confidentiality';
import { createIntegrity } from '../../../../src-main/protocols/ipmi/session/integrity';
import { deriveSessionKeys, rakp2AuthCode, rakp3AuthCode, rakp4Icv, type RakpContext } from '../../../../src-main/protocols/ipmi/session/keys';
import { encodeSession20, decodeSession20 } from '../../../../src-main/protocols/ipmi/rmcp/session20';
import { fromHex, toHex } from '../../../../src-main/protocols/ipmi/wire/bytes';

const ctx: RakpContext = {
  sidm: 0xa0a2a3a4, // console session ID, on the wire a4 a3 a2 a0
  sidc: 0x00000102, // BMC session ID, on the wire 02 01 00 00
  rm: fromHex('000102030405060708090a0b0c0d0e0f'),
  rc: fromHex('101112131415161718191a1b1c1d1e1f'),
  guid: fromHex('a123456789abcdefa123456789abcdef'),
  role: 0x14, // name-only lookup | administrator
  username: new TextEncoder().encode('admin'),
};
const kuid = new TextEncoder().encode('secret');
const iv = fromHex('0f0e0d0c0b0a09080706050403020100');
// Get Device ID request (rsAddr 20, netFn 06, rqSeq 1, cmd 01) + confidentiality pad 01..08 + pad length 08
const plainMessage = fromHex('2018c88104017a');

const vectors = {
  17: {
    rakp2: '180a3eb54a2f01df7b341d08d81495876143a3a0b313af055f2b5c1c96d246ad',
    rakp3: '99d823aeca7b41dd4edc23e3c14dfece8b0932ea37602d5957b3ad6978c1c23d',
    sik: '0c4b7464110cf18fd94ec46aa0242c66ab06157709c02ea7db1653aac04b1023',
    rakp4: '059e9accd7da3e39f9dc45eccccb8261', // HMAC-SHA256 truncated to 16 bytes
    k1: 'b56faef1c37759ee6f92dccb3dfb8a7610c83e064883aa735d3e84c1cb0c5728',
    k2: '45d88aac4a3d9b6ac2cdf022f1f31a5a82ac0aecfe8d8559b4060eb4a13b4334',
    ciphertext: 'ba672ad2d33a5de8344cee7db4ed07ed',
    authCode: 'f12ea124f0f9c2837e3e18c1b717e4b7', // HMAC-SHA256-128
  },
  3: {
    rakp2: '2550e858d8ea40157660fa2087efddbe89926994',
    rakp3: 'f2b8ed7378ab0857e9301e06537ccf674459a8f2',
    sik: 'a39ae2b160a1e5efe017ffd6ec1a4ff8eeac6f54',
    rakp4: '3485140290f531f760abf6a1', // HMAC-SHA1-96
    k1: '58dbc1afa00eb3f9487c9eaef0dc7892cc43e496',
    k2: '8bd9b8ce0674b5d745ced91e728ac1a51464fcaf',
    ciphertext: '0c3105426c531f28d900cab965449b66',
    authCode: '619f5091740e1bbda4330f2a', // HMAC-SHA1-96
  },
} as const;

describe.each([17, 3] as const)('cipher suite %i known-answer vectors', (id) => {
  const suite = CIPHER_SUITES[id];
  const v = vectors[id];
  const hash = suite.authHash as 'sha1' | 'sha256';

  it('computes the RAKP 2 and RAKP 3 key exchange auth codes', () => {
    expect(toHex(rakp2AuthCode(hash, kuid, ctx))).toBe(v.rakp2);
    expect(toHex(rakp3AuthCode(hash, kuid, ctx))).toBe(v.rakp3);
  });

  it('derives SIK, K1, K2 (20-byte constants for SHA256 too) and the RAKP 4 value', () => {
    const keys = deriveSessionKeys(hash, kuid, ctx);
    expect(toHex(keys.sik)).toBe(v.sik);
    expect(toHex(keys.k1)).toBe(v.k1);
    expect(toHex(keys.k2)).toBe(v.k2);
    expect(toHex(rakp4Icv(hash, keys.sik, ctx, suite.icvLength))).toBe(v.rakp4);
  });

  it('encrypts with AES-CBC-128 under K2[0..16) and pads 01h, 02h, ... + length', () => {
    const keys = deriveSessionKeys(hash, kuid, ctx);
    const enc = aesCbc128Encrypt(keys.k2, plainMessage, iv);
    expect(toHex(enc)).toBe(toHex(iv) + v.ciphertext);
    expect(toHex(aesCbc128Decrypt(keys.k2, enc))).toBe(toHex(plainMessage));
  });

  it('authenticates a whole RMCP+ packet (integrity pad, next header, AuthCode)', () => {
    const keys = deriveSessionKeys(hash, kuid, ctx);
    const integrity = createIntegrity(suite, keys.k1);
    if (!integrity) throw new Error('suite has integrity');
    const payload = aesCbc128Encrypt(keys.k2, plainMessage, iv);
    const dgram = encodeSession20({ payloadType: 0, encrypted: true, authenticated: true, sessionId: ctx.sidc, sequence: 1, payload }, (c) => integrity.compute(c));
    //  0-3 RMCP | 4 auth type 06 | 5 payload type c0 | 6-9 session ID | 10-13 sequence | 14-15 length 0020
    // 16-47 IV + ciphertext | 48-49 integrity pad ffff | 50 pad length 02 | 51 next header 07 | 52.. AuthCode
    expect(toHex(dgram)).toBe(`0600ff0706c002010000010000002000${toHex(iv)}${v.ciphertext}ffff0207${v.authCode}`);
    const back = decodeSession20(dgram, integrity.authCodeLength);
    expect(back.trailer && integrity.verify(back.trailer.covered, back.trailer.authCode)).toBe(true);
    // one flipped bit anywhere in the covered range breaks it
    const bad = Uint8Array.from(dgram);
    bad[20] = (bad[20] as number) ^ 0x01;
    const badBack = decodeSession20(bad, integrity.authCodeLength);
    expect(badBack.trailer && integrity.verify(badBack.trailer.covered, badBack.trailer.authCode)).toBe(false);
  });
});
