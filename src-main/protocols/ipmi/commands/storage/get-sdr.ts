// IPMI 2.0 §33.12 Get SDR (Storage 0Ah, cmd 23h), privilege User.
// request: reservation ID (2, LE; 0 allowed only for offset 0), record ID (2, LE; 0000h =
// first), offset into record (1), bytes to read (1; FFh = entire record).
// response: next record ID (2, LE; FFFFh = last), record data.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface GetSdrRequest {
  reservationId: number;
  recordId: number;
  offset: number;
  length: number;
}

export interface GetSdrResponse {
  nextRecordId: number;
  data: Uint8Array;
}

const NAME = 'Get SDR';

export const getSdr = defineCommand<GetSdrRequest, GetSdrResponse>({
  name: NAME,
  section: 'IPMI 2.0 §33.12',
  netFn: NetFn.storage,
  cmd: 0x23,
  privilege: 2,
  encodeRequest: (q) => new ByteWriter(6).u16le(q.reservationId).u16le(q.recordId).u8(q.offset).u8(q.length).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    return { reservationId: r.u16le('reservation ID'), recordId: r.u16le('record ID'), offset: r.u8('offset'), length: r.u8('bytes to read') };
  },
  encodeResponse: (s) => new ByteWriter(2 + s.data.length).u16le(s.nextRecordId).bytes(s.data).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    return { nextRecordId: r.u16le('next record ID'), data: r.rest() };
  },
});
