// IPMI 2.0 §23.2 Get LAN Configuration Parameters (Transport 0Ch, cmd 02h), privilege Operator.
// request: channel (bit 7 = 1 revision only, 3:0 channel), parameter selector, set selector,
// block selector. response: parameter revision (11h), parameter data (Table 23-4):
//   3 IP address (4)   4 IP address source (1: 0 unspecified, 1 static, 2 DHCP, 3 BIOS, 4 other)
//   5 MAC address (6)  6 subnet mask (4)  12 default gateway IP (4)  13 default gateway MAC (6)
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export const LanParameter = { ipAddress: 3, ipAddressSource: 4, macAddress: 5, subnetMask: 6, defaultGateway: 12, defaultGatewayMac: 13, backupGateway: 14, backupGatewayMac: 15 } as const;

export interface GetLanConfigRequest {
  channel: number;
  revisionOnly: boolean;
  parameter: number;
  setSelector: number;
  blockSelector: number;
}

export interface LanConfigResponse {
  revision: number;
  data: Uint8Array;
}

const NAME = 'Get LAN Configuration Parameters';

export const getLanConfigParameters = defineCommand<GetLanConfigRequest, LanConfigResponse>({
  name: NAME,
  section: 'IPMI 2.0 §23.2',
  netFn: NetFn.transport,
  cmd: 0x02,
  privilege: 3,
  encodeRequest: (q) => Uint8Array.of((q.revisionOnly ? 0x80 : 0) | (q.channel & 0x0f), q.parameter, q.setSelector, q.blockSelector),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    const c = r.u8('channel');
    return { channel: c & 0x0f, revisionOnly: (c & 0x80) !== 0, parameter: r.u8('parameter'), setSelector: r.u8('set selector'), blockSelector: r.u8('block selector') };
  },
  encodeResponse: (s) => new ByteWriter(1 + s.data.length).u8(s.revision).bytes(s.data).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    return { revision: r.u8('parameter revision'), data: r.rest() };
  },
});

export function formatIp(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4)).join('.');
}

export function formatMac(b: Uint8Array): string {
  return Array.from(b.subarray(0, 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}
