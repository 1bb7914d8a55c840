// One poll of one BMC (issue 4 part 5): power state, sensors and — when Get SEL Info says it
// changed — the SEL, through the shared session manager. The reading is stored (bmc_readings),
// what changed is written as an event for the drawer, and alarms go through the alarm engine:
//   ipmi:power:<deviceId>          power went off (CRITICAL; WARNING when done from the app); on clears
//   ipmi:sensor:<deviceId>:<name>  non-critical → WARNING, critical/non-recoverable → CRITICAL; ok clears
//   ipmi:sel:<deviceId>            new critical SEL entries (CRITICAL); an empty SEL clears it
//   ipmi:bmc:<deviceId>            BMC silent for FAILURES_FOR_ALARM polls, or login refused (UNKNOWN)
// Invariants: a poll of a configured BMC never throws (a failure is a reading with its error); the first reading
// is a baseline (a server found off, or old SEL entries, raise nothing); sensor alarms follow
// the current state, so they are right again after a restart.
import type { BmcSensorStatus } from '../../../shared/bmc';
import type { SelEntryView, SensorView } from '../../../shared/bmc-types';
import type { AlarmService } from '../../alarms/service';
import { DomainError } from '../../core/errors';
import { isIpmiError, type SensorReading } from '../../protocols/ipmi/index';
import { getSelInfo } from '../../protocols/ipmi/commands/storage/get-sel-info';
import { ipmiProblem } from './errors';
import type { Reading } from './repository';
import { selEntryView } from './sel';
import type { BmcService } from './service';

export const FAILURES_FOR_ALARM = 3;
const SEL_KEPT = 500;
const EVENTS_PER_POLL = 10;

const BAD: ReadonlySet<BmcSensorStatus> = new Set(['nc', 'cr', 'nr']);

export function sensorView(s: SensorReading): SensorView {
  const thresholds: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.thresholds ?? {})) if (typeof v === 'number') thresholds[k] = v;
  return {
    name: s.name, type: s.type, kind: s.kind, value: s.value ?? null, unit: s.unit ?? null, status: s.status,
    thresholds, states: s.states ?? null, error: s.error ?? null,
  };
}

function describe(s: SensorView): string {
  const value = s.value !== null ? `${s.value}${s.unit ? ` ${s.unit}` : ''}` : 'no reading';
  const label = { nc: 'non-critical', cr: 'critical', nr: 'non-recoverable' }[s.status as 'nc' | 'cr' | 'nr'] ?? s.status;
  const t = Object.entries(s.thresholds).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${s.name} ${value}: ${label}${t ? ` (thresholds ${t})` : ''}`;
}

export class BmcPoll {
  private stopped = false;

  constructor(private readonly bmc: BmcService, private readonly alarms: AlarmService | null) {}

  /** After this, a poll still in flight writes nothing (the store is closing). */
  dispose(): void {
    this.stopped = true;
  }

  /** Polls one BMC now and stores what it saw; never throws. */
  async poll(deviceId: string): Promise<Reading> {
    const config = this.bmc.repo.configFor(deviceId);
    const prev = this.bmc.repo.reading(deviceId);
    const now = () => this.bmc.clock.now();
    if (!config) throw new DomainError('precondition', 'This server has no BMC configured.');
    const name = this.bmc.name(deviceId);
    try {
      const client = this.bmc.client(deviceId);
      const status = await client.chassisStatus();
      const sensors = (await client.sensors()).map(sensorView);
      const info = await client.call(getSelInfo, undefined);
      const mark = `${info.entries}:${info.lastAddition}:${info.lastErase}`;
      let sel = prev?.sel ?? [];
      if (mark !== prev?.selMark) sel = (await client.selList()).map(selEntryView).slice(-SEL_KEPT);
      const warnings = (await client.securityWarnings()).map((w) => ({ code: w.code, message: w.message }));
      const reading: Reading = {
        deviceId, polledAt: now(), okAt: now(), powerOn: status.powerOn, sensors, sel, selCount: info.entries, selMark: mark,
        error: null, failures: 0, warnings,
      };
      if (this.stopped) return reading;
      this.bmc.repo.store.write(() => {
        this.bmc.repo.putReading(reading);
        this.compare(deviceId, name, prev, reading);
      });
      return reading;
    } catch (err) {
      const message = ipmiProblem(err, name, `${config.address}:${config.port}`);
      const refused = isIpmiError(err, 'auth-failed') || isIpmiError(err, 'rakp-status') || isIpmiError(err, 'no-cipher-suite') || isIpmiError(err, 'insecure-refused') || err instanceof DomainError;
      const failures = (prev?.failures ?? 0) + 1;
      const reading: Reading = {
        deviceId, polledAt: now(), okAt: prev?.okAt ?? null, powerOn: prev?.powerOn ?? null, sensors: prev?.sensors ?? [], sel: prev?.sel ?? [],
        selCount: prev?.selCount ?? 0, selMark: prev?.selMark ?? null, error: message, failures, warnings: prev?.warnings ?? [],
      };
      if (this.stopped) return reading;
      this.bmc.repo.store.write(() => {
        this.bmc.repo.putReading(reading);
        if (refused || failures === FAILURES_FOR_ALARM) {
          if ((prev?.failures ?? 0) < FAILURES_FOR_ALARM || prev?.error !== message) {
            this.bmc.repo.addEvent(deviceId, { at: now(), kind: 'reachability', severity: 'warning', message });
          }
          this.alarms?.raise({ key: `ipmi:bmc:${deviceId}`, deviceId, label: `${name} BMC`, state: 'UNKNOWN', message, source: 'ipmi' });
        }
      });
      return reading;
    }
  }

  /** Events and alarms from what changed between two good readings. */
  private compare(deviceId: string, name: string, prev: Reading | null, cur: Reading): void {
    const at = cur.polledAt;
    const event = (kind: 'power' | 'sensor' | 'sel' | 'reachability', severity: 'info' | 'warning' | 'critical', message: string) =>
      this.bmc.repo.addEvent(deviceId, { at, kind, severity, message });

    if (prev && prev.failures >= FAILURES_FOR_ALARM) event('reachability', 'info', 'The BMC answers again.');
    this.alarms?.clear(`ipmi:bmc:${deviceId}`, 'the BMC answers again');

    // power
    const was = prev?.powerOn ?? null;
    if (was !== null && cur.powerOn !== was) {
      const action = this.bmc.recentAction(deviceId);
      const by = action && action.action.startsWith('power-') ? ` (${action.action} by ${action.by}${action.reason ? `: ${action.reason}` : ''})` : '';
      if (cur.powerOn) {
        event('power', 'info', `Power on${by}.`);
        this.alarms?.clear(`ipmi:power:${deviceId}`, `power on${by}`);
      } else {
        event('power', by ? 'warning' : 'critical', `Power went off${by || ' — not through this app'}.`);
        this.alarms?.raise({ key: `ipmi:power:${deviceId}`, deviceId, label: `${name} power`, state: by ? 'WARNING' : 'CRITICAL', message: `Chassis power is off${by || ' (not switched off through this app)'}.`, source: 'ipmi' });
      }
    } else if (was === null && prev === null) {
      event('power', 'info', `First poll: power is ${cur.powerOn ? 'on' : 'off'}.`);
    }

    // sensors: the alarm follows the current state; events only for changes
    const before = new Map((prev?.sensors ?? []).map((s) => [s.name, s]));
    for (const s of cur.sensors) {
      const key = `ipmi:sensor:${deviceId}:${s.name}`;
      const old = before.get(s.name);
      if (BAD.has(s.status)) {
        this.alarms?.raise({ key, deviceId, label: `${name} ${s.name}`, state: s.status === 'nc' ? 'WARNING' : 'CRITICAL', message: describe(s), source: 'ipmi' });
      } else if (old && BAD.has(old.status)) {
        this.alarms?.clear(key, `${s.name} back in range${s.value !== null ? ` (${s.value}${s.unit ? ` ${s.unit}` : ''})` : ''}`);
      }
      if (old && old.status !== s.status && (BAD.has(s.status) || BAD.has(old.status))) {
        event('sensor', s.status === 'nc' ? 'warning' : BAD.has(s.status) ? 'critical' : 'info', BAD.has(s.status) ? describe(s) : `${s.name} back in range.`);
      }
      before.delete(s.name);
    }
    for (const gone of before.values()) if (BAD.has(gone.status)) this.alarms?.clear(`ipmi:sensor:${deviceId}:${gone.name}`, `${gone.name} is no longer reported`);

    // SEL: entries not in the previous reading are new (the first reading is the baseline)
    if (prev && prev.selMark !== null && cur.selMark !== prev.selMark) {
      const known = new Set(prev.sel.map((e) => e.recordId));
      const fresh: SelEntryView[] = cur.sel.filter((e) => !known.has(e.recordId));
      for (const e of fresh.filter((x) => x.severity !== 'info').slice(-EVENTS_PER_POLL)) event('sel', e.severity, `SEL: ${e.sensorType} #${e.sensorNumber ?? '?'} ${e.description}`);
      const critical = fresh.filter((e) => e.severity === 'critical');
      if (critical.length > 0) {
        const last = critical[critical.length - 1]!;
        this.alarms?.raise({
          key: `ipmi:sel:${deviceId}`, deviceId, label: `${name} SEL`, state: 'CRITICAL', source: 'ipmi',
          message: `${critical.length} new critical SEL entr${critical.length === 1 ? 'y' : 'ies'}; latest: ${last.sensorType} ${last.description}`,
        });
      }
      if (cur.selCount === 0) {
        event('sel', 'info', 'The SEL was cleared.');
        this.alarms?.clear(`ipmi:sel:${deviceId}`, 'SEL cleared');
      }
    }
  }
}
