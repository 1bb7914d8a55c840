// System Event Log records (IPMI 2.0 §32.1 - §32.3), 16 bytes each:
//   0-1 record ID, 2 record type (02h system event; C0h-DFh OEM timestamped; E0h-FFh OEM
//   non-timestamped), 3-6 timestamp (LE, seconds since 1970; < 20000000h = since BMC init),
//   7-8 generator ID, 9 EvM revision, 10 sensor type, 11 sensor number, 12 event dir (bit 7:
//   1 = deassertion) | event/reading type (6:0), 13-15 event data 1-3.
import { IpmiError } from '../errors';
import { ByteReader } from '../wire/bytes';
import { THRESHOLD_EVENTS, sensorTypeName } from './sensor-types';

export interface SelRecord {
  recordId: number;
  recordType: number;
  /** seconds since 1970 (undefined for OEM non-timestamped records) */
  timestamp?: number;
  /** true when the timestamp counts from BMC initialisation, not from 1970 (§37.1) */
  timestampRelative?: boolean;
  generatorId?: number;
  evmRevision?: number;
  sensorType?: number;
  sensorTypeName?: string;
  sensorNumber?: number;
  direction?: 'assertion' | 'deassertion';
  eventType?: number;
  eventData?: [number, number, number];
  description: string;
  raw: Uint8Array;
}

export function decodeSelRecord(b: Uint8Array): SelRecord {
  if (b.length !== 16) throw new IpmiError('malformed', `SEL record: ${b.length} bytes, expected 16`);
  const r = new ByteReader(b, 'SEL record');
  const recordId = r.u16le('record ID');
  const recordType = r.u8('record type');
  const raw = Uint8Array.from(b);
  if (recordType >= 0xe0) return { recordId, recordType, description: 'OEM record (no timestamp)', raw };
  const timestamp = r.u32le('timestamp');
  const timestampRelative = timestamp < 0x20000000;
  if (recordType >= 0xc0) return { recordId, recordType, timestamp, timestampRelative, description: 'OEM record', raw };
  const generatorId = r.u16le('generator ID');
  const evmRevision = r.u8('EvM revision');
  const sensorType = r.u8('sensor type');
  const sensorNumber = r.u8('sensor number');
  const dt = r.u8('event dir/type');
  const eventData: [number, number, number] = [r.u8('event data 1'), r.u8('event data 2'), r.u8('event data 3')];
  const direction = dt & 0x80 ? 'deassertion' : 'assertion';
  const eventType = dt & 0x7f;
  return {
    recordId, recordType, timestamp, timestampRelative, generatorId, evmRevision, sensorType,
    sensorTypeName: sensorTypeName(sensorType), sensorNumber, direction, eventType, eventData,
    description: describeEvent(eventType, eventData),
    raw,
  };
}

/** §29.7 event data 1: bits 3:0 offset; for threshold events bits 7:6 / 5:4 say what bytes 2/3 hold */
function describeEvent(eventType: number, d: [number, number, number]): string {
  const offset = d[0] & 0x0f;
  if (eventType === 0x01) {
    const what = THRESHOLD_EVENTS[offset] ?? `threshold offset ${offset}`;
    const parts = [what];
    if ((d[0] >> 6) === 1) parts.push(`reading ${d[1]}`);
    if (((d[0] >> 4) & 3) === 1) parts.push(`threshold ${d[2]}`);
    return parts.join(', ');
  }
  if (eventType === 0x6f) return `sensor-specific offset ${offset}`;
  if (eventType >= 0x02 && eventType <= 0x0c) return `generic (type ${eventType.toString(16)}h) offset ${offset}`;
  return `event type ${eventType.toString(16)}h offset ${offset}`;
}
