// IPMI 2.0 §31.5 Get SEL Entry (Storage 0Ah, cmd 43h), privilege User.
// request: reservation ID (2, LE; 0 when reading whole records), record ID (2, LE; 0000h first,
// FFFFh last), offset (1), bytes to read (1; FFh = entire record).
// response: next record ID (2, LE; FFFFh after the last), record data (16 bytes, §32.1).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface GetSelEntryRequest {
  reservationId: number;
  recordId: number;
  offset: number;
  length: number;
}

export interface GetSelEntryResponse {
  nextRecordId: number;
  data: Uint8Array;
}

const NAME = 'Get SEL Entry';

export const getSelEntry = defineCommand<GetSelEntryRequest, GetSelEntryResponse>({
  name: NAME,
  section: 'IPMI 2.0 §31.5',
  netFn: NetFn.storage,
  cmd: 0x43,
  privilege: 2,
  encodeRequest: (q) => new ByteWriter(6).u16le(q.reservationId).u16le(q.recordId).u8(q.offset).u8(q.length).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    return { reservationId: r.u16le('reservation ID'), recordId: r.u16le('record ID'), offset: r.u8('offset'), length: r.u8('bytes to read') };
  },
  encodeResponse: (s) => new ByteWriter(18).u16le(s.nextRecordId).bytes(s.data).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    return { nextRecordId: r.u16le('next record ID'), data: r.rest() };
  },
});
