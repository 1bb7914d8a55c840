// Typed SNMP errors. The poller decides device state from `kind`:
//   timeout  → the agent did not answer: the caller marks the device DOWN/UNKNOWN.
//              In v1/v2c a wrong community ALSO ends here: agents drop such requests
//              silently (RFC 3584 §5.2.1 / RFC 1157 §4.1: "discarded"), so on the wire a
//              wrong community and a dead agent are the same silence.
//   auth     → the agent answered but refused our credentials. In v3 this is a Report PDU
//              with a usmStats counter (RFC 3414 §3.2): unknown user name, wrong digest
//              (auth key), decryption error (priv key), unsupported security level. The
//              agent is alive: this is NOT "down". Also authorizationError (VACM, RFC 3416).
//   protocol → the agent answered something we cannot use (error-status, malformed PDU,
//              non-increasing OIDs, socket closed under the request).
//   config   → the request could not be made (bad OID, bad host name, SNMPv1 asked).
import snmp from 'net-snmp';

export type SnmpErrorKind = 'timeout' | 'auth' | 'protocol' | 'config';

export class SnmpError extends Error {
  override readonly name = 'SnmpError';
  constructor(
    readonly kind: SnmpErrorKind,
    message: string,
    /** A short machine-readable reason, e.g. "usmStatsWrongDigests", "tooBig", "genErr". */
    readonly reason: string,
    /** "host:port" the request went to, when known. */
    readonly target?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** usmStats.N (RFC 3414 §5) as net-snmp names them in ResponseInvalidError messages. */
const USM_REASONS: [RegExp, string, string][] = [
  [/unknown user name/i, 'usmStatsUnknownUserNames', 'the agent does not know this SNMPv3 user name'],
  [/wrong digest/i, 'usmStatsWrongDigests', 'the SNMPv3 authentication key or protocol is wrong'],
  [/decryption error/i, 'usmStatsDecryptionErrors', 'the SNMPv3 privacy key or protocol is wrong'],
  [/unsupported security level/i, 'usmStatsUnsupportedSecLevels', 'the user does not allow this security level (authNoPriv/authPriv)'],
  [/not in time window/i, 'usmStatsNotInTimeWindows', 'the agent rejected our notion of its engine time (it may have restarted)'],
  [/unknown engine id/i, 'usmStatsUnknownEngineIDs', 'engine ID discovery with the agent failed'],
];

/** Map anything net-snmp (or a socket) hands back into an SnmpError. */
export function classifyError(err: unknown, target: string): SnmpError {
  if (err instanceof SnmpError) return err;
  if (err instanceof snmp.RequestTimedOutError) {
    return new SnmpError('timeout', `no answer from ${target}`, 'timeout', target, { cause: err });
  }
  if (err instanceof snmp.ResponseInvalidError) {
    const codes = snmp.ResponseInvalidCode;
    if (err.code === codes.EAuthFailure || err.code === codes.ECouldNotDecrypt) {
      for (const [re, reason, text] of USM_REASONS) {
        if (re.test(err.message)) return new SnmpError('auth', `${target}: ${text}`, reason, target, { cause: err });
      }
      const reason = err.code === codes.ECouldNotDecrypt ? 'decrypt' : 'authFailure';
      return new SnmpError('auth', `${target}: the answer failed SNMPv3 checks (${err.message.slice(0, 120)})`, reason, target, { cause: err });
    }
    if (err.code === codes.ENotInTimeWindow) {
      return new SnmpError('auth', `${target}: answer outside the SNMPv3 time window`, 'usmStatsNotInTimeWindows', target, { cause: err });
    }
    return new SnmpError('protocol', `${target}: invalid answer (${err.message.slice(0, 160)})`, 'invalidResponse', target, { cause: err });
  }
  if (err instanceof snmp.RequestFailedError) {
    const name = statusName(err.status);
    if (name === 'authorizationError' || name === 'noAccess') {
      return new SnmpError('auth', `${target}: the agent refused access to this object (${name})`, name, target, { cause: err });
    }
    return new SnmpError('protocol', `${target}: the agent answered ${err.message}`, name, target, { cause: err });
  }
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && /^(ENOTFOUND|EAI_AGAIN|EINVAL|EADDRNOTAVAIL)$/.test(e.code)) {
    return new SnmpError('config', `${target}: cannot send (${e.code})`, e.code, target, { cause: err });
  }
  const msg = e && typeof e.message === 'string' ? e.message : String(err);
  if (/socket (forcibly )?closed/i.test(msg)) {
    return new SnmpError('protocol', `${target}: request cancelled (session closed)`, 'closed', target, { cause: err });
  }
  return new SnmpError('protocol', `${target}: ${msg.slice(0, 200)}`, 'other', target, { cause: err });
}

/** RFC 3416 §3 error-status names. net-snmp hands a number, or for a value outside its
 * table the string "GeneralError". */
export function statusName(status: number | string): string {
  if (typeof status === 'string') return status === 'GeneralError' ? 'genErr' : status.charAt(0).toLowerCase() + status.slice(1);
  const names: Record<number, string> = {
    0: 'noError', 1: 'tooBig', 2: 'noSuchName', 3: 'badValue', 4: 'readOnly', 5: 'genErr',
    6: 'noAccess', 7: 'wrongType', 8: 'wrongLength', 9: 'wrongEncoding', 10: 'wrongValue',
    11: 'noCreation', 12: 'inconsistentValue', 13: 'resourceUnavailable', 14: 'commitFailed',
    15: 'undoFailed', 16: 'authorizationError', 17: 'notWritable', 18: 'inconsistentName',
  };
  return names[status] ?? `errorStatus${status}`;
}

/** What an operator should do about an error: used by the CLI and handy for UIs. */
export function adviceFor(err: SnmpError, version: 'v2c' | 'v3'): string {
  switch (err.kind) {
    case 'timeout':
      return version === 'v2c'
        ? 'The agent did not answer. It is down or unreachable (host, port, firewall), or the community is wrong: SNMP v2c agents ignore a wrong community silently, so both look the same.'
        : 'The agent did not answer. Check that it is up and reachable (host, port, firewall) and that it has SNMPv3 enabled.';
    case 'auth':
      return 'The agent is alive but refused the credentials: check the SNMPv3 user name, auth/priv protocols and keys (or the VACM view for this user).';
    case 'protocol':
      return 'The agent answered something unusable; try again, or walk the OID with --json to see what it returns.';
    case 'config':
      return 'Check the host name, port and OID syntax.';
    default:
      return assertNever(err.kind);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
