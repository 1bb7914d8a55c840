// net-snmp's raw varbinds → typed Varbind (counters as bigint, printable strings as text).
import type { RawVarbind } from 'net-snmp';
import type { Varbind, VarbindType } from './types';

/** ASN.1 / SMI tags (RFC 2578 §7.1, RFC 3416 §3). */
const TYPES: Record<number, VarbindType> = {
  1: 'Boolean', 2: 'Integer', 3: 'BitString', 4: 'OctetString', 5: 'Null', 6: 'OID',
  64: 'IpAddress', 65: 'Counter32', 66: 'Gauge32', 67: 'TimeTicks', 68: 'Opaque', 70: 'Counter64',
  128: 'NoSuchObject', 129: 'NoSuchInstance', 130: 'EndOfMibView',
};

const OID_RE = /^\d+(\.\d+)+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Unsigned big-endian bytes → bigint, reduced to 64 bits. Unsigned on purpose: Counter64
 * is unsigned, and some agents omit the leading 0x00 BER needs for values ≥ 2^63. */
export function bytesToBigUint(b: Uint8Array): bigint {
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  return BigInt.asUintN(64, v);
}

export function isPrintable(s: string): boolean {
  // tab, LF, CR allowed; other C0 controls, DEL and C1 controls are not
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s);
}

/** OctetString bytes as text when printable UTF-8, else "0x" + hex. A trailing NUL, which
 * some agents append to sysDescr/ifDescr, is dropped from the text. */
export function octetsToText(b: Buffer): string {
  const trimmed = b.length > 0 && b[b.length - 1] === 0 ? b.subarray(0, b.length - 1) : b;
  try {
    const s = utf8.decode(trimmed);
    if (isPrintable(s)) return s;
  } catch {
    /* not UTF-8 */
  }
  return '0x' + b.toString('hex');
}

export function isException(vb: { type: number | VarbindType }): boolean {
  return vb.type === 128 || vb.type === 129 || vb.type === 130 ||
    vb.type === 'NoSuchObject' || vb.type === 'NoSuchInstance' || vb.type === 'EndOfMibView';
}

export function validOid(oid: unknown): oid is string {
  return typeof oid === 'string' && OID_RE.test(oid);
}

/** Convert one raw varbind. Never throws: a value that does not fit its type becomes null. */
export function toVarbind(raw: RawVarbind): Varbind {
  const type = TYPES[raw.type] ?? 'Unknown';
  const v = raw.value;
  const oid = typeof raw.oid === 'string' ? raw.oid : String(raw.oid);
  switch (type) {
    case 'Counter32':
      return { oid, type, value: typeof v === 'number' ? BigInt(v >>> 0) : null };
    case 'Counter64':
      return { oid, type, value: Buffer.isBuffer(v) && v.length <= 9 ? bytesToBigUint(v) : null };
    case 'Integer':
    case 'Gauge32':
    case 'TimeTicks':
      return { oid, type, value: typeof v === 'number' && Number.isFinite(v) ? v : null };
    case 'OctetString':
    case 'Opaque':
      return Buffer.isBuffer(v) ? { oid, type, value: octetsToText(v), bytes: v } : { oid, type, value: null };
    case 'OID':
    case 'IpAddress':
    case 'BitString':
      return { oid, type, value: typeof v === 'string' ? v : null };
    case 'Boolean':
      return { oid, type, value: typeof v === 'boolean' ? v : null };
    case 'Null':
    case 'NoSuchObject':
    case 'NoSuchInstance':
    case 'EndOfMibView':
    case 'Unknown':
      return { oid, type, value: null };
  }
}

/** Numeric value of an Integer/Gauge/TimeTicks/Counter varbind, or undefined. */
export function num(vb: Varbind | undefined): number | undefined {
  if (!vb) return undefined;
  if (typeof vb.value === 'number') return vb.value;
  if (typeof vb.value === 'bigint') return Number(vb.value);
  return undefined;
}

export function big(vb: Varbind | undefined): bigint | undefined {
  if (!vb) return undefined;
  if (typeof vb.value === 'bigint') return vb.value;
  if (typeof vb.value === 'number' && Number.isInteger(vb.value) && vb.value >= 0) return BigInt(vb.value);
  return undefined;
}

export function text(vb: Varbind | undefined): string | undefined {
  if (!vb) return undefined;
  return typeof vb.value === 'string' ? vb.value : undefined;
}
