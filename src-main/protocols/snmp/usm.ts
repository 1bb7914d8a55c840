// SNMPv3 USM credentials → net-snmp's user object (RFC 3414). The security level follows
// from the keys given: none → noAuthNoPriv, authKey → authNoPriv, both → authPriv.
// Defaults SHA and AES (AES-128, RFC 3826): MD5 and DES are accepted when asked for.
import snmp, { type User } from 'net-snmp';
import type { AuthProtocol, PrivProtocol } from './types';

export interface UsmUser {
  name: string;
  authProtocol?: AuthProtocol;
  authKey?: string;
  privProtocol?: PrivProtocol;
  privKey?: string;
}

export function toNetSnmpUser(u: UsmUser): User {
  const level = u.authKey ? (u.privKey ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv) : snmp.SecurityLevel.noAuthNoPriv;
  const user: User = { name: u.name, level };
  if (u.authKey) {
    user.authProtocol = snmp.AuthProtocols[u.authProtocol ?? 'sha'];
    user.authKey = u.authKey;
    if (u.privKey) {
      user.privProtocol = snmp.PrivProtocols[u.privProtocol ?? 'aes'];
      user.privKey = u.privKey;
    }
  }
  return user;
}
