// Inputs of the BMC procedures: one schema, used by the router to validate and by the
// renderer to show a field's error next to the input.
import { z } from 'zod';
import {
  BMC_POLL_DEFAULT_S, BMC_POLL_MAX_S, BMC_POLL_MIN_S, BMC_PRIVILEGE_VALUES, BOOT_DEVICE_VALUES, CONSOLE_DRIVER_VALUES,
  IPMI_KG_MAX, IPMI_PASSWORD_MAX, IPMI_USER_MAX, POWER_ACTION_VALUES, type BmcCipherSuite,
} from '../bmc';
import { idSchema } from './common';
import { addressSchema, portSchema } from './monitoring';

const bytes = (s: string) => new TextEncoder().encode(s).length;

const suiteSchema = z.union([z.literal(17), z.literal(3), z.literal(0)], { message: 'Cipher suites 17, 3 (and 0 when insecure logins are allowed).' });

/** "user@host" or "user@host:port" (IPv6 in brackets). */
export const SSH_TARGET = /^[a-z_][a-z0-9_.-]{0,31}@([a-zA-Z0-9.-]{1,253}|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;

export const bmcSetInput = z.object({
  deviceId: idSchema,
  address: addressSchema,
  port: portSchema.default(623),
  username: z.string().max(64).refine((u) => bytes(u) <= IPMI_USER_MAX, `IPMI user names are at most ${IPMI_USER_MAX} bytes.`),
  /** absent: keep the stored one; '' stores an empty password (shown as a warning) */
  password: z.string().max(64).refine((p) => bytes(p) <= IPMI_PASSWORD_MAX, `IPMI 2.0 passwords are at most ${IPMI_PASSWORD_MAX} bytes.`).optional(),
  /** BMC key Kg as text; absent: keep; '' removes it */
  kg: z.string().max(64).refine((k) => bytes(k) <= IPMI_KG_MAX, `The BMC key Kg is at most ${IPMI_KG_MAX} bytes.`).optional(),
  privilege: z.enum(BMC_PRIVILEGE_VALUES).default('administrator'),
  cipherSuites: z.array(suiteSchema).min(1, 'Allow at least one cipher suite.').max(3).default([17, 3])
    .refine((l) => new Set(l).size === l.length, 'Each cipher suite once.'),
  allowInsecure: z.boolean().default(false),
  consoleDriver: z.enum(CONSOLE_DRIVER_VALUES).default('sol'),
  sshTarget: z.string().trim().max(300).default(''),
  pollEnabled: z.boolean().default(true),
  pollIntervalS: z.number({ message: 'The interval is a number of seconds.' }).int('Whole seconds, please.')
    .min(BMC_POLL_MIN_S, `Poll at most every ${BMC_POLL_MIN_S} s.`).max(BMC_POLL_MAX_S, `Poll at least once an hour (${BMC_POLL_MAX_S} s).`)
    .default(BMC_POLL_DEFAULT_S),
}).superRefine((v, ctx) => {
  if (v.cipherSuites.includes(0 as BmcCipherSuite) && !v.allowInsecure) {
    ctx.addIssue({ code: 'custom', path: ['cipherSuites'], message: 'Cipher suite 0 has no authentication and no encryption: tick "allow insecure" for this BMC first, or remove suite 0.' });
  }
  if (v.username === '' && !v.allowInsecure) {
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'A user name is required (anonymous login needs "allow insecure" for this BMC).' });
  }
  if (v.consoleDriver === 'ssh' && !SSH_TARGET.test(v.sshTarget)) {
    ctx.addIssue({ code: 'custom', path: ['sshTarget'], message: 'The ssh console needs a target: user@host or user@host:port.' });
  }
  if (v.sshTarget !== '' && !SSH_TARGET.test(v.sshTarget)) {
    ctx.addIssue({ code: 'custom', path: ['sshTarget'], message: 'Write the ssh target as user@host or user@host:port.' });
  }
});
export type BmcSetInput = z.input<typeof bmcSetInput>;

export const deviceIdInput = z.object({ deviceId: idSchema });

export const powerInput = z.object({
  deviceId: idSchema,
  action: z.enum(POWER_ACTION_VALUES),
  /** recorded in the audit entry */
  reason: z.string().trim().max(1000).default(''),
});

export const bootDeviceInput = z.object({
  deviceId: idSchema,
  device: z.enum(BOOT_DEVICE_VALUES),
  persistent: z.boolean().default(false),
  efi: z.boolean().default(false),
  reason: z.string().trim().max(1000).default(''),
});

