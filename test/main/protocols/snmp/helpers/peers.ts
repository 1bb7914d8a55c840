// Small helpers for tests that run real peers.
import { readFileSync } from 'node:fs';

/** true while the process exists and is not a zombie (PID 1 may reap it a bit later) */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function skipNote(what: string, missing: string | null): string {
  if (missing) console.warn(`SKIPPED ${what}: ${missing}`);
  return missing ? `${what} (skipped: ${missing})` : what;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `check` until it is true or `ms` elapse (bounded wait). */
export async function waitFor(check: () => boolean, ms: number, step = 20): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(step);
  }
  return check();
}
