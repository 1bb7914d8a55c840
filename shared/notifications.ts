// Notifications: the in-app message center, the outbound mail queue, announcements,
// bandwidth levels and cancellation requests.
import type { Choice } from './choices';
import type { SyncedRow } from './types';

export const MESSAGE_CATEGORIES = [
  { value: 'billing', label: 'Billing reminder', intent: 'warning' },
  { value: 'rental', label: 'Rental', intent: 'primary' },
  { value: 'alarm', label: 'Alarm on a customer server', intent: 'danger' },
  { value: 'bandwidth', label: 'Bandwidth', intent: 'warning' },
  { value: 'ticket', label: 'Ticket', intent: 'primary' },
  { value: 'announcement', label: 'Announcement', intent: 'none' },
  { value: 'system', label: 'System', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number]['value'];
export const MESSAGE_CATEGORY_VALUES = MESSAGE_CATEGORIES.map((c) => c.value) as [MessageCategory, ...MessageCategory[]];

export type Severity = 'info' | 'warning' | 'critical';

/** A message in the app's message center (staff, or one customer's). */
export interface InboxMessage extends SyncedRow {
  /** null: for staff; otherwise the customer it is addressed to. */
  customerId: string | null;
  category: MessageCategory;
  severity: Severity;
  title: string;
  body: string;
  createdAt: string;
  /** Names of people who have read it. */
  readBy: string[];
  /** What it is about, for a link in the UI. */
  ref: { kind: string; id: string } | null;
  demo: boolean;
}

export const MAIL_STATUSES = [
  { value: 'queued', label: 'Queued', intent: 'primary' },
  { value: 'sending', label: 'Sending', intent: 'primary' },
  { value: 'retrying', label: 'Retrying', intent: 'warning' },
  { value: 'sent', label: 'Sent', intent: 'success' },
  { value: 'failed', label: 'Failed (gave up)', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type MailStatus = (typeof MAIL_STATUSES)[number]['value'];

/** An outbound e-mail in the queue (local to this store: the machine that queued it sends it). */
export interface QueuedMail {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  template: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  customerId: string | null;
  messageId: string | null;
}

export interface Announcement extends SyncedRow {
  title: string;
  body: string;
  /** null: every customer; otherwise the chosen ones. */
  customerIds: string[] | null;
  sentAt: string;
  sentBy: string;
  recipients: number;
  demo: boolean;
}

export const CANCELLATION_STATUSES = [
  { value: 'pending', label: 'Waiting for the customer to confirm', intent: 'warning' },
  { value: 'confirmed', label: 'Confirmed: services ended', intent: 'success' },
  { value: 'expired', label: 'Expired unconfirmed', intent: 'none' },
  { value: 'withdrawn', label: 'Withdrawn', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type CancellationStatus = (typeof CANCELLATION_STATUSES)[number]['value'];

export interface Cancellation extends SyncedRow {
  customerId: string;
  /** null: all of the customer's services. */
  rentalIds: string[] | null;
  status: CancellationStatus;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  confirmedAt: string | null;
  sentTo: string[];
  reason: string;
  endPath: 'wipe' | 'available';
  demo: boolean;
}

/** Bandwidth notification levels, in percent of the committed rate. */
export const BANDWIDTH_LEVELS = [80, 100, 101] as const;
export type BandwidthLevel = (typeof BANDWIDTH_LEVELS)[number];

export interface OverageLine {
  customerId: string;
  customerName: string;
  committedMbps: number;
  p95Mbps: number;
  overMbps: number;
  percent: number;
  devices: number;
}

export interface OverageReport {
  month: string;
  generatedAt: string;
  /** Where usage came from, or why it is missing. */
  source: string;
  lines: OverageLine[];
  customersChecked: number;
  withoutData: number;
}
