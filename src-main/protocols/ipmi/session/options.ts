// Session options, their defaults, and the security policy: cipher suite 0 ("none"
// authentication, no integrity, no encryption) and anonymous login are refused unless the
// caller allows them for this BMC, and whatever weakens the session is reported as a warning
// the UI can show (DESIGN.md "Security model").
import { IpmiError } from '../errors';
import type { Clock } from '../clock';
import type { TransportFactory } from '../transport';
import { DEFAULT_CIPHER_SUITES, Privilege, isSupportedSuite, type CipherSuiteId, type PrivilegeName } from './algorithms';

export interface BmcTarget {
  host: string;
  /** UDP port, default 623 */
  port?: number;
  /** up to 16 bytes; empty means anonymous/null-user login (refused unless allowed) */
  username: string;
  /** up to 20 bytes (the IPMI 2.0 Kuid) */
  password: string | Uint8Array;
  /** BMC key KG (up to 20 bytes), when the BMC has one set */
  kg?: Uint8Array;
  /** requested session privilege, default administrator */
  privilege?: PrivilegeName;
  /** cipher suites in order of preference, default [17, 3] */
  cipherSuites?: readonly CipherSuiteId[];
  /** explicit, per-BMC permission for insecure logins */
  allowInsecure?: { cipherSuite0?: boolean; anonymous?: boolean };
}

export interface SessionTuning {
  /** per attempt, default 1000 ms */
  timeoutMs?: number;
  /** retransmissions after the first attempt, default 3 */
  retries?: number;
  /** time limit for Get Channel Cipher Suites (ipmi_sim never answers it), default 400 ms */
  cipherSuiteProbeMs?: number;
  /** send a no-op command when the session was silent this long; 0 disables; default 15,000 ms */
  keepAliveMs?: number;
  /** RAKP 1 name-only lookup (bit 4 of the role), default true as ipmitool and FreeIPMI */
  nameOnlyLookup?: boolean;
  clock?: Clock;
  transportFactory?: TransportFactory;
  /** random bytes (session IDs, Rm, IVs); injectable for deterministic tests */
  random?: (n: number) => Uint8Array;
}

export type SessionOptions = BmcTarget & SessionTuning;

export type SecurityWarningCode =
  | 'cipher-suite-0'
  | 'anonymous-login'
  | 'empty-password'
  | 'bmc-anonymous-login-enabled'
  | 'bmc-null-usernames-enabled'
  | 'bmc-ipmi15-auth-none-enabled'
  | 'bmc-per-message-auth-disabled';

export interface SecurityWarning {
  code: SecurityWarningCode;
  message: string;
}

export interface ResolvedTarget {
  host: string;
  port: number;
  username: Uint8Array;
  kuid: Uint8Array;
  kg: Uint8Array | undefined;
  privilege: number;
  cipherSuites: CipherSuiteId[];
  warnings: SecurityWarning[];
}

const enc = new TextEncoder();

export function resolveTarget(t: BmcTarget): ResolvedTarget {
  const port = t.port ?? 623;
  if (!t.host) throw new IpmiError('invalid-argument', 'BMC host is empty');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new IpmiError('invalid-argument', `BMC port ${port} is not 1-65535`);
  const username = enc.encode(t.username);
  if (username.length > 16) throw new IpmiError('invalid-argument', `user name is ${username.length} bytes; IPMI allows at most 16`);
  const kuid = typeof t.password === 'string' ? enc.encode(t.password) : Uint8Array.from(t.password);
  if (kuid.length > 20) throw new IpmiError('invalid-argument', `password is ${kuid.length} bytes; IPMI 2.0 allows at most 20`);
  if (t.kg && t.kg.length > 20) throw new IpmiError('invalid-argument', `BMC key KG is ${t.kg.length} bytes; at most 20`);
  const kg = t.kg && t.kg.some((b) => b !== 0) ? Uint8Array.from(t.kg) : undefined;
  const privilege = Privilege[t.privilege ?? 'administrator'];
  const allow = t.allowInsecure ?? {};
  const suites = [...(t.cipherSuites ?? DEFAULT_CIPHER_SUITES)];
  if (suites.length === 0) throw new IpmiError('invalid-argument', 'no cipher suite to try');
  const warnings: SecurityWarning[] = [];
  for (const s of suites) {
    if (!isSupportedSuite(s)) throw new IpmiError('invalid-argument', `cipher suite ${String(s)} is not supported (use 17 or 3)`);
    if (s === 0) {
      if (!allow.cipherSuite0) {
        throw new IpmiError('insecure-refused', `cipher suite 0 (no authentication, no integrity, no encryption) refused for ${t.host}:${port}; allow it for this BMC only if you accept that anyone can control it`);
      }
      warnings.push({ code: 'cipher-suite-0', message: 'cipher suite 0: the session has no authentication, integrity or encryption' });
    }
  }
  if (username.length === 0) {
    if (!allow.anonymous) {
      throw new IpmiError('insecure-refused', `anonymous login (empty user name) refused for ${t.host}:${port}; give a user name, or allow anonymous login for this BMC`);
    }
    warnings.push({ code: 'anonymous-login', message: 'anonymous login: the BMC accepts a session without a user name' });
  }
  if (kuid.length === 0) warnings.push({ code: 'empty-password', message: 'the password is empty' });
  return { host: t.host, port, username, kuid, kg, privilege, cipherSuites: suites, warnings };
}

export interface ResolvedTuning {
  timeoutMs: number;
  retries: number;
  cipherSuiteProbeMs: number;
  keepAliveMs: number;
  nameOnlyLookup: boolean;
}

export function resolveTuning(t: SessionTuning): ResolvedTuning {
  const r = {
    timeoutMs: t.timeoutMs ?? 1000,
    retries: t.retries ?? 3,
    cipherSuiteProbeMs: t.cipherSuiteProbeMs ?? 400,
    keepAliveMs: t.keepAliveMs ?? 15_000,
    nameOnlyLookup: t.nameOnlyLookup ?? true,
  };
  if (!(r.timeoutMs > 0)) throw new IpmiError('invalid-argument', 'timeoutMs must be > 0');
  if (!Number.isInteger(r.retries) || r.retries < 0 || r.retries > 20) throw new IpmiError('invalid-argument', 'retries must be 0-20');
  if (!(r.keepAliveMs >= 0)) throw new IpmiError('invalid-argument', 'keepAliveMs must be >= 0');
  return r;
}
