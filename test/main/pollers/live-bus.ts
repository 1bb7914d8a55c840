// NOTIFY as the clients of a shared database see it, in memory: JSON text, refused at 8,000
// bytes (PostgreSQL's limit), delivered to everyone but the sender. For LiveShare's own tests.
import type { LiveChannel } from '../../../src-main/pollers/live-share';

type Message = { kind: string; from: string; data: unknown };

export class LiveBus {
  readonly members = new Set<{ id: string; fn: (m: Message) => void }>();
  /** false: the link is down, publishing fails as it does offline */
  online = true;
  payloads: string[] = [];

  /** clientId: the sender id put on the wire (real ones are longer than a test's name) */
  constructor(private readonly clientId: (id: string) => string = (id) => id) {}

  channel(id: string, polls: (deviceId: string) => boolean = () => false): LiveChannel {
    return {
      publishLive: async (kind, data) => {
        if (!this.online) return false;
        const payload = JSON.stringify({ kind, from: this.clientId(id), data });
        if (Buffer.byteLength(payload) >= 8000) throw new Error('payload string too long');
        this.payloads.push(payload);
        const m = JSON.parse(payload) as Message;
        for (const x of this.members) if (x.id !== id) x.fn(m);
        return true;
      },
      onLive: (fn) => {
        const x = { id, fn };
        this.members.add(x);
        return () => this.members.delete(x);
      },
      online: () => this.online,
      polls,
    };
  }
}
