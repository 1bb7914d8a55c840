// IPMI 2.0 §22.13 Get Channel Authentication Capabilities (App 06h, cmd 38h), sent outside a
// session. request: channel (bit 7 = 1 asks for IPMI 2.0 extended data; 0Eh = this channel),
// requested max privilege. response: channel, auth type support (bit 7 = extended data
// present, bit 0 none, 1 MD2, 2 MD5, 4 straight password, 5 OEM), flags (bit 5 KG non-zero,
// bit 4 per-message auth disabled, bit 3 user-level auth disabled, bit 2 non-null user names,
// bit 1 null user names, bit 0 anonymous login enabled), extended capabilities (bit 1 IPMI
// 2.0 connections, bit 0 IPMI 1.5), OEM ID (3, LE), OEM auxiliary data
import { ByteWriter } from '../../wire/bytes';
import { NetFn, bit, defineCommand, reader } from '../command';

export interface ChannelAuthCapabilitiesRequest {
  channel: number;
  extended: boolean;
  privilege: number;
}

export interface ChannelAuthCapabilities {
  channel: number;
  extendedData: boolean;
  authTypes: { none: boolean; md2: boolean; md5: boolean; straightPassword: boolean; oem: boolean };
  kgNonZero: boolean;
  perMessageAuthDisabled: boolean;
  userLevelAuthDisabled: boolean;
  nonNullUsernames: boolean;
  nullUsernames: boolean;
  anonymousLogin: boolean;
  ipmi20: boolean;
  ipmi15: boolean;
  oemId: number;
  oemAux: number;
}

const NAME = 'Get Channel Authentication Capabilities';

export const getChannelAuthCapabilities = defineCommand<ChannelAuthCapabilitiesRequest, ChannelAuthCapabilities>({
  name: NAME,
  section: 'IPMI 2.0 §22.13',
  netFn: NetFn.app,
  cmd: 0x38,
  privilege: 0,
  encodeRequest: (q) => Uint8Array.of((q.extended ? 0x80 : 0) | (q.channel & 0x0f), q.privilege & 0x0f),
  decodeRequest(data) {
    const r = reader(data, NAME, 'request');
    const c = r.u8('channel');
    const privilege = r.u8('privilege') & 0x0f;
    return { channel: c & 0x0f, extended: (c & 0x80) !== 0, privilege };
  },
  encodeResponse(a) {
    const t = a.authTypes;
    const w = new ByteWriter(8);
    w.u8(a.channel);
    w.u8((a.extendedData ? 0x80 : 0) | (t.oem ? 0x20 : 0) | (t.straightPassword ? 0x10 : 0) | (t.md5 ? 0x04 : 0) | (t.md2 ? 0x02 : 0) | (t.none ? 0x01 : 0));
    w.u8((a.kgNonZero ? 0x20 : 0) | (a.perMessageAuthDisabled ? 0x10 : 0) | (a.userLevelAuthDisabled ? 0x08 : 0) | (a.nonNullUsernames ? 0x04 : 0) | (a.nullUsernames ? 0x02 : 0) | (a.anonymousLogin ? 0x01 : 0));
    w.u8((a.ipmi20 ? 0x02 : 0) | (a.ipmi15 ? 0x01 : 0)).u24le(a.oemId).u8(a.oemAux);
    return w.toBytes();
  },
  decodeResponse(data) {
    const r = reader(data, NAME, 'response');
    const channel = r.u8('channel');
    const at = r.u8('auth type support');
    const flags = r.u8('auth flags');
    const ext = r.u8('extended capabilities');
    const oemId = r.u24le('OEM ID');
    const oemAux = r.u8('OEM aux data');
    const extendedData = bit(at, 7);
    return {
      channel,
      extendedData,
      authTypes: { none: bit(at, 0), md2: bit(at, 1), md5: bit(at, 2), straightPassword: bit(at, 4), oem: bit(at, 5) },
      kgNonZero: bit(flags, 5),
      perMessageAuthDisabled: bit(flags, 4),
      userLevelAuthDisabled: bit(flags, 3),
      nonNullUsernames: bit(flags, 2),
      nullUsernames: bit(flags, 1),
      anonymousLogin: bit(flags, 0),
      ipmi20: extendedData && bit(ext, 1),
      ipmi15: !extendedData || bit(ext, 0),
      oemId,
      oemAux,
    };
  },
});
