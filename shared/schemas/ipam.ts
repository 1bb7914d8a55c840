// Inputs of the IPAM procedures: one schema for the router's validation and the renderer's
// field errors. Address and prefix text is checked with the shared IP parser so a form
// shows "host bits set; the network is …" next to the input before anything is sent.
import { z } from 'zod';
import {
  ADDRESS_STATUS_VALUES, IMPORT_FORMAT_VALUES, PREFIX_STATUS_VALUES, RANGE_STATUS_VALUES, SECURITY_ZONE_VALUES, VLAN_STATUS_VALUES,
} from '../ipam-choices';
import { IpFormatError, parseAddress, parseCidr } from '../ipam';
import { idSchema, pageSchema } from './common';

function checked(parse: (s: string) => unknown) {
  return z.string().trim().min(1, 'Required.').max(100).superRefine((value, ctx) => {
    try {
      parse(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof IpFormatError ? err.message : String(err) });
    }
  });
}

export const addressText = checked(parseAddress);
export const cidrText = checked(parseCidr);
/** A prefix given by id or by its text ("203.0.113.0/24"). */
export const prefixRef = z.string().trim().min(1, 'Give a prefix (like 203.0.113.0/24) or its id.').max(100);
export const vrfSchema = z.string().trim().max(60, 'Keep VRF names under 60 characters.').default('');
const refId = z.string().trim().max(64).nullable();
const text = (max: number) => z.string().trim().max(max).default('');
export const justificationSchema = z.string().trim().max(2000, 'Keep the justification under 2,000 characters.').default('');

/** Prefix fields without defaults: a patch must leave out what it does not change. */
const prefixFields = {
  status: z.enum(PREFIX_STATUS_VALUES),
  /** Inherited from the parent when not given. */
  zone: z.enum(SECURITY_ZONE_VALUES),
  role: z.string().trim().max(50),
  isPool: z.boolean(),
  siteId: idSchema.nullable(),
  vlanId: idSchema.nullable(),
  customerId: refId,
  rentalId: refId,
  justification: z.string().trim().max(2000, 'Keep the justification under 2,000 characters.'),
  section: z.string().trim().max(80),
  description: z.string().trim().max(500),
};

export const prefixCreateInput = z.object({
  prefix: cidrText,
  vrf: vrfSchema,
  status: prefixFields.status.default('active'),
  zone: prefixFields.zone.optional(),
  role: prefixFields.role.default(''),
  isPool: prefixFields.isPool.default(false),
  siteId: prefixFields.siteId.default(null),
  vlanId: prefixFields.vlanId.default(null),
  customerId: prefixFields.customerId.default(null),
  rentalId: prefixFields.rentalId.default(null),
  justification: prefixFields.justification.default(''),
  section: prefixFields.section.default(''),
  description: prefixFields.description.default(''),
});

// Not prefixCreateInput.partial(): zod 4 still applies the defaults inside .partial(), so
// changing a description would have reset status, role, pool, VLAN and the customer.
export const prefixUpdateInput = z.object({
  id: idSchema,
  patch: z.object(prefixFields).partial(),
  reason: z.string().trim().max(1000).optional(),
});

export const splitInput = z.object({
  id: idSchema,
  length: z.number().int().min(1).max(128),
  /** Keep the prefix as a container above the parts instead of replacing it. */
  keepParent: z.boolean().default(false),
});

export const mergeInput = z.object({ ids: z.array(idSchema).min(2, 'Merge needs at least two prefixes.').max(256) });

export const removeInput = z.object({ id: idSchema, reason: z.string().trim().max(1000).optional() });

const addressFields = {
  vrf: vrfSchema,
  status: z.enum(ADDRESS_STATUS_VALUES).optional(),
  role: text(50),
  dnsName: text(255),
  description: text(500),
  deviceId: idSchema.nullable().default(null),
  interface: text(64),
  customerId: refId.default(null),
  rentalId: refId.default(null),
  justification: justificationSchema,
  /** Bulk adds: leave addresses that already exist as they are instead of refusing. */
  skipExisting: z.boolean().default(false),
};

export const addressAddInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('single'), address: addressText, ...addressFields }),
  z.object({ mode: z.literal('range'), start: addressText, end: addressText, ...addressFields }),
  z.object({ mode: z.literal('subnet'), prefix: prefixRef, ...addressFields }),
]);

export const assignInput = z.object({
  address: addressText,
  vrf: vrfSchema,
  status: z.enum(['used', 'gateway', 'dhcp']).default('used'),
  deviceId: idSchema.nullable().default(null),
  interface: text(64),
  customerId: refId.default(null),
  rentalId: refId.default(null),
  dnsName: text(255),
  description: text(500),
  justification: justificationSchema,
});

export const releaseInput = z.object({ id: idSchema, reason: z.string().trim().max(1000).optional() });

export const reserveInput = z.object({
  address: addressText,
  vrf: vrfSchema,
  description: text(500),
  customerId: refId.default(null),
  justification: justificationSchema,
});

export const addressUpdateInput = z.object({
  id: idSchema,
  patch: z.object({
    status: z.enum(ADDRESS_STATUS_VALUES).optional(),
    role: z.string().trim().max(50).optional(),
    dnsName: z.string().trim().max(255).optional(),
    description: z.string().trim().max(500).optional(),
    interface: z.string().trim().max(64).optional(),
    mac: z.string().trim().max(17).optional(),
    notes: z.string().trim().max(5000).optional(),
    justification: z.string().trim().max(2000).optional(),
  }),
  reason: z.string().trim().max(1000).optional(),
});

export const nextFreeInput = z.object({
  pool: prefixRef,
  vrf: vrfSchema,
  /** Asked-for zone: the pool's zone must match. */
  zone: z.enum(SECURITY_ZONE_VALUES).optional(),
  customerId: refId.default(null),
  /** Prefix length for a free prefix; none for a single address. */
  length: z.number().int().min(0).max(128).optional(),
});

export const allocateAddressInput = z.object({
  pool: prefixRef,
  vrf: vrfSchema,
  zone: z.enum(SECURITY_ZONE_VALUES).optional(),
  status: z.enum(['used', 'gateway', 'dhcp', 'reserved']).default('used'),
  deviceId: idSchema.nullable().default(null),
  interface: text(64),
  customerId: refId.default(null),
  rentalId: refId.default(null),
  dnsName: text(255),
  description: text(500),
  justification: justificationSchema,
});

export const allocatePrefixInput = z.object({
  pool: prefixRef,
  vrf: vrfSchema,
  length: z.number().int().min(1).max(128),
  zone: z.enum(SECURITY_ZONE_VALUES).optional(),
  status: z.enum(PREFIX_STATUS_VALUES).default('active'),
  role: text(50),
  customerId: refId.default(null),
  rentalId: refId.default(null),
  justification: justificationSchema,
  description: text(500),
});

export const treeInput = pageSchema.extend({ parentId: idSchema.nullable().default(null), limit: z.number().int().min(1).max(2000).default(500) });

/** The 256-cell map that holds `address` (a /24 for IPv4, a /120 for IPv6). */
export const mapInput = z.object({ address: addressText, vrf: vrfSchema });

export const findInput = z.object({ address: addressText, vrf: vrfSchema });

export const ipamSearchInput = z.object({ q: z.string().trim().min(1, 'Type an address, a prefix, a name or some text.').max(200), limit: z.number().int().min(1).max(200).default(50) });

const VID_RANGE = 'A VLAN id is a whole number from 1 to 4094.';
/** VLAN fields without defaults: a patch must leave out what it does not change. */
const vlanFields = {
  vid: z.number({ error: VID_RANGE }).int(VID_RANGE).min(1, VID_RANGE).max(4094, VID_RANGE),
  name: z.string().trim().min(1, 'A name is required.').max(64, 'Keep VLAN names under 64 characters.'),
  siteId: idSchema.nullable(),
  group: z.string().trim().max(64, 'Keep group names under 64 characters.'),
  status: z.enum(VLAN_STATUS_VALUES),
  role: z.string().trim().max(50, 'Keep the role under 50 characters.'),
  customerId: refId,
  description: z.string().trim().max(500, 'Keep the description under 500 characters.'),
};

export const vlanInput = z.object({
  ...vlanFields,
  siteId: vlanFields.siteId.default(null),
  group: vlanFields.group.default(''),
  status: vlanFields.status.default('active'),
  role: vlanFields.role.default(''),
  customerId: vlanFields.customerId.default(null),
  description: vlanFields.description.default(''),
});

// Not vlanInput.partial(): zod 4 still applies the defaults inside .partial(), so renaming a
// VLAN would have reset its site, group, status, role, customer and description.
export const vlanUpdateInput = z.object({ id: idSchema, patch: z.object(vlanFields).partial() });

/** The prefixes that use a VLAN (the panel's count, the removal's reason). */
export const vlanPrefixesInput = z.object({ id: idSchema, limit: z.number().int().min(1).max(1000).default(200) });

export const rangeInput = z.object({
  start: addressText,
  end: addressText,
  vrf: vrfSchema,
  status: z.enum(RANGE_STATUS_VALUES).default('dhcp'),
  role: text(50),
  customerId: refId.default(null),
  description: text(500),
});

export const arinInput = z.object({ block: prefixRef, vrf: vrfSchema });

/** Over the WebSocket a message is at most 1 MiB: bigger files are sent with importUpload in chunks. */
export const importInput = z.object({
  format: z.enum(IMPORT_FORMAT_VALUES),
  text: z.string().min(1, 'The file is empty.').max(900_000, 'Over 900 KB: send the file in chunks (importUpload), or use `noc ipam import FILE` on the command line.'),
  dryRun: z.boolean().default(true),
  vrf: vrfSchema,
});

/** Upload ids are made by the client (random), so a retried chunk cannot start a second file. */
export const uploadIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An upload id is 8 to 64 letters, digits, "-" or "_".');
/** Characters per chunk the server takes; the dialog sends 256 K so that even 3-byte UTF-8 fits a 1 MiB message. */
export const IMPORT_CHUNK_MAX = 512 * 1024;
export const IMPORT_CHUNK_SENT = 256 * 1024;

export const importUploadInput = z.object({
  uploadId: uploadIdSchema,
  /** 0, 1, 2, … in order; 0 starts the file (again). */
  index: z.number().int().min(0).max(1_000_000),
  chunk: z.string().max(IMPORT_CHUNK_MAX, `A chunk is at most ${IMPORT_CHUNK_MAX} characters; send smaller pieces.`),
  last: z.boolean(),
});

/** An import of the text itself (small files) or of a complete upload. */
export const importRunInput = z.object({
  format: z.enum(IMPORT_FORMAT_VALUES),
  text: importInput.shape.text.optional(),
  uploadId: uploadIdSchema.optional(),
  dryRun: z.boolean().default(true),
  vrf: vrfSchema,
  jobId: z.string().min(1).max(64).optional(),
}).superRefine((v, ctx) => {
  if ((v.text === undefined) === (v.uploadId === undefined)) ctx.addIssue({ code: 'custom', message: 'Give the CSV text or the id of an upload (one of them).', path: ['text'] });
});

/** Stops a running import (it rolls back) and/or drops an upload. */
export const importCancelInput = z.object({ jobId: z.string().min(1).max(64).optional(), uploadId: uploadIdSchema.optional() });

export const exportInput = z.object({ format: z.enum(IMPORT_FORMAT_VALUES), vrf: z.string().trim().max(60).optional() });

export type PrefixCreateInput = z.input<typeof prefixCreateInput>;
export type AddressAddInput = z.input<typeof addressAddInput>;
export type AssignInput = z.input<typeof assignInput>;
export type VlanInput = z.input<typeof vlanInput>;
export type RangeInput = z.input<typeof rangeInput>;
