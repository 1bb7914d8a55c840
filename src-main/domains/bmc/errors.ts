// IPMI failures as the people at the drawer read them: which server, which BMC, what went
// wrong and what to do. Domain errors (bad config, no password) pass through unchanged.
import { assertNever } from '../../../shared/assert';
import { DomainError, precondition } from '../../core/errors';
import { isIpmiError } from '../../protocols/ipmi/index';

export function ipmiProblem(err: unknown, name: string, bmc: string): string {
  if (err instanceof DomainError) return err.message;
  if (!isIpmiError(err)) return `${name}: ${err instanceof Error ? err.message : String(err)}`;
  switch (err.code) {
    case 'timeout':
      return `The BMC of ${name} (${bmc}) does not answer. Check its address, port and network (UDP ${bmc.split(':').pop() ?? '623'}).`;
    case 'auth-failed':
    case 'rakp-status':
      return `The BMC of ${name} (${bmc}) refused the login: wrong user name or password (${err.message}).`;
    case 'no-cipher-suite':
      return `The BMC of ${name} (${bmc}) accepts none of the allowed cipher suites (${err.message}). Allow another suite in its settings if you trust it.`;
    case 'insecure-refused':
      return `${name}: ${err.message}`;
    case 'privilege':
      return `The BMC user of ${name} lacks the privilege for this (${err.message}). Use an operator or administrator account.`;
    case 'completion-code':
      return `The BMC of ${name} (${bmc}) refused the command: ${err.message}`;
    case 'sol':
      return `Serial-over-LAN on ${name} (${bmc}): ${err.message}`;
    case 'malformed':
    case 'session-closed':
    case 'invalid-argument':
    case 'unsupported':
      return `${name} (${bmc}): ${err.message}`;
    default:
      return assertNever(err.code);
  }
}

/** For procedures: any failure talking to a BMC as a precondition error with that text. */
export function asDomainError(err: unknown, name: string, bmc: string): DomainError {
  if (err instanceof DomainError) return err;
  return precondition(ipmiProblem(err, name, bmc));
}
