// Sites, rooms, racks, and the rack elevation the renderer draws.
import type { RackInput, RoomInput, SiteInput } from '../../../shared/schemas/inventory';
import type { Device, Rack, Room, Site } from '../../../shared/types';
import { conflict, invalid } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { DeviceRepository } from '../inventory/repository';
import type { RackRepository } from './repository';
import type { AddRackInput } from './schema';

export interface RackTreeNode {
  site: Site;
  rooms: Array<{ room: Room; racks: Array<Rack & { devices: number; usedU: number }> }>;
}

export interface Elevation {
  rack: Rack;
  site: Site | null;
  room: Room | null;
  devices: Device[];
  /** Devices in the rack without a position (0U PDUs, unplaced). */
  unplaced: Device[];
  usedU: number;
  freeU: number;
}

export class RackService {
  constructor(readonly repo: RackRepository, private readonly devices: DeviceRepository) {}

  createSite(ctx: WriteContext, input: SiteInput, demo = false, field = 'code'): Site {
    const taken = this.repo.allSites().find((s) => s.code === input.code);
    if (taken) throw conflict(`Site code ${input.code} is already used by ${taken.name}: pick another code, or add to that site.`, field);
    return this.repo.sites.insert(ctx, { ...input, demo });
  }

  createRoom(ctx: WriteContext, input: RoomInput, demo = false): Room {
    if (!this.repo.sites.find(input.siteId)) throw invalid(`No site with id ${input.siteId}.`, 'siteId');
    return this.repo.rooms.insert(ctx, { ...input, demo });
  }

  createRack(ctx: WriteContext, input: RackInput, demo = false): Rack {
    if (!this.repo.rooms.find(input.roomId)) throw invalid(`No room with id ${input.roomId}.`, 'roomId');
    return this.repo.racks.insert(ctx, { ...input, demo });
  }

  /** A rack with, where asked, its new site and room: all of them or, on any refusal, none. */
  addRack(ctx: WriteContext, input: AddRackInput): Rack {
    return this.repo.inTransaction(() => {
      const siteId = 'id' in input.site ? input.site.id : this.createSite(ctx, { ...input.site }, false, 'site.code').id;
      if (!this.repo.sites.find(siteId)) throw invalid(`No site with id ${siteId}.`, 'site');
      const roomId = 'id' in input.room ? input.room.id : this.createRoom(ctx, { siteId, name: input.room.name }).id;
      if (this.repo.rooms.find(roomId)?.siteId !== siteId) throw invalid('That room is not at the chosen site.', 'room');
      return this.createRack(ctx, { ...input.rack, roomId });
    });
  }

  tree(): RackTreeNode[] {
    const usage = this.repo.rackUsage();
    const rooms = this.repo.allRooms();
    const racks = this.repo.allRacks();
    return this.repo.allSites().map((site) => ({
      site,
      rooms: rooms.filter((r) => r.siteId === site.id).map((room) => ({
        room,
        racks: racks.filter((k) => k.roomId === room.id).map((k) => ({ ...k, devices: usage.get(k.id)?.devices ?? 0, usedU: usage.get(k.id)?.usedU ?? 0 })),
      })),
    }));
  }

  elevation(rackId: string): Elevation | null {
    const rack = this.repo.racks.find(rackId);
    if (!rack) return null;
    const room = this.repo.rooms.find(rack.roomId);
    const site = room ? this.repo.sites.find(room.siteId) : null;
    const all = this.devices.inRack(rackId);
    const placed = all.filter((d) => d.position !== null);
    const units = new Set<number>();
    for (const d of placed) for (let u = d.position!; u < d.position! + Math.max(1, d.heightU); u++) units.add(u);
    return { rack, site, room, devices: placed, unplaced: all.filter((d) => d.position === null), usedU: units.size, freeU: rack.heightU - units.size };
  }
}
