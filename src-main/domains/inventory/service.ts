// Inventory rules: placement in racks, VMs on hosts, and the status lifecycle.
import type { z } from 'zod';
import type { DeviceStatus } from '../../../shared/choices';
import { statusTransitionError } from '../../../shared/device-status';
import type { deviceInput, deviceListInput, deviceUpdateInput } from '../../../shared/schemas/inventory';
import type { Device } from '../../../shared/types';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { RackRepository } from '../racks/repository';
import { placementError } from './placement';
import type { DeviceRepository } from './repository';

/** A rule another domain adds to the lifecycle (QA checklist, rentals): a reason to refuse, or null. */
export type StatusGuard = (device: Device, to: DeviceStatus) => string | null;

type NewDevice = z.output<typeof deviceInput>;

export class InventoryService {
  private guards: StatusGuard[] = [];

  constructor(readonly devices: DeviceRepository, private readonly racks: RackRepository) {}

  addStatusGuard(guard: StatusGuard): void {
    this.guards.push(guard);
  }

  list(q: z.output<typeof deviceListInput>) {
    return this.devices.list(q);
  }

  /** Hosts call this once started: the list's first page would read every device (list-index.ts). */
  warmListIndex(): void {
    this.devices.warmListIndex();
  }

  get(id: string) {
    const device = this.devices.find(id);
    if (!device) return null;
    const rack = device.rackId ? this.racks.racks.find(device.rackId) : null;
    const site = device.siteId ? this.racks.sites.find(device.siteId) : null;
    const host = device.hostId ? this.devices.find(device.hostId) : null;
    return { device, rack, site, host, vms: this.devices.vmsOf(id) };
  }

  create(ctx: WriteContext, input: NewDevice, opts: { demo?: boolean; id?: string } = {}): Device {
    // Checked and written in one transaction, so two writers cannot fill the same unit.
    return this.devices.store.write(() => {
      const placed = this.resolvePlacement(input, null);
      return this.devices.insert(ctx, {
        name: input.name, type: input.type, status: input.status, heightU: input.heightU, os: input.os,
        serial: input.serial, assetTag: input.assetTag, mgmtIp: input.mgmtIp, primaryIp: input.primaryIp,
        notes: input.notes, specs: input.specs, demo: opts.demo ?? false, ...placed,
      }, opts.id);
    });
  }

  update(ctx: WriteContext, input: z.output<typeof deviceUpdateInput>): Device {
    return this.devices.store.write(() => {
      const current = this.devices.find(input.id);
      if (!current) throw invalid(`No device with id ${input.id}.`);
      const merged = { ...current, ...stripUndefined(input.patch) } as NewDevice & Device;
      const placed = this.resolvePlacement(merged, current.id);
      return this.devices.update(ctx, current.id, { ...stripUndefined(input.patch), ...placed });
    });
  }

  /** The lifecycle: refused with the reason when illegal or when a guard objects. */
  setStatus(ctx: WriteContext, id: string, to: DeviceStatus): Device {
    return this.devices.store.write(() => {
      const device = this.devices.find(id);
      if (!device) throw invalid(`No device with id ${id}.`);
      const illegal = statusTransitionError(device.status, to);
      if (illegal) throw precondition(illegal, 'status');
      for (const guard of this.guards) {
        const reason = guard(device, to);
        if (reason) throw precondition(reason, 'status');
      }
      return this.devices.update(ctx, id, { status: to }, 'status');
    });
  }

  remove(ctx: WriteContext, id: string): void {
    this.devices.store.write(() => {
      const vms = this.devices.vmsOf(id);
      if (vms.length > 0) throw conflict(`This host still runs ${vms.length} VM(s) (${vms.slice(0, 3).map((v) => v.name).join(', ')}…). Move or delete them first.`);
      this.devices.remove(ctx, id);
    });
  }

  /** Checks rack/host placement and derives the site from the rack. */
  private resolvePlacement(input: Partial<NewDevice>, selfId: string | null) {
    const type = input.type;
    if (type === 'vm') {
      if (!input.hostId) throw invalid('A VM needs the server it runs on (host).', 'hostId');
      const host = this.devices.find(input.hostId);
      if (!host || host.type !== 'server') throw invalid('A VM runs on a server; the chosen host is not one.', 'hostId');
      return { hostId: host.id, siteId: host.siteId, rackId: null, position: null, heightU: 0, face: 'front' as const, width: 'full' as const, fullDepth: false };
    }
    if (input.hostId) throw invalid('Only VMs have a host.', 'hostId');
    const face = input.face ?? 'front';
    const width = input.width ?? 'full';
    const fullDepth = input.fullDepth ?? true;
    const position = input.position ?? null;
    const heightU = input.heightU ?? 1;
    if (!input.rackId) {
      if (position !== null) throw invalid('A position needs a rack.', 'position');
      return { hostId: null, siteId: input.siteId ?? null, rackId: null, position: null, face, width, fullDepth };
    }
    const rack = this.racks.racks.find(input.rackId);
    if (!rack) throw invalid(`No rack with id ${input.rackId}.`, 'rackId');
    const room = this.racks.rooms.find(rack.roomId);
    if (width !== 'full' && heightU !== 1) throw invalid('Half-width devices are 1U high.', 'width');
    const others = this.devices.inRack(rack.id).filter((d) => d.id !== selfId);
    const why = placementError(rack, { position, heightU, face, width, fullDepth }, others);
    if (why) throw conflict(why, 'position');
    return { hostId: null, siteId: room?.siteId ?? null, rackId: rack.id, position, face, width, fullDepth };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
