// The outbound mail queue. Every e-mail the app sends is first a row here (written in the
// same transaction as whatever caused it), then sent by the worker. While the SMTP server
// is unreachable a message is retried with growing delays; after the last retry it stays
// in the queue as failed, with the error, for a person to see and retry — nothing is
// dropped silently. Invariants:
//  - a row is claimed (queued/retrying → sending) in one UPDATE, so two processes sharing
//    the store never send it twice;
//  - a row left in sending by a process that died is put back after STALE_SENDING_MS;
//  - the worker sends one message at a time and always has a timer for the next due row.
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailStatus, QueuedMail } from '../../shared/notifications';
import type { Clock, TimerHandle } from '../core/clock';
import type { Store } from '../store/repository';
import type { MailSettings, MailSettingsStore } from './settings';

/** Minutes before attempt n+1 (after the n-th failure); then it fails for good. */
export const BACKOFF_MIN = [1, 5, 15, 60, 240, 720];
export const MAX_ATTEMPTS = BACKOFF_MIN.length + 1;
const STALE_SENDING_MS = 10 * 60_000;

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string | null;
  template: string;
  customerId?: string | null;
}

export interface ProcessResult { sent: number; retrying: number; failed: number; waiting: string | null }

export class MailQueue {
  private timer: TimerHandle | null = null;
  private running: Promise<ProcessResult> | null = null;
  /** The timer-driven worker is on (start() until stop()). */
  private stopped = true;
  /** stop() was called: a pass in flight ends after its current message. */
  private closed = false;
  private transport: { key: string; t: Transporter } | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: Store, private readonly clock: Clock, readonly settings: MailSettingsStore) {}

  private iso(ms = this.clock.now()): string {
    return new Date(ms).toISOString();
  }

  /** Queues a message (joins the caller's transaction when there is one). */
  enqueue(mail: OutgoingMail): number {
    const to = [...new Set(mail.to.map((a) => a.trim().toLowerCase()).filter(Boolean))];
    if (to.length === 0) throw new Error(`A ${mail.template} e-mail has no recipient.`);
    const now = this.iso();
    const info = this.store.prepare(`INSERT INTO mail_queue (to_addrs, subject, text_body, html_body, template, status, attempts, next_attempt_at, created_at, customer_id)
      VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`).run(JSON.stringify(to), mail.subject, mail.text, mail.html ?? null, mail.template, now, now, mail.customerId ?? null);
    this.kick();
    return Number(info.lastInsertRowid);
  }

  /** Whether this desk's queue holds (or sent) a mail of this template, subject and customer. */
  has(m: { template: string; subject: string; customerId: string }): boolean {
    return this.store.prepare(`SELECT 1 FROM mail_queue WHERE template = ? AND subject = ? AND customer_id = ? LIMIT 1`).get(m.template, m.subject, m.customerId) !== undefined;
  }

  list(q: { status?: MailStatus[]; limit: number; offset: number }): { rows: QueuedMail[]; total: number; counts: Record<string, number> } {
    const where = q.status?.length ? `WHERE status IN (${q.status.map(() => '?').join(',')})` : '';
    const args = q.status ?? [];
    const total = (this.store.prepare(`SELECT count(*) AS n FROM mail_queue ${where}`).get(...args) as { n: number }).n;
    const rows = this.store.prepare(`SELECT * FROM mail_queue ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Array<Record<string, unknown>>;
    const counts = Object.fromEntries((this.store.prepare(`SELECT status, count(*) AS n FROM mail_queue GROUP BY status`).all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
    return { rows: rows.map(toMail), total, counts };
  }

  get(id: number): QueuedMail | null {
    const r = this.store.prepare(`SELECT * FROM mail_queue WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? toMail(r) : null;
  }

  /** A failed or waiting message goes out at the next run, attempts counted afresh. */
  retry(id: number): QueuedMail | null {
    this.store.prepare(`UPDATE mail_queue SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND status IN ('failed','retrying','queued')`).run(this.iso(), id);
    this.kick();
    return this.get(id);
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    this.stopped = false;
    this.closed = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.transport?.t.close();
    this.transport = null;
  }

  /** Sends every due message, one at a time. Concurrent calls share one pass. */
  processDue(): Promise<ProcessResult> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule();
      });
    }
    return this.running;
  }

  private async pass(): Promise<ProcessResult> {
    const result: ProcessResult = { sent: 0, retrying: 0, failed: 0, waiting: null };
    const settings = this.settings.get();
    if (!settings) {
      result.waiting = 'No SMTP server is configured (Settings → E-mail); messages wait in the queue.';
      return result;
    }
    this.store.prepare(`UPDATE mail_queue SET status = 'retrying' WHERE status = 'sending' AND next_attempt_at < ?`).run(this.iso(this.clock.now() - STALE_SENDING_MS));
    for (let i = 0; i < 10_000 && !this.closed; i++) {
      const row = this.claim();
      if (!row) break;
      try {
        const info = await this.transportFor(settings).sendMail({ from: settings.from, to: row.to, subject: row.subject, text: row.text, ...(row.html ? { html: row.html } : {}) });
        if (!this.alive()) break;
        this.store.prepare(`UPDATE mail_queue SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ?`).run(this.iso(), String(info.messageId ?? ''), row.id);
        result.sent++;
      } catch (err) {
        if (!this.alive()) break;
        const attempts = row.attempts + 1;
        const message = err instanceof Error ? err.message : String(err);
        if (attempts >= MAX_ATTEMPTS) {
          this.store.prepare(`UPDATE mail_queue SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?`).run(attempts, message, row.id);
          result.failed++;
        } else {
          const next = this.clock.now() + BACKOFF_MIN[attempts - 1]! * 60_000;
          this.store.prepare(`UPDATE mail_queue SET status = 'retrying', attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`).run(attempts, message, this.iso(next), row.id);
          result.retrying++;
          // The server is down: the rest waits for the next attempt instead of timing out one by one.
          this.store.prepare(`UPDATE mail_queue SET next_attempt_at = ? WHERE status IN ('queued','retrying') AND next_attempt_at < ? AND id != ?`).run(this.iso(next), this.iso(next), row.id);
          break;
        }
      } finally {
        if (this.alive()) for (const l of this.listeners) l();
      }
    }
    return result;
  }

  private alive(): boolean {
    return this.store.db.open;
  }

  private claim(): QueuedMail | null {
    // next_attempt_at becomes the claim time, so a claim abandoned by a dead process is recognisable.
    const now = this.iso();
    const r = this.store.prepare(`UPDATE mail_queue SET status = 'sending', next_attempt_at = ?
      WHERE id = (SELECT id FROM mail_queue WHERE status IN ('queued','retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1)
      RETURNING *`).get(now, now) as Record<string, unknown> | undefined;
    return r ? toMail(r) : null;
  }

  private transportFor(s: MailSettings): Transporter {
    const key = JSON.stringify([s.host, s.port, s.secure, s.user, s.password]);
    if (this.transport?.key !== key) {
      this.transport?.t.close();
      this.transport = {
        key,
        t: nodemailer.createTransport({
          host: s.host, port: s.port, secure: s.secure, ...(s.user ? { auth: { user: s.user, pass: s.password } } : {}),
          connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
        }),
      };
    }
    return this.transport.t;
  }

  /** Something was queued: run soon (after the current transaction has committed). */
  private kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(inMs?: number): void {
    if (this.stopped || this.closed || !this.alive()) return;
    let delay = inMs;
    if (delay === undefined) {
      const next = this.store.prepare(`SELECT min(next_attempt_at) AS at FROM mail_queue WHERE status IN ('queued','retrying')`).get() as { at: string | null };
      if (!next.at) return;
      delay = Math.max(0, Date.parse(next.at) - this.clock.now());
    }
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    const handle = this.clock.setTimeout(() => {
      this.timer = null;
      void this.processDue();
    }, Math.min(delay, 3_600_000));
    // The queue alone never keeps a process alive (a CLI command queues and exits; the host sends).
    (handle as { unref?: () => void }).unref?.();
    this.timer = handle;
  }

  status(): { configured: boolean; pending: number; failed: number; oldestPending: string | null } {
    const r = this.store.prepare(`SELECT sum(status IN ('queued','retrying','sending')) AS pending, sum(status = 'failed') AS failed,
      min(CASE WHEN status IN ('queued','retrying') THEN created_at END) AS oldest FROM mail_queue`).get() as { pending: number | null; failed: number | null; oldest: string | null };
    return { configured: this.settings.get() !== null, pending: r.pending ?? 0, failed: r.failed ?? 0, oldestPending: r.oldest };
  }
}

function toMail(r: Record<string, unknown>): QueuedMail {
  return {
    id: r.id as number, to: JSON.parse(r.to_addrs as string) as string[], subject: r.subject as string, text: r.text_body as string,
    html: (r.html_body as string | null) ?? null, template: r.template as string, status: r.status as MailStatus, attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as string, lastError: (r.last_error as string | null) ?? null, createdAt: r.created_at as string,
    sentAt: (r.sent_at as string | null) ?? null, customerId: (r.customer_id as string | null) ?? null, messageId: (r.message_id as string | null) ?? null,
  };
}
