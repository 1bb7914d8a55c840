// SMTP settings of this store, kept in the store's meta table (the password sealed with the
// machine's secret box). Without settings, mail waits in the queue until they are given.
import type { SecretBox } from '../core/secrets';
import type { Store } from '../store/repository';

export interface MailSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  from: string;
  /** Where customers reach this app's links (one-time password, cancellation). */
  publicUrl: string;
  /** Staff mailboxes for reports and datacenter notices. */
  staffEmails: string[];
}

/** What the UI sees: never the password. */
export type MailSettingsView = Omit<MailSettings, 'password'> & { hasPassword: boolean };

const KEY = 'mail.settings';
const PURPOSE = 'smtp-password';
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4780';

export class MailSettingsStore {
  constructor(private readonly store: Store, private readonly box: SecretBox) {}

  get(): MailSettings | null {
    const row = this.store.prepare(`SELECT value FROM meta WHERE key = ?`).get(KEY) as { value: string } | undefined;
    if (!row) return null;
    const s = JSON.parse(row.value) as Omit<MailSettings, 'password'> & { sealedPassword: string | null };
    return { host: s.host, port: s.port, secure: s.secure, user: s.user, from: s.from, publicUrl: s.publicUrl, staffEmails: s.staffEmails, password: s.sealedPassword ? this.box.open(s.sealedPassword, PURPOSE) : '' };
  }

  view(): MailSettingsView | null {
    const s = this.get();
    if (!s) return null;
    const { password, ...rest } = s;
    return { ...rest, hasPassword: password !== '' };
  }

  /** Saves; a missing password keeps the stored one. */
  set(s: Omit<MailSettings, 'password'> & { password?: string }): void {
    const keep = s.password === undefined ? (this.get()?.password ?? '') : s.password;
    const value = JSON.stringify({ host: s.host, port: s.port, secure: s.secure, user: s.user, from: s.from, publicUrl: s.publicUrl.replace(/\/+$/, ''), staffEmails: s.staffEmails, sealedPassword: keep ? this.box.seal(keep, PURPOSE) : null });
    this.store.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(KEY, value);
  }

  publicUrl(): string {
    return this.get()?.publicUrl ?? DEFAULT_PUBLIC_URL;
  }
}
