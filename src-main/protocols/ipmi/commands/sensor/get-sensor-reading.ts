// IPMI 2.0 §35.14 Get Sensor Reading (Sensor/Event 04h, cmd 2Dh), privilege User.
// request: sensor number. response: reading (raw), flags (bit 7 event messages enabled, bit 6
// scanning enabled, bit 5 reading/state unavailable), [threshold comparison status (threshold
// sensors: bit 0 at/below LNC, 1 LC, 2 LNR, 3 at/above UNC, 4 UC, 5 UNR) or discrete states 7:0],
// [discrete states 14:8]. The optional bytes may be absent.
import { ByteWriter } from '../../wire/bytes';
import { NetFn, bit, defineCommand, reader } from '../command';

export interface SensorReadingResponse {
  raw: number;
  eventMessagesEnabled: boolean;
  scanningEnabled: boolean;
  unavailable: boolean;
  /** byte 3 and byte 4 (bit 15 unused) as one state mask; 0 when absent */
  states: number;
  statesPresent: boolean;
}

const NAME = 'Get Sensor Reading';

export const getSensorReading = defineCommand<{ sensorNumber: number }, SensorReadingResponse>({
  name: NAME,
  section: 'IPMI 2.0 §35.14',
  netFn: NetFn.sensorEvent,
  cmd: 0x2d,
  privilege: 2,
  encodeRequest: (q) => Uint8Array.of(q.sensorNumber),
  decodeRequest: (d) => ({ sensorNumber: reader(d, NAME, 'request').u8('sensor number') }),
  encodeResponse(s) {
    const w = new ByteWriter(4).u8(s.raw).u8((s.eventMessagesEnabled ? 0x80 : 0) | (s.scanningEnabled ? 0x40 : 0) | (s.unavailable ? 0x20 : 0));
    if (s.statesPresent) w.u8(s.states & 0xff).u8((s.states >> 8) & 0x7f);
    return w.toBytes();
  },
  decodeResponse(d) {
    const r = reader(d, NAME, 'response');
    const raw = r.u8('reading');
    const f = r.u8('flags');
    const b3 = r.remaining > 0 ? r.u8() : undefined;
    const b4 = r.remaining > 0 ? r.u8() & 0x7f : 0;
    return {
      raw,
      eventMessagesEnabled: bit(f, 7),
      scanningEnabled: bit(f, 6),
      unavailable: bit(f, 5),
      states: b3 === undefined ? 0 : b3 | (b4 << 8),
      statesPresent: b3 !== undefined,
    };
  },
});
