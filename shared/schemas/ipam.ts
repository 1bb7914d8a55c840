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

export const prefixCreateInput = z.object({
  prefix: cidrText,
  vrf: vrfSchema,
  status: z.enum(PREFIX_STATUS_VALUES).default('active'),
  /** Inherited from the parent when not given. */
  zone: z.enum(SECURITY_ZONE_VALUES).optional(),
  role: text(50),
  isPool: z.boolean().default(false),
  siteId: idSchema.nullable().default(null),
  vlanId: idSchema.nullable().default(null),
  customerId: refId.default(null),
  rentalId: refId.default(null),
  justification: justificationSchema,
  section: text(80),
  description: text(500),
});

export const prefixUpdateInput = z.object({
  id: idSchema,
  patch: prefixCreateInput.omit({ prefix: true, vrf: true }).partial().extend({ zone: z.enum(SECURITY_ZONE_VALUES).optional() }),
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

export const vlanInput = z.object({
  vid: z.number().int().min(1, 'A VLAN id is 1 to 4094.').max(4094, 'A VLAN id is 1 to 4094.'),
  name: z.string().trim().min(1, 'A name is required.').max(64),
  siteId: idSchema.nullable().default(null),
  group: text(64),
  status: z.enum(VLAN_STATUS_VALUES).default('active'),
  role: text(50),
  customerId: refId.default(null),
  description: text(500),
});

export const vlanUpdateInput = z.object({ id: idSchema, patch: vlanInput.partial() });

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

/** Over the WebSocket a message is at most 1 MiB: bigger files go through `noc ipam import`. */
export const importInput = z.object({
  format: z.enum(IMPORT_FORMAT_VALUES),
  text: z.string().min(1, 'The file is empty.').max(900_000, 'Files over 900 KB: use `noc ipam import FILE` on the command line.'),
  dryRun: z.boolean().default(true),
  vrf: vrfSchema,
});

export const exportInput = z.object({ format: z.enum(IMPORT_FORMAT_VALUES), vrf: z.string().trim().max(60).optional() });

export type PrefixCreateInput = z.input<typeof prefixCreateInput>;
export type AddressAddInput = z.input<typeof addressAddInput>;
export type AssignInput = z.input<typeof assignInput>;
export type VlanInput = z.input<typeof vlanInput>;
export type RangeInput = z.input<typeof rangeInput>;
