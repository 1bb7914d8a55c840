// How bad a System Event Log entry is (IPMI 2.0 §42.1 Table 42-2 threshold offsets, Table 42-3
// sensor-specific offsets, generic "severity" type 07h). "critical" entries raise an alarm when
// new and fail the staging item "SEL has no critical entries"; deassertions are info.
import type { SelSeverity } from '../../../shared/bmc';
import type { SelEntryView } from '../../../shared/bmc-types';
import type { SelRecord } from '../../protocols/ipmi/index';

/** Threshold offsets (event type 01h): 0,1,6,7 non-critical; the rest critical or non-recoverable. */
const THRESHOLD_CRITICAL = new Set([0x2, 0x3, 0x4, 0x5, 0x8, 0x9, 0xa, 0xb]);

/** Sensor-specific (event type 6Fh): sensor type → offsets that are critical / a warning. */
const SPECIFIC: Record<number, { critical: number[]; warning: number[] }> = {
  0x05: { critical: [], warning: [0, 1, 2, 3, 4] }, // physical security: intrusion
  0x07: { critical: [0, 1, 5], warning: [2, 3, 4, 8, 0xa] }, // processor: IERR, thermal trip, config error
  0x08: { critical: [1, 3, 4, 5], warning: [2, 6] }, // power supply: failure, AC lost
  0x09: { critical: [4, 5, 6], warning: [2, 3] }, // power unit: AC lost, failure
  0x0c: { critical: [1, 3, 8], warning: [0, 5, 9, 0xa] }, // memory: uncorrectable ECC, parity
  0x0d: { critical: [1], warning: [2] }, // drive slot: fault, predictive failure
  0x0f: { critical: [], warning: [0, 1] }, // firmware progress: error, hang
  0x10: { critical: [], warning: [4, 5] }, // event logging: SEL full / almost full
  0x13: { critical: [4, 5, 8, 9, 0xa], warning: [0, 1, 2, 3, 7] }, // critical interrupt: PERR, SERR, fatal NMI
  0x20: { critical: [0, 1], warning: [] }, // OS critical stop
  0x21: { critical: [], warning: [1] }, // slot / connector fault
  0x23: { critical: [], warning: [1, 2, 3] }, // watchdog: reset, power down, cycle
};

/** Generic "severity" states (event type 07h). */
const GENERIC_SEVERITY = { critical: [2, 3, 5, 6], warning: [1, 4] };

export function selSeverity(r: SelRecord): SelSeverity {
  if (r.recordType !== 0x02 || r.eventType === undefined || !r.eventData) return 'info';
  if (r.direction === 'deassertion') return 'info';
  const offset = r.eventData[0] & 0x0f;
  if (r.eventType === 0x01) return THRESHOLD_CRITICAL.has(offset) ? 'critical' : 'warning';
  const table = r.eventType === 0x6f ? SPECIFIC[r.sensorType ?? -1] : r.eventType === 0x07 ? GENERIC_SEVERITY : undefined;
  if (!table) return 'info';
  if (table.critical.includes(offset)) return 'critical';
  if (table.warning.includes(offset)) return 'warning';
  return 'info';
}

export function selEntryView(r: SelRecord): SelEntryView {
  return {
    recordId: r.recordId,
    at: r.timestamp !== undefined && !r.timestampRelative ? r.timestamp * 1000 : null,
    sensorType: r.sensorTypeName ?? (r.recordType >= 0xc0 ? 'OEM' : ''),
    sensorNumber: r.sensorNumber ?? null,
    direction: r.direction ?? null,
    description: r.description,
    severity: selSeverity(r),
  };
}
