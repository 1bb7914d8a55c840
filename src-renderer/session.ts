// Who is at the keyboard: in the desktop app the local user (asked over IPC), in a
// browser the headless host's /api/session (a login page when it asks for one).
import type { Actor } from '../shared/types';
import { api, isDesktop } from './trpc';

export interface SessionInfo {
  actor: Actor | null;
  loginRequired: boolean;
}

export async function fetchSession(): Promise<SessionInfo> {
  if (isDesktop()) return { actor: await api.system.whoami.query(), loginRequired: false };
  const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new Error(`The server answered ${res.status} to /api/session.`);
  return (await res.json()) as SessionInfo;
}

export type LoginRequest = { name: string; password: string } | { token: string };

/** Logs in; on success the page reloads so every connection carries the new cookie. */
export async function login(req: LoginRequest): Promise<string | null> {
  const res = await fetch('/api/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req),
  });
  if (res.ok) return null;
  try {
    const body = (await res.json()) as { error?: string };
    return body.error ?? `Login failed (${res.status}).`;
  } catch (_err) {
    return `Login failed (${res.status}).`;
  }
}

export async function logout(): Promise<void> {
  await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
  window.location.reload();
}
