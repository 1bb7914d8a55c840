// Login for the headless host. On loopback the person at the machine is trusted (as the
// desktop app is); beyond loopback every request needs a session from /api/login.
import type { IncomingMessage } from 'node:http';
import type { Actor } from '../../../shared/types';
import type { AuthService } from '../../domains/auth/service';

export const SESSION_COOKIE = 'noc_session';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export interface AuthPolicy {
  requireLogin: boolean;
  localActor: Actor;
  auth: AuthService;
}

export function actorOf(policy: AuthPolicy, req: IncomingMessage): Actor | null {
  const session = policy.auth.session(cookieOf(req, SESSION_COOKIE));
  if (session) return session;
  return policy.requireLogin ? null : policy.localActor;
}
