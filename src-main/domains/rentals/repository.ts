// Rental queries: by customer, by server, active ones, and what overlaps a new rental.
import type { z } from 'zod';
import type { Rental, RentalEvent, RentalRow } from '../../../shared/rentals';
import type { rentalListInput } from '../../../shared/schemas/rentals';
import { Repository, type Store } from '../../store/repository';
import { likePattern } from '../customers/repository';
import { rentalEventTable, rentalTable } from './schema';

const ROW_SQL = `SELECT r.*, c.name AS customer_name, d.name AS device_name, d.type AS device_type, d.status AS device_status
  FROM rentals r JOIN customers c ON c.id = r.customer_id JOIN devices d ON d.id = r.device_id`;

export class RentalRepository {
  readonly rentals: Repository<Rental>;
  readonly events: Repository<RentalEvent>;

  constructor(readonly store: Store) {
    this.rentals = new Repository(store, rentalTable((r) => this.names(r)));
    this.events = new Repository(store, rentalEventTable);
  }

  private names(r: Rental): { customer: string; device: string } {
    const c = this.store.prepare(`SELECT name FROM customers WHERE id = ?`).get(r.customerId) as { name: string } | undefined;
    const d = this.store.prepare(`SELECT name FROM devices WHERE id = ?`).get(r.deviceId) as { name: string } | undefined;
    return { customer: c?.name ?? r.customerId, device: d?.name ?? r.deviceId };
  }

  private toRow(r: Record<string, unknown>): RentalRow {
    return { ...this.rentals.fromDb(r), customerName: r.customer_name as string, deviceName: r.device_name as string, deviceType: r.device_type as string, deviceStatus: r.device_status as string };
  }

  list(q: z.output<typeof rentalListInput>): { rows: RentalRow[]; total: number } {
    const where = ['r.deleted = 0'];
    const args: unknown[] = [];
    if (q.customerId) { where.push('r.customer_id = ?'); args.push(q.customerId); }
    if (q.deviceId) { where.push('r.device_id = ?'); args.push(q.deviceId); }
    if (q.status) { where.push('r.status = ?'); args.push(q.status); }
    if (q.text) {
      const like = likePattern(q.text);
      where.push(`(d.name LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR r.plan LIKE ? ESCAPE '\\')`);
      args.push(like, like, like);
    }
    const whereSql = where.join(' AND ');
    const total = (this.store.prepare(`SELECT count(*) AS n FROM rentals r JOIN customers c ON c.id = r.customer_id JOIN devices d ON d.id = r.device_id WHERE ${whereSql}`).get(...args) as { n: number }).n;
    const rows = this.store.prepare(`${ROW_SQL} WHERE ${whereSql} ORDER BY (r.status = 'active') DESC, r.starts_at DESC, r.id LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Record<string, unknown>[];
    return { rows: rows.map((r) => this.toRow(r)), total };
  }

  row(id: string): RentalRow | null {
    const r = this.store.prepare(`${ROW_SQL} WHERE r.id = ? AND r.deleted = 0`).get(id) as Record<string, unknown> | undefined;
    return r ? this.toRow(r) : null;
  }

  activeFor(deviceId: string): Rental | null {
    const r = this.store.prepare(`SELECT * FROM rentals WHERE device_id = ? AND status = 'active' AND deleted = 0`).get(deviceId) as Record<string, unknown> | undefined;
    return r ? this.rentals.fromDb(r) : null;
  }

  activeOf(customerId: string): Rental[] {
    return this.rentals.select(`SELECT * FROM rentals WHERE customer_id = ? AND status = 'active' AND deleted = 0 ORDER BY starts_at`, customerId);
  }

  /** Rentals of a server whose time overlaps [start, end) (end null: open-ended). */
  overlapping(deviceId: string, start: string, end: string | null): Rental[] {
    const rows = this.store.prepare(`SELECT * FROM rentals WHERE device_id = ? AND deleted = 0
      AND (? IS NULL OR starts_at < ?)
      AND (COALESCE(ended_at, CASE WHEN status = 'active' THEN NULL ELSE ends_at END) IS NULL OR COALESCE(ended_at, ends_at) > ?)`).all(deviceId, end, end, start) as Record<string, unknown>[];
    return rows.map((r) => this.rentals.fromDb(r));
  }

  eventsOf(filter: { rentalId?: string; customerId?: string; deviceId?: string }, limit = 500): RentalEvent[] {
    const [col, val] = filter.rentalId ? ['rental_id', filter.rentalId] : filter.customerId ? ['customer_id', filter.customerId] : ['device_id', filter.deviceId];
    return this.events.select(`SELECT * FROM rental_events WHERE ${col} = ? AND deleted = 0 ORDER BY at DESC, rowid DESC LIMIT ?`, val, limit);
  }
}
