// Sensor unit type codes (IPMI 2.0 §43.17, Table 43-15), names as the spec (and ipmitool) print them.
const BASE_UNITS: readonly string[] = [
  'unspecified', 'degrees C', 'degrees F', 'degrees K', 'Volts', 'Amps', 'Watts', 'Joules', 'Coulombs', 'VA',
  'Nits', 'lumen', 'lux', 'Candela', 'kPa', 'PSI', 'Newton', 'CFM', 'RPM', 'Hz',
  'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'mil', 'inches', 'feet',
  'cu in', 'cu feet', 'mm', 'cm', 'm', 'cu cm', 'cu m', 'liters', 'fluid ounce', 'radians',
  'steradians', 'revolutions', 'cycles', 'gravities', 'ounce', 'pound', 'ft-lb', 'oz-in', 'gauss', 'gilberts',
  'henry', 'millihenry', 'farad', 'microfarad', 'ohms', 'siemens', 'mole', 'becquerel', 'PPM', 'reserved',
  'Decibels', 'DbA', 'DbC', 'gray', 'sievert', 'color temp deg K', 'bit', 'kilobit', 'megabit', 'gigabit',
  'byte', 'kilobyte', 'megabyte', 'gigabyte', 'word', 'dword', 'qword', 'line', 'hit', 'miss',
  'retry', 'reset', 'overflow', 'underrun', 'collision', 'packets', 'messages', 'characters', 'error', 'correctable error',
  'uncorrectable error', 'fatal error', 'grams',
];

// §43.1 sensor units 1, bits 5:3 rate unit
const RATE_UNITS: readonly string[] = ['', 'per us', 'per ms', 'per s', 'per minute', 'per hour', 'per day', 'reserved'];

export function unitName(code: number): string {
  return BASE_UNITS[code] ?? `unit ${code}`;
}

export interface UnitSpec {
  base: number;
  modifier: number;
  /** bits 2:1 of units 1: 0 none, 1 base/modifier, 2 base*modifier */
  modifierUse: number;
  rate: number;
  percentage: boolean;
}

/** "Volts", "RPM", "% Watts per hour" ... as a human reads it */
export function formatUnit(u: UnitSpec): string {
  let s = unitName(u.base);
  if (u.modifierUse === 1) s = `${s}/${unitName(u.modifier)}`;
  else if (u.modifierUse === 2) s = `${s}*${unitName(u.modifier)}`;
  const rate = RATE_UNITS[u.rate] ?? '';
  if (rate) s = `${s} ${rate}`;
  return u.percentage ? `% ${s}` : s;
}
