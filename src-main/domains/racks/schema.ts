import type { Rack, Room, Site } from '../../../shared/types';
import type { TableSpec } from '../../store/repository';

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
