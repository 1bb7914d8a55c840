// IPMI 2.0 §13.8 (and IPMB §5): the IPMI message checksums are 2's-complement sums, so that
// the covered bytes plus the checksum add up to 0 modulo 256.

export function checksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + (bytes[i] as number)) & 0xff;
  return (0x100 - sum) & 0xff;
}

export function checksumOk(bytes: Uint8Array, start: number, endInclusive: number): boolean {
  let sum = 0;
  for (let i = start; i <= endInclusive; i++) sum = (sum + (bytes[i] as number)) & 0xff;
  return sum === 0;
}
