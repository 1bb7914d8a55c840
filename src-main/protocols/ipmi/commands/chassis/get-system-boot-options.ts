// IPMI 2.0 §28.13 Get System Boot Options (Chassis 00h, cmd 09h), privilege Operator.
// request: parameter selector (6:0), set selector, block selector.
// response: parameter version (3:0, 1), valid/selector (bit 7 = 1 invalid/locked, 6:0 selector),
// parameter data.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface GetBootOptionRequest {
  parameter: number;
  setSelector: number;
  blockSelector: number;
}

export interface BootOptionResponse {
  version: number;
  parameter: number;
  invalid: boolean;
  data: Uint8Array;
}

const NAME = 'Get System Boot Options';

export const getSystemBootOptions = defineCommand<GetBootOptionRequest, BootOptionResponse>({
  name: NAME,
  section: 'IPMI 2.0 §28.13',
  netFn: NetFn.chassis,
  cmd: 0x09,
  privilege: 3,
  encodeRequest: (q) => Uint8Array.of(q.parameter & 0x7f, q.setSelector, q.blockSelector),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    return { parameter: r.u8('parameter selector') & 0x7f, setSelector: r.u8('set selector'), blockSelector: r.u8('block selector') };
  },
  encodeResponse: (s) => new ByteWriter(2 + s.data.length).u8(s.version & 0x0f).u8((s.invalid ? 0x80 : 0) | (s.parameter & 0x7f)).bytes(s.data).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    const version = r.u8('parameter version') & 0x0f;
    const p = r.u8('parameter selector');
    return { version, parameter: p & 0x7f, invalid: (p & 0x80) !== 0, data: r.rest() };
  },
});
