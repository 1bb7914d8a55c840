// Customer queries. The list is what the customer screen and Ctrl+K's "customers by server"
// use; counts for a page are fetched for that page only, so 20,000 customers stay fast.
import type { z } from 'zod';
import type { Customer, CustomerContact, CustomerListRow, CustomerNote } from '../../../shared/customers';
import type { customerListInput } from '../../../shared/schemas/customers';
import { Repository, type Store } from '../../store/repository';
import { contactTable, customerTable, noteTable } from './schema';

type ListQuery = z.output<typeof customerListInput>;

const SORT_SQL: Record<ListQuery['sort'], string> = {
  name: 'c.name COLLATE NOCASE',
  company: 'c.company COLLATE NOCASE',
  status: 'c.status, c.name COLLATE NOCASE',
  updatedAt: 'c.updated_at',
};

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class CustomerRepository {
  readonly customers: Repository<Customer>;
  readonly contacts: Repository<CustomerContact>;
  readonly notes: Repository<CustomerNote>;

  constructor(readonly store: Store) {
    this.customers = new Repository(store, customerTable);
    this.contacts = new Repository(store, contactTable);
    this.notes = new Repository(store, noteTable);
  }

  list(q: ListQuery): { rows: CustomerListRow[]; total: number } {
    const where = ['c.deleted = 0'];
    const args: unknown[] = [];
    if (q.status?.length) { where.push(`c.status IN (${q.status.map(() => '?').join(',')})`); args.push(...q.status); }
    if (q.deviceId) { where.push(`c.id IN (SELECT customer_id FROM rentals WHERE device_id = ? AND deleted = 0)`); args.push(q.deviceId); }
    if (q.text) {
      // By name, company, e-mail (the customer's Ctrl+K entry), a contact's e-mail, or the name
      // of a server they rent or rented. From three chars on, the trigram index finds the few
      // matching ids and the customers are fetched by id; shorter text scans.
      const like = likePattern(q.text);
      if (q.text.length >= 3) {
        const phrase = `"${q.text.replace(/"/g, '""')}"`;
        where.push(`c.id IN (
          SELECT sd.row_id FROM search_index s JOIN search_docs sd ON sd.rowid = s.rowid WHERE search_index MATCH ? AND sd.kind = 'customer'
          UNION SELECT customer_id FROM customer_contacts INDEXED BY customer_contacts_search WHERE deleted = 0 AND email LIKE ? ESCAPE '\\'
          UNION SELECT r.customer_id FROM search_index s JOIN search_docs sd ON sd.rowid = s.rowid CROSS JOIN rentals r ON r.device_id = sd.row_id
            WHERE search_index MATCH ? AND sd.kind = 'device' AND r.deleted = 0)`);
        args.push(phrase, like, `title : ${phrase}`);
      } else {
        where.push(`(c.name LIKE ? ESCAPE '\\' OR c.company LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\'
          OR c.id IN (SELECT customer_id FROM customer_contacts WHERE deleted = 0 AND email LIKE ? ESCAPE '\\')
          OR c.id IN (SELECT r.customer_id FROM devices d NOT INDEXED CROSS JOIN rentals r ON r.device_id = d.id WHERE d.deleted = 0 AND d.name LIKE ? ESCAPE '\\' AND r.deleted = 0))`);
        args.push(like, like, like, like, like);
      }
    }
    const whereSql = where.join(' AND ');
    // rowid breaks ties: it is the last column of every index, so a name or status page is read
    // straight from its index instead of sorting all customers.
    const order = [...SORT_SQL[q.sort].split(', '), 'c.rowid'].map((c) => `${c} ${q.dir.toUpperCase()}`).join(', ');
    let total: number;
    let rows: Customer[];
    if (q.text || q.deviceId) {
      // A search: the matching ids come from the indexes above ("+deleted" keeps the planner on
      // them); the page is sorted on rowid and name only, with the total alongside (the lookups
      // run once), and only the page's rows are read whole.
      const found = this.store.prepare(`SELECT c.*, page.total_rows FROM (SELECT c.rowid AS rid, count(*) OVER () AS total_rows FROM customers c
          WHERE ${whereSql.replace('c.deleted = 0', '+c.deleted = 0')} ORDER BY ${order} LIMIT ? OFFSET ?) page
        CROSS JOIN customers c ON c.rowid = page.rid ORDER BY ${order}`).all(...args, q.limit, q.offset) as Record<string, unknown>[];
      total = found.length ? (found[0]!.total_rows as number) : q.offset > 0 ? (this.store.prepare(`SELECT count(*) AS n FROM customers c WHERE ${whereSql}`).get(...args) as { n: number }).n : 0;
      rows = found.map((r) => this.customers.fromDb(r));
    } else {
      total = (this.store.prepare(`SELECT count(*) AS n FROM customers c WHERE ${whereSql}`).get(...args) as { n: number }).n;
      rows = (this.store.prepare(`SELECT c.* FROM customers c WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Record<string, unknown>[])
        .map((r) => this.customers.fromDb(r));
    }
    const counts = this.countsFor(rows.map((r) => r.id));
    return { rows: rows.map((c) => ({ ...c, activeRentals: counts.rentals.get(c.id) ?? 0, openTickets: counts.tickets.get(c.id) ?? 0 })), total };
  }

  countsFor(ids: string[]): { rentals: Map<string, number>; tickets: Map<string, number> } {
    const rentals = new Map<string, number>();
    const tickets = new Map<string, number>();
    if (ids.length === 0) return { rentals, tickets };
    const marks = ids.map(() => '?').join(',');
    for (const r of this.store.prepare(`SELECT customer_id AS id, count(*) AS n FROM rentals WHERE customer_id IN (${marks}) AND +status = 'active' AND +deleted = 0 GROUP BY customer_id`).all(...ids) as Array<{ id: string; n: number }>) rentals.set(r.id, r.n);
    // "+status", "+deleted": look tickets up by customer (a handful each), never by status (most of 200,000).
    for (const r of this.store.prepare(`SELECT customer_id AS id, count(*) AS n FROM tickets WHERE customer_id IN (${marks}) AND +status IN ('new','open','pending') AND +deleted = 0 GROUP BY customer_id`).all(...ids) as Array<{ id: string; n: number }>) tickets.set(r.id, r.n);
    return { rentals, tickets };
  }

  contactsOf(customerId: string): CustomerContact[] {
    return this.contacts.select(`SELECT * FROM customer_contacts WHERE customer_id = ? AND deleted = 0 ORDER BY name`, customerId);
  }

  notesOf(customerId: string): CustomerNote[] {
    return this.notes.select(`SELECT * FROM customer_notes WHERE customer_id = ? AND deleted = 0 ORDER BY created_at DESC`, customerId);
  }

  activeRentalCount(customerId: string): number {
    return (this.store.prepare(`SELECT count(*) AS n FROM rentals WHERE customer_id = ? AND status = 'active' AND deleted = 0`).get(customerId) as { n: number }).n;
  }

  byEmail(email: string): Customer | null {
    const r = this.store.prepare(`SELECT * FROM customers WHERE email = ? AND deleted = 0 LIMIT 1`).get(email) as Record<string, unknown> | undefined;
    return r ? this.customers.fromDb(r) : null;
  }
}
