// IPMI 2.0 §22.24 Get Channel Info (App 06h, cmd 42h), privilege User.
// request: channel number (0Eh = the channel this request arrives on).
// response: channel number (3:0), medium type (6:0; 04h = 802.3 LAN), protocol type (4:0),
// session support (7:6) | active sessions (5:0), vendor IANA (3, LE), auxiliary info (2).
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface ChannelInfo {
  channel: number;
  mediumType: number;
  protocolType: number;
  sessionSupport: number;
  activeSessions: number;
  vendorIana: number;
  aux: number;
}

const NAME = 'Get Channel Info';

export const getChannelInfo = defineCommand<{ channel: number }, ChannelInfo>({
  name: NAME,
  section: 'IPMI 2.0 §22.24',
  netFn: NetFn.app,
  cmd: 0x42,
  privilege: 2,
  encodeRequest: (q) => Uint8Array.of(q.channel & 0x0f),
  decodeRequest: (d) => ({ channel: reader(d, NAME, 'request').u8('channel') & 0x0f }),
  encodeResponse: (s) => new ByteWriter(9).u8(s.channel).u8(s.mediumType).u8(s.protocolType).u8((s.sessionSupport << 6) | (s.activeSessions & 0x3f)).u24le(s.vendorIana).u16le(s.aux).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    const channel = r.u8('channel') & 0x0f;
    const mediumType = r.u8('medium type') & 0x7f;
    const protocolType = r.u8('protocol type') & 0x1f;
    const s = r.u8('session support');
    return { channel, mediumType, protocolType, sessionSupport: s >> 6, activeSessions: s & 0x3f, vendorIana: r.u24le('vendor IANA'), aux: r.u16le('aux info') };
  },
});
