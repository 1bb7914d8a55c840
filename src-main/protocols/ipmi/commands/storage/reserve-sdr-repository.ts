// IPMI 2.0 §33.11 Reserve SDR Repository (Storage 0Ah, cmd 22h), privilege User.
// response: reservation ID (2, LE), needed for partial Get SDR reads (offset != 0); a new
// reservation or a repository change cancels it (completion code C5h).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

const NAME = 'Reserve SDR Repository';

export const reserveSdrRepository = defineCommand<void, { reservationId: number }>({
  name: NAME,
  section: 'IPMI 2.0 §33.11',
  netFn: NetFn.storage,
  cmd: 0x22,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse: (s) => new ByteWriter(2).u16le(s.reservationId).toBytes(),
  decodeResponse: (d) => ({ reservationId: reader(d, NAME, 'response').u16le('reservation ID') }),
});
