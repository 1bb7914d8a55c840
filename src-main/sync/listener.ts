// The live link: a dedicated connection that LISTENs. `noc_changes` carries only a table and
// [id, rev] pairs (or the newest rev, for customer-owned rows); the client pulls from its
// cursor, so a notification lost while disconnected costs nothing — the next pull catches up.
// `noc_live` carries small hints that are not rows (poll results, alarm changes).
import type pg from 'pg';
import { connectPg } from './pg';

export interface ChangeNotice { table: string; maxRev: number; ids: string[] }
export interface LiveMessage { kind: string; from: string; data: unknown }

export interface ListenerHandlers {
  onChange(n: ChangeNotice): void;
  onLive?(m: LiveMessage): void;
  /** The connection is gone (the engine reconnects and catches up). */
  onLost(err: unknown): void;
}

export const CHANGES_CHANNEL = 'noc_changes';
export const LIVE_CHANNEL = 'noc_live';

export class Listener {
  private client: pg.Client | null = null;
  private closing = false;

  constructor(private readonly url: string, private readonly handlers: ListenerHandlers, private readonly appName = 'aedify-noc listen') {}

  async start(): Promise<void> {
    const client = await connectPg(this.url, { appName: this.appName });
    this.client = client;
    client.on('notification', (msg) => this.onNotification(msg.channel, msg.payload ?? ''));
    const lost = (err: unknown) => {
      if (this.closing || this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.handlers.onLost(err);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('Connection terminated')));
    await client.query(`LISTEN ${CHANGES_CHANNEL}; LISTEN ${LIVE_CHANNEL}`);
  }

  private onNotification(channel: string, payload: string): void {
    let data: unknown;
    try {
      data = JSON.parse(payload);
    } catch (_err) {
      return; // not ours: ignored
    }
    if (!data || typeof data !== 'object') return;
    const d = data as Record<string, unknown>;
    if (channel === CHANGES_CHANNEL && typeof d.t === 'string') {
      const pairs = Array.isArray(d.r) ? (d.r as unknown[]).filter((p): p is [string, number] => Array.isArray(p) && p.length === 2) : [];
      const maxRev = typeof d.max === 'number' ? d.max : pairs.reduce((m, p) => Math.max(m, Number(p[1])), 0);
      this.handlers.onChange({ table: d.t, maxRev, ids: pairs.map((p) => String(p[0])) });
    } else if (channel === LIVE_CHANNEL && typeof d.kind === 'string') {
      this.handlers.onLive?.({ kind: d.kind, from: String(d.from ?? ''), data: d.data });
    }
  }

  connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.closing = true;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }
}
