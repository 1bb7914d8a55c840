// The clock is injected so that session state machines (retransmission, keep-alive, idle
// close) are tested with a manual clock instead of waiting for real time (DESIGN.md "Time
// and sockets are injected").

/** whatever the clock's setTimeout returned (a Node Timeout, a number for ManualClock) */
export type TimerHandle = object | number;

export interface Clock {
  /** milliseconds, monotonic enough for timeouts */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ManualTimer { id: number; at: number; fn: () => void }

/**
 * A clock that only moves when told to. `advance(ms)` runs every timer that falls due, in
 * order of due time, including timers that those timers schedule (bounded: a timer loop that
 * schedules itself with 0 ms is stopped after 100,000 runs).
 */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** number of timers not yet run */
  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (let runs = 0; runs < 100_000; runs++) {
      let next: ManualTimer | undefined;
      for (const t of this.timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      const due = next;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }
}
