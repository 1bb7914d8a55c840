import type { Announcement, Cancellation, InboxMessage } from '../../../shared/notifications';
import type { TableSpec } from '../../store/repository';

export const inboxTable: TableSpec<InboxMessage> = {
  table: 'inbox_messages',
  kind: 'message',
  fields: {
    customerId: 'customer_id', category: 'category', severity: 'severity', title: 'title', body: 'body', createdAt: 'created_at',
    readBy: { col: 'read_by', kind: 'json' }, ref: { col: 'ref', kind: 'json' }, demo: { col: 'demo', kind: 'bool' },
  },
};

export const announcementTable: TableSpec<Announcement> = {
  table: 'announcements',
  kind: 'announcement',
  fields: {
    title: 'title', body: 'body', customerIds: { col: 'customer_ids', kind: 'json' }, sentAt: 'sent_at', sentBy: 'sent_by',
    recipients: 'recipients', demo: { col: 'demo', kind: 'bool' },
  },
};

export const cancellationTable: TableSpec<Cancellation> = {
  table: 'cancellations',
  kind: 'cancellation',
  fields: {
    customerId: 'customer_id', rentalIds: { col: 'rental_ids', kind: 'json' }, status: 'status', requestedBy: 'requested_by',
    requestedAt: 'requested_at', expiresAt: 'expires_at', confirmedAt: 'confirmed_at', sentTo: { col: 'sent_to', kind: 'json' },
    reason: 'reason', endPath: 'end_path', demo: { col: 'demo', kind: 'bool' },
  },
};
