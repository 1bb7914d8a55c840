// Who may use the headless host from beyond loopback: local users (scrypt) or a shared
// token, and the sessions that a login opens (kept in memory; a restart logs everyone out).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLE_VALUES, type Role } from '../../../shared/choices';
import type { Actor } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { conflict, invalid } from '../../core/errors';
import type { Store } from '../../store/repository';
import { hashPassword, verifyPassword } from './password';

const SESSION_MS = 12 * 3600_000;

export interface LocalUser { name: string; role: Role; customerId: string | null; createdAt: string; disabled: boolean }

export class AuthService {
  private sessions = new Map<string, { actor: Actor; expires: number }>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly token: string | null = null) {}

  addUser(name: string, password: string, role: Role, customerId: string | null = null): LocalUser {
    if (!/^[a-z][a-z0-9._-]{1,40}$/.test(name)) throw invalid('A user name is 2–41 lowercase letters, digits, dots, dashes or underscores, starting with a letter.', 'name');
    if (password.length < 10) throw invalid('Passwords have at least 10 characters.', 'password');
    if (!ROLE_VALUES.includes(role)) throw invalid(`Unknown role ${role}.`, 'role');
    if (role === 'customer' && !customerId) throw invalid('A customer login needs the customer it belongs to.', 'customerId');
    if (this.store.prepare(`SELECT 1 FROM local_users WHERE name = ?`).get(name)) throw conflict(`A user named ${name} exists already.`, 'name');
    const createdAt = new Date(this.clock.now()).toISOString();
    this.store.prepare(`INSERT INTO local_users (name, role, password_hash, customer_id, created_at) VALUES (?, ?, ?, ?, ?)`).run(name, role, hashPassword(password), customerId, createdAt);
    return { name, role, customerId, createdAt, disabled: false };
  }

  users(): LocalUser[] {
    return (this.store.prepare(`SELECT name, role, customer_id, created_at, disabled FROM local_users ORDER BY name`).all() as Array<Record<string, unknown>>)
      .map((r) => ({ name: r.name as string, role: r.role as Role, customerId: (r.customer_id as string | null) ?? null, createdAt: r.created_at as string, disabled: r.disabled === 1 }));
  }

  hasLogins(): boolean {
    return this.token !== null || this.users().some((u) => !u.disabled);
  }

  /** Checks a user's password; null on any failure (the caller says only "wrong name or password"). */
  login(name: string, password: string): { sessionId: string; actor: Actor } | null {
    const row = this.store.prepare(`SELECT * FROM local_users WHERE name = ? AND disabled = 0`).get(name) as Record<string, unknown> | undefined;
    if (!row || !verifyPassword(password, row.password_hash as string)) return null;
    const actor: Actor = { id: `local:${name}`, name, role: row.role as Role, ...(row.customer_id ? { customerId: row.customer_id as string } : {}) };
    return { sessionId: this.openSession(actor), actor };
  }

  loginWithToken(token: string): { sessionId: string; actor: Actor } | null {
    if (!this.token) return null;
    const a = Buffer.from(token), b = Buffer.from(this.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    const actor: Actor = { id: 'token', name: 'wall-token', role: 'viewer' };
    return { sessionId: this.openSession(actor), actor };
  }

  session(sessionId: string | undefined): Actor | null {
    if (!sessionId) return null;
    const s = this.sessions.get(sessionId);
    if (!s) return null;
    if (s.expires < this.clock.now()) {
      this.sessions.delete(sessionId);
      return null;
    }
    return s.actor;
  }

  logout(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private openSession(actor: Actor): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { actor, expires: this.clock.now() + SESSION_MS });
    return id;
  }
}
