// BMCs (issue 4): choice tables for both sides — console drivers, power actions, boot
// devices, cipher suites, sensor statuses. (value, label, intent) as in shared/choices.ts.
import type { Choice } from './choices';

/**
 * How the console of a server is reached. All three end in the same xterm through the same
 * console service: native SOL is the project's own IPMI client; the ipmitool driver runs
 * `ipmitool … sol activate` in a pty for BMCs whose SOL our client does not get along with;
 * ssh opens a shell on the server (or a serial concentrator) in a pty.
 */
export const CONSOLE_DRIVERS = [
  { value: 'sol', label: 'Serial-over-LAN (built in)', intent: 'primary' },
  { value: 'ipmitool', label: 'ipmitool sol activate (fallback)', intent: 'none' },
  { value: 'ssh', label: 'SSH', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type ConsoleDriverKind = (typeof CONSOLE_DRIVERS)[number]['value'];
export const CONSOLE_DRIVER_VALUES = CONSOLE_DRIVERS.map((d) => d.value) as [ConsoleDriverKind, ...ConsoleDriverKind[]];

/** What the drawer offers; each needs a confirmation that names its effect. */
export const POWER_ACTIONS = [
  { value: 'on', label: 'Power on', intent: 'success', effect: 'turns the server on.' },
  { value: 'soft', label: 'Soft shutdown', intent: 'warning', effect: 'asks the operating system to shut down (ACPI).' },
  { value: 'off', label: 'Power off', intent: 'danger', effect: 'cuts power at once: unsaved data is lost.' },
  { value: 'cycle', label: 'Power cycle', intent: 'danger', effect: 'cuts power and turns it back on: unsaved data is lost.' },
  { value: 'reset', label: 'Hard reset', intent: 'danger', effect: 'resets the server at once: unsaved data is lost.' },
] as const satisfies readonly (Choice<string> & { effect: string })[];
export type BmcPowerAction = (typeof POWER_ACTIONS)[number]['value'];
export const POWER_ACTION_VALUES = POWER_ACTIONS.map((a) => a.value) as [BmcPowerAction, ...BmcPowerAction[]];

export const BOOT_DEVICES = [
  { value: 'pxe', label: 'Network (PXE)', intent: 'none' },
  { value: 'disk', label: 'Hard disk', intent: 'none' },
  { value: 'cdrom', label: 'CD/DVD', intent: 'none' },
  { value: 'bios', label: 'BIOS setup', intent: 'none' },
  { value: 'safe', label: 'Hard disk, safe mode', intent: 'none' },
  { value: 'diag', label: 'Diagnostic partition', intent: 'none' },
  { value: 'none', label: 'No override (BIOS order)', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type BmcBootDevice = (typeof BOOT_DEVICES)[number]['value'];
export const BOOT_DEVICE_VALUES = BOOT_DEVICES.map((d) => d.value) as [BmcBootDevice, ...BmcBootDevice[]];

/** Cipher suite 0 is offered only with the per-BMC "allow insecure" flag (DESIGN.md, Security model). */
export const CIPHER_SUITE_CHOICES = [
  { value: '17', label: '17 — HMAC-SHA256, AES-128', intent: 'success' },
  { value: '3', label: '3 — HMAC-SHA1, AES-128', intent: 'none' },
  { value: '0', label: '0 — no authentication, no encryption (insecure)', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type BmcCipherSuite = 0 | 3 | 17;
export const DEFAULT_BMC_SUITES: readonly BmcCipherSuite[] = [17, 3];

export const BMC_PRIVILEGES = [
  { value: 'administrator', label: 'Administrator', intent: 'none' },
  { value: 'operator', label: 'Operator (power, console)', intent: 'none' },
  { value: 'user', label: 'User (read only)', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type BmcPrivilege = (typeof BMC_PRIVILEGES)[number]['value'];
export const BMC_PRIVILEGE_VALUES = BMC_PRIVILEGES.map((p) => p.value) as [BmcPrivilege, ...BmcPrivilege[]];

/** Sensor status as the IPMI library reports it (ok, or the worst threshold crossed). */
export const SENSOR_STATUSES = [
  { value: 'ok', label: 'OK', intent: 'success' },
  { value: 'nc', label: 'Non-critical', intent: 'warning' },
  { value: 'cr', label: 'Critical', intent: 'danger' },
  { value: 'nr', label: 'Non-recoverable', intent: 'danger' },
  { value: 'unavailable', label: 'No reading', intent: 'none' },
  { value: 'disabled', label: 'Disabled', intent: 'none' },
  { value: 'not-readable', label: 'Not readable', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type BmcSensorStatus = (typeof SENSOR_STATUSES)[number]['value'];

export const SEL_SEVERITIES = [
  { value: 'info', label: 'Info', intent: 'none' },
  { value: 'warning', label: 'Warning', intent: 'warning' },
  { value: 'critical', label: 'Critical', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type SelSeverity = (typeof SEL_SEVERITIES)[number]['value'];

/** Default poll interval of power and sensors, and its limits. */
export const BMC_POLL_DEFAULT_S = 60;
export const BMC_POLL_MIN_S = 10;
export const BMC_POLL_MAX_S = 3600;

/** IPMI 2.0 limits (§13.31 user name 16 bytes, password 20 bytes; Kg 20 bytes). */
export const IPMI_USER_MAX = 16;
export const IPMI_PASSWORD_MAX = 20;
export const IPMI_KG_MAX = 20;
