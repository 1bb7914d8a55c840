// IPMI 2.0 §31.4 Reserve SEL (Storage 0Ah, cmd 42h), privilege User.
// response: reservation ID (2, LE), required by Clear SEL and partial Get SEL Entry reads.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

const NAME = 'Reserve SEL';

export const reserveSel = defineCommand<void, { reservationId: number }>({
  name: NAME,
  section: 'IPMI 2.0 §31.4',
  netFn: NetFn.storage,
  cmd: 0x42,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse: (s) => new ByteWriter(2).u16le(s.reservationId).toBytes(),
  decodeResponse: (d) => ({ reservationId: reader(d, NAME, 'response').u16le('reservation ID') }),
});
