// Which sound the wall should make for a list of alarms (pure: tested under Node).
import { SEVERITY_RANK, type Severity } from '../../../shared/monitoring';
import type { AlarmView } from '../../../shared/monitoring-types';

/** The sound an alarm list calls for now: the worst audible severity (pure; tested). */
export function soundTarget(alarms: readonly AlarmView[], serverNow: number): { severity: Severity; alarmId: string } | null {
  let best: { severity: Severity; alarmId: string; since: number } | null = null;
  for (const a of alarms) {
    if (!a.audible || !a.severity) continue;
    if (a.snoozedUntil !== null && a.snoozedUntil > serverNow) continue;
    if (!best || SEVERITY_RANK[a.severity] > SEVERITY_RANK[best.severity] || (a.severity === best.severity && a.since > best.since)) {
      best = { severity: a.severity, alarmId: a.id, since: a.since };
    }
  }
  return best && { severity: best.severity, alarmId: best.alarmId };
}

