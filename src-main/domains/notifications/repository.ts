// Message center and announcement queries. A customer's message center is the messages
// addressed to them plus the announcements sent to all or to them.
import type { Announcement, Cancellation, InboxMessage } from '../../../shared/notifications';
import { Repository, type Store } from '../../store/repository';
import { announcementTable, cancellationTable, inboxTable } from './schema';

export class NotificationRepository {
  readonly inbox: Repository<InboxMessage>;
  readonly announcements: Repository<Announcement>;
  readonly cancellations: Repository<Cancellation>;

  constructor(readonly store: Store) {
    this.inbox = new Repository(store, inboxTable);
    this.announcements = new Repository(store, announcementTable);
    this.cancellations = new Repository(store, cancellationTable);
  }

  /** Staff (customerId null) or one customer's messages, newest first. */
  messages(customerId: string | null, q: { category?: string; unreadOnly: boolean; reader: string; limit: number; offset: number }): { rows: InboxMessage[]; total: number; unread: number } {
    const where = ['deleted = 0', customerId === null ? 'customer_id IS NULL' : 'customer_id = ?'];
    const args: unknown[] = customerId === null ? [] : [customerId];
    if (q.category) { where.push('category = ?'); args.push(q.category); }
    const unreadSql = `NOT EXISTS (SELECT 1 FROM json_each(read_by) WHERE value = ?)`;
    const base = where.join(' AND ');
    const unread = (this.store.prepare(`SELECT count(*) AS n FROM inbox_messages WHERE ${base} AND ${unreadSql}`).get(...args, q.reader) as { n: number }).n;
    const filter = q.unreadOnly ? `${base} AND ${unreadSql}` : base;
    const fargs = q.unreadOnly ? [...args, q.reader] : args;
    const total = (this.store.prepare(`SELECT count(*) AS n FROM inbox_messages WHERE ${filter}`).get(...fargs) as { n: number }).n;
    const rows = this.inbox.select(`SELECT * FROM inbox_messages WHERE ${filter} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`, ...fargs, q.limit, q.offset);
    return { rows, total, unread };
  }

  announcementsFor(customerId: string | null, limit = 50): Announcement[] {
    const sql = customerId === null
      ? `SELECT * FROM announcements WHERE deleted = 0 ORDER BY sent_at DESC, rowid DESC LIMIT ?`
      : `SELECT * FROM announcements WHERE deleted = 0 AND (customer_ids IS NULL OR customer_ids = 'null' OR EXISTS (SELECT 1 FROM json_each(customer_ids) WHERE value = ?)) ORDER BY sent_at DESC, rowid DESC LIMIT ?`;
    const args = customerId === null ? [limit] : [customerId, limit];
    return this.announcements.select(sql, ...args);
  }

  cancellationsOf(customerId: string): Cancellation[] {
    return this.cancellations.select(`SELECT * FROM cancellations WHERE customer_id = ? AND deleted = 0 ORDER BY requested_at DESC`, customerId);
  }
}
