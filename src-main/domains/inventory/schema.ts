import type { Device } from '../../../shared/types';
import type { TableSpec } from '../../store/repository';

export const deviceTable: TableSpec<Device> = {
  table: 'devices',
  kind: 'device',
  fields: {
    name: 'name', type: 'type', status: 'status', siteId: 'site_id', rackId: 'rack_id', position: 'position',
    heightU: 'height_u', face: 'face', width: 'width', fullDepth: { col: 'full_depth', kind: 'bool' }, hostId: 'host_id',
    os: 'os', serial: 'serial', assetTag: 'asset_tag', mgmtIp: 'mgmt_ip', primaryIp: 'primary_ip', notes: 'notes',
    specs: { col: 'specs', kind: 'json' }, demo: { col: 'demo', kind: 'bool' },
  },
  search: (d) => ({
    title: d.name,
    body: [d.type, d.status, d.serial, d.assetTag, d.mgmtIp, d.primaryIp, d.os, d.specs.cpu].filter(Boolean).join(' '),
  }),
};
