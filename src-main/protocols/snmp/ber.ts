// Just enough BER (X.690 §8.1-8.3) to find which request a datagram answers, before
// net-snmp decodes the whole message. Every read is bounds-checked: this runs on raw
// bytes from the network and must return null, never throw, on garbage.
//
// SNMPv1/v2c message (RFC 3416 / RFC 1901):      SNMPv3 message (RFC 3412 §6):
//   30 len                 Message                 30 len            SNMPv3Message
//     02 01 vv             version 0|1               02 01 03        msgVersion 3
//     04 len …             community                 30 len          msgGlobalData
//     Ax len               PDU (A0-A8)                 02 len id     msgID  ← the key
//       02 len id          request-id ← the key
export interface MessageHeader {
  /** 0 = v1, 1 = v2c, 3 = v3 */
  version: number;
  /** request-id (v1/v2c) or msgID (v3): what net-snmp matches a response against.
   * null for an SNMPv1 Trap-PDU (RFC 1157 §4.1.6), which has no request-id. */
  id: number | null;
  /** PDU tag (0xA0-0xA8) for v1/v2c; null for v3 (the PDU may be encrypted). */
  pduType: number | null;
}

interface Tlv {
  tag: number;
  /** offset of the first content byte */
  start: number;
  /** offset one past the last content byte */
  end: number;
}

function readTlv(buf: Uint8Array, off: number, limit: number): Tlv | null {
  if (off + 2 > limit) return null;
  const tag = buf[off]!;
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) return null; // indefinite or absurd length
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) return null;
  return { tag, start: p, end: p + len };
}

function readInteger(buf: Uint8Array, t: Tlv | null): number | null {
  if (!t || t.tag !== 0x02) return null;
  const n = t.end - t.start;
  if (n < 1 || n > 5) return null;
  let v = buf[t.start]! & 0x80 ? -1 : 0; // two's complement sign
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

/** Parse the message header; null when this is not a plausible SNMP message.
 * Stricter than net-snmp's decoder on purpose (it accepts any outer tag, versions other
 * than 0/1/3, an OCTET STRING as the version, lengths past the end): the message must be
 * one SEQUENCE that fills the datagram exactly (RFC 3417 §3.1: one message per datagram). */
export function readMessageHeader(buf: Uint8Array): MessageHeader | null {
  const outer = readTlv(buf, 0, buf.length);
  if (!outer || outer.tag !== 0x30 || outer.end !== buf.length) return null;
  const ver = readTlv(buf, outer.start, outer.end);
  const version = readInteger(buf, ver);
  if (ver === null || version === null) return null;
  if (version === 0 || version === 1) {
    const community = readTlv(buf, ver.end, outer.end);
    if (!community || community.tag !== 0x04) return null;
    const pdu = readTlv(buf, community.end, outer.end);
    if (!pdu || pdu.tag < 0xa0 || pdu.tag > 0xa8) return null;
    if (pdu.tag === 0xa4) {
      // v1 Trap-PDU: enterprise OBJECT IDENTIFIER first
      const enterprise = readTlv(buf, pdu.start, pdu.end);
      return version === 0 && enterprise?.tag === 0x06 ? { version, id: null, pduType: pdu.tag } : null;
    }
    const id = readInteger(buf, readTlv(buf, pdu.start, pdu.end));
    return id === null ? null : { version, id, pduType: pdu.tag };
  }
  if (version === 3) {
    const global = readTlv(buf, ver.end, outer.end);
    if (!global || global.tag !== 0x30) return null;
    const id = readInteger(buf, readTlv(buf, global.start, global.end));
    return id === null ? null : { version, id, pduType: null };
  }
  return null;
}
