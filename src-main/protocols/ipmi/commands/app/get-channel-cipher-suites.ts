// IPMI 2.0 §22.15 Get Channel Cipher Suites (App 06h, cmd 54h), may be sent outside a session.
// request: channel (0Eh = this one), payload type (00h IPMI), list index (bit 7 = 1 "list
// algorithms by cipher suite", bits 5:0 index of the 16-byte block). response: channel, up to 16
// bytes of cipher suite records; a block shorter than 16 bytes is the last (§22.15.1). Records:
// C0h suite-id auth (00h|alg) integrity (40h|alg) confidentiality (80h|alg), or C1h suite-id
// IANA(3) ... for OEM suites (Table 22-19). Some BMCs (ipmi_sim) never answer this command.
import { IpmiError } from '../../errors';
import { ByteReader, ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface ChannelCipherSuitesRequest {
  channel: number;
  payloadType: number;
  listByCipherSuite: boolean;
  index: number;
}

export interface ChannelCipherSuitesResponse {
  channel: number;
  data: Uint8Array;
}

const NAME = 'Get Channel Cipher Suites';

export const getChannelCipherSuites = defineCommand<ChannelCipherSuitesRequest, ChannelCipherSuitesResponse>({
  name: NAME,
  section: 'IPMI 2.0 §22.15',
  netFn: NetFn.app,
  cmd: 0x54,
  privilege: 0,
  encodeRequest: (q) => Uint8Array.of(q.channel & 0x0f, q.payloadType & 0x3f, (q.listByCipherSuite ? 0x80 : 0) | (q.index & 0x3f)),
  decodeRequest(data) {
    const r = reader(data, NAME, 'request');
    const channel = r.u8('channel') & 0x0f;
    const payloadType = r.u8('payload type') & 0x3f;
    const li = r.u8('list index');
    return { channel, payloadType, listByCipherSuite: (li & 0x80) !== 0, index: li & 0x3f };
  },
  encodeResponse: (s) => new ByteWriter(17).u8(s.channel).bytes(s.data).toBytes(),
  decodeResponse(data) {
    const r = reader(data, NAME, 'response');
    const channel = r.u8('channel');
    const rest = r.rest();
    if (rest.length > 16) throw new IpmiError('malformed', `Get Channel Cipher Suites: ${rest.length} record bytes in one block (max 16)`);
    return { channel, data: rest };
  },
});

export interface CipherSuiteRecord {
  id: number;
  oemIana?: number;
  auth: number[];
  integrity: number[];
  confidentiality: number[];
}

/** Parses the concatenated record blocks into cipher suite records. */
export function parseCipherSuiteRecords(all: Uint8Array): CipherSuiteRecord[] {
  const out: CipherSuiteRecord[] = [];
  const r = new ByteReader(all, 'cipher suite records');
  while (r.remaining > 0) {
    const start = r.u8('record start');
    if (start !== 0xc0 && start !== 0xc1) throw new IpmiError('malformed', `cipher suite records: ${start.toString(16)}h is not a record start`);
    const rec: CipherSuiteRecord = { id: r.u8('cipher suite ID'), auth: [], integrity: [], confidentiality: [] };
    if (start === 0xc1) rec.oemIana = r.u24le('OEM IANA');
    while (r.remaining > 0) {
      const peek = all[r.offset] as number;
      if (peek === 0xc0 || peek === 0xc1) break;
      const b = r.u8();
      const tag = b >> 6;
      if (tag === 0) rec.auth.push(b & 0x3f);
      else if (tag === 1) rec.integrity.push(b & 0x3f);
      else if (tag === 2) rec.confidentiality.push(b & 0x3f);
      else throw new IpmiError('malformed', `cipher suite records: stray byte ${b.toString(16)}h`);
    }
    out.push(rec);
  }
  return out;
}
