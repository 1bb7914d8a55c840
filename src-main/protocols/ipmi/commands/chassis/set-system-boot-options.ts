// IPMI 2.0 §28.12 Set System Boot Options (Chassis 00h, cmd 08h), privilege Operator.
// request: parameter valid (bit 7 = 1 marks the parameter invalid/locked) | selector (6:0),
// then the parameter data (Table 28-14). response: completion code only.
// Boot flags (parameter 5) are encoded by boot-flags.ts.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

export const BootParameter = { setInProgress: 0, bootInfoAcknowledge: 4, bootFlags: 5 } as const;

export interface SetBootOptionRequest {
  parameter: number;
  markInvalid: boolean;
  data: Uint8Array;
}

const NAME = 'Set System Boot Options';

export const setSystemBootOptions = defineCommand<SetBootOptionRequest, void>({
  name: NAME,
  section: 'IPMI 2.0 §28.12',
  netFn: NetFn.chassis,
  cmd: 0x08,
  privilege: 3,
  encodeRequest: (q) => new ByteWriter(1 + q.data.length).u8((q.markInvalid ? 0x80 : 0) | (q.parameter & 0x7f)).bytes(q.data).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    const p = r.u8('parameter selector');
    return { parameter: p & 0x7f, markInvalid: (p & 0x80) !== 0, data: r.rest() };
  },
  encodeResponse: empty.encode,
  decodeResponse: empty.decode,
});
