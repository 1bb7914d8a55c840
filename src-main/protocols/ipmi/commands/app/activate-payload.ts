// IPMI 2.0 §24.1 Activate Payload (App 06h, cmd 48h), privilege User (payload-specific; SOL
// uses the SOL configuration's privilege, §26.2).
// request: payload type (5:0), payload instance (3:0), auxiliary data (4). For SOL (§24.1
// Table 24-2) aux byte 1: bit 7 encrypt, bit 6 authenticate, bits 3:2 shared serial alert
// behaviour (01b = deferred while SOL active), bit 1 test mode off / startup handshake.
// response: aux data (4), inbound payload size (2, LE), outbound payload size (2, LE), payload
// UDP port (2, LE), payload VLAN (2, LE). Completion code 80h = already active on another session.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, reader } from '../command';

export interface ActivatePayloadRequest {
  payloadType: number;
  instance: number;
  aux: Uint8Array;
}

export interface ActivatePayloadResponse {
  aux: Uint8Array;
  inboundSize: number;
  outboundSize: number;
  port: number;
  vlan: number;
}

export const PAYLOAD_ALREADY_ACTIVE = 0x80;

/** SOL activation aux byte 1: encryption + authentication, serial alerts deferred */
export function solActivationAux(encrypt: boolean, authenticate: boolean): Uint8Array {
  return Uint8Array.of((encrypt ? 0x80 : 0) | (authenticate ? 0x40 : 0) | 0x04, 0, 0, 0);
}

const NAME = 'Activate Payload';

export const activatePayload = defineCommand<ActivatePayloadRequest, ActivatePayloadResponse>({
  name: NAME,
  section: 'IPMI 2.0 §24.1',
  netFn: NetFn.app,
  cmd: 0x48,
  privilege: 2,
  encodeRequest: (q) => new ByteWriter(6).u8(q.payloadType & 0x3f).u8(q.instance & 0x0f).bytes(q.aux.subarray(0, 4)).fill(0, Math.max(0, 4 - q.aux.length)).toBytes(),
  decodeRequest(d) {
    const r = reader(d, NAME, 'request');
    return { payloadType: r.u8('payload type') & 0x3f, instance: r.u8('instance') & 0x0f, aux: r.bytes(4, 'aux data') };
  },
  encodeResponse: (s) => new ByteWriter(12).bytes(s.aux.subarray(0, 4)).u16le(s.inboundSize).u16le(s.outboundSize).u16le(s.port).u16le(s.vlan).toBytes(),
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    return { aux: r.bytes(4, 'aux data'), inboundSize: r.u16le('inbound payload size'), outboundSize: r.u16le('outbound payload size'), port: r.u16le('payload UDP port'), vlan: r.u16le('payload VLAN') };
  },
});
