// Typed errors of the IPMI library. Every failure a caller can see is an IpmiError with a
// `code`, so that pollers and the UI can tell "wrong password" from "BMC silent" from a
// malformed packet without parsing messages.

export type IpmiErrorCode =
  | 'malformed' // a packet or record could not be decoded (never thrown to callers for network input: counted and dropped)
  | 'timeout' // no answer after the configured retries
  | 'auth-failed' // RAKP 2/4 did not verify, or the BMC refused the user name
  | 'rakp-status' // the BMC answered an RMCP+ handshake message with an error status
  | 'completion-code' // an IPMI command answered with a non-zero completion code
  | 'insecure-refused' // cipher suite 0, "none" authentication or anonymous login without the per-BMC option
  | 'no-cipher-suite' // no cipher suite both sides accept
  | 'privilege' // the session's privilege level is too low for the command
  | 'session-closed' // the session was closed (by us, by the idle timer, or because it was lost)
  | 'invalid-argument' // a caller passed something impossible (a 21-byte password, port 0, ...)
  | 'unsupported' // the BMC does not support a feature we need
  | 'sol'; // Serial-over-LAN protocol failure

export interface IpmiErrorDetails {
  /** "host:port" of the BMC, when the error is about one */
  bmc?: string;
  /** IPMI completion code (§5.2), for code 'completion-code' */
  completionCode?: number;
  /** RMCP+ status code (§13.24), for codes 'rakp-status' and 'auth-failed' */
  rakpStatus?: number;
  cause?: unknown;
}

export class IpmiError extends Error {
  override readonly name = 'IpmiError';
  readonly code: IpmiErrorCode;
  readonly bmc: string | undefined;
  readonly completionCode: number | undefined;
  readonly rakpStatus: number | undefined;

  constructor(code: IpmiErrorCode, message: string, details: IpmiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.bmc = details.bmc;
    this.completionCode = details.completionCode;
    this.rakpStatus = details.rakpStatus;
  }
}

export function isIpmiError(e: unknown, code?: IpmiErrorCode): e is IpmiError {
  return e instanceof IpmiError && (code === undefined || e.code === code);
}

export function assertNever(x: never, what = 'value'): never {
  throw new IpmiError('invalid-argument', `unexpected ${what}: ${String(x)}`);
}

// IPMI 2.0 §5.2 Table 5-2, Completion Codes
const COMPLETION_CODES: Readonly<Record<number, string>> = {
  0x00: 'command completed normally',
  0xc0: 'node busy',
  0xc1: 'invalid command',
  0xc2: 'command invalid for given LUN',
  0xc3: 'timeout while processing command',
  0xc4: 'out of space',
  0xc5: 'reservation canceled or invalid reservation ID',
  0xc6: 'request data truncated',
  0xc7: 'request data length invalid',
  0xc8: 'request data field length limit exceeded',
  0xc9: 'parameter out of range',
  0xca: 'cannot return number of requested data bytes',
  0xcb: 'requested sensor, data, or record not present',
  0xcc: 'invalid data field in request',
  0xcd: 'command illegal for specified sensor or record type',
  0xce: 'command response could not be provided',
  0xcf: 'cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'device in firmware update mode',
  0xd2: 'BMC initialization in progress',
  0xd3: 'destination unavailable',
  0xd4: 'insufficient privilege level',
  0xd5: 'command not supported in present state',
  0xd6: 'command sub-function disabled or unavailable',
  0xff: 'unspecified error',
};

export function completionCodeText(cc: number): string {
  const known = COMPLETION_CODES[cc];
  if (known) return known;
  if (cc >= 0x01 && cc <= 0x7e) return 'OEM completion code';
  if (cc >= 0x80 && cc <= 0xbe) return 'command-specific completion code';
  return 'unknown completion code';
}

export function hex2(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}
