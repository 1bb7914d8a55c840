// Names and links of the things addresses are assigned to: devices from the inventory,
// and customers and rentals, which are stored here as ids in text. The customers domain
// is built alongside; where its tables exist, ids are resolved (and refs given by name
// become ids), where they do not, the text is kept as given.
import type { Device } from '../../../shared/types';
import type { DeviceRepository } from '../inventory/repository';
import type { Store } from '../../store/repository';

export interface CustomerRef { id: string; name: string; status: string }
export interface RentalRef { id: string; customerId: string; deviceId: string; status: string }

export class IpamDirectory {
  private tables = new Map<string, boolean>();

  constructor(private readonly store: Store, private readonly devices: DeviceRepository) {}

  private has(table: string): boolean {
    let known = this.tables.get(table);
    if (known === undefined) {
      known = Boolean(this.store.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table));
      this.tables.set(table, known);
    }
    return known;
  }

  device(id: string): Device | null {
    return this.devices.find(id);
  }

  deviceNames(ids: Array<string | null>): Map<string, { name: string; type: string }> {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    const out = new Map<string, { name: string; type: string }>();
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      const rows = this.store.prepare(`SELECT id, name, type FROM devices WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<{ id: string; name: string; type: string }>;
      for (const r of rows) out.set(r.id, { name: r.name, type: r.type });
    }
    return out;
  }

  /** Live devices called exactly `name` (case-insensitive). */
  devicesNamed(name: string): Array<{ id: string; name: string }> {
    return this.store.prepare(`SELECT id, name FROM devices WHERE deleted = 0 AND name = ? COLLATE NOCASE LIMIT 2`).all(name) as Array<{ id: string; name: string }>;
  }

  /** A customer by id, or by exact name when that is unique; null when unknown or no table. */
  customer(ref: string): CustomerRef | null {
    if (!this.has('customers')) return null;
    const byId = this.store.prepare(`SELECT id, name, status FROM customers WHERE id = ? AND deleted = 0`).get(ref) as CustomerRef | undefined;
    if (byId) return byId;
    const byName = this.store.prepare(`SELECT id, name, status FROM customers WHERE name = ? COLLATE NOCASE AND deleted = 0 LIMIT 2`).all(ref) as CustomerRef[];
    return byName.length === 1 ? byName[0]! : null;
  }

  customerNames(ids: Array<string | null>): Map<string, string> {
    const out = new Map<string, string>();
    if (!this.has('customers')) return out;
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      const rows = this.store.prepare(`SELECT id, name FROM customers WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<{ id: string; name: string }>;
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  rental(id: string): RentalRef | null {
    if (!this.has('rentals')) return null;
    const r = this.store.prepare(`SELECT id, customer_id, device_id, status FROM rentals WHERE id = ? AND deleted = 0`).get(id) as { id: string; customer_id: string; device_id: string; status: string } | undefined;
    return r ? { id: r.id, customerId: r.customer_id, deviceId: r.device_id, status: r.status } : null;
  }

  hasCustomers(): boolean {
    return this.has('customers');
  }

  hasRentals(): boolean {
    return this.has('rentals');
  }

  siteName(id: string | null): string | null {
    if (!id) return null;
    const r = this.store.prepare(`SELECT name FROM sites WHERE id = ?`).get(id) as { name: string } | undefined;
    return r?.name ?? null;
  }

  /** Site by name or code (case-insensitive). */
  siteByName(ref: string): { id: string; name: string } | null {
    const r = this.store.prepare(`SELECT id, name FROM sites WHERE deleted = 0 AND (name = ? COLLATE NOCASE OR code = ? COLLATE NOCASE) LIMIT 1`).get(ref, ref) as { id: string; name: string } | undefined;
    return r ?? null;
  }
}
