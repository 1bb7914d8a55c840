// Live poll results between the clients of one shared database (issue 6): only one client
// polls a device (the holder of its shard), so what it sees — the LiveBook entry and the
// samples it writes to its time series — is published to the others, who merge it into their
// own LiveBook and metrics file. Then every client's wall, drawer, port graphs and 95th
// percentiles show the device as polled, not as "never polled".
//
// Transport: a NOTIFY on `noc_live` (kind "poll"), heard through SyncService.onLive. It is sent
// on a connection of its own (PgLiveSender), not with SyncService.publishLive: that one uses the
// sync's main connection, whose push transactions wait on the shared write lock — a NOTIFY
// queued there would leave only at their COMMIT, and be lost on their ROLLBACK. Hints,
// not rows: a message lost while a client is offline is not caught up; the next poll refills
// it. A client that starts (or reconnects) has empty live state until the next poll round of
// each device; plain fields that rarely change (sysName, sysDescr, …) are re-sent in full at
// least every FULL_EVERY_MS, so at worst those take that long to appear.
//
// Sealed: PostgreSQL lets any login LISTEN (a customer's too), so the `data` of a NOTIFY is the
// message below sealed with the live key (sync/live-key.ts: AES-256-GCM, "l1.<keyId>.<base64>"),
// which only staff logins may read. A client without it (a customer's login, or before the key
// is fetched) sends nothing; what it cannot open, or what does not verify, is dropped and counted.
//
// Wire format, version 1 (the JSON inside the seal, at most MAX_DATA_BYTES):
//   { "v": 1,
//     "d": [ { "id": deviceId, "c": changedAt (ms, the publisher's wall clock),
//              "f": { <LIVE_FIELDS that changed since the last message>: value, … },   // optional
//              "i": [ [ifIndex, oper, admin, inBps, outBps, at(, inErrPs, outErrPs, inDiscPs, outDiscPs)], … ], // optional: changed interfaces
//              "h": [state, problem, message, since, flags] | null },   // optional: the poller's alarm-engine summary
//                                                                       // of the device (flags: 1 acked, 2 maintenance, 4 auth)
//            … ],
//     "s": [ [seriesKey, "if" | "gauge", tMs, a, b], … ] }    // samples exactly as written on the poller
// A device too big for one message (a 96-port switch) is split by interfaces into several
// entries with the same id and c; the receiver applies each (equal c is "the same change").
// Only the client that polls a device (holds its shard) publishes it. Merge rule (LiveBook.merge):
// an entry older than what the receiver has is ignored; a device the receiver polls itself is
// ignored; the receiver's own messages never come back (the engine drops them).
import type pg from 'pg';
import { z } from 'zod';
import type { Clock, TimerHandle } from '../core/clock';
import { LIVE_CHANNEL } from '../sync/listener';
import { liveKeysOf, sealedLength, type LiveKeys } from '../sync/live-key';
import { connectPg } from '../sync/pg';
import type { MetricsService } from '../metrics/service';
import type { SeriesKind } from '../metrics/timeseries';
import { MONITOR_STATE_VALUES, PROBLEM_KINDS, type ProblemKind } from '../../shared/monitoring';
import { LIVE_FIELDS, type DeviceSummary, type InterfaceLive, type LiveBook, type LiveFields } from './live';

export const LIVE_KIND = 'poll';
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes; the whole payload stays under 7,000 … */
export const MAX_PAYLOAD_BYTES = 7000;
/** … of which the envelope ({"kind","from","data"}) takes < 100 … */
const ENVELOPE_BYTES = 100;
/** … and sealing adds a third (base64) plus the key id, nonce and tag: the JSON inside gets this. */
export const MAX_DATA_BYTES = 5000;
if (ENVELOPE_BYTES + sealedLength(MAX_DATA_BYTES) >= MAX_PAYLOAD_BYTES) throw new Error('live-share: MAX_DATA_BYTES does not fit a NOTIFY once sealed');
export const FLUSH_MS = 200;
export const FULL_EVERY_MS = 120_000;
/** strings are cut to this many characters (sysDescr is at most 255 by the MIB) … */
const MAX_TEXT = 256;
/** … and to this many bytes as JSON (a control character escapes to 6): an entry's head with its four texts stays under MAX_DATA_BYTES */
const MAX_TEXT_JSON = 1000;
/** messages waiting to be sent; beyond it a batch is dropped (counted, reported) rather than queued without bound */
const MAX_QUEUED = 1000;
/** samples collected between two flushes */
const MAX_SAMPLES = 100_000;
/** received samples are written to the metrics file this often, and old ones removed hourly: a wall host without pollers has no other writer */
const STORE_MS = 2000;
const RETENTION_EVERY_MS = 3_600_000;

export type IfTuple = [ifIndex: number, oper: number | null, admin: number | null, inBps: number | null, outBps: number | null, at: number,
  inErrPs?: number | null, outErrPs?: number | null, inDiscPs?: number | null, outDiscPs?: number | null];
export type SummaryTuple = [state: DeviceSummary['state'], problem: ProblemKind | null, message: string, since: number, flags: number];
export interface LiveEntry { id: string; c: number; f?: Partial<LiveFields>; i?: IfTuple[]; h?: SummaryTuple | null }
export type LiveSample = [key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null];
export interface LiveData { v: 1; d: LiveEntry[]; s: LiveSample[] }

// ---- the wire: validation of what arrives ------------------------------------------

const num = z.number().nullable();
const text = z.string().max(4 * MAX_TEXT).nullable();
const fieldsSchema = z.object({
  lastPollAt: num, lastOkAt: num, lastError: text, pollMs: num, sysName: text, sysDescr: text, uptimeTicks: num,
  cpuPct: num, memPct: num, diskPct: num, resourcesAt: num, authTrapAt: num,
}).partial();
const entrySchema = z.object({
  id: z.string().min(1).max(100),
  c: z.number(),
  f: fieldsSchema.optional(),
  i: z.array(z.union([z.tuple([z.number().int(), num, num, num, num, z.number()]), z.tuple([z.number().int(), num, num, num, num, z.number(), num, num, num, num])])).max(100_000).optional(),
  h: z.tuple([z.enum(MONITOR_STATE_VALUES), z.enum(PROBLEM_KINDS.map((k) => k.value) as [ProblemKind, ...ProblemKind[]]).nullable(), z.string().max(4 * MAX_TEXT), z.number(), z.number().int()]).nullable().optional(),
});
const sampleSchema = z.tuple([z.string().min(1).max(200), z.enum(['if', 'gauge']), z.number(), num, num]);
export const liveDataSchema = z.object({ v: z.literal(1), d: z.array(entrySchema).max(100_000), s: z.array(sampleSchema).max(MAX_SAMPLES) });

const bytes = (s: string) => Buffer.byteLength(s);

export function summaryTuple(s: DeviceSummary | null): SummaryTuple | null {
  return s && [s.state, s.problem, cut(s.message), s.since, (s.acked ? 1 : 0) | (s.maintenance ? 2 : 0) | (s.auth ? 4 : 0)];
}

export function summaryOf(t: SummaryTuple | null): DeviceSummary | null {
  return t && { state: t[0], problem: t[1], message: t[2], since: t[3], acked: (t[4] & 1) !== 0, maintenance: (t[4] & 2) !== 0, auth: (t[4] & 4) !== 0 };
}

function cut<T>(v: T): T {
  if (typeof v !== 'string') return v;
  const s = v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
  if (bytes(JSON.stringify(s)) <= MAX_TEXT_JSON) return s as T;
  let size = 2; // the quotes
  for (let n = 0; n < s.length; n++) {
    size += bytes(JSON.stringify(s[n])) - 2;
    if (size > MAX_TEXT_JSON) return s.slice(0, n) as T;
  }
  return s as T;
}

// ---- the wire: splitting into messages -----------------------------------------------

const EMPTY_BYTES = bytes(JSON.stringify({ v: 1, d: [], s: [] }));

/** One device's entry as parts that each fit in a message alone (split by interfaces). */
export function splitEntry(e: LiveEntry, maxBytes: number): LiveEntry[] {
  const whole = JSON.stringify(e);
  if (bytes(whole) <= maxBytes || !e.i || e.i.length <= 1) return [e];
  const { i: ifs, ...head } = e;
  // the bytes of a part before its interfaces: its JSON without "}" plus ',"i":[' and the closing ']}'
  const opening = (p: Omit<LiveEntry, 'i'>) => bytes(JSON.stringify(p)) - 1 + bytes(',"i":[]}');
  const parts: LiveEntry[] = [];
  let cur: IfTuple[] = [];
  let size = opening(head);
  for (const t of ifs) {
    const tb = bytes(JSON.stringify(t));
    if (cur.length > 0 && size + 1 + tb > maxBytes) {
      parts.push(parts.length === 0 ? { ...head, i: cur } : { id: e.id, c: e.c, i: cur });
      cur = [];
      size = opening({ id: e.id, c: e.c });
    }
    size += tb + (cur.length > 0 ? 1 : 0);
    cur.push(t);
  }
  parts.push(parts.length === 0 ? { ...head, i: cur } : { id: e.id, c: e.c, i: cur });
  return parts;
}

/** Entries and samples packed into as few messages as fit, each at most maxBytes as JSON. */
export function encodeLive(entries: LiveEntry[], samples: LiveSample[], maxBytes = MAX_DATA_BYTES): LiveData[] {
  const out: LiveData[] = [];
  let cur: LiveData = { v: 1, d: [], s: [] };
  let size = EMPTY_BYTES;
  const add = (list: 'd' | 's', item: LiveEntry | LiveSample) => {
    const b = bytes(JSON.stringify(item));
    const comma = cur[list].length > 0 ? 1 : 0;
    if (size + b + comma > maxBytes && (cur.d.length > 0 || cur.s.length > 0)) {
      out.push(cur);
      cur = { v: 1, d: [], s: [] };
      size = EMPTY_BYTES;
    }
    size += b + (cur[list].length > 0 ? 1 : 0);
    (cur[list] as Array<LiveEntry | LiveSample>).push(item);
  };
  for (const e of entries) for (const p of splitEntry(e, maxBytes - EMPTY_BYTES)) add('d', p);
  for (const s of samples) add('s', s);
  if (cur.d.length > 0 || cur.s.length > 0) out.push(cur);
  return out;
}

// ---- the publisher and the receiver ---------------------------------------------------

/** The part of SyncService this needs (tests give a real one). */
export interface LiveChannel {
  publishLive(kind: string, data: unknown): Promise<boolean>;
  onLive(fn: (m: { kind: string; from: string; data: unknown }) => void): () => void;
  /** online now: publishing makes sense */
  online(): boolean;
  /** this client polls the device itself (holds its shard) */
  polls(deviceId: string): boolean;
  /** after stop(), once the last message is out */
  close?(): Promise<void>;
}

export interface LiveShareStats {
  published: number;
  devicesSent: number;
  samplesSent: number;
  received: number;
  merged: number;
  /** entries for devices this client polls itself */
  ignoredOwn: number;
  /** entries older than what this client has */
  ignoredOlder: number;
  samplesWritten: number;
  /** messages that did not pass validation */
  rejected: number;
  /** messages this client cannot open: it has no live key, or not the one they were sealed with */
  unopened: number;
  /** messages not sealed with a live key, or whose tag does not verify */
  forged: number;
  /** batches not sent: offline, or the queue was full */
  dropped: number;
  /** batches not sent: this client has no live key */
  withheld: number;
  lastError: string | null;
}

interface Sent {
  fields: Record<string, unknown>;
  ifs: Map<number, string>;
  fullAt: number;
}

export class LiveShare {
  private readonly dirty = new Set<string>();
  private samples: LiveSample[] = [];
  private readonly sent = new Map<string, Sent>();
  private timer: TimerHandle | null = null;
  private storeTimer: TimerHandle | null = null;
  private lastRetention: number;
  private sending: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly offs: Array<() => void> = [];
  private stopped = false;
  private readonly counters: LiveShareStats = {
    published: 0, devicesSent: 0, samplesSent: 0, received: 0, merged: 0, ignoredOwn: 0, ignoredOlder: 0, samplesWritten: 0, rejected: 0, unopened: 0, forged: 0, dropped: 0, withheld: 0, lastError: null,
  };
  /** the client's live key (fetched by the sync on connect) */
  private readonly keys: LiveKeys;
  /** problems reported already: each once, not once per message */
  private readonly reported = new Set<string>();

  constructor(private readonly s: {
    book: LiveBook; metrics: MetricsService; clock: Clock; channel: LiveChannel; onError?: (message: string) => void;
    /** this client's alarm-engine summary of a device, and the hook that says it changed (tiles elsewhere) */
    summary?: (deviceId: string) => DeviceSummary | null;
    onSummaryChange?: (fn: (deviceId: string) => void) => () => void;
  }) {
    this.lastRetention = s.clock.now();
    this.keys = liveKeysOf(s.book);
    this.offs.push(s.book.onChange((id) => {
      this.dirty.add(id);
      this.soon();
    }));
    this.offs.push(s.metrics.onWrite((key, kind, tMs, a, b) => {
      if (this.samples.length >= MAX_SAMPLES) {
        this.counters.dropped++;
        return;
      }
      this.samples.push([key, kind, tMs, a, b]);
      this.soon();
    }));
    // a changed state (a ping check, an acknowledgement) is a change of the device's live state too
    if (s.onSummaryChange) {
      this.offs.push(s.onSummaryChange((id) => {
        s.book.get(id);
      }));
    }
    this.offs.push(s.channel.onLive((m) => {
      if (m.kind === LIVE_KIND) this.receive(m.data);
    }));
  }

  stats(): LiveShareStats {
    return { ...this.counters };
  }

  /** No timer, no listener after this; messages already handed to the channel finish, then it closes. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      for (const off of this.offs.splice(0)) off();
      for (const t of [this.timer, this.storeTimer]) if (t !== null) this.s.clock.clearTimeout(t);
      this.timer = this.storeTimer = null;
      this.sending = this.sending.then(() => this.s.channel.close?.());
    }
    return this.sending;
  }

  /** Sends what changed since the last flush (the timer calls it; tests may too). */
  flush(): void {
    if (this.timer !== null) this.s.clock.clearTimeout(this.timer);
    this.timer = null;
    // Only the client that polls a device speaks for it: one view per device, no flip-flop
    // between clients that each saw something (a person's "poll now", a trap, IPMI alarms).
    const ids = [...this.dirty].filter((id) => this.s.channel.polls(id));
    this.dirty.clear();
    const samples = this.samples;
    this.samples = [];
    if (ids.length === 0 && samples.length === 0) return;
    if (!this.s.channel.online()) {
      // Hints only: nobody to tell. The next message after reconnecting is complete (no base to diff against).
      this.sent.clear();
      return;
    }
    if (this.keys.keyId() === null) {
      // a customer's login, or the key not fetched yet: nothing leaves unsealed
      this.counters.withheld++;
      this.sent.clear();
      this.reportOnce('withheld', 'live poll results are not shared: this client has no live key (a staff login fetches it when it connects)');
      return;
    }
    const entries: LiveEntry[] = [];
    for (const id of ids) {
      const e = this.entryOf(id);
      if (e) entries.push(e);
    }
    const messages: string[] = [];
    for (const m of encodeLive(entries, samples)) {
      const sealed = this.keys.seal(LIVE_KIND, JSON.stringify(m));
      if (sealed !== null) messages.push(sealed);
    }
    if (messages.length === 0) return;
    if (this.queued + messages.length > MAX_QUEUED) {
      this.counters.dropped++;
      this.sent.clear();
      this.report(`live poll results: ${messages.length} message(s) not sent, ${this.queued} still waiting for the shared database`);
      return;
    }
    this.queued += messages.length;
    this.counters.devicesSent += entries.length;
    this.counters.samplesSent += samples.length;
    // one chain: messages leave in order, so the receivers' deltas apply in order
    this.sending = this.sending.then(async () => {
      let i = 0;
      try {
        for (; i < messages.length; i++) {
          if (!(await this.s.channel.publishLive(LIVE_KIND, messages[i]))) {
            this.counters.dropped++;
            this.sent.clear();
            break;
          }
          this.counters.published++;
        }
      } catch (err) {
        this.counters.dropped++;
        this.sent.clear();
        this.report(`live poll results not sent: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.queued -= messages.length;
      }
    });
  }

  /** The device's fields and interfaces that changed since the last message (all of them now and then). */
  private entryOf(id: string): LiveEntry | null {
    const d = this.s.book.peek(id);
    if (!d) return null;
    const now = this.s.clock.now();
    let memo = this.sent.get(id);
    const full = !memo || now - memo.fullAt >= FULL_EVERY_MS;
    if (!memo || full) {
      memo = { fields: {}, ifs: new Map(), fullAt: now };
      this.sent.set(id, memo);
    }
    const f: Record<string, unknown> = {};
    let nf = 0;
    for (const k of LIVE_FIELDS) {
      const v = cut(d[k]);
      if (full || memo.fields[k] !== v) {
        f[k] = v;
        memo.fields[k] = v;
        nf++;
      }
    }
    const ifs: IfTuple[] = [];
    for (const [ifIndex, il] of d.interfaces) {
      const t: IfTuple = il.inErrPs === undefined && il.outErrPs === undefined && il.inDiscPs === undefined && il.outDiscPs === undefined
        ? [ifIndex, il.oper, il.admin, il.inBps, il.outBps, il.at]
        : [ifIndex, il.oper, il.admin, il.inBps, il.outBps, il.at, il.inErrPs ?? null, il.outErrPs ?? null, il.inDiscPs ?? null, il.outDiscPs ?? null];
      const key = t.join(',');
      if (full || memo.ifs.get(ifIndex) !== key) {
        ifs.push(t);
        memo.ifs.set(ifIndex, key);
      }
    }
    const h = this.s.summary ? summaryTuple(this.s.summary(id)) : undefined;
    const hKey = JSON.stringify(h);
    const hChanged = h !== undefined && (full || memo.fields.h !== hKey);
    if (hChanged) memo.fields.h = hKey;
    if (nf === 0 && ifs.length === 0 && !hChanged) return null;
    const e: LiveEntry = { id, c: d.changedAt };
    if (nf > 0) e.f = f as Partial<LiveFields>;
    if (ifs.length > 0) e.i = ifs;
    if (hChanged) e.h = h;
    return e;
  }

  private receive(sealed: unknown): void {
    if (this.stopped) return;
    const opened = this.keys.open(LIVE_KIND, sealed);
    if (!opened.ok) {
      if (opened.reason === 'forged') {
        this.counters.forged++;
        this.reportOnce('forged', 'a live poll message was dropped: it is not sealed with the live key, or it was altered (a client of an older version, or a login that is not staff, sent it)');
      } else {
        this.counters.unopened++;
        this.reportOnce('unopened', opened.reason === 'no-key'
          ? 'live poll results of other clients are not shown: this client has no live key (only staff logins may read it)'
          : 'live poll results sealed with a live key this client has not fetched were dropped: reconnect to fetch the current key');
      }
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(opened.text);
    } catch (_err) {
      data = undefined; // sealed by a key holder, yet not JSON: rejected below like any malformed message
    }
    const parsed = liveDataSchema.safeParse(data);
    if (!parsed.success) {
      this.counters.rejected++;
      const issue = parsed.error.issues[0];
      this.report(`a live poll message from another client was dropped: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not in the expected format'} (a client of another version?)`);
      return;
    }
    this.counters.received++;
    for (const e of parsed.data.d) {
      if (this.s.channel.polls(e.id)) {
        this.counters.ignoredOwn++;
        continue;
      }
      const interfaces = e.i?.map(([ifIndex, oper, admin, inBps, outBps, at, ...errs]): [number, InterfaceLive] => {
        const [inErrPs, outErrPs, inDiscPs, outDiscPs] = errs;
        return [ifIndex, errs.length === 0 ? { oper, admin, inBps, outBps, at } : { oper, admin, inBps, outBps, at, inErrPs, outErrPs, inDiscPs, outDiscPs }];
      });
      const remote = e.h === undefined ? undefined : summaryOf(e.h);
      if (this.s.book.merge(e.id, { changedAt: e.c, fields: e.f as Partial<LiveFields> | undefined, interfaces, remote })) this.counters.merged++;
      else this.counters.ignoredOlder++;
    }
    // A series keeps one sample per second and only newer ones: a sample this client already has is dropped there.
    for (const [key, kind, tMs, a, b] of parsed.data.s) this.s.metrics.writeFromPeer(key, kind, tMs, a, b);
    this.counters.samplesWritten += parsed.data.s.length;
    if (parsed.data.s.length > 0) this.storeSoon();
  }

  /** Received samples to disk (bounded memory), and the retention now and then. */
  private storeSoon(): void {
    if (this.storeTimer !== null || this.stopped) return;
    this.storeTimer = this.s.clock.setTimeout(() => {
      this.storeTimer = null;
      this.s.metrics.flush();
      const now = this.s.clock.now();
      if (now - this.lastRetention < RETENTION_EVERY_MS) return;
      this.lastRetention = now;
      this.s.metrics.retentionInSteps(() => this.stopped).catch((err: unknown) => this.report(`metrics retention: ${err instanceof Error ? err.message : String(err)}`));
    }, STORE_MS);
  }

  private soon(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = this.s.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS);
  }

  private reportOnce(what: string, message: string): void {
    if (this.reported.has(what)) return;
    this.reported.add(what);
    this.report(message);
  }

  private report(message: string): void {
    this.counters.lastError = message;
    this.s.onError?.(message);
  }
}

/**
 * Sends live hints on a connection of its own (see the top of this file), opened when there is
 * something to send while the sync is online, and closed when it is not. The envelope is the
 * sync engine's ({kind, from, data}: listener.ts), so receivers drop their own messages as usual.
 */
export class PgLiveSender {
  private conn: pg.Client | null = null;
  private url: string | null = null;
  private connecting: Promise<pg.Client> | null = null;

  /** `target`: the sync's URL and this client's id while online, else null. */
  constructor(private readonly target: () => { url: string; from: string } | null) {}

  online(): boolean {
    const t = this.target();
    if (!t) void this.close();
    return t !== null;
  }

  async publishLive(kind: string, data: unknown): Promise<boolean> {
    const t = this.target();
    if (!t) {
      await this.close();
      return false;
    }
    const payload = JSON.stringify({ kind, from: t.from, data });
    if (Buffer.byteLength(payload) >= MAX_PAYLOAD_BYTES) throw new Error(`a live message of ${Buffer.byteLength(payload)} bytes is over the ${MAX_PAYLOAD_BYTES}-byte bound`);
    try {
      const c = await this.connection(t.url);
      await c.query(`SELECT pg_notify($1, $2)`, [LIVE_CHANNEL, payload]);
      return true;
    } catch (err) {
      await this.close(); // the next message connects again
      throw err;
    }
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    this.url = null;
    await this.connecting?.catch(() => undefined);
    if (c) await c.end().catch(() => undefined);
  }

  private async connection(url: string): Promise<pg.Client> {
    if (this.conn && this.url === url) return this.conn;
    if (this.conn) await this.close();
    this.connecting ??= connectPg(url, { appName: 'aedify-noc live' }).finally(() => {
      this.connecting = null;
    });
    const c = await this.connecting;
    c.on('end', () => {
      if (this.conn === c) this.conn = null;
    });
    this.conn = c;
    this.url = url;
    return c;
  }
}
