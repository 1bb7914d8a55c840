// Inputs of the inventory and racks procedures: one schema, used by the router to
// validate and by the renderer to show a field's error next to it.
import { z } from 'zod';
import { DEVICE_STATUS_VALUES, DEVICE_TYPE_VALUES } from '../choices';
import { idSchema, nameSchema, pageSchema, reasonSchema } from './common';

export const siteInput = z.object({
  name: nameSchema,
  code: z.string().trim().min(2, 'A site code has 2 to 12 characters.').max(12).regex(/^[A-Za-z0-9-]+$/, 'Letters, digits and dashes only.'),
  address: z.string().max(500).default(''),
});

export const roomInput = z.object({ siteId: idSchema, name: nameSchema });

export const rackInput = z.object({
  roomId: idSchema,
  name: nameSchema,
  heightU: z.number().int().min(1, 'A rack is at least 1U high.').max(60, 'Racks taller than 60U are not supported.').default(42),
});

const nicSchema = z.object({ name: z.string().max(40), speedGbps: z.number().min(0).max(800), mac: z.string().max(17).default('') });

export const specsSchema = z.object({
  cpu: z.string().max(200).default(''),
  ramGb: z.number().min(0).max(65536).default(0),
  storage: z.string().max(500).default(''),
  gpu: z.string().max(200).default(''),
  nics: z.array(nicSchema).max(64).default([]),
});

const ipv4or6 = z.string().trim().max(45).regex(/^$|^[0-9a-fA-F:.]+$/, 'Not an IP address.');

// The fields of a device without defaults: a patch must not reset what it does not name.
const deviceFields = z.object({
  name: nameSchema,
  type: z.enum(DEVICE_TYPE_VALUES),
  status: z.enum(DEVICE_STATUS_VALUES),
  heightU: z.number().int().min(0).max(60),
  hostId: idSchema.nullable(),
  siteId: idSchema.nullable(),
  rackId: idSchema.nullable(),
  position: z.number().int().min(1, 'Rack units count from 1.').max(60).nullable(),
  face: z.enum(['front', 'rear']),
  width: z.enum(['full', 'left', 'right']),
  fullDepth: z.boolean(),
  os: z.string().max(120),
  serial: z.string().trim().max(80),
  assetTag: z.string().trim().max(80),
  mgmtIp: ipv4or6,
  primaryIp: ipv4or6,
  notes: z.string().max(5000),
  specs: specsSchema,
});

export const deviceInput = deviceFields.extend({
  status: deviceFields.shape.status.default('staging'),
  heightU: deviceFields.shape.heightU.default(1),
  hostId: deviceFields.shape.hostId.default(null),
  siteId: deviceFields.shape.siteId.default(null),
  rackId: deviceFields.shape.rackId.optional(),
  position: deviceFields.shape.position.optional(),
  face: deviceFields.shape.face.optional(),
  width: deviceFields.shape.width.optional(),
  fullDepth: deviceFields.shape.fullDepth.optional(),
  os: deviceFields.shape.os.default(''),
  serial: deviceFields.shape.serial.default(''),
  assetTag: deviceFields.shape.assetTag.default(''),
  mgmtIp: deviceFields.shape.mgmtIp.default(''),
  primaryIp: deviceFields.shape.primaryIp.default(''),
  notes: deviceFields.shape.notes.default(''),
  specs: specsSchema.default({ cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] }),
});

export const deviceUpdateInput = z.object({
  id: idSchema,
  patch: deviceFields.omit({ status: true }).partial(),
});

export const deviceSortKeys = ['name', 'type', 'status', 'rack', 'position', 'serial', 'assetTag', 'updatedAt'] as const;

export const deviceListInput = pageSchema.extend({
  status: z.array(z.enum(DEVICE_STATUS_VALUES)).optional(),
  type: z.array(z.enum(DEVICE_TYPE_VALUES)).optional(),
  siteId: idSchema.optional(),
  rackId: idSchema.optional(),
  text: z.string().max(200).optional(),
  sort: z.enum(deviceSortKeys).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export const setStatusInput = z.object({
  id: idSchema,
  status: z.enum(DEVICE_STATUS_VALUES),
  reason: reasonSchema,
});

export const searchInput = z.object({ text: z.string().trim().min(1, 'Type something to search for.').max(200), limit: z.number().int().min(1).max(100).default(20) });

export type SiteInput = z.infer<typeof siteInput>;
export type RoomInput = z.infer<typeof roomInput>;
export type RackInput = z.infer<typeof rackInput>;
export type DeviceInput = z.input<typeof deviceInput>;
export type DeviceListInput = z.input<typeof deviceListInput>;
export type Specs = z.infer<typeof specsSchema>;
