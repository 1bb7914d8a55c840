// Hybrid logical clock (Kulkarni et al.): wall time in ms, a counter for events in the
// same ms, and the node id that breaks ties. Encoded so that string order = clock order,
// which is what "the later write wins" compares during sync.
import type { Clock } from '../core/clock';

export interface HlcStamp { ms: number; counter: number; node: string }

export function encodeHlc(s: HlcStamp): string {
  return `${s.ms.toString().padStart(15, '0')}-${s.counter.toString(36).padStart(4, '0')}-${s.node}`;
}

export function decodeHlc(text: string): HlcStamp {
  const m = /^(\d{15})-([0-9a-z]{4})-(.+)$/.exec(text);
  if (!m) throw new Error(`not a hybrid logical clock stamp: ${text}`);
  return { ms: Number(m[1]), counter: parseInt(m[2]!, 36), node: m[3]! };
}

export class Hlc {
  private last: HlcStamp;
  constructor(private readonly clock: Clock, readonly node: string) {
    this.last = { ms: 0, counter: 0, node };
  }

  /** A stamp for a local event. */
  tick(): string {
    const wall = this.clock.now();
    this.last = wall > this.last.ms ? { ms: wall, counter: 0, node: this.node } : { ms: this.last.ms, counter: this.last.counter + 1, node: this.node };
    return encodeHlc(this.last);
  }

  /** Merge a stamp seen from another node, so our next stamp is later than it. */
  observe(remote: string): void {
    const r = decodeHlc(remote);
    const wall = this.clock.now();
    const ms = Math.max(wall, this.last.ms, r.ms);
    let counter = 0;
    if (ms === this.last.ms && ms === r.ms) counter = Math.max(this.last.counter, r.counter) + 1;
    else if (ms === this.last.ms) counter = this.last.counter + 1;
    else if (ms === r.ms) counter = r.counter + 1;
    this.last = { ms, counter, node: this.node };
  }
}
