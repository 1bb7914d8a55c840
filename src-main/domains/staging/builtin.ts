// The checklist a server follows when staff have not written their own: what a datacenter
// checks before a new (or wiped) server is offered for rent.
import type { ChecklistItem } from '../../../shared/staging';

const item = (key: string, title: string, required: boolean, check: string | null, help: string, params: Record<string, unknown> = {}): ChecklistItem =>
  ({ key, title, required, mode: check ? 'automatic' : 'manual', check, params, help });

export const BUILTIN_TEMPLATE = {
  name: 'Standard server QA',
  deviceTypes: ['server'],
  items: [
    item('rack-label', 'Racked at the recorded position, labelled front and rear', true, null, 'Compare the rack and U in the inventory with the label on the server.'),
    item('serial-match', 'Serial and asset tag match the inventory', true, null, 'Read the serial from the chassis sticker or the BIOS.'),
    item('bmc-reachable', 'BMC reachable', true, 'ipmi.bmc-reachable', 'The BMC answers over IPMI (RMCP+) at its management address.'),
    item('sensors', 'Sensors in range', true, 'ipmi.sensors-in-range', 'No temperature, fan or voltage sensor outside its thresholds.'),
    item('sel-clean', 'SEL has no critical entries', true, 'ipmi.sel-clean', 'The System Event Log shows no critical or non-recoverable events.'),
    item('switch-port', 'Switch port up', true, 'snmp.switch-port-up', 'The switch port the server plugs into is up (IF-MIB ifOperStatus).'),
    item('burn-in', 'Burn-in 24h', true, 'burn-in', 'Enter or import a burn-in result of at least 24 hours.', { minHours: 24 }),
    item('os-installed', 'OS image installed and reachable', false, null, 'Optional: the default image boots and answers on its primary address.'),
    item('photos', 'Photos of front and rear', false, null, 'Optional: file names of the photos as evidence.'),
  ] satisfies ChecklistItem[],
};
