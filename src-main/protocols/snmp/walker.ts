// Walk several table columns at once with GetBulk: one repeater per column still being
// walked, each continuing from the last OID it got (RFC 3416 §4.2.3). A column is done at
// the first varbind that is an exception (endOfMibView…) or lies outside its subtree.
// Bounded: rows per column, requests per walk, and a stop on rounds without progress.
// An agent that goes backwards (non-increasing OIDs, a classic firmware bug that makes
// naive walkers loop forever) ends that column with a warning.
import { compareOids, isUnder } from './oids';
import type { BulkResult } from './session';
import type { Varbind } from './types';
import { isException, validOid } from './varbind';

export interface WalkLimits {
  maxRowsPerColumn: number;
  maxRequests: number;
}

export interface BulkRequester {
  getBulk(nonRepeaters: string[], repeaters: string[]): Promise<BulkResult>;
}

interface Column {
  base: string;
  last: string;
  rows: Varbind[];
  done: boolean;
}

const MAX_IDLE_ROUNDS = 3;

export class ColumnWalker {
  private readonly columns: Column[] = [];
  readonly warnings: string[] = [];
  requests = 0;

  constructor(
    private readonly requester: BulkRequester,
    private readonly limits: WalkLimits,
  ) {}

  /** Walk `base`, starting after `after` (default: from the start of the column). */
  add(base: string, after: string = base, seed: Varbind[] = []): void {
    this.columns.push({ base, last: after, rows: [...seed], done: false });
  }

  rows(base: string): Varbind[] {
    return this.columns.find((c) => c.base === base)?.rows ?? [];
  }

  /** Columns still being walked, in a stable order (the order of their repeaters). */
  active(): Column[] {
    return this.columns.filter((c) => !c.done);
  }

  /** Send one GetBulk for the active columns (plus optional non-repeaters). */
  async step(nonRepeaters: string[] = []): Promise<(Varbind | undefined)[]> {
    const active = this.active();
    if (active.length === 0) {
      if (nonRepeaters.length === 0) return [];
      throw new Error('step() with non-repeaters needs an active column');
    }
    this.requests++;
    const res = await this.requester.getBulk(nonRepeaters, active.map((c) => c.last));
    this.accept(active, res.columns);
    return res.nonRepeaters;
  }

  /** Walk until every column is done or a limit is reached. */
  async run(): Promise<void> {
    let idle = 0;
    while (this.active().length > 0) {
      if (this.requests >= this.limits.maxRequests) {
        this.warn(`stopped after ${this.requests} requests with ${this.active().length} column(s) unfinished`);
        break;
      }
      const before = this.progress();
      await this.step();
      idle = this.progress() === before ? idle + 1 : 0;
      if (idle >= MAX_IDLE_ROUNDS) {
        this.warn(`agent returned nothing usable ${idle} times in a row; columns left unfinished`);
        break;
      }
    }
    for (const c of this.columns) c.done = true;
  }

  private progress(): number {
    let n = 0;
    for (const c of this.columns) n += c.rows.length + (c.done ? 1 : 0);
    return n;
  }

  private accept(active: Column[], lists: Varbind[][]): void {
    active.forEach((col, i) => {
      for (const vb of lists[i] ?? []) {
        if (isException(vb) || !validOid(vb.oid) || !isUnder(col.base, vb.oid)) {
          col.done = true;
          return;
        }
        if (compareOids(vb.oid, col.last) <= 0) {
          this.warn(`OID not increasing in ${col.base}: ${vb.oid} after ${col.last}`);
          col.done = true;
          return;
        }
        col.rows.push(vb);
        col.last = vb.oid;
        if (col.rows.length >= this.limits.maxRowsPerColumn) {
          this.warn(`${col.base}: stopped at ${col.rows.length} rows`);
          col.done = true;
          return;
        }
      }
    });
  }

  private warn(w: string): void {
    if (this.warnings.length < 20) this.warnings.push(w);
  }
}
