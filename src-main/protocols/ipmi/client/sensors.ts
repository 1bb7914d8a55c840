// Sensor readings from SDRs (IPMI 2.0 §35.14, §36.3, §43). Threshold sensors with a full
// record get a converted value, unit, thresholds and a status from the comparison bits; compact
// records give discrete state masks. Sensors owned by another controller would need bridging
// (Send Message), which this client does not do: they are listed as not readable.
import { isIpmiError, completionCodeText } from '../errors';
import { getSensorReading } from '../commands/sensor/get-sensor-reading';
import { convertReading, toleranceInUnits } from '../records/conversion';
import type { CompactSensorRecord, FullSensorRecord, SdrRecord, Thresholds } from '../records/sdr';
import { sensorTypeName } from '../records/sensor-types';
import { formatUnit } from '../records/units';
import { BMC_SLAVE_ADDRESS } from '../rmcp/message';
import type { CommandRunner } from './runner';

/** ok, or the worst threshold crossed: nc non-critical, cr critical, nr non-recoverable */
export type SensorStatus = 'ok' | 'nc' | 'cr' | 'nr' | 'unavailable' | 'disabled' | 'not-readable';

export interface SensorReading {
  recordId: number;
  sensorNumber: number;
  name: string;
  ownerId: number;
  ownerLun: number;
  type: string;
  typeCode: number;
  eventReadingType: number;
  entityId: number;
  entityInstance: number;
  kind: 'threshold' | 'discrete';
  raw?: number;
  value?: number;
  unit?: string;
  status: SensorStatus;
  /** discrete sensors: state bits 14:0 */
  states?: number;
  thresholds?: Thresholds;
  /** +/- in units, when the record gives a tolerance */
  tolerance?: number;
  /** percent of reading (§43.1 accuracy in 1/100 % times 10^exp) */
  accuracyPercent?: number;
  error?: string;
}

type Readable = FullSensorRecord | CompactSensorRecord;

export function readableSensors(records: SdrRecord[]): Readable[] {
  return records.filter((r): r is Readable => r.kind === 'full' || r.kind === 'compact');
}

/** §35.14 byte 3 for threshold sensors */
export function thresholdStatus(states: number): SensorStatus {
  if (states & 0x24) return 'nr';
  if (states & 0x12) return 'cr';
  if (states & 0x09) return 'nc';
  return 'ok';
}

function convertThresholds(rec: FullSensorRecord): Thresholds {
  const out: Thresholds = {};
  for (const [k, raw] of Object.entries(rec.thresholdsRaw) as [keyof Thresholds, number][]) {
    const v = convertReading(raw, rec.factors);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** one reading per sensor (compact records that share may stand for several sensors) */
export async function readSensors(run: CommandRunner, records: SdrRecord[]): Promise<SensorReading[]> {
  const out: SensorReading[] = [];
  for (const rec of readableSensors(records)) {
    const instances = rec.kind === 'compact' ? expandShared(rec) : [{ number: rec.sensorNumber, name: rec.name }];
    for (const inst of instances) out.push(await readOne(run, rec, inst.number, inst.name));
  }
  return out;
}

function expandShared(rec: CompactSensorRecord): { number: number; name: string }[] {
  const list: { number: number; name: string }[] = [];
  for (let i = 0; i < rec.shareCount; i++) {
    if (rec.shareCount === 1) {
      list.push({ number: rec.sensorNumber, name: rec.name });
      break;
    }
    const n = rec.idModifierOffset + i;
    const suffix = rec.idModifierType === 1 ? alpha(n) : String(n);
    list.push({ number: (rec.sensorNumber + i) & 0xff, name: `${rec.name}${suffix}` });
  }
  return list;
}

/** §43.2: alpha modifier 0 = A, 25 = Z, 26 = BA ... */
function alpha(n: number): string {
  let s = '';
  let v = n;
  do {
    s = String.fromCharCode(65 + (v % 26)) + s;
    v = Math.floor(v / 26);
  } while (v > 0 && s.length < 4);
  return s;
}

async function readOne(run: CommandRunner, rec: Readable, sensorNumber: number, name: string): Promise<SensorReading> {
  const threshold = rec.eventReadingType === 0x01;
  const base: SensorReading = {
    recordId: rec.recordId, sensorNumber, name, ownerId: rec.ownerId, ownerLun: rec.ownerLun,
    type: sensorTypeName(rec.sensorType), typeCode: rec.sensorType, eventReadingType: rec.eventReadingType,
    entityId: rec.entityId, entityInstance: rec.entityInstance,
    kind: threshold ? 'threshold' : 'discrete', status: 'unavailable',
  };
  if (rec.kind === 'full' && threshold) {
    base.unit = formatUnit(rec.units);
    base.thresholds = convertThresholds(rec);
    const tol = toleranceInUnits(rec.factors);
    if (tol !== undefined && rec.factors.tolerance > 0) base.tolerance = tol;
    if (rec.accuracy > 0) base.accuracyPercent = (rec.accuracy * 10 ** rec.accuracyExp) / 100;
  }
  if (rec.ownerId !== BMC_SLAVE_ADDRESS || rec.channel !== 0) {
    return { ...base, status: 'not-readable', error: `owned by controller ${rec.ownerId.toString(16)}h on channel ${rec.channel} (bridging not supported)` };
  }
  let r;
  try {
    r = await run.call(getSensorReading, { sensorNumber }, { rsLun: rec.ownerLun });
  } catch (e) {
    if (isIpmiError(e, 'completion-code')) return { ...base, status: 'unavailable', error: completionCodeText(e.completionCode ?? 0xff) };
    throw e;
  }
  if (r.unavailable) return { ...base, status: 'unavailable', raw: r.raw };
  if (!r.scanningEnabled) return { ...base, status: 'disabled', raw: r.raw };
  if (!threshold) return { ...base, status: 'ok', raw: r.raw, states: r.states };
  const value = rec.kind === 'full' ? convertReading(r.raw, rec.factors) : undefined;
  return { ...base, raw: r.raw, ...(value !== undefined ? { value } : {}), status: r.statesPresent ? thresholdStatus(r.states) : 'ok' };
}
