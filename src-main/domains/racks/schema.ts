import { z } from 'zod';
import { idSchema } from '../../../shared/schemas/common';
import { rackInput, roomInput, siteInput } from '../../../shared/schemas/inventory';
import type { Rack, Room, Site } from '../../../shared/types';
import type { TableSpec } from '../../store/repository';

/** One rack with, where asked, its new site and room (racks.addRack: all or nothing). */
export const addRackInput = z.object({
  site: z.union([z.object({ id: idSchema }), siteInput]),
  room: z.union([z.object({ id: idSchema }), roomInput.pick({ name: true })]),
  rack: rackInput.omit({ roomId: true }),
});
export type AddRackInput = z.output<typeof addRackInput>;

export const siteTable: TableSpec<Site> = {
  table: 'sites',
  kind: 'site',
  fields: { name: 'name', code: 'code', address: 'address', demo: { col: 'demo', kind: 'bool' } },
  search: (s) => ({ title: s.name, body: `${s.code} ${s.address}` }),
};

export const roomTable: TableSpec<Room> = {
  table: 'rooms',
  kind: 'room',
  fields: { siteId: 'site_id', name: 'name', demo: { col: 'demo', kind: 'bool' } },
};

export const rackTable: TableSpec<Rack> = {
  table: 'racks',
  kind: 'rack',
  fields: { roomId: 'room_id', name: 'name', heightU: 'height_u', demo: { col: 'demo', kind: 'bool' } },
  search: (r) => ({ title: r.name, body: 'rack' }),
};
