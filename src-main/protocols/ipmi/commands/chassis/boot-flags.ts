// Boot flags, boot option parameter 5 (IPMI 2.0 §28.13 Table 28-14), 5 data bytes:
//   1: bit 7 valid, bit 6 persistent (0 = next boot only), bit 5 EFI (0 = legacy PC)
//   2: bit 7 CMOS clear, 6 lock keyboard, 5:2 boot device selector, 1 screen blank, 0 lock reset
//   3: console redirection, verbosity, lock-outs (0 = BIOS defaults)   4: 0   5: device instance
import { IpmiError } from '../../errors';
import { ByteReader } from '../../wire/bytes';

export const BootDevice = { none: 0x0, pxe: 0x1, disk: 0x2, safe: 0x3, diag: 0x4, cdrom: 0x5, bios: 0x6, floppy: 0xf } as const;
export type BootDeviceName = keyof typeof BootDevice;

export interface BootFlags {
  valid: boolean;
  persistent: boolean;
  efi: boolean;
  device: BootDeviceName | 'other';
  deviceCode: number;
  cmosClear: boolean;
}

export function encodeBootFlags(f: { device: BootDeviceName; persistent?: boolean; efi?: boolean; valid?: boolean; cmosClear?: boolean }): Uint8Array {
  const b1 = ((f.valid ?? true) ? 0x80 : 0) | (f.persistent ? 0x40 : 0) | (f.efi ? 0x20 : 0);
  const b2 = (f.cmosClear ? 0x80 : 0) | (BootDevice[f.device] << 2);
  return Uint8Array.of(b1, b2, 0, 0, 0);
}

export function decodeBootFlags(data: Uint8Array): BootFlags {
  const r = new ByteReader(data, 'boot flags');
  const b1 = r.u8('boot flags byte 1');
  const b2 = r.u8('boot flags byte 2');
  if (data.length > 5) throw new IpmiError('malformed', `boot flags: ${data.length} bytes (5 expected)`);
  const code = (b2 >> 2) & 0x0f;
  const name = (Object.keys(BootDevice) as BootDeviceName[]).find((k) => BootDevice[k] === code);
  return { valid: (b1 & 0x80) !== 0, persistent: (b1 & 0x40) !== 0, efi: (b1 & 0x20) !== 0, device: name ?? 'other', deviceCode: code, cmosClear: (b2 & 0x80) !== 0 };
}
