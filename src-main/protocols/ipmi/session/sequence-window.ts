// Inbound session sequence numbers (IPMI 2.0 §6.12.13 and §13.x "session sequence number"):
// each authenticated packet of a session carries a 32-bit sequence number that the sender
// increments per packet. The receiver keeps a sliding window so that a captured packet cannot
// be replayed and a very old one is refused, while mild reordering is tolerated.
// Invariants: `highest` only grows; a number is accepted at most once; numbers more than
// BEHIND below `highest` or more than AHEAD above it are refused. 0 is never valid in an
// authenticated session. The first packet accepted sets the baseline (the spec does not fix the
// BMC's starting number; ipmi_sim starts at 1).

export const WINDOW_BEHIND = 16;
export const WINDOW_AHEAD = 32;

export type SequenceVerdict = 'ok' | 'replay' | 'out-of-window';

export class SequenceWindow {
  private highest = 0;
  private started = false;
  /** bit i set = (highest - i) was received; bit 0 is `highest` itself */
  private seen = 0;

  check(seq: number): SequenceVerdict {
    if (seq === 0) return 'out-of-window';
    if (!this.started) return 'ok';
    if (seq > this.highest) return seq - this.highest > WINDOW_AHEAD ? 'out-of-window' : 'ok';
    const behind = this.highest - seq;
    if (behind >= WINDOW_BEHIND) return 'out-of-window';
    return (this.seen >>> behind) & 1 ? 'replay' : 'ok';
  }

  /** record a number that passed `check` and whose packet passed the integrity check */
  accept(seq: number): void {
    if (!this.started) {
      this.started = true;
      this.highest = seq;
      this.seen = 1;
      return;
    }
    if (seq > this.highest) {
      const shift = seq - this.highest;
      this.seen = shift >= 32 ? 1 : ((this.seen << shift) | 1) >>> 0;
      this.highest = seq;
    } else {
      this.seen = (this.seen | (1 << (this.highest - seq))) >>> 0;
    }
  }
}
