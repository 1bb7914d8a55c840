// IPMI 2.0 §24.2 Deactivate Payload (App 06h, cmd 49h), privilege User (the caller may
// deactivate an instance that another session activated, which is how a stale SOL is taken over).
// request: payload type (5:0), payload instance (3:0), aux data (4, zero). response: cc only
// (80h = payload already deactivated).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

export const PAYLOAD_ALREADY_DEACTIVATED = 0x80;

const NAME = 'Deactivate Payload';

export const deactivatePayload = defineCommand<{ payloadType: number; instance: number }, void>({
  name: NAME,
  section: 'IPMI 2.0 §24.2',
  netFn: NetFn.app,
  cmd: 0x49,
  privilege: 2,
  encodeRequest: (q) => new ByteWriter(6).u8(q.payloadType & 0x3f).u8(q.instance & 0x0f).fill(0, 4).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    const payloadType = r.u8('payload type') & 0x3f;
    const instance = r.u8('instance') & 0x0f;
    return { payloadType, instance };
  },
  encodeResponse: empty.encode,
  decodeResponse: empty.decode,
});
