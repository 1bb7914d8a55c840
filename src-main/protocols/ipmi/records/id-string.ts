// Device ID strings of SDRs (IPMI 2.0 §43.15, type/length byte): bits 7:6 type (11b 8-bit
// ASCII+Latin-1, 10b 6-bit packed ASCII, 01b BCD plus, 00b Unicode), bits 4:0 length in bytes.
const BCD_PLUS = '0123456789 -.:,_';

export function decodeIdString(typeLength: number, bytes: Uint8Array): string {
  const type = typeLength >> 6;
  const data = bytes.subarray(0, typeLength & 0x1f);
  switch (type) {
    case 3:
    case 0: // "Unicode" is not used in practice; read as Latin-1 like other clients
      return latin1(data).replace(/\0+$/, '');
    case 2:
      return sixBitAscii(data);
    case 1: {
      let s = '';
      for (const b of data) s += (BCD_PLUS[b >> 4] ?? '') + (BCD_PLUS[b & 0x0f] ?? '');
      return s.trim();
    }
    default:
      return '';
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

/** 6-bit packed ASCII: 4 characters (0x20 + value) in every 3 bytes, least significant bits first */
function sixBitAscii(b: Uint8Array): string {
  let s = '';
  let acc = 0;
  let nbits = 0;
  for (const byte of b) {
    acc |= byte << nbits;
    nbits += 8;
    while (nbits >= 6) {
      s += String.fromCharCode(0x20 + (acc & 0x3f));
      acc >>= 6;
      nbits -= 6;
    }
  }
  return s.trimEnd();
}

export function encodeIdString(s: string): Uint8Array {
  const bytes = Array.from(s.slice(0, 16), (c) => c.charCodeAt(0) & 0xff);
  return Uint8Array.from([0xc0 | bytes.length, ...bytes]);
}
