import type { Device, Rack, Site } from '../../../shared/types';
import { deviceInput } from '../../../shared/schemas/inventory';
import { describeRepositoryContract } from './repository-contract';
import { actor } from '../helpers';

const ctx = { actor: actor('admin') };

describeRepositoryContract<Site>({
  name: 'sites',
  repository: (t) => t.core.services.racks.repo.sites,
  make: () => ({ name: 'Site A', code: `S${Math.floor(Math.random() * 1e6)}`, address: '', demo: false }),
  change: { name: 'Site A renamed' },
});

describeRepositoryContract<Rack>({
  name: 'racks',
  repository: (t) => t.core.services.racks.repo.racks,
  make: (t) => {
    const site = t.core.services.racks.createSite(ctx, { name: 'S', code: `S${Math.floor(Math.random() * 1e6)}`, address: '' });
    const room = t.core.services.racks.createRoom(ctx, { siteId: site.id, name: 'R' });
    return { roomId: room.id, name: 'A01', heightU: 42, demo: false };
  },
  change: { heightU: 48 },
});

describeRepositoryContract<Device>({
  name: 'devices',
  repository: (t) => t.core.services.inventory.devices,
  make: () => {
    const d = deviceInput.parse({ name: 'srv-1', type: 'server' });
    return { ...d, siteId: null, rackId: null, position: null, face: 'front', width: 'full', fullDepth: true, hostId: null, demo: false };
  },
  change: { serial: 'SN-1' },
});
