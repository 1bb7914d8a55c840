// Sensor type codes (IPMI 2.0 §42.2, Table 42-3).
const SENSOR_TYPES: readonly string[] = [
  'reserved', 'Temperature', 'Voltage', 'Current', 'Fan', 'Physical Security', 'Platform Security', 'Processor',
  'Power Supply', 'Power Unit', 'Cooling Device', 'Other Units-based', 'Memory', 'Drive Slot (Bay)', 'POST Memory Resize',
  'System Firmware Progress', 'Event Logging Disabled', 'Watchdog 1', 'System Event', 'Critical Interrupt', 'Button / Switch',
  'Module / Board', 'Microcontroller / Coprocessor', 'Add-in Card', 'Chassis', 'Chip Set', 'Other FRU', 'Cable / Interconnect',
  'Terminator', 'System Boot / Restart Initiated', 'Boot Error', 'Base OS Boot / Installation Status', 'OS Stop / Shutdown',
  'Slot / Connector', 'System ACPI Power State', 'Watchdog 2', 'Platform Alert', 'Entity Presence', 'Monitor ASIC / IC',
  'LAN', 'Management Subsystem Health', 'Battery', 'Session Audit', 'Version Change', 'FRU State',
];

export function sensorTypeName(code: number): string {
  if (code >= 0xc0) return 'OEM reserved';
  return SENSOR_TYPES[code] ?? `sensor type ${code}`;
}

// §42.2 Table 42-2, threshold event offsets (event/reading type 01h)
export const THRESHOLD_EVENTS: readonly string[] = [
  'Lower Non-critical going low', 'Lower Non-critical going high', 'Lower Critical going low', 'Lower Critical going high',
  'Lower Non-recoverable going low', 'Lower Non-recoverable going high', 'Upper Non-critical going low', 'Upper Non-critical going high',
  'Upper Critical going low', 'Upper Critical going high', 'Upper Non-recoverable going low', 'Upper Non-recoverable going high',
];
