// Cipher suites and algorithms (IPMI 2.0 §13.28, Tables 13-17 .. 13-19, and §22.15.2
// Table 22-20 "cipher suite IDs"). Only the suites this library can use are listed:
//   17: RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128   (preferred)
//    3: RAKP-HMAC-SHA1,   HMAC-SHA1-96,    AES-CBC-128
//    0: RAKP-none,        none,            none          (refused unless explicitly allowed)

export const AuthAlg = { none: 0x00, hmacSha1: 0x01, hmacMd5: 0x02, hmacSha256: 0x03 } as const;
export const IntegrityAlg = { none: 0x00, hmacSha1_96: 0x01, hmacMd5_128: 0x02, md5_128: 0x03, hmacSha256_128: 0x04 } as const;
export const ConfAlg = { none: 0x00, aesCbc128: 0x01, xrc4_128: 0x02, xrc4_40: 0x03 } as const;

export type CipherSuiteId = 0 | 3 | 17;
export const SUPPORTED_CIPHER_SUITES: readonly CipherSuiteId[] = [17, 3, 0];
export const DEFAULT_CIPHER_SUITES: readonly CipherSuiteId[] = [17, 3];

export type HashName = 'sha1' | 'sha256';

export interface CipherSuite {
  id: CipherSuiteId;
  auth: number;
  integrity: number;
  confidentiality: number;
  /** hash of the RAKP HMACs and SIK/K1/K2 derivation; undefined for RAKP-none */
  authHash: HashName | undefined;
  /** RAKP 4 integrity check value length: 12 for SHA1 (§13.31), 16 for SHA256 */
  icvLength: number;
  /** hash of the per-packet AuthCode; undefined for integrity none */
  integrityHash: HashName | undefined;
  /** AuthCode length: 12 for HMAC-SHA1-96, 16 for HMAC-SHA256-128 */
  authCodeLength: number;
  insecure: boolean;
  description: string;
}

export const CIPHER_SUITES: Readonly<Record<CipherSuiteId, CipherSuite>> = {
  17: {
    id: 17, auth: AuthAlg.hmacSha256, integrity: IntegrityAlg.hmacSha256_128, confidentiality: ConfAlg.aesCbc128,
    authHash: 'sha256', icvLength: 16, integrityHash: 'sha256', authCodeLength: 16, insecure: false,
    description: 'RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128',
  },
  3: {
    id: 3, auth: AuthAlg.hmacSha1, integrity: IntegrityAlg.hmacSha1_96, confidentiality: ConfAlg.aesCbc128,
    authHash: 'sha1', icvLength: 12, integrityHash: 'sha1', authCodeLength: 12, insecure: false,
    description: 'RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128',
  },
  0: {
    id: 0, auth: AuthAlg.none, integrity: IntegrityAlg.none, confidentiality: ConfAlg.none,
    authHash: undefined, icvLength: 0, integrityHash: undefined, authCodeLength: 0, insecure: true,
    description: 'RAKP-none, no integrity, no confidentiality (no authentication at all)',
  },
};

export function isSupportedSuite(id: number): id is CipherSuiteId {
  return id === 0 || id === 3 || id === 17;
}

/** the suite id for an (auth, integrity, confidentiality) triple, if we support it */
export function suiteFor(auth: number, integrity: number, conf: number): CipherSuite | undefined {
  for (const s of Object.values(CIPHER_SUITES)) if (s.auth === auth && s.integrity === integrity && s.confidentiality === conf) return s;
  return undefined;
}

export const Privilege = { callback: 1, user: 2, operator: 3, administrator: 4, oem: 5 } as const;
export type PrivilegeName = 'callback' | 'user' | 'operator' | 'administrator';

export function privilegeName(level: number): string {
  switch (level) {
    case 0: return 'none';
    case 1: return 'callback';
    case 2: return 'user';
    case 3: return 'operator';
    case 4: return 'administrator';
    case 5: return 'oem';
    default: return `level ${level}`;
  }
}
