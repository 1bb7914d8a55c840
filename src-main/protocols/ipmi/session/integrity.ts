// Per-packet integrity (IPMI 2.0 §13.28.4): the AuthCode of an authenticated RMCP+ packet is
// HMAC_K1 over the session header through "next header", truncated to 12 bytes for
// HMAC-SHA1-96 (K1 20 bytes) or 16 bytes for HMAC-SHA256-128 (K1 32 bytes).
import type { CipherSuite } from './algorithms';
import { hmac, macEqual } from './keys';

export interface Integrity {
  readonly authCodeLength: number;
  compute(covered: Uint8Array): Uint8Array;
  verify(covered: Uint8Array, authCode: Uint8Array): boolean;
}

export function createIntegrity(suite: CipherSuite, k1: Uint8Array): Integrity | undefined {
  const hash = suite.integrityHash;
  if (!hash) return undefined;
  const n = suite.authCodeLength;
  const compute = (covered: Uint8Array): Uint8Array => hmac(hash, k1, covered).slice(0, n);
  return { authCodeLength: n, compute, verify: (covered, code) => macEqual(compute(covered), code) };
}
