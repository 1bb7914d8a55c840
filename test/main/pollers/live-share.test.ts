// Live poll results between clients (issue 6), without a database: the wire format (size
// bound, split by interfaces, round trip), the merge rule of the LiveBook (older never
// overwrites newer), and the publisher's batching and deltas on a FakeClock. The transport
// here is a bus that does what NOTIFY does to a payload (JSON text, a size limit, everyone
// but the sender); live-share.pg.test.ts runs the same against PostgreSQL and real agents.
// Every client here holds the same live key (live-share-sealed.test.ts: without it, or a wrong one).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { MetricsService } from '../../../src-main/metrics/service';
import { LiveBook, type DeviceSummary } from '../../../src-main/pollers/live';
import {
  encodeLive, FLUSH_MS, FULL_EVERY_MS, LIVE_KIND, LiveShare, MAX_PAYLOAD_BYTES, type IfTuple, type LiveData, type LiveEntry, type LiveSample,
} from '../../../src-main/pollers/live-share';
import { LiveBus } from './live-bus';
import { liveKeysOf, LiveKeys } from '../../../src-main/sync/live-key';

const DEV = '0190f3a2-7c4e-7d10-9a3b-1c2d3e4f5a6b';
const ifId = (n: number) => `0190f3a2-7c4e-7d10-9a3b-${String(n).padStart(12, '0')}`;
/** the envelope the sync engine puts around `data` (listener.ts), with a client id as long as real ones */
/** lets the messages handed to the channel go out */
const settle = () => new Promise((r) => setImmediate(r));
const envelope = (data: unknown) => JSON.stringify({ kind: LIVE_KIND, from: 'a1b2c3d4e5f6-g12', data });
/** the team's live key, as every staff client fetched it */
const KEY = randomBytes(32);
const team = new LiveKeys();
team.use('k20261122-abc123', KEY, true);
/** what a NOTIFY payload carries, opened with the live key */
function dataOf(payload: string): LiveData {
  const opened = team.open(LIVE_KIND, (JSON.parse(payload) as { data: unknown }).data);
  if (!opened.ok) throw new Error(`payload does not open: ${opened.reason}`);
  return JSON.parse(opened.text) as LiveData;
}

function switch96(at: number): { entry: LiveEntry; samples: LiveSample[] } {
  const i: IfTuple[] = [];
  const samples: LiveSample[] = [];
  for (let p = 1; p <= 96; p++) {
    const inBps = 1_234_567.891_234 * p;
    const outBps = 987_654.321_987 * p;
    i.push([p, p % 7 === 0 ? 2 : 1, 1, inBps, outBps, at]);
    samples.push([`if:${ifId(p)}`, 'if', at, inBps, outBps]);
  }
  return {
    entry: { id: DEV, c: at, f: { lastPollAt: at, lastOkAt: at, lastError: null, pollMs: 42, sysName: 'core-sw-01', sysDescr: 'Cisco IOS Software, C3750E', uptimeTicks: 123456789 }, i },
    samples,
  };
}

describe('wire format', () => {
  it('splits a 96-port switch by interfaces: every NOTIFY payload under 7,000 bytes, and it arrives whole', () => {
    const at = Date.UTC(2026, 10, 22, 3, 0, 0);
    const { entry, samples } = switch96(at);
    const messages = encodeLive([entry], samples);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(Buffer.byteLength(envelope(m))).toBeLessThan(MAX_PAYLOAD_BYTES);

    const back = messages.map((m) => JSON.parse(JSON.stringify(m)) as LiveData);
    const parts = back.flatMap((m) => m.d);
    expect(new Set(parts.map((p) => `${p.id}@${p.c}`))).toEqual(new Set([`${DEV}@${at}`]));
    expect(parts.flatMap((p) => p.i ?? [])).toEqual(entry.i);
    expect(parts.filter((p) => p.f)).toEqual([expect.objectContaining({ f: entry.f })]);
    expect(back.flatMap((m) => m.s)).toEqual(samples); // doubles survive JSON exactly: same points on every client
  });

  it('a device that fits travels in one message with others; an empty batch is no message', () => {
    const e = (id: string): LiveEntry => ({ id, c: 1, f: { lastPollAt: 1 }, i: [[1, 1, 1, 10, 20, 1]] });
    expect(encodeLive([e('a'), e('b'), e('c')], [])).toHaveLength(1);
    expect(encodeLive([], [])).toEqual([]);
  });

  it('the worst-case texts (cut to 256 characters, each escaped to 6 bytes) still fit one message', () => {
    const nasty = '\u0001'.repeat(256);
    const entry: LiveEntry = { id: DEV, c: 1, f: { sysName: nasty, sysDescr: nasty, lastError: nasty }, i: [[1, 1, 1, 1, 1, 1]], h: ['DOWN', 'timeout', nasty, 1, 7] };
    const [m, ...rest] = encodeLive([entry], []);
    expect(rest).toEqual([]);
    expect(Buffer.byteLength(envelope(m))).toBeLessThan(MAX_PAYLOAD_BYTES);
  });
});

describe('LiveBook merge rule', () => {
  it('older never overwrites newer; equal applies (split parts); merging tells no publisher', () => {
    let now = 1000;
    const book = new LiveBook(() => now);
    const told: string[] = [];
    book.onChange((id) => told.push(id));

    expect(book.merge('d1', { changedAt: 2000, fields: { sysName: 'new', lastPollAt: 2000 }, interfaces: [[1, { oper: 1, admin: 1, inBps: 5, outBps: 6, at: 2000 }]] })).toBe(true);
    expect(book.merge('d1', { changedAt: 1500, fields: { sysName: 'old' }, interfaces: [[1, { oper: 2, admin: 1, inBps: 0, outBps: 0, at: 1500 }]] })).toBe(false);
    expect(book.peek('d1')).toMatchObject({ sysName: 'new', lastPollAt: 2000 });
    expect(book.peek('d1')!.interfaces.get(1)).toMatchObject({ oper: 1, inBps: 5 });
    // the second part of the same message (same stamp) adds its interfaces
    expect(book.merge('d1', { changedAt: 2000, interfaces: [[2, { oper: 2, admin: 1, inBps: 0, outBps: 0, at: 2000 }]] })).toBe(true);
    expect([...book.peek('d1')!.interfaces.keys()]).toEqual([1, 2]);
    expect(book.lastPollAt).toBe(2000);
    expect(told).toEqual([]);

    // a local change (this client polled, or a trap came here) is newer than what came before it
    now = 3000;
    book.get('d1').sysName = 'local';
    expect(told).toEqual(['d1']);
    expect(book.merge('d1', { changedAt: 2500, fields: { sysName: 'late' } })).toBe(false);
    expect(book.peek('d1')!.sysName).toBe('local');
    expect(book.merge('d1', { changedAt: 3500, fields: { sysName: 'later' } })).toBe(true);
    expect(book.peek('d1')!.sysName).toBe('later');
  });

  it("another client's state of a device counts while the latest news came from there", () => {
    let now = 1000;
    const book = new LiveBook(() => now);
    const merged: string[] = [];
    book.onMerge((id) => merged.push(id));
    const down = { state: 'DOWN', problem: 'timeout', message: 'no answer', since: 900, acked: false, maintenance: false, auth: false } as const;
    book.merge('d1', { changedAt: 1000, remote: down });
    expect(book.remoteSummary('d1')).toEqual(down);
    expect(merged).toEqual(['d1']);
    book.merge('d1', { changedAt: 1100, fields: { lastPollAt: 1100 } }); // absent: unchanged
    expect(book.remoteSummary('d1')).toEqual(down);
    now = 1200;
    book.get('d1'); // this client polled it (or heard a trap): its own alarm engine speaks for it
    expect(book.remoteSummary('d1')).toBeNull();
    book.merge('d1', { changedAt: 1300, remote: null });
    expect(book.remoteSummary('d1')).toBeNull();
    expect(book.remoteSummary('never-seen')).toBeNull();
  });
});

describe('LiveShare between two clients (FakeClock)', () => {
  const opened: Array<{ share: LiveShare; metrics: MetricsService }> = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.share.stop();
      o.metrics.close();
    }
  });

  function client(bus: LiveBus, clock: FakeClock, id: string, polls?: (deviceId: string) => boolean) {
    const book = new LiveBook(() => clock.now());
    liveKeysOf(book).use('k20261122-abc123', KEY, true);
    const metrics = new MetricsService(':memory:', clock);
    const errors: string[] = [];
    // the alarm engine's summary, as the test sets it
    const summaries = new Map<string, DeviceSummary>();
    const summaryListeners = new Set<(id: string) => void>();
    const setSummary = (deviceId: string, sum: DeviceSummary) => {
      summaries.set(deviceId, sum);
      for (const fn of summaryListeners) fn(deviceId);
    };
    const share = new LiveShare({
      book, metrics, clock, channel: bus.channel(id, polls), onError: (m) => errors.push(m),
      summary: (deviceId) => summaries.get(deviceId) ?? null,
      onSummaryChange: (fn) => {
        summaryListeners.add(fn);
        return () => summaryListeners.delete(fn);
      },
    });
    opened.push({ share, metrics });
    return { book, metrics, share, errors, setSummary };
  }

  /** what the SNMP job does on a successful poll (snmp-job.ts ingest) */
  function poll(c: ReturnType<typeof client>, at: number, ports: number, rate: number) {
    c.book.polled(DEV, at, true, null, 12);
    const lv = c.book.get(DEV);
    lv.sysName = 'sw-a';
    lv.sysDescr = 'Linux sw-a 6.1';
    lv.uptimeTicks = at / 10;
    for (let p = 1; p <= ports; p++) {
      lv.interfaces.set(p, { oper: 1, admin: 1, inBps: rate * p, outBps: rate, at });
      c.metrics.write(`if:${ifId(p)}`, 'if', at, rate * p, rate);
    }
  }

  it('batches a poll into messages after FLUSH_MS, merges it on the other side, writes the same graph points', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    const b = client(bus, clock, 'B');
    const t0 = clock.now();
    poll(a, t0, 96, 1000.5);
    expect(bus.payloads).toHaveLength(0);
    clock.advance(FLUSH_MS - 1);
    expect(bus.payloads).toHaveLength(0);
    clock.advance(1);
    await a.share.stop(); // waits for the messages handed to the channel
    expect(bus.payloads.length).toBeGreaterThan(1); // 96 ports and 96 samples do not fit one
    for (const p of bus.payloads) expect(Buffer.byteLength(p)).toBeLessThan(MAX_PAYLOAD_BYTES);
    const lv = b.book.peek(DEV)!;
    expect(lv).toMatchObject({ sysName: 'sw-a', sysDescr: 'Linux sw-a 6.1', lastPollAt: t0, lastOkAt: t0, uptimeTicks: t0 / 10 });
    expect(lv.interfaces.size).toBe(96);
    expect(lv.interfaces.get(96)).toEqual({ oper: 1, admin: 1, inBps: 96 * 1000.5, outBps: 1000.5, at: t0 });
    expect(b.metrics.graph(`if:${ifId(96)}`, 'day')).toEqual(a.metrics.graph(`if:${ifId(96)}`, 'day'));
    expect(b.metrics.graph(`if:${ifId(96)}`, 'day')!.a).toEqual([96 * 1000.5]);
    expect(b.share.stats()).toMatchObject({ merged: expect.any(Number), rejected: 0, ignoredOlder: 0 });
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it("a state change without a poll (a ping check, an acknowledgement) reaches the others' tiles", async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    const b = client(bus, clock, 'B');
    a.setSummary(DEV, { state: 'DOWN', problem: 'timeout', message: 'no answer to ping', since: clock.now(), acked: false, maintenance: false, auth: false });
    clock.advance(FLUSH_MS);
    await settle();
    expect(b.book.remoteSummary(DEV)).toMatchObject({ state: 'DOWN', problem: 'timeout', acked: false });
    clock.advance(5000);
    a.setSummary(DEV, { state: 'DOWN', problem: 'timeout', message: 'no answer to ping', since: clock.now() - 5000, acked: true, maintenance: true, auth: false });
    clock.advance(FLUSH_MS);
    await a.share.stop();
    expect(b.book.remoteSummary(DEV)).toMatchObject({ state: 'DOWN', acked: true, maintenance: true });
  });

  it('a host without pollers writes what it receives to its metrics file by itself (memory stays bounded)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    const b = client(bus, clock, 'B');
    poll(a, clock.now(), 48, 10);
    clock.advance(FLUSH_MS);
    await settle();
    expect(b.metrics.stats()).toMatchObject({ buffered: 48, written: 0 });
    clock.advance(2000);
    expect(b.metrics.stats()).toMatchObject({ buffered: 0, written: 48 });
  });

  it('sends only what changed, and everything again after FULL_EVERY_MS', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    client(bus, clock, 'B');
    poll(a, clock.now(), 2, 10);
    clock.advance(FLUSH_MS);
    await settle();
    const first = bus.payloads.length;
    clock.advance(60_000);
    poll(a, clock.now(), 2, 10);
    clock.advance(FLUSH_MS);
    await a.share.stop().then(() => undefined);
    const second = { data: dataOf(bus.payloads[first]!) };
    const f = second.data.d[0]!.f!;
    expect(Object.keys(f).sort()).toEqual(['lastOkAt', 'lastPollAt', 'uptimeTicks']); // sysName, sysDescr, pollMs unchanged
    expect(second.data.d[0]!.i).toHaveLength(2); // new poll time on every port

    const c = client(bus, clock, 'C', () => true);
    poll(c, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await settle();
    clock.advance(FULL_EVERY_MS);
    poll(c, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await c.share.stop();
    const last = { data: dataOf(bus.payloads.at(-1)!) };
    expect(last.data.d[0]!.f).toMatchObject({ sysName: 'sw-a', sysDescr: 'Linux sw-a 6.1', pollMs: 12 });
  });

  it('ignores devices the receiver polls itself and messages it cannot read (counted and reported)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    const b = client(bus, clock, 'B', (id) => id === DEV);
    poll(a, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await a.share.stop();
    expect(b.book.peek(DEV)).toBeUndefined();
    expect(b.share.stats().ignoredOwn).toBe(1);
    // and what a client saw of a device it does not poll (a person's "poll now", a trap) stays there
    const sent = bus.payloads.length;
    b.book.get('not-polled-by-b').sysName = 'seen by B';
    clock.advance(FLUSH_MS);
    await settle();
    expect(bus.payloads.length).toBe(sent);

    await bus.channel('X').publishLive(LIVE_KIND, team.seal(LIVE_KIND, JSON.stringify({ v: 1, d: [{ id: '', c: 'yesterday' }], s: [] })));
    expect(b.share.stats().rejected).toBe(1);
    expect(b.errors[0]).toMatch(/live poll message from another client was dropped: d\.0\./);
    await bus.channel('X').publishLive('alarm', { anything: true }); // another kind: not ours
    expect(b.share.stats().rejected).toBe(1);
  });

  it('offline: nothing is queued; the first message after reconnecting is complete', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus();
    const a = client(bus, clock, 'A', () => true);
    poll(a, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await settle();
    bus.online = false;
    clock.advance(10_000);
    poll(a, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await settle();
    const sent = bus.payloads.length;
    bus.online = true;
    clock.advance(10_000);
    poll(a, clock.now(), 1, 1);
    clock.advance(FLUSH_MS);
    await a.share.stop();
    expect(bus.payloads.length).toBe(sent + 1);
    const m = { data: dataOf(bus.payloads.at(-1)!) };
    expect(m.data.d[0]!.f).toMatchObject({ sysName: 'sw-a', sysDescr: 'Linux sw-a 6.1' });
    expect(clock.pending()).toBe(0); // no timer left behind
  });
});
