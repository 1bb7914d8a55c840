// RMCP+ and RAKP message status codes (IPMI 2.0 §13.24, Table 13-15).

export const RakpStatus = {
  ok: 0x00,
  insufficientResources: 0x01,
  invalidSessionId: 0x02,
  invalidPayloadType: 0x03,
  invalidAuthAlgorithm: 0x04,
  invalidIntegrityAlgorithm: 0x05,
  noMatchingAuthPayload: 0x06,
  noMatchingIntegrityPayload: 0x07,
  inactiveSessionId: 0x08,
  invalidRole: 0x09,
  unauthorizedRole: 0x0a,
  insufficientResourcesForRole: 0x0b,
  invalidNameLength: 0x0c,
  unauthorizedName: 0x0d,
  unauthorizedGuid: 0x0e,
  invalidIntegrityCheckValue: 0x0f,
  invalidConfidentialityAlgorithm: 0x10,
  noCipherSuiteMatch: 0x11,
  illegalParameter: 0x12,
} as const;

const TEXT: Readonly<Record<number, string>> = {
  0x00: 'no errors',
  0x01: 'insufficient resources to create a session',
  0x02: 'invalid session ID',
  0x03: 'invalid payload type',
  0x04: 'invalid authentication algorithm',
  0x05: 'invalid integrity algorithm',
  0x06: 'no matching authentication payload',
  0x07: 'no matching integrity payload',
  0x08: 'inactive session ID',
  0x09: 'invalid role',
  0x0a: 'unauthorized role or privilege level requested',
  0x0b: 'insufficient resources to create a session at the requested role',
  0x0c: 'invalid name length',
  0x0d: 'unauthorized name',
  0x0e: 'unauthorized GUID',
  0x0f: 'invalid integrity check value',
  0x10: 'invalid confidentiality algorithm',
  0x11: 'no cipher suite match with proposed security algorithms',
  0x12: 'illegal or unrecognized parameter',
};

export function rakpStatusText(code: number): string {
  return TEXT[code] ?? `unknown RMCP+ status ${code}`;
}

/** statuses that mean "this BMC does not do that cipher suite": try the next one */
export function isAlgorithmRejection(code: number): boolean {
  return code === 0x04 || code === 0x05 || code === 0x06 || code === 0x07 || code === 0x10 || code === 0x11;
}
