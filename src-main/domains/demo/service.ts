// Loads and removes the demo lab. Every demo row is marked `demo`, so it is shown as
// demo and removed in one action, through the repositories (audited, synced).
import type { Actor } from '../../../shared/types';
import { deviceInput } from '../../../shared/schemas/inventory';
import type { Store, WriteContext } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import type { RackService } from '../racks/service';
import { demoPlan, seededRandom } from './generate';

const DEMO_ACTOR: Actor = { id: 'demo', name: 'demo-lab', role: 'admin' };
/** Set in `meta` once the lab was loaded or removed: from then on, starting never loads it unasked. */
const SEEN_KEY = 'demo.seen';

/** Another domain's demo data (IPAM, …): loaded after the lab in its transaction, removed before it. */
export interface DemoExtension { load(ctx: WriteContext): void; remove(ctx: WriteContext): number }

export class DemoService {
  private readonly extensions: DemoExtension[] = [];

  constructor(private readonly store: Store, private readonly racks: RackService, private readonly inventory: InventoryService) {}

  extend(extension: DemoExtension): void {
    this.extensions.push(extension);
  }

  status(): { loaded: boolean; empty: boolean; demoDevices: number } {
    const demo = (this.store.prepare(`SELECT count(*) AS n FROM devices WHERE demo = 1 AND deleted = 0`).get() as { n: number }).n;
    const any = this.store.prepare(`SELECT 1 FROM sites WHERE deleted = 0 UNION ALL SELECT 1 FROM devices WHERE deleted = 0 LIMIT 1`).get();
    return { loaded: demo > 0, empty: !any, demoDevices: demo };
  }

  /**
   * For the desktop app and the `npm start` fallback: loads the lab into an empty store that
   * has never had it. A user who removed it (or loaded and emptied the store) keeps it out.
   */
  loadIfNeverSeen(): { sites: number; racks: number; devices: number } | null {
    if (!this.status().empty || this.store.prepare(`SELECT 1 FROM meta WHERE key = ?`).get(SEEN_KEY)) return null;
    // Stores from before the flag: a removed lab left its soft-deleted rows behind.
    if (this.store.prepare(`SELECT 1 FROM sites WHERE demo = 1 LIMIT 1`).get()) return null;
    return this.load();
  }

  /** "Start with an empty store": the lab is never loaded unasked on a later start. */
  decline(): void {
    this.markSeen();
  }

  private markSeen(): void {
    this.store.prepare(`INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING`).run(SEEN_KEY);
  }

  load(actor: Actor = DEMO_ACTOR): { sites: number; racks: number; devices: number } {
    if (this.status().loaded) return { sites: 0, racks: 0, devices: 0 };
    const ctx: WriteContext = { actor, reason: 'demo lab' };
    const plan = demoPlan();
    const rnd = seededRandom(7);
    let devices = 0;
    this.store.write(() => {
      const siteIds = plan.sites.map((s) => {
        const site = this.racks.createSite(ctx, { name: s.name, code: s.code, address: s.address }, true);
        return { site, rooms: s.rooms.map((name) => this.racks.createRoom(ctx, { siteId: site.id, name }, true)) };
      });
      for (const r of plan.racks) {
        const room = siteIds[r.site]!.rooms[r.room]!;
        const rack = this.racks.createRack(ctx, { roomId: room.id, name: r.name, heightU: 42 }, true);
        for (const d of r.devices) {
          const server = this.inventory.create(ctx, deviceInput.parse({ ...d, rackId: rack.id }), { demo: true });
          devices++;
          if (server.type === 'server' && (server.os.startsWith('Proxmox') || server.os.startsWith('VMware'))) {
            const count = 1 + Math.floor(rnd() * 3);
            for (let i = 1; i <= count; i++) {
              this.inventory.create(ctx, deviceInput.parse({ name: `${server.name}-vm${i}`, type: 'vm', status: server.status === 'rented' ? 'rented' : 'available', hostId: server.id, os: 'Ubuntu 24.04', specs: { cpu: '4 vCPU', ramGb: 8, storage: '80 GB', gpu: '', nics: [] } }), { demo: true });
              devices++;
            }
          }
        }
      }
      for (const e of this.extensions) e.load(ctx);
      this.markSeen();
    });
    return { sites: plan.sites.length, racks: plan.racks.length, devices };
  }

  /** Removes every demo row (VMs first, then devices, racks, rooms, sites). */
  remove(actor: Actor = DEMO_ACTOR): { removed: number } {
    const ctx: WriteContext = { actor, reason: 'remove demo lab' };
    let removed = 0;
    this.store.write(() => {
      const ids = (sql: string) => (this.store.prepare(sql).all() as Array<{ id: string }>).map((r) => r.id);
      for (const e of [...this.extensions].reverse()) removed += e.remove(ctx);
      for (const id of ids(`SELECT id FROM devices WHERE demo = 1 AND deleted = 0 ORDER BY (type = 'vm') DESC`)) { this.inventory.devices.remove(ctx, id); removed++; }
      for (const id of ids(`SELECT id FROM racks WHERE demo = 1 AND deleted = 0`)) { this.racks.repo.racks.remove(ctx, id); removed++; }
      for (const id of ids(`SELECT id FROM rooms WHERE demo = 1 AND deleted = 0`)) { this.racks.repo.rooms.remove(ctx, id); removed++; }
      for (const id of ids(`SELECT id FROM sites WHERE demo = 1 AND deleted = 0`)) { this.racks.repo.sites.remove(ctx, id); removed++; }
      this.markSeen();
    });
    return { removed };
  }
}
