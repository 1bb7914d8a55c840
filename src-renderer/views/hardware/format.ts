// Small pure helpers of the Hardware section (unit-tested in test/renderer).
import { SENSOR_STATUSES, type BmcSensorStatus } from '../../../shared/bmc';
import type { DroppedPacketsView, SensorView } from '../../../shared/bmc-types';

export function sensorValue(s: Pick<SensorView, 'value' | 'unit' | 'states' | 'kind'>): string {
  if (s.value !== null) return `${Number.isInteger(s.value) ? s.value : s.value.toFixed(2)}${s.unit ? ` ${s.unit}` : ''}`;
  if (s.kind === 'discrete' && s.states !== null) return `0x${s.states.toString(16).padStart(4, '0')}`;
  return '—';
}

const ORDER = ['lnr', 'lc', 'lnc', 'unc', 'uc', 'unr'];
const LABEL: Record<string, string> = { lnr: 'LNR', lc: 'LC', lnc: 'LNC', unc: 'UNC', uc: 'UC', unr: 'UNR' };

/** "UNC 85 · UC 95 · UNR 105" in the spec's order. */
export function thresholdsText(t: Record<string, number>): string {
  return ORDER.filter((k) => t[k] !== undefined).map((k) => `${LABEL[k]} ${t[k]}`).join(' · ');
}

export function sensorStatus(s: BmcSensorStatus) {
  return SENSOR_STATUSES.find((x) => x.value === s) ?? { value: s, label: s, intent: 'none' as const };
}

/** "12 s ago", "4 min ago", "3 h ago" — how old a poll is, for people. */
export function ago(at: number | null, now: number): string {
  if (at === null) return 'never';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** "3 packets dropped (2 replayed, 1 bad integrity)": a BMC link with trouble is visible, not silent. */
export function droppedText(d: DroppedPacketsView): string {
  const why = [
    [d.wrongAddress, 'from a wrong address'], [d.badIntegrity, 'bad integrity'], [d.replay, 'replayed'], [d.other, 'malformed or unexpected'],
  ].filter(([n]) => (n as number) > 0).map(([n, text]) => `${n} ${text}`);
  return `${d.total} packet${d.total === 1 ? '' : 's'} from the BMC dropped (${why.join(', ')})`;
}
