// The poll scheduler: every job has its own interval; first runs are spread over the
// interval (a hash of the key picks the phase) so 2,000 devices do not all fire at :00;
// at most `maxInFlight` jobs run at once; a job that hangs is abandoned at its timeout, so
// one slow or dead agent holds one slot for a bounded time and never delays the others.
// Time comes from the injected clock (FakeClock in tests).
//
// Invariants:
//  - a job never runs twice at once (the next run is scheduled when the current one ends);
//  - at most maxInFlight runs hold a slot; a run past its timeout is aborted and gives its
//    slot back even if it ignores the abort;
//  - a job keeps its phase: after a run it is due at the next multiple of its interval
//    after its previous due time (missed slots are skipped and counted, never bunched);
//  - a soft failure asks for a retry sooner (JobOutcome.retryInMs) and then returns to its phase;
//  - after stop() no timer is pending and no run is started.
import type { Clock, TimerHandle } from '../core/clock';

export interface JobOutcome {
  /** run again after this long instead of at the next interval (soft failure → retry interval) */
  retryInMs?: number;
}

export interface Job {
  key: string;
  intervalMs: number;
  /** default: the scheduler's jobTimeoutMs */
  timeoutMs?: number;
  run(signal: AbortSignal): Promise<JobOutcome | void>;
}

export interface SchedulerOptions {
  clock: Clock;
  maxInFlight?: number;
  jobTimeoutMs?: number;
  /** shards (issue 6): only run jobs this process owns; the others keep their schedule */
  owns?: (key: string) => boolean;
  onError?: (key: string, err: unknown) => void;
  /** how long stop() waits for aborted runs to settle (real time, default 2000 ms) */
  stopGraceMs?: number;
}

export interface SchedulerStats {
  jobs: number;
  inFlight: number;
  queued: number;
  runs: number;
  errors: number;
  timeouts: number;
  skippedSlots: number;
  /** how late runs started after they were due, ms (over the last runs) */
  lateP50: number;
  lateP95: number;
  lateMax: number;
}

interface Entry {
  job: Job;
  due: number;
  /** bumped when the entry is rescheduled: stale heap items are skipped */
  seq: number;
  running: boolean;
  removed: boolean;
  /** the phase the job returns to after retries */
  phaseDue: number;
}

const LATE_SAMPLES = 4096;

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new MinHeap<{ entry: Entry; seq: number; due: number }>((a, b) => a.due - b.due);
  private readonly ready: Entry[] = [];
  private readonly running = new Map<Entry, { controller: AbortController; promise: Promise<void> }>();
  private inFlight = 0;
  private timer: TimerHandle | null = null;
  private timerAt = Infinity;
  private started = false;
  private readonly late: number[] = [];
  private counters = { runs: 0, errors: 0, timeouts: 0, skippedSlots: 0 };
  private readonly maxInFlight: number;
  private readonly jobTimeoutMs: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 64);
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
  }

  start(): void {
    this.started = true;
    this.arm();
  }

  /** Add a job or replace it; an unchanged interval keeps the job's phase. */
  upsert(job: Job): void {
    const now = this.opts.clock.now();
    const old = this.entries.get(job.key);
    if (old && !old.removed) {
      const sameInterval = old.job.intervalMs === job.intervalMs;
      old.job = job;
      if (!sameInterval && !old.running) this.schedule(old, now + spread(job.key, job.intervalMs));
      return;
    }
    const due = now + spread(job.key, job.intervalMs);
    const entry: Entry = { job, due, seq: 0, running: false, removed: false, phaseDue: due };
    this.entries.set(job.key, entry);
    this.schedule(entry, due);
  }

  remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.removed = true;
    e.seq++;
    this.entries.delete(key);
    const i = this.ready.indexOf(e);
    if (i >= 0) this.ready.splice(i, 1);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Run a job as soon as a slot is free (a trap arrived, a parent recovered). */
  runSoon(key: string): boolean {
    const e = this.entries.get(key);
    if (!e || e.running) return false;
    this.schedule(e, this.opts.clock.now(), false);
    return true;
  }

  stats(): SchedulerStats {
    const sorted = [...this.late].sort((a, b) => a - b);
    const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0);
    return {
      jobs: this.entries.size, inFlight: this.inFlight, queued: this.ready.length, ...this.counters,
      lateP50: q(0.5), lateP95: q(0.95), lateMax: sorted.length ? sorted[sorted.length - 1]! : 0,
    };
  }

  /**
   * Stops timers, aborts running jobs and waits for them to settle — at most stopGraceMs of
   * real time: a job that ignores its abort signal cannot keep the app from closing.
   */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    this.ready.length = 0;
    const runs = [...this.running.values()];
    for (const r of runs) r.controller.abort(new Error('scheduler stopped'));
    if (runs.length === 0) return;
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled(runs.map((r) => r.promise)),
      new Promise<void>((resolve) => { grace = setTimeout(resolve, this.opts.stopGraceMs ?? 2000); }),
    ]);
    clearTimeout(grace);
  }

  // ---- internals ---------------------------------------------------------------------

  private schedule(e: Entry, due: number, phase = true): void {
    e.seq++;
    e.due = due;
    if (phase) e.phaseDue = due;
    this.heap.push({ entry: e, seq: e.seq, due });
    this.arm();
  }

  private arm(): void {
    if (!this.started) return;
    let top = this.heap.peek();
    while (top && (top.seq !== top.entry.seq || top.entry.removed)) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (!top || top.due >= this.timerAt) return;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timerAt = top.due;
    this.timer = this.opts.clock.setTimeout(() => this.fire(), Math.max(0, top.due - this.opts.clock.now()));
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (!this.started) return;
    const now = this.opts.clock.now();
    for (let top = this.heap.peek(); top && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (top.seq !== top.entry.seq || top.entry.removed || top.entry.running) continue;
      this.ready.push(top.entry);
    }
    this.dispatch();
    this.arm();
  }

  private dispatch(): void {
    while (this.started && this.inFlight < this.maxInFlight && this.ready.length > 0) {
      const e = this.ready.shift()!;
      if (e.removed || e.running) continue;
      const now = this.opts.clock.now();
      if (this.opts.owns && !this.opts.owns(e.job.key)) {
        this.next(e, now, undefined);
        continue;
      }
      this.launch(e, now);
    }
  }

  private launch(e: Entry, now: number): void {
    this.late.push(now - e.due);
    if (this.late.length > LATE_SAMPLES) this.late.splice(0, this.late.length - LATE_SAMPLES);
    e.running = true;
    this.inFlight++;
    this.counters.runs++;
    const controller = new AbortController();
    let slotHeld = true;
    const release = () => {
      if (!slotHeld) return;
      slotHeld = false;
      this.inFlight--;
    };
    const timeout = this.opts.clock.setTimeout(() => {
      this.counters.timeouts++;
      controller.abort(new Error(`${e.job.key} took longer than ${e.job.timeoutMs ?? this.jobTimeoutMs} ms`));
      release();
      this.dispatch();
    }, e.job.timeoutMs ?? this.jobTimeoutMs);
    let outcome: JobOutcome | void = undefined;
    const promise = Promise.resolve()
      .then(() => e.job.run(controller.signal))
      .then((o) => { outcome = o; }, (err: unknown) => {
        this.counters.errors++;
        if (!controller.signal.aborted) this.opts.onError?.(e.job.key, err);
      })
      .finally(() => {
        this.opts.clock.clearTimeout(timeout);
        this.running.delete(e);
        e.running = false;
        release();
        if (this.started && !e.removed) this.next(e, this.opts.clock.now(), outcome ?? undefined);
        this.dispatch();
      });
    this.running.set(e, { controller, promise });
  }

  /** The next due time: a retry if asked, else the next slot of the job's phase after now. */
  private next(e: Entry, now: number, outcome: JobOutcome | undefined): void {
    if (outcome?.retryInMs !== undefined) {
      this.schedule(e, now + Math.max(0, outcome.retryInMs), false);
      return;
    }
    const interval = e.job.intervalMs;
    let due = e.phaseDue + interval;
    if (due <= now) {
      const missed = Math.floor((now - due) / interval) + 1;
      this.counters.skippedSlots += Math.max(0, missed - 1);
      due += missed * interval;
    }
    this.schedule(e, due);
  }
}

/** Phase within the interval from the key (FNV-1a), so restarts keep the same spread. */
export function spread(key: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % Math.max(1, intervalMs);
}

/** A binary min-heap. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
