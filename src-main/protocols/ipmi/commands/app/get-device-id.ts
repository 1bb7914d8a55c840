// IPMI 2.0 §20.1 Get Device ID (App 06h, cmd 01h), privilege User.
// response: device ID, device revision (bit 7 provides device SDRs, 3:0 revision), firmware
// revision 1 (bit 7 device unavailable, 6:0 major), firmware revision 2 (BCD minor), IPMI
// version (BCD, low nibble major: 51h = 1.5, 02h = 2.0), additional device support, manufacturer
// ID (3, LE, 20 bits), product ID (2, LE), [auxiliary firmware revision (4)]
import { ByteWriter } from '../../wire/bytes';
import { NetFn, defineCommand, empty, reader } from '../command';

export interface DeviceId {
  deviceId: number;
  deviceRevision: number;
  providesDeviceSdrs: boolean;
  firmwareMajor: number;
  /** firmware minor revision, decoded from BCD */
  firmwareMinor: number;
  /** bit 7 of firmware revision 1: device firmware, SDR update or self-init in progress */
  updateInProgress: boolean;
  ipmiVersion: string;
  ipmiVersionByte: number;
  additionalSupport: number;
  manufacturerId: number;
  productId: number;
  auxFirmwareRevision?: Uint8Array;
}

const fromBcd = (b: number): number => (b >> 4) * 10 + (b & 0x0f);
const toBcd = (n: number): number => ((Math.floor(n / 10) % 10) << 4) | (n % 10);

const NAME = 'Get Device ID';

export const getDeviceId = defineCommand<void, DeviceId>({
  name: NAME,
  section: 'IPMI 2.0 §20.1',
  netFn: NetFn.app,
  cmd: 0x01,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse(d) {
    const w = new ByteWriter(15);
    w.u8(d.deviceId).u8((d.providesDeviceSdrs ? 0x80 : 0) | (d.deviceRevision & 0x0f));
    w.u8((d.updateInProgress ? 0x80 : 0) | (d.firmwareMajor & 0x7f)).u8(toBcd(d.firmwareMinor));
    w.u8(d.ipmiVersionByte).u8(d.additionalSupport).u24le(d.manufacturerId).u16le(d.productId);
    if (d.auxFirmwareRevision) w.bytes(d.auxFirmwareRevision);
    return w.toBytes();
  },
  decodeResponse(data) {
    const r = reader(data, NAME, 'response');
    const deviceId = r.u8('device ID');
    const rev = r.u8('device revision');
    const fw1 = r.u8('firmware revision 1');
    const fw2 = r.u8('firmware revision 2');
    const ipmiVersionByte = r.u8('IPMI version');
    const additionalSupport = r.u8('additional device support');
    const manufacturerId = r.u24le('manufacturer ID') & 0x0fffff;
    const productId = r.u16le('product ID');
    const aux = r.remaining >= 4 ? r.bytes(4, 'aux firmware revision') : undefined;
    return {
      deviceId,
      deviceRevision: rev & 0x0f,
      providesDeviceSdrs: (rev & 0x80) !== 0,
      firmwareMajor: fw1 & 0x7f,
      firmwareMinor: fromBcd(fw2),
      updateInProgress: (fw1 & 0x80) !== 0,
      ipmiVersion: `${ipmiVersionByte & 0x0f}.${ipmiVersionByte >> 4}`,
      ipmiVersionByte,
      additionalSupport,
      manufacturerId,
      productId,
      ...(aux ? { auxFirmwareRevision: aux } : {}),
    };
  },
});
