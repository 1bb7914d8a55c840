// IPMI 2.0 §28.2 Get Chassis Status (Chassis 00h, cmd 01h), privilege User.
// response: current power state (bit 0 power on, 1 overload, 2 interlock, 3 main power fault,
// 4 power control fault, 6:5 restore policy 0 stay off / 1 previous / 2 always on / 3 unknown),
// last power event (bit 0 AC failed, 1 overload, 2 interlock, 3 fault, 4 on via IPMI),
// misc chassis state (bit 0 intrusion, 1 front panel lockout, 2 drive fault, 3 cooling/fan
// fault, 5:4 identify state, 6 identify state supported), [front panel button capabilities]
import { ByteWriter } from '../../wire/bytes';
import { NetFn, bit, bits, defineCommand, empty, reader } from '../command';

export type RestorePolicy = 'always-off' | 'previous' | 'always-on' | 'unknown';
export type IdentifyState = 'off' | 'temporary' | 'indefinite' | 'reserved';

export interface ChassisStatus {
  powerOn: boolean;
  powerOverload: boolean;
  interlock: boolean;
  powerFault: boolean;
  powerControlFault: boolean;
  restorePolicy: RestorePolicy;
  lastPowerEvent: { acFailed: boolean; overload: boolean; interlock: boolean; fault: boolean; viaIpmi: boolean };
  intrusion: boolean;
  frontPanelLockout: boolean;
  driveFault: boolean;
  coolingFault: boolean;
  /** undefined when the BMC does not report identify state */
  identify: IdentifyState | undefined;
  frontPanelButtons?: number;
}

const POLICIES: readonly RestorePolicy[] = ['always-off', 'previous', 'always-on', 'unknown'];
const IDENTIFY: readonly IdentifyState[] = ['off', 'temporary', 'indefinite', 'reserved'];

const NAME = 'Get Chassis Status';

export const getChassisStatus = defineCommand<void, ChassisStatus>({
  name: NAME,
  section: 'IPMI 2.0 §28.2',
  netFn: NetFn.chassis,
  cmd: 0x01,
  privilege: 2,
  encodeRequest: empty.encode,
  decodeRequest: empty.decode,
  encodeResponse(s) {
    const w = new ByteWriter(4);
    w.u8(bits([s.powerOn, 0], [s.powerOverload, 1], [s.interlock, 2], [s.powerFault, 3], [s.powerControlFault, 4]) | (POLICIES.indexOf(s.restorePolicy) << 5));
    const e = s.lastPowerEvent;
    w.u8(bits([e.acFailed, 0], [e.overload, 1], [e.interlock, 2], [e.fault, 3], [e.viaIpmi, 4]));
    const id = s.identify === undefined ? 0 : 0x40 | (IDENTIFY.indexOf(s.identify) << 4);
    w.u8(bits([s.intrusion, 0], [s.frontPanelLockout, 1], [s.driveFault, 2], [s.coolingFault, 3]) | id);
    if (s.frontPanelButtons !== undefined) w.u8(s.frontPanelButtons);
    return w.toBytes();
  },
  decodeResponse(data) {
    const r = reader(data, NAME, 'response');
    const p = r.u8('current power state');
    const e = r.u8('last power event');
    const m = r.u8('misc chassis state');
    const fp = r.remaining > 0 ? r.u8() : undefined;
    return {
      powerOn: bit(p, 0),
      powerOverload: bit(p, 1),
      interlock: bit(p, 2),
      powerFault: bit(p, 3),
      powerControlFault: bit(p, 4),
      restorePolicy: POLICIES[(p >> 5) & 3] as RestorePolicy,
      lastPowerEvent: { acFailed: bit(e, 0), overload: bit(e, 1), interlock: bit(e, 2), fault: bit(e, 3), viaIpmi: bit(e, 4) },
      intrusion: bit(m, 0),
      frontPanelLockout: bit(m, 1),
      driveFault: bit(m, 2),
      coolingFault: bit(m, 3),
      identify: bit(m, 6) ? (IDENTIFY[(m >> 4) & 3] as IdentifyState) : undefined,
      ...(fp !== undefined ? { frontPanelButtons: fp } : {}),
    };
  },
});
