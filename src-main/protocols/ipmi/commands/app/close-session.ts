// IPMI 2.0 §22.19 Close Session (App 06h, cmd 3Ch), privilege Callback.
// request: the BMC's session ID (4, LE) [and a session handle only when the ID is 0].
// response: completion code only.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

const NAME = 'Close Session';

export const closeSession = defineCommand<{ sessionId: number }, void>({
  name: NAME,
  section: 'IPMI 2.0 §22.19',
  netFn: NetFn.app,
  cmd: 0x3c,
  privilege: 1,
  encodeRequest: (q) => new ByteWriter(4).u32le(q.sessionId).toBytes(),
  decodeRequest: (d) => ({ sessionId: reader(d, NAME, 'request').u32le('session ID') }),
  encodeResponse: empty.encode,
  decodeResponse: empty.decode,
});
