import type { TestCore } from '../../helpers';

/** One site, one room, one 42U rack, made through the router as a user would. */
export async function rackFixture(t: TestCore, heightU = 42) {
  const api = t.caller();
  const site = await api.racks.createSite({ name: 'Ashburn', code: `IAD${Math.floor(Math.random() * 1e5)}`, address: '' });
  const room = await api.racks.createRoom({ siteId: site.id, name: 'Hall A' });
  const rack = await api.racks.createRack({ roomId: room.id, name: 'A01', heightU });
  return { api, site, room, rack };
}
