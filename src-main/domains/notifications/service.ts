// Notifications (issue 7 §5): the message center (staff, and each customer's own), e-mail
// to customer contacts by role and to staff through the mail queue, bandwidth notices at
// 80/100/101 % of the commitment, announcements, and the periodic notices (rentals about
// to end, the monthly billing reminder, last month's overage report at month end). Each periodic notice has a deterministic id, so
// it is posted once however often the sweep runs.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ContactRole } from '../../../shared/customers';
import { type InboxMessage, type MessageCategory, type Severity } from '../../../shared/notifications';
import type { announcementInput } from '../../../shared/schemas/notifications';
import type { Actor } from '../../../shared/types';
import type { Clock, TimerHandle } from '../../core/clock';
import { invalid } from '../../core/errors';
import type { MailQueue } from '../../mail/queue';
import { announcementMail, bandwidthMail, overageReportMail, rentalExpiringMail, staffNoticeMail, type Rendered } from '../../mail/templates';
import type { WriteContext } from '../../store/repository';
import type { CustomerService } from '../customers/service';
import { importedUsage, overageReport, type UsageSource } from './overage';
import type { NotificationRepository } from './repository';

export interface NewMessage {
  customerId?: string | null;
  category: MessageCategory;
  severity?: Severity;
  title: string;
  body?: string;
  ref?: { kind: string; id: string } | null;
}

const DAY = 86_400_000;
/** Rentals ending within this many days get a notice (staff and customer). */
export const EXPIRY_NOTICE_DAYS = 14;

/** A stable id for a notice that must be posted once (UUID layout, version 8: custom). */
export function noticeId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class NotificationService {
  private timer: TimerHandle | null = null;
  /** Where monthly 95th percentiles come from; monitoring replaces the imported-figures fallback. */
  usage: UsageSource;

  constructor(readonly repo: NotificationRepository, private readonly customers: CustomerService, readonly mail: MailQueue, private readonly clock: Clock) {
    this.usage = importedUsage(repo.store);
  }

  overage(month: string) {
    return overageReport(this.repo.store, this.clock, this.usage, month);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---- message center ------------------------------------------------------------

  post(ctx: WriteContext, m: NewMessage, id?: string): InboxMessage {
    return this.repo.inbox.insert(ctx, {
      customerId: m.customerId ?? null, category: m.category, severity: m.severity ?? 'info', title: m.title, body: m.body ?? '',
      createdAt: this.now(), readBy: [], ref: m.ref ?? null, demo: false,
    }, id);
  }

  /** Posts a notice once: a second call with the same key does nothing. */
  postOnce(ctx: WriteContext, key: string, m: NewMessage): InboxMessage | null {
    const id = noticeId(key);
    if (this.repo.inbox.get(id)) return null;
    return this.post(ctx, m, id);
  }

  /** The reader's message center: staff share one; a customer sees theirs and the announcements to them. */
  inbox(actor: Actor, q: { category?: string; unreadOnly: boolean; limit: number; offset: number }) {
    const audience = actor.role === 'customer' ? (actor.customerId ?? '\u0000none') : null;
    const page = this.repo.messages(audience, { ...q, reader: actor.name });
    const announcements = this.repo.announcementsFor(audience, 20);
    // A customer learns nothing of the other recipients, how many there were, or who sent it.
    return { ...page, announcements: audience === null ? announcements : announcements.map((a) => ({ ...a, customerIds: a.customerIds && [audience], sentBy: '', recipients: 0 })) };
  }

  visibleTo(actor: Actor, m: InboxMessage): boolean {
    return actor.role === 'customer' ? m.customerId !== null && m.customerId === actor.customerId : m.customerId === null;
  }

  markRead(actor: Actor, ids: string[] | 'all'): number {
    return this.repo.store.write(() => {
      const targets = ids === 'all' ? this.inbox(actor, { unreadOnly: true, limit: 1000, offset: 0 }).rows : ids.map((id) => this.repo.inbox.find(id)).filter((m): m is InboxMessage => m !== null && this.visibleTo(actor, m));
      let n = 0;
      for (const m of targets) {
        if (m.readBy.includes(actor.name)) continue;
        this.repo.inbox.update({ actor }, m.id, { readBy: [...m.readBy, actor.name] }, 'read');
        n++;
      }
      return n;
    });
  }

  // ---- e-mail --------------------------------------------------------------------

  emailCustomer(customerId: string, roles: readonly ContactRole[], r: Rendered): number {
    return this.mail.enqueue({ to: this.customers.recipients(customerId, roles), subject: r.subject, text: r.text, html: r.html, template: r.template, customerId });
  }

  /** Mail to the staff mailboxes; with none configured, the message center carries it instead. */
  emailStaff(ctx: WriteContext, r: Rendered, category: MessageCategory = 'system'): number | null {
    const to = this.mail.settings.get()?.staffEmails ?? [];
    if (to.length === 0) {
      this.post(ctx, { category, severity: 'warning', title: r.subject, body: `${r.text}\n(No staff e-mail address is configured in Settings → E-mail, so this is shown here instead.)` });
      return null;
    }
    return this.mail.enqueue({ to, subject: r.subject, text: r.text, html: r.html, template: r.template });
  }

  // ---- bandwidth -----------------------------------------------------------------

  /** One crossing (already de-bounced, e.g. by the alarm engine): customer and datacenter are told. */
  notifyBandwidth(ctx: WriteContext, c: { customerId: string; level: number; usagePct: number; committedMbps: number; what?: string }): void {
    this.repo.store.write(() => {
      const customer = this.customers.require(c.customerId);
      const what = c.what ?? 'Your traffic';
      const severity: Severity = c.level > 100 ? 'critical' : c.level >= 100 ? 'warning' : 'info';
      this.post(ctx, { customerId: customer.id, category: 'bandwidth', severity, title: `Bandwidth at ${Math.round(c.usagePct)} % of your ${c.committedMbps} Mbps commitment`, ref: { kind: 'customer', id: customer.id } });
      this.post(ctx, { category: 'bandwidth', severity, title: `${customer.name}: bandwidth at ${Math.round(c.usagePct)} % of ${c.committedMbps} Mbps (level ${c.level} %)`, ref: { kind: 'customer', id: customer.id } });
      this.emailCustomer(customer.id, ['technical', 'billing'], bandwidthMail({ customer: customer.name, level: c.level, usagePct: c.usagePct, committedMbps: c.committedMbps, what, forStaff: false }));
      this.emailStaff(ctx, bandwidthMail({ customer: customer.name, level: c.level, usagePct: c.usagePct, committedMbps: c.committedMbps, what: `${customer.name}'s traffic`, forStaff: true }), 'bandwidth');
    });
  }

  // ---- announcements ---------------------------------------------------------------

  announce(ctx: WriteContext, input: z.output<typeof announcementInput>) {
    return this.repo.store.write(() => {
      const ids = input.customerIds ?? (this.repo.store.prepare(`SELECT id FROM customers WHERE deleted = 0 AND status != 'inactive'`).all() as Array<{ id: string }>).map((r) => r.id);
      const missing = input.customerIds?.filter((id) => !this.customers.repo.customers.find(id)) ?? [];
      if (missing.length) throw invalid(`No customer with id ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''}.`, 'customerIds');
      const a = this.repo.announcements.insert(ctx, { title: input.title, body: input.body, customerIds: input.customerIds, sentAt: this.now(), sentBy: ctx.actor.name, recipients: ids.length, demo: false });
      if (input.email) {
        for (const id of ids) {
          const c = this.customers.repo.customers.find(id)!;
          this.emailCustomer(id, ['technical', 'billing'], announcementMail({ customer: c.name, title: input.title, body: input.body }));
        }
      }
      this.post(ctx, { category: 'announcement', title: `Announcement sent to ${ids.length} customer${ids.length === 1 ? '' : 's'}: ${input.title}`, body: input.body, ref: { kind: 'announcement', id: a.id } });
      return a;
    });
  }

  // ---- periodic notices ------------------------------------------------------------

  /** Rentals ending soon, the monthly billing reminder and last month's overage report; safe to run any number of times. */
  sweep(ctx: WriteContext): { expiring: number; billing: number; overage: number } {
    // The report reads a month of usage: outside the write transaction, not holding its lock.
    const overage = this.monthEndOverage(ctx);
    return this.repo.store.write(() => {
      const now = this.clock.now();
      const horizon = new Date(now + EXPIRY_NOTICE_DAYS * DAY).toISOString();
      const ending = this.repo.store.prepare(`SELECT r.id, r.customer_id, r.ends_at, d.name AS device, c.name AS customer FROM rentals r
        JOIN devices d ON d.id = r.device_id JOIN customers c ON c.id = r.customer_id
        WHERE r.status = 'active' AND r.deleted = 0 AND r.ends_at IS NOT NULL AND r.ends_at <= ? AND r.ends_at > ?`).all(horizon, new Date(now).toISOString()) as Array<{ id: string; customer_id: string; ends_at: string; device: string; customer: string }>;
      let expiring = 0;
      for (const r of ending) {
        const posted = this.postOnce(ctx, `expiring:${r.id}:${r.ends_at}`, { category: 'rental', severity: 'warning', title: `${r.customer}: rental of ${r.device} ends on ${r.ends_at.slice(0, 10)}`, ref: { kind: 'rental', id: r.id } });
        if (!posted) continue;
        expiring++;
        this.post(ctx, { customerId: r.customer_id, category: 'rental', severity: 'warning', title: `Your rental of ${r.device} ends on ${r.ends_at.slice(0, 10)}`, ref: { kind: 'rental', id: r.id } });
        this.emailCustomer(r.customer_id, ['billing', 'technical'], rentalExpiringMail({ customer: r.customer, device: r.device, endsAt: r.ends_at }));
      }
      const month = new Date(now).toISOString().slice(0, 7);
      const totals = this.repo.store.prepare(`SELECT currency, count(*) AS n, sum(monthly_price_cents) AS cents FROM rentals WHERE status = 'active' AND deleted = 0 GROUP BY currency ORDER BY currency`).all() as Array<{ currency: string; n: number; cents: number }>;
      // Nothing to invoice, nothing to remind of.
      if (totals.length === 0) return { expiring, billing: 0, overage };
      const body = totals.map((t) => `${t.n} active rental${t.n === 1 ? '' : 's'} in ${t.currency}: ${(t.cents / 100).toFixed(2)} ${t.currency} per month`).join('\n');
      const billing = this.postOnce(ctx, `billing:${month}`, { category: 'billing', title: `Billing run for ${month}: invoice the active rentals`, body }) ? 1 : 0;
      // The message center has it already; mail it too where staff mailboxes are configured.
      if (billing && (this.mail.settings.get()?.staffEmails.length ?? 0) > 0) this.emailStaff(ctx, staffNoticeMail({ title: `Billing run for ${month}`, body, template: 'billing-reminder' }), 'billing');
      return { expiring, billing, overage };
    });
  }

  /**
   * The month-end overage report: at the first sweep of a month, last month's customers over
   * their commit go to the staff message center and the staff mailboxes, once; not for a
   * month before the store existed (see below).
   */
  private monthEndOverage(ctx: WriteContext): number {
    const now = new Date(this.clock.now());
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const key = `overage:${last}`;
    if (this.repo.inbox.get(noticeId(key))) return 0;
    // A month that ended before this store existed (its first audit entry) is not reported
    // by itself — a fresh install would mail "last month" — unless staff imported its usage.
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const first = this.repo.store.prepare(`SELECT at FROM audit ORDER BY id LIMIT 1`).get() as { at: string } | undefined;
    if ((!first || first.at >= thisMonth) && !this.repo.store.prepare(`SELECT 1 FROM usage_p95 WHERE month = ? LIMIT 1`).get(last)) return 0;
    // Until the pollers' hourly retention has made last month's port figures final, each port
    // would be worked out from a month of 5-minute rows on this thread: wait for a later sweep
    // (a day at most, then compute anyway: retention may not be running in this process).
    if (this.usage.final && !this.usage.final(last) && this.clock.now() - Date.parse(thisMonth) < DAY) return 0;
    const report = this.overage(last);
    // Nobody rented anything that month: no report to send.
    if (report.customersChecked === 0) return 0;
    const mail = overageReportMail({ month: report.month, lines: report.lines, checked: report.customersChecked, withoutData: report.withoutData, source: report.source });
    return this.repo.store.write(() => {
      // Another process sharing the store may have sent it meanwhile: postOnce decides.
      if (!this.postOnce(ctx, key, { category: 'billing', severity: report.lines.length ? 'warning' : 'info', title: mail.subject, body: mail.text })) return 0;
      if ((this.mail.settings.get()?.staffEmails.length ?? 0) > 0) this.emailStaff(ctx, mail, 'billing');
      return 1;
    });
  }

  /** Runs the sweep now and then every 6 hours. */
  start(actor: Actor): void {
    const tick = () => {
      try {
        this.sweep({ actor, reason: 'scheduled notices' });
      } catch (err) {
        process.stderr.write(`notifications: the scheduled sweep failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
      this.timer = this.clock.setTimeout(tick, 6 * 3_600_000);
      (this.timer as { unref?: () => void }).unref?.();
    };
    this.timer = this.clock.setTimeout(tick, 5_000);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
