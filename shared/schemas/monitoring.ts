// Inputs of the monitoring and alarm procedures: one schema, used by the router to validate
// and by the renderer to show a field's error next to it.
import { z } from 'zod';
import { CHECK_KIND_VALUES, DEFAULT_INTERVAL_S, DEFAULT_MAX_ATTEMPTS, MAX_INTERVAL_S, MIN_INTERVAL_S } from '../monitoring';
import { DEVICE_TYPE_VALUES } from '../choices';
import { idSchema, nameSchema } from './common';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%[\w.-]+)?$/;
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

export function isAddress(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (s.includes(':')) return IPV6.test(s) && s.split(':').length >= 3 && s.split(':').length <= 8;
  // all digits and dots but not a valid IPv4 (e.g. 300.1.1.1) is a typo, not a host name
  if (/^[\d.]+$/.test(s)) return false;
  return HOSTNAME.test(s);
}

export const addressSchema = z.string().trim().min(1, 'An address is required.').max(253)
  .refine(isAddress, 'Not an IP address or host name (e.g. 10.0.0.2 or sw1.example.net).');

export const portSchema = z.number({ message: 'A port is a number.' }).int('A port is a whole number.').min(1, 'Ports go from 1 to 65535.').max(65535, 'Ports go from 1 to 65535.');

export const intervalSchema = z.number({ message: 'The interval is a number of seconds.' }).int('Whole seconds, please.')
  .min(MIN_INTERVAL_S, `Poll at most every ${MIN_INTERVAL_S} s: the interval is at least ${MIN_INTERVAL_S} seconds.`)
  .max(MAX_INTERVAL_S, 'At most once a day (86400 s).');

/** SNMP communities: printable ASCII without spaces (what agents accept in practice). */
export const communitySchema = z.string().min(1, 'A community is required.').max(64, 'Communities are at most 64 characters.')
  .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces (letters, digits, punctuation).');

const AUTH = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const PRIV = ['des', 'aes', 'aes256b', 'aes256r'] as const;
const keySchema = z.string().min(8, 'SNMPv3 keys are at least 8 characters (RFC 3414).').max(128);

export const v3Schema = z.object({
  user: z.string().trim().min(1, 'An SNMPv3 user name is required.').max(32, 'SNMPv3 user names are at most 32 characters.'),
  authProtocol: z.enum(AUTH).default('sha'),
  authKey: keySchema.optional(),
  privProtocol: z.enum(PRIV).default('aes'),
  privKey: keySchema.optional(),
}).refine((v) => !v.privKey || v.authKey, { message: 'Privacy (authPriv) needs an authentication key too.', path: ['authKey'] });

/** Exactly one way to authenticate: a community, v3 keys, or a group's credentials. */
const credentialChoice = {
  community: communitySchema.optional(),
  v3: v3Schema.optional(),
  credentialId: idSchema.optional(),
};

function oneCredential(v: { community?: string; v3?: unknown; credentialId?: string }, ctx: z.RefinementCtx, required: boolean): void {
  const n = [v.community, v.v3, v.credentialId].filter((x) => x !== undefined).length;
  if (n > 1) ctx.addIssue({ code: 'custom', path: ['community'], message: 'Give a community, SNMPv3 keys or a credential group — only one.' });
  if (required && n === 0) ctx.addIssue({ code: 'custom', path: ['community'], message: 'A community (or SNMPv3 keys, or a credential group) is required.' });
}

/** The one form: "add a switch by address and community". */
export const monitorAddInput = z.object({
  address: addressSchema,
  port: portSchema.default(161),
  ...credentialChoice,
  /** name of the new inventory device (default: the address) */
  name: nameSchema.optional(),
  /** monitor an existing inventory device instead of creating one */
  deviceId: idSchema.optional(),
  type: z.enum(DEVICE_TYPE_VALUES).default('switch'),
  intervalS: intervalSchema.default(DEFAULT_INTERVAL_S),
  /** default: 20 s, or the interval when that is shorter */
  retryIntervalS: intervalSchema.optional(),
  maxAttempts: z.number().int().min(1, 'At least one attempt.').max(10, 'At most 10 attempts.').default(DEFAULT_MAX_ATTEMPTS),
  parentDeviceId: idSchema.nullable().default(null),
  hostResources: z.boolean().optional(),
}).superRefine((v, ctx) => {
  oneCredential(v, ctx, true);
  if (v.deviceId && v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'The name comes from the existing device; leave it empty.' });
  if (v.retryIntervalS !== undefined && v.retryIntervalS > v.intervalS) ctx.addIssue({ code: 'custom', path: ['retryIntervalS'], message: 'Retry at most as slowly as the normal interval.' });
});

export const monitorUpdateInput = z.object({
  deviceId: idSchema,
  patch: z.object({
    address: addressSchema.optional(),
    port: portSchema.optional(),
    ...credentialChoice,
    intervalS: intervalSchema.optional(),
    retryIntervalS: intervalSchema.optional(),
    maxAttempts: z.number().int().min(1).max(10).optional(),
    parentDeviceId: idSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    hostResources: z.boolean().optional(),
  }).superRefine((v, ctx) => oneCredential(v, ctx, false)),
});

export const credentialGroupInput = z.object({
  name: nameSchema,
  community: communitySchema.optional(),
  v3: v3Schema.optional(),
}).superRefine((v, ctx) => {
  if (!!v.community === !!v.v3) ctx.addIssue({ code: 'custom', path: ['community'], message: 'Give either a community or SNMPv3 keys.' });
});

export const checkInput = z.object({
  deviceId: idSchema,
  kind: z.enum(CHECK_KIND_VALUES),
  name: nameSchema.optional(),
  host: z.string().trim().max(253).default('').refine((h) => h === '' || isAddress(h), 'Not an IP address or host name.'),
  port: portSchema.nullable().default(null),
  url: z.string().trim().max(2000).default(''),
  expectStatus: z.number().int().min(0).max(599).default(0),
  expectText: z.string().max(500).default(''),
  intervalS: intervalSchema.default(DEFAULT_INTERVAL_S),
  timeoutMs: z.number().int().min(100, 'At least 100 ms.').max(60_000, 'At most 60 s.').default(5000),
  tlsVerify: z.boolean().default(true),
}).superRefine((v, ctx) => {
  if (v.kind === 'tcp' && v.port === null) ctx.addIssue({ code: 'custom', path: ['port'], message: 'A TCP check needs the port to connect to.' });
  if (v.kind === 'http') {
    let ok = false;
    try {
      const u = new URL(v.url);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch (_err) {
      ok = false;
    }
    if (!ok) ctx.addIssue({ code: 'custom', path: ['url'], message: 'An HTTP check needs a URL starting with http:// or https://.' });
  }
});

export const checkUpdateInput = z.object({
  id: idSchema,
  patch: z.object({
    name: nameSchema.optional(),
    intervalS: intervalSchema.optional(),
    timeoutMs: z.number().int().min(100).max(60_000).optional(),
    expectStatus: z.number().int().min(0).max(599).optional(),
    expectText: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
  }),
});

export const interfaceUpdateInput = z.object({
  id: idSchema,
  linkedDeviceId: idSchema.nullable().optional(),
  committedMbps: z.number().positive('A commit is more than 0 Mbit/s.').max(10_000_000).nullable().optional(),
  alarmOnDown: z.boolean().optional(),
});

export const portGroupInput = z.object({
  name: nameSchema,
  customerId: idSchema.nullable().default(null),
  interfaceIds: z.array(idSchema).min(1, 'Choose at least one port.').max(512),
  committedMbps: z.number().positive('A commit is more than 0 Mbit/s.').max(10_000_000),
});

export const maintenanceInput = z.object({
  name: nameSchema,
  startsAt: z.number().int().min(0),
  endsAt: z.number().int().min(0),
  deviceIds: z.array(idSchema).min(1, 'Choose the devices to silence.').max(10_000),
  reason: z.string().trim().max(1000).default(''),
}).refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'The window must end after it starts.' });

export const ackInput = z.object({
  id: idSchema,
  comment: z.string().trim().min(1, 'Say what is being done about it (a few words).').max(1000),
  /** the person at a shared wall login (recorded as "name via wall-token") */
  by: z.string().trim().min(1).max(80).optional(),
});

export const snoozeInput = z.object({
  id: idSchema,
  /** 0 ends the snooze */
  minutes: z.number().int().min(0).max(24 * 60, 'Snooze for at most a day; use a maintenance window for longer.'),
});

export const alarmListInput = z.object({
  active: z.boolean().optional(),
  deviceId: idSchema.optional(),
  since: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

export const externalAlarmInput = z.object({
  key: z.string().min(3).max(200).regex(/^[a-z][a-z0-9-]*:/, 'Keys start with a source prefix, e.g. "ipmi:…".'),
  deviceId: idSchema.nullable().default(null),
  label: z.string().min(1).max(200),
  state: z.enum(['OK', 'WARNING', 'CRITICAL', 'DOWN', 'UNKNOWN']),
  message: z.string().max(2000).default(''),
  source: z.string().min(1).max(40),
});

export const graphInput = z.object({
  interfaceId: idSchema,
  range: z.enum(['day', 'week', 'month', 'year']).default('day'),
});

export type MonitorAddInput = z.input<typeof monitorAddInput>;
export type CheckInput = z.input<typeof checkInput>;
