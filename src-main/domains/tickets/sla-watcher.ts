// Wakes up at the next SLA mark of any open ticket (the tickets_sla_next index makes that
// one lookup), announces what is due, and sleeps until the next one. Ticket writes may
// bring a mark forward, so every change to the tickets table re-arms the timer.
import type { Actor } from '../../../shared/types';
import type { Clock, TimerHandle } from '../../core/clock';
import type { TicketService } from './service';

const MAX_SLEEP_MS = 3_600_000;

export class SlaWatcher {
  private timer: TimerHandle | null = null;
  private armedFor: number | null = null;
  private offChange: (() => void) | null = null;

  constructor(private readonly tickets: TicketService, private readonly clock: Clock, private readonly actor: Actor) {}

  start(): void {
    this.offChange = this.tickets.repo.store.onChange((events) => {
      if (events.some((e) => e.table === 'tickets')) this.arm();
    });
    this.arm();
  }

  stop(): void {
    this.offChange?.();
    this.offChange = null;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = null;
  }

  private arm(): void {
    if (!this.offChange || !this.tickets.repo.store.db.open) return;
    const next = this.tickets.repo.nextSlaAt();
    const now = this.clock.now();
    const at = next ? Math.min(Date.parse(next), now + MAX_SLEEP_MS) : now + MAX_SLEEP_MS;
    if (this.timer !== null && this.armedFor !== null && this.armedFor <= at) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - now));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = null;
    try {
      this.tickets.checkSla({ actor: this.actor, reason: 'SLA timer' });
    } catch (err) {
      process.stderr.write(`tickets: the SLA check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    this.arm();
  }
}
