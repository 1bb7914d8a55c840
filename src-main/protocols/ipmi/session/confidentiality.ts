// AES-CBC-128 confidentiality (IPMI 2.0 §13.29): key = the first 16 bytes of K2; the
// encrypted payload is IV (16) | AES-CBC(payload | pad 01h 02h ... | pad length), with the pad
// chosen so that the plaintext is a multiple of 16 bytes. No other padding is applied.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IpmiError } from '../errors';

const BLOCK = 16;

export interface Confidentiality {
  encrypt(payload: Uint8Array, iv?: Uint8Array): Uint8Array;
  decrypt(encrypted: Uint8Array): Uint8Array;
}

export function aesCbc128Encrypt(k2: Uint8Array, payload: Uint8Array, iv: Uint8Array = randomBytes(BLOCK)): Uint8Array {
  const pad = (BLOCK - ((payload.length + 1) % BLOCK)) % BLOCK;
  const plain = new Uint8Array(payload.length + pad + 1);
  plain.set(payload);
  for (let i = 0; i < pad; i++) plain[payload.length + i] = i + 1;
  plain[plain.length - 1] = pad;
  const c = createCipheriv('aes-128-cbc', k2.subarray(0, BLOCK), iv);
  c.setAutoPadding(false);
  const body = Buffer.concat([c.update(plain), c.final()]);
  const out = new Uint8Array(BLOCK + body.length);
  out.set(iv.subarray(0, BLOCK));
  out.set(body, BLOCK);
  return out;
}

export function aesCbc128Decrypt(k2: Uint8Array, encrypted: Uint8Array): Uint8Array {
  if (encrypted.length < 2 * BLOCK || encrypted.length % BLOCK !== 0) {
    throw new IpmiError('malformed', `AES-CBC-128: encrypted payload of ${encrypted.length} bytes is not IV + whole blocks`);
  }
  const d = createDecipheriv('aes-128-cbc', k2.subarray(0, BLOCK), encrypted.subarray(0, BLOCK));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(encrypted.subarray(BLOCK)), d.final()]);
  const pad = plain[plain.length - 1] as number;
  if (pad >= BLOCK || pad + 1 > plain.length) throw new IpmiError('malformed', `AES-CBC-128: confidentiality pad length ${pad} is invalid`);
  // The pad bytes should be 01h, 02h, ...; the AuthCode already protects the packet, so a BMC
  // that fills them differently is tolerated rather than cut off.
  return new Uint8Array(plain.subarray(0, plain.length - pad - 1));
}

export function createAesCbc128(k2: Uint8Array): Confidentiality {
  return { encrypt: (p, iv) => aesCbc128Encrypt(k2, p, iv), decrypt: (e) => aesCbc128Decrypt(k2, e) };
}
