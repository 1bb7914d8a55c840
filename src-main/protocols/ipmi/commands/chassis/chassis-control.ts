// IPMI 2.0 §28.3 Chassis Control (Chassis 00h, cmd 02h), privilege Operator.
// request: chassis control (bits 3:0): 0 power down, 1 power up, 2 power cycle, 3 hard reset,
// 4 pulse diagnostic interrupt, 5 initiate soft shutdown via ACPI over-temperature emulation.
// response: completion code only.
import { IpmiError } from '../../errors';
import { NetFn, defineCommand, empty, reader } from '../command';

export const ChassisAction = { powerDown: 0, powerUp: 1, powerCycle: 2, hardReset: 3, diagnosticInterrupt: 4, softShutdown: 5 } as const;
export type ChassisActionName = keyof typeof ChassisAction;

const NAMES = Object.keys(ChassisAction) as ChassisActionName[];
const NAME = 'Chassis Control';

export const chassisControl = defineCommand<{ action: ChassisActionName }, void>({
  name: NAME,
  section: 'IPMI 2.0 §28.3',
  netFn: NetFn.chassis,
  cmd: 0x02,
  privilege: 3,
  encodeRequest: (q) => Uint8Array.of(ChassisAction[q.action]),
  decodeRequest(d) {
    const v = reader(d, NAME, 'request').u8('chassis control') & 0x0f;
    const action = NAMES.find((n) => ChassisAction[n] === v);
    if (!action) throw new IpmiError('malformed', `Chassis Control: unknown action ${v}`);
    return { action };
  },
  encodeResponse: empty.encode,
  decodeResponse: empty.decode,
});
