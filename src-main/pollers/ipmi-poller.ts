// IPMI polling (issue 4 part 5): power state, sensors and SEL of every server with a BMC, on
// each BMC's own interval, through the monitoring scheduler (phases spread, bounded
// concurrency, a hung BMC holds one slot for a bounded time) and the BMC service's one session
// manager (a session per BMC, reused from poll to poll, closed when idle or at stop()).
// The configuration is read again when bmc_configs changes. stop() leaves no timer behind;
// the sessions are closed by the BMC service. Shared mode (issue 6): only the holder of the
// device's shard polls its BMC (asked before each run, so a takeover moves it at the next due
// run); a person's "poll now" and console sessions are not affected.
import type { BmcService } from '../domains/bmc/service';
import type { Clock, TimerHandle } from '../core/clock';
import type { Store } from '../store/repository';
import { Scheduler, type SchedulerStats } from './scheduler';

export interface IpmiPollerConfig {
  /** poll on schedule (the desktop app and the headless host turn it on; tests start it themselves) */
  enabled: boolean;
  /** BMCs polled at once (default 16: a BMC answers one request at a time, so this bounds the sockets too) */
  maxInFlight?: number;
  /** a poll that takes longer is abandoned (default 60 s) */
  jobTimeoutMs?: number;
  /** a failed poll is retried after this long instead of the full interval (default 20 s) */
  retryMs?: number;
  /** only poll what this process owns (issue 6 leadership) */
  owns?: (deviceId: string) => boolean;
  onError?: (message: string) => void;
}

const KEY = 'ipmi:';
const RELOAD_DELAY_MS = 250;

export class IpmiPoller {
  readonly scheduler: Scheduler;
  private running = false;
  private off: (() => void) | null = null;
  private reloadTimer: TimerHandle | null = null;
  private readonly retryMs: number;
  /** shared mode (issue 6): one client polls each BMC, the holder of its device's shard */
  private owns: ((deviceId: string) => boolean) | undefined;

  constructor(private readonly s: { store: Store; clock: Clock; bmc: BmcService; poll: (deviceId: string) => Promise<{ error: string | null }> }, private readonly config: IpmiPollerConfig) {
    this.retryMs = config.retryMs ?? 20_000;
    this.owns = config.owns;
    this.scheduler = new Scheduler({
      clock: s.clock, maxInFlight: config.maxInFlight ?? 16, jobTimeoutMs: config.jobTimeoutMs ?? 60_000,
      // asked before each run: a takeover moves the polling at the next due run
      owns: (key) => !this.owns || this.owns(key.slice(KEY.length)),
      onError: (key, err) => config.onError?.(`${key}: ${err instanceof Error ? err.message : String(err)}`),
    });
  }

  /** The shard check (createCore wires it to the sync service's leadership); a config's own `owns` wins. */
  setOwnership(owns: (deviceId: string) => boolean): void {
    if (!this.config.owns) this.owns = owns;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.off = this.s.store.onChange((events) => {
      if (events.some((e) => e.table === 'bmc_configs' || e.table === 'devices')) this.reloadSoon();
    });
    this.reload();
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.off?.();
    this.off = null;
    if (this.reloadTimer !== null) this.s.clock.clearTimeout(this.reloadTimer);
    this.reloadTimer = null;
    await this.scheduler.stop();
  }

  stats(): SchedulerStats {
    return this.scheduler.stats();
  }

  /** The jobs follow the stored configuration: one per BMC with polling enabled. */
  reload(): void {
    const wanted = new Map(this.s.bmc.repo.allConfigs().filter((c) => c.pollEnabled).map((c) => [KEY + c.deviceId, c]));
    for (const key of this.scheduler.keys()) if (!wanted.has(key)) this.scheduler.remove(key);
    for (const [key, c] of wanted) {
      this.scheduler.upsert({
        key,
        intervalMs: c.pollIntervalS * 1000,
        run: async (signal) => {
          if (signal.aborted || !this.running) return;
          const r = await this.s.poll(c.deviceId);
          return r.error ? { retryInMs: Math.min(this.retryMs, c.pollIntervalS * 1000) } : undefined;
        },
      });
    }
  }

  private reloadSoon(): void {
    if (this.reloadTimer !== null || !this.running) return;
    this.reloadTimer = this.s.clock.setTimeout(() => {
      this.reloadTimer = null;
      if (this.running) this.reload();
    }, RELOAD_DELAY_MS);
  }
}
