// Every command codec, both directions: decode(encode(x)) == x for requests and responses (the
// BMC side is encoded with the same code), plus byte layouts quoted from the spec tables.
import { describe, expect, it } from 'vitest';
import { CASES } from './helpers/command-cases';
import { encodeBootFlags, decodeBootFlags } from '../../../../src-main/protocols/ipmi/commands/chassis/boot-flags';
import { parseCipherSuiteRecords } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-cipher-suites';
import { toHex } from '../../../../src-main/protocols/ipmi/wire/bytes';

describe.each(CASES.map((k) => [k.c.name, k] as const))('%s', (_name, k) => {
  it(`opens with its spec section (${k.c.section}) and round-trips the request`, () => {
    expect(k.c.section).toMatch(/^IPMI 2\.0 §\d+\.\d+$/);
    const bytes = k.c.encodeRequest(k.req);
    if (k.reqHex) expect(toHex(bytes)).toBe(k.reqHex);
    expect(k.c.decodeRequest(bytes)).toEqual(k.req);
  });
  it('round-trips the response', () => {
    const bytes = k.c.encodeResponse(k.res);
    if (k.resHex) expect(toHex(bytes)).toBe(k.resHex);
    expect(k.c.decodeResponse(bytes)).toEqual(k.res);
  });
});

describe('helpers', () => {
  it('parses cipher suite records (Table 22-19), OEM records included', () => {
    const recs = parseCipherSuiteRecords(Uint8Array.of(0xc0, 3, 0x01, 0x41, 0x81, 0xc1, 0x80, 0x57, 0x01, 0x00, 0x03, 0x44, 0x81, 0xc0, 17, 0x03, 0x44, 0x81));
    expect(recs.map((r) => [r.id, r.oemIana])).toEqual([[3, undefined], [0x80, 0x157], [17, undefined]]);
    expect(recs[2]).toMatchObject({ auth: [3], integrity: [4], confidentiality: [1] });
  });
  it('boot flags: PXE next boot only, BIOS setup persistent EFI', () => {
    expect(toHex(encodeBootFlags({ device: 'pxe' }))).toBe('8004000000');
    expect(toHex(encodeBootFlags({ device: 'bios', persistent: true, efi: true }))).toBe('e018000000');
    expect(decodeBootFlags(Uint8Array.of(0xe0, 0x18, 0, 0, 0))).toMatchObject({ valid: true, persistent: true, efi: true, device: 'bios' });
    expect(decodeBootFlags(Uint8Array.of(0x00, 0x08, 0, 0, 0)).device).toBe('disk');
  });
});
