// ICMP ping batched through Debian's fping: every ping asked for within one turn of the
// event loop goes into one fping process (up to maxBatch targets each), so a scheduler
// firing 500 ping checks at once starts one or two processes, not 500.
//
//   fping -C <count> -q -p <period> -t <timeout> -i 1 -r 0 target…
//   stderr, one line per target:  "127.0.0.1 : 0.04 0.03 -"   ('-' = lost)
// A target fping cannot resolve has no line: it comes back with an error.
import { spawn, type ChildProcess } from 'node:child_process';

export interface PingResult {
  target: string;
  sent: number;
  received: number;
  lossPct: number;
  /** average round trip of the answered pings, ms */
  rttMs: number | null;
  error?: string;
}

export interface PingOptions {
  count?: number;
  timeoutMs?: number;
  periodMs?: number;
  maxBatch?: number;
  fping?: string;
}

interface Waiter {
  target: string;
  resolve: (r: PingResult) => void;
}

const LINE = /^(\S+)\s+:\s+(.*)$/;
const MAX_OUTPUT = 4 << 20;

export class PingBatcher {
  private queue: Waiter[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;
  private readonly children = new Set<ChildProcess>();
  private closed = false;
  private readonly count: number;
  private readonly timeoutMs: number;
  private readonly periodMs: number;
  private readonly maxBatch: number;
  /** fping processes started (for the benchmark and tests) */
  processes = 0;

  constructor(private readonly opts: PingOptions = {}) {
    this.count = Math.max(1, opts.count ?? 3);
    this.timeoutMs = Math.max(50, opts.timeoutMs ?? 1000);
    this.periodMs = Math.max(20, opts.periodMs ?? 200);
    this.maxBatch = Math.max(1, opts.maxBatch ?? 256);
  }

  ping(target: string): Promise<PingResult> {
    if (this.closed) return Promise.resolve(failed(target, 'pinger closed'));
    return new Promise((resolve) => {
      this.queue.push({ target, resolve });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Kills running fping processes; pending pings resolve as failed. */
  close(): void {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    for (const w of this.queue.splice(0)) w.resolve(failed(w.target, 'pinger closed'));
    for (const c of this.children) c.kill('SIGKILL');
  }

  private flush(): void {
    this.scheduled = null;
    const all = this.queue.splice(0);
    for (let i = 0; i < all.length; i += this.maxBatch) this.run(all.slice(i, i + this.maxBatch));
  }

  private run(batch: Waiter[]): void {
    const targets = [...new Set(batch.map((w) => w.target))];
    const args = ['-C', String(this.count), '-q', '-p', String(this.periodMs), '-t', String(this.timeoutMs), '-i', '1', '-r', '0', ...targets];
    let err = '';
    let child: ChildProcess;
    try {
      child = spawn(this.opts.fping ?? 'fping', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      for (const w of batch) w.resolve(failed(w.target, `cannot run fping: ${String(e)}`));
      return;
    }
    this.processes++;
    this.children.add(child);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => { if (err.length < MAX_OUTPUT) err += d; });
    let settled = false;
    const finish = (why: string | null) => {
      if (settled) return;
      settled = true;
      this.children.delete(child);
      const results = parseFping(err, this.count);
      for (const w of batch) w.resolve(results.get(w.target) ?? failed(w.target, why ?? `fping gave no result for ${w.target} (unknown host name?)`));
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ENOENT' ? 'fping is not installed (apt-get install fping)' : `fping failed: ${e.message}`));
    child.on('close', () => finish(null));
  }
}

export function parseFping(stderr: string, count: number): Map<string, PingResult> {
  const out = new Map<string, PingResult>();
  for (const line of stderr.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const fields = m[2]!.trim().split(/\s+/);
    if (!fields.every((f) => f === '-' || /^\d+(\.\d+)?$/.test(f))) continue;
    const rtts = fields.filter((f) => f !== '-').map(Number);
    const sent = Math.max(count, fields.length);
    out.set(m[1]!, {
      target: m[1]!, sent, received: rtts.length, lossPct: Math.round(((sent - rtts.length) / sent) * 100),
      rttMs: rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : null,
    });
  }
  return out;
}

function failed(target: string, error: string): PingResult {
  return { target, sent: 0, received: 0, lossPct: 100, rttMs: null, error };
}
