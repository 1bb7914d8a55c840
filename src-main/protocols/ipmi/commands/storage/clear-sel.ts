// IPMI 2.0 §31.9 Clear SEL (Storage 0Ah, cmd 47h), privilege Operator.
// request: reservation ID (2, LE), 'C' 'L' 'R' (43h 4Ch 52h), action (AAh initiate erase,
// 00h get erasure status). response: erasure progress (bits 3:0: 0 in progress, 1 completed).
import { IpmiError } from '../../errors';
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface ClearSelRequest {
  reservationId: number;
  action: 'initiate' | 'status';
}

const NAME = 'Clear SEL';

export const clearSel = defineCommand<ClearSelRequest, { completed: boolean }>({
  name: NAME,
  section: 'IPMI 2.0 §31.9',
  netFn: NetFn.storage,
  cmd: 0x47,
  privilege: 3,
  encodeRequest: (q) => new ByteWriter(6).u16le(q.reservationId).bytes([0x43, 0x4c, 0x52]).u8(q.action === 'initiate' ? 0xaa : 0x00).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    const reservationId = r.u16le('reservation ID');
    const clr = r.bytes(3, 'CLR');
    if (clr[0] !== 0x43 || clr[1] !== 0x4c || clr[2] !== 0x52) throw new IpmiError('malformed', 'Clear SEL: missing "CLR"');
    const a = r.u8('action');
    if (a !== 0xaa && a !== 0x00) throw new IpmiError('malformed', `Clear SEL: unknown action ${a}`);
    return { reservationId, action: a === 0xaa ? 'initiate' : 'status' };
  },
  encodeResponse: (s) => Uint8Array.of(s.completed ? 1 : 0),
  decodeResponse: (d) => ({ completed: (reader(d, NAME, 'response').u8('erasure progress') & 0x0f) === 1 }),
});
