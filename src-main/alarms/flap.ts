// Flap detection, as Nagios does it (Nagios Core docs, "Detection and Handling of State
// Flapping"): keep the last 21 check states, count the state changes among the 20
// transitions with weights rising from 0.8 (oldest) to 1.2 (newest), and call it flapping
// when the weighted percentage goes above the high threshold; it stops below the low one.
// The two thresholds are the hysteresis: a subject does not toggle in and out of flapping.
//
// Invariants:
//  - the history always holds exactly HISTORY states (it starts filled with the first state,
//    so a new subject does not look like it flaps);
//  - flapping changes only when the percentage crosses a threshold in the right direction.
import type { MonitorState } from '../../shared/monitoring';

export const HISTORY = 21;

export interface FlapOptions {
  highPct: number;
  lowPct: number;
}

export const DEFAULT_FLAP: FlapOptions = { highPct: 50, lowPct: 25 };

export class FlapTracker {
  private readonly states: MonitorState[];
  private next = 0;
  flapping = false;

  constructor(initial: MonitorState, private readonly opts: FlapOptions = DEFAULT_FLAP) {
    this.states = new Array<MonitorState>(HISTORY).fill(initial);
  }

  /** Adds a check's state; returns 'start' or 'stop' when flapping changes, else null. */
  record(state: MonitorState): 'start' | 'stop' | null {
    this.states[this.next] = state;
    this.next = (this.next + 1) % HISTORY;
    const pct = this.percent();
    if (!this.flapping && pct > this.opts.highPct) {
      this.flapping = true;
      return 'start';
    }
    if (this.flapping && pct < this.opts.lowPct) {
      this.flapping = false;
      return 'stop';
    }
    return null;
  }

  /** Weighted percentage of state changes over the history (0–100). */
  percent(): number {
    let sum = 0;
    let prev = this.states[this.next]!; // oldest
    for (let i = 1; i < HISTORY; i++) {
      const cur = this.states[(this.next + i) % HISTORY]!;
      if (cur !== prev) sum += 0.8 + (0.4 * (i - 1)) / (HISTORY - 2);
      prev = cur;
    }
    return (sum / (HISTORY - 1)) * 100;
  }
}
