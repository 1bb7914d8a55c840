// IPMI 2.0 §33.9 Get SDR Repository Info (Storage 0Ah, cmd 20h), privilege User.
// response: SDR version (51h), record count (2, LE), free space (2, LE), most recent addition
// timestamp (4, LE), most recent erase timestamp (4, LE), operation support.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

export interface SdrRepositoryInfo {
  version: number;
  recordCount: number;
  freeSpace: number;
  lastAddition: number;
  lastErase: number;
  operationSupport: number;
}

const NAME = 'Get SDR Repository Info';

export const getSdrRepositoryInfo = defineCommand<void, SdrRepositoryInfo>({
  name: NAME,
  section: 'IPMI 2.0 §33.9',
  netFn: NetFn.storage,
  cmd: 0x20,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse: (s) => new ByteWriter(14).u8(s.version).u16le(s.recordCount).u16le(s.freeSpace).u32le(s.lastAddition).u32le(s.lastErase).u8(s.operationSupport).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    return {
      version: r.u8('SDR version'),
      recordCount: r.u16le('record count'),
      freeSpace: r.u16le('free space'),
      lastAddition: r.u32le('addition timestamp'),
      lastErase: r.u32le('erase timestamp'),
      operationSupport: r.u8('operation support'),
    };
  },
});
