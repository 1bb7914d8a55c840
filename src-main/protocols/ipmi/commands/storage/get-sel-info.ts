// IPMI 2.0 §31.2 Get SEL Info (Storage 0Ah, cmd 40h), privilege User.
// response: SEL version (51h), entries (2, LE), free space in bytes (2, LE), most recent
// addition timestamp (4, LE), most recent erase timestamp (4, LE), operation support (bit 7
// overflow, bit 3 delete, bit 2 partial add, bit 1 reserve, bit 0 get allocation info).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, bit, defineCommand, empty, reader } from '../command';

export interface SelInfo {
  version: number;
  entries: number;
  freeSpace: number;
  lastAddition: number;
  lastErase: number;
  overflow: boolean;
  supportsDelete: boolean;
  supportsReserve: boolean;
  operationSupport: number;
}

const NAME = 'Get SEL Info';

export const getSelInfo = defineCommand<void, SelInfo>({
  name: NAME,
  section: 'IPMI 2.0 §31.2',
  netFn: NetFn.storage,
  cmd: 0x40,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse: (s) => new ByteWriter(14).u8(s.version).u16le(s.entries).u16le(s.freeSpace).u32le(s.lastAddition).u32le(s.lastErase).u8(s.operationSupport).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    const version = r.u8('SEL version');
    const entries = r.u16le('entries');
    const freeSpace = r.u16le('free space');
    const lastAddition = r.u32le('addition timestamp');
    const lastErase = r.u32le('erase timestamp');
    const op = r.u8('operation support');
    return { version, entries, freeSpace, lastAddition, lastErase, overflow: bit(op, 7), supportsDelete: bit(op, 3), supportsReserve: bit(op, 1), operationSupport: op };
  },
});
