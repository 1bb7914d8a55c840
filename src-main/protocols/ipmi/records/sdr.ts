// Sensor Data Records (IPMI 2.0 §43). Header (5 bytes): record ID (2, LE), SDR version (51h),
// record type, length of the rest. Decoded here:
//   01h Full Sensor Record (§43.1): analog sensors with conversion factors and thresholds
//   02h Compact Sensor Record (§43.2): discrete (or threshold without conversion) sensors
//   03h Event-Only Record (§43.3), 12h Management Controller Device Locator (§43.9)
// Byte offsets in comments are 0-based from the start of the record (the spec counts from 1).
import { IpmiError } from '../errors';
import { ByteReader } from '../wire/bytes';
import { signExtend, type AnalogFormat, type ConversionFactors } from './conversion';
import { decodeIdString } from './id-string';
import type { UnitSpec } from './units';

export const SdrType = { full: 0x01, compact: 0x02, eventOnly: 0x03, fruLocator: 0x11, mcLocator: 0x12 } as const;

export interface SdrHeader {
  recordId: number;
  version: number;
  type: number;
  length: number;
}

export interface SensorKey {
  ownerId: number;
  ownerLun: number;
  channel: number;
  sensorNumber: number;
  entityId: number;
  entityInstance: number;
  sensorType: number;
  /** event/reading type code: 01h threshold, 02h-0Ch generic, 6Fh sensor-specific */
  eventReadingType: number;
  name: string;
}

export interface Thresholds {
  unr?: number;
  uc?: number;
  unc?: number;
  lnr?: number;
  lc?: number;
  lnc?: number;
}

export interface FullSensorRecord extends SdrHeader, SensorKey {
  kind: 'full';
  initScanning: boolean;
  units: UnitSpec;
  factors: ConversionFactors;
  accuracy: number;
  accuracyExp: number;
  /** raw threshold values that the record marks readable (bits of bytes 18-19) */
  thresholdsRaw: Thresholds;
  nominalRaw?: number;
  sensorMaxRaw: number;
  sensorMinRaw: number;
}

export interface CompactSensorRecord extends SdrHeader, SensorKey {
  kind: 'compact';
  units: UnitSpec;
  shareCount: number;
  idModifierType: number;
  idModifierOffset: number;
}

export interface EventOnlyRecord extends SdrHeader, SensorKey {
  kind: 'event-only';
}

export interface McLocatorRecord extends SdrHeader {
  kind: 'mc-locator';
  slaveAddress: number;
  channel: number;
  name: string;
}

export interface OtherRecord extends SdrHeader {
  kind: 'other';
  body: Uint8Array;
}

export type SdrRecord = FullSensorRecord | CompactSensorRecord | EventOnlyRecord | McLocatorRecord | OtherRecord;

export function decodeSdrHeader(b: Uint8Array): SdrHeader {
  const r = new ByteReader(b, 'SDR header');
  return { recordId: r.u16le('record ID'), version: r.u8('SDR version'), type: r.u8('record type'), length: r.u8('record length') };
}

const FORMATS: readonly AnalogFormat[] = ['unsigned', 'ones-complement', 'twos-complement', 'none'];

function units(u1: number, base: number, modifier: number): UnitSpec {
  return { base, modifier, modifierUse: (u1 >> 1) & 3, rate: (u1 >> 3) & 7, percentage: (u1 & 1) === 1 };
}

function key(r: ByteReader): Omit<SensorKey, 'sensorType' | 'eventReadingType' | 'name'> {
  const ownerId = r.u8('sensor owner ID'); // 5
  const lun = r.u8('sensor owner LUN'); // 6
  const sensorNumber = r.u8('sensor number'); // 7
  const entityId = r.u8('entity ID'); // 8
  const entityInstance = r.u8('entity instance') & 0x7f; // 9
  return { ownerId, ownerLun: lun & 3, channel: lun >> 4, sensorNumber, entityId, entityInstance };
}

/** Decodes one complete record (header + body). */
export function decodeSdr(rec: Uint8Array): SdrRecord {
  const h = decodeSdrHeader(rec);
  if (rec.length < 5 + h.length) throw new IpmiError('malformed', `SDR ${h.recordId}: ${rec.length} bytes, header says ${5 + h.length}`);
  const r = new ByteReader(rec.subarray(0, 5 + h.length), `SDR ${h.recordId} (type ${h.type.toString(16)}h)`, 5);
  switch (h.type) {
    case SdrType.full: return decodeFull(h, r);
    case SdrType.compact: return decodeCompact(h, r);
    case SdrType.eventOnly: {
      const k = key(r);
      const sensorType = r.u8('sensor type'); // 10
      const eventReadingType = r.u8('event/reading type'); // 11
      r.skip(4, 'sharing, OEM'); // 12-15 (sharing 2, reserved, OEM)
      const tl = r.u8('ID string type/length'); // 16
      return { ...h, kind: 'event-only', ...k, sensorType, eventReadingType, name: decodeIdString(tl, r.bytes(Math.min(tl & 0x1f, r.remaining), 'ID string')) };
    }
    case SdrType.mcLocator: {
      const slaveAddress = r.u8('device slave address'); // 5
      const channel = r.u8('channel') & 0x0f; // 6
      r.skip(6, 'capabilities, reserved, entity'); // 7-12 (power state/caps, caps, reserved 3, entity ID) + instance below
      r.skip(2, 'entity instance, OEM'); // 13-14
      const tl = r.u8('ID string type/length'); // 15
      return { ...h, kind: 'mc-locator', slaveAddress, channel, name: decodeIdString(tl, r.bytes(Math.min(tl & 0x1f, r.remaining), 'ID string')) };
    }
    default:
      return { ...h, kind: 'other', body: r.rest() };
  }
}

function decodeFull(h: SdrHeader, r: ByteReader): FullSensorRecord {
  const k = key(r);
  const init = r.u8('sensor initialization'); // 10
  r.skip(1, 'sensor capabilities'); // 11
  const sensorType = r.u8('sensor type'); // 12
  const eventReadingType = r.u8('event/reading type'); // 13
  r.skip(4, 'assertion/deassertion masks'); // 14-17
  const readableMask = r.u16le('discrete/threshold mask'); // 18-19: bits 13:8 settable, 5:0 readable
  const u1 = r.u8('sensor units 1'); // 20
  const base = r.u8('base unit'); // 21
  const mod = r.u8('modifier unit'); // 22
  const linearization = r.u8('linearization') & 0x7f; // 23
  const mLo = r.u8('M'); // 24
  const mTol = r.u8('M, tolerance'); // 25
  const bLo = r.u8('B'); // 26
  const bAcc = r.u8('B, accuracy'); // 27
  const accExp = r.u8('accuracy, accuracy exp, direction'); // 28
  const exps = r.u8('R exp, B exp'); // 29
  const analogFlags = r.u8('analog characteristic flags'); // 30
  const nominal = r.u8('nominal reading'); // 31
  r.skip(2, 'normal max/min'); // 32-33
  const sensorMaxRaw = r.u8('sensor maximum'); // 34
  const sensorMinRaw = r.u8('sensor minimum'); // 35
  const t = [r.u8('UNR'), r.u8('UC'), r.u8('UNC'), r.u8('LNR'), r.u8('LC'), r.u8('LNC')] as const; // 36-41
  r.skip(4, 'hysteresis, reserved'); // 42-45
  r.skip(1, 'OEM'); // 46
  const tl = r.u8('ID string type/length'); // 47
  const name = decodeIdString(tl, r.bytes(Math.min(tl & 0x1f, r.remaining), 'ID string'));
  // threshold readable mask (valid for threshold sensors): bit 0 LNC, 1 LC, 2 LNR, 3 UNC, 4 UC, 5 UNR
  const thresholdsRaw: Thresholds = {};
  if (eventReadingType === 0x01) {
    if (readableMask & 0x20) thresholdsRaw.unr = t[0];
    if (readableMask & 0x10) thresholdsRaw.uc = t[1];
    if (readableMask & 0x08) thresholdsRaw.unc = t[2];
    if (readableMask & 0x04) thresholdsRaw.lnr = t[3];
    if (readableMask & 0x02) thresholdsRaw.lc = t[4];
    if (readableMask & 0x01) thresholdsRaw.lnc = t[5];
  }
  return {
    ...h,
    kind: 'full',
    ...k,
    sensorType,
    eventReadingType,
    name,
    initScanning: (init & 0x40) !== 0,
    units: units(u1, base, mod),
    factors: {
      format: FORMATS[u1 >> 6] as AnalogFormat,
      linearization,
      m: signExtend(mLo | ((mTol & 0xc0) << 2), 10),
      tolerance: mTol & 0x3f,
      b: signExtend(bLo | ((bAcc & 0xc0) << 2), 10),
      rExp: signExtend(exps >> 4, 4),
      bExp: signExtend(exps & 0x0f, 4),
    },
    accuracy: (bAcc & 0x3f) | ((accExp & 0xf0) << 2),
    accuracyExp: (accExp >> 2) & 3,
    thresholdsRaw,
    ...(analogFlags & 1 ? { nominalRaw: nominal } : {}),
    sensorMaxRaw,
    sensorMinRaw,
  };
}

function decodeCompact(h: SdrHeader, r: ByteReader): CompactSensorRecord {
  const k = key(r);
  r.skip(2, 'initialization, capabilities'); // 10-11
  const sensorType = r.u8('sensor type'); // 12
  const eventReadingType = r.u8('event/reading type'); // 13
  r.skip(6, 'masks'); // 14-19
  const u1 = r.u8('sensor units 1'); // 20
  const base = r.u8('base unit'); // 21
  const mod = r.u8('modifier unit'); // 22
  const share1 = r.u8('record sharing 1'); // 23: 7:6 direction, 5:4 ID modifier type, 3:0 share count
  const share2 = r.u8('record sharing 2'); // 24: 7 entity instance sharing, 6:0 ID modifier offset
  r.skip(6, 'hysteresis, reserved, OEM'); // 25-30
  const tl = r.u8('ID string type/length'); // 31
  const name = decodeIdString(tl, r.bytes(Math.min(tl & 0x1f, r.remaining), 'ID string'));
  return {
    ...h,
    kind: 'compact',
    ...k,
    sensorType,
    eventReadingType,
    name,
    units: units(u1, base, mod),
    shareCount: Math.max(1, share1 & 0x0f),
    idModifierType: (share1 >> 4) & 3,
    idModifierOffset: share2 & 0x7f,
  };
}
