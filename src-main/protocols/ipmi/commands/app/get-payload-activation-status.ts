// IPMI 2.0 §24.4 Get Payload Activation Status (App 06h, cmd 4Ah), privilege User.
// request: payload type. response: instance capacity (3:0), activation status (2 bytes, LE
// bit n = instance n+1 active).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface PayloadActivationStatus {
  capacity: number;
  /** active instance numbers (1-based) */
  active: number[];
}

const NAME = 'Get Payload Activation Status';

export const getPayloadActivationStatus = defineCommand<{ payloadType: number }, PayloadActivationStatus>({
  name: NAME,
  section: 'IPMI 2.0 §24.4',
  netFn: NetFn.app,
  cmd: 0x4a,
  privilege: 2,
  encodeRequest: (q) => Uint8Array.of(q.payloadType & 0x3f),
  decodeRequest: (d) => ({ payloadType: reader(d, NAME, 'request').u8('payload type') & 0x3f }),
  encodeResponse(s) {
    let mask = 0;
    for (const i of s.active) if (i >= 1 && i <= 16) mask |= 1 << (i - 1);
    return new ByteWriter(3).u8(s.capacity & 0x0f).u16le(mask).toBytes();
  },
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    const capacity = r.u8('instance capacity') & 0x0f;
    const mask = r.u16le('activation status');
    const active: number[] = [];
    for (let i = 0; i < 16; i++) if ((mask >> i) & 1) active.push(i + 1);
    return { capacity, active };
  },
});
