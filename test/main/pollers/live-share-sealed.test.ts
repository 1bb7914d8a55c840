// Live poll results sealed with the live key (issue 6; sync/live-key.ts): any login may LISTEN
// on noc_live and NOTIFY on it, so what travels is AES-256-GCM ciphertext. Without a database:
// the round trip between two clients, a wrong key, a tampered or unsealed message, a client
// without the key (sends nothing, ignores what it receives — counted, reported once, no
// crash), and the 7,000-byte NOTIFY bound for a 96-port switch after sealing.
// live-share-key.pg.test.ts runs it against PostgreSQL with staff and customer logins.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { MetricsService } from '../../../src-main/metrics/service';
import { LiveBook, type DeviceSummary } from '../../../src-main/pollers/live';
import {
  FLUSH_MS, LIVE_KIND, LiveShare, MAX_DATA_BYTES, MAX_PAYLOAD_BYTES,
} from '../../../src-main/pollers/live-share';
import { LiveBus } from './live-bus';
import { liveKeysOf, LiveKeys, MAX_KEY_ID } from '../../../src-main/sync/live-key';

const DEV = '0190f3a2-7c4e-7d10-9a3b-1c2d3e4f5a6b';
const KEY_ID = 'k20261122-abc123';
const KEY = randomBytes(32);
const keysOf = (id: string, key: Buffer) => {
  const k = new LiveKeys();
  k.use(id, key, true);
  return k;
};
const team = keysOf(KEY_ID, KEY);
const settle = () => new Promise((r) => setImmediate(r));

describe('sealing and opening', () => {
  it('round trip: opens with the same key and kind; the ciphertext shows nothing of the text', () => {
    const text = JSON.stringify({ v: 1, d: [{ id: DEV, c: 1, f: { sysName: 'core-sw-01' } }], s: [] });
    const sealed = team.seal(LIVE_KIND, text)!;
    expect(sealed).toMatch(new RegExp(`^l1\\.${KEY_ID}\\.[A-Za-z0-9+/]+=*$`));
    expect(sealed).not.toContain('core-sw-01');
    expect(team.seal(LIVE_KIND, text)).not.toBe(sealed); // a fresh nonce each time
    expect(keysOf(KEY_ID, Buffer.from(KEY)).open(LIVE_KIND, sealed)).toEqual({ ok: true, text });
  });

  it('a wrong key, a tampered message, another kind, an unsealed one: not opened', () => {
    const sealed = team.seal(LIVE_KIND, '{"v":1,"d":[],"s":[]}')!;
    expect(keysOf(KEY_ID, randomBytes(32)).open(LIVE_KIND, sealed)).toEqual({ ok: false, reason: 'forged' });
    expect(keysOf('k-other', KEY).open(LIVE_KIND, sealed)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(new LiveKeys().open(LIVE_KIND, sealed)).toEqual({ ok: false, reason: 'no-key' });
    const raw = Buffer.from(sealed.slice(`l1.${KEY_ID}.`.length), 'base64');
    for (const at of [0, 12, 28, raw.length - 1]) { // nonce, tag, first and last byte of the text
      const bad = Buffer.from(raw);
      bad[at]! ^= 1;
      expect(team.open(LIVE_KIND, `l1.${KEY_ID}.${bad.toString('base64')}`)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(team.open('alarm', sealed)).toEqual({ ok: false, reason: 'forged' });
    expect(team.open(LIVE_KIND, { v: 1, d: [], s: [] })).toEqual({ ok: false, reason: 'forged' });
    expect(team.open(LIVE_KIND, `l1.${KEY_ID}.`)).toEqual({ ok: false, reason: 'forged' });
    expect(new LiveKeys().seal(LIVE_KIND, 'x')).toBeNull();
  });

  it('a full message, sealed with the longest key id, stays under the NOTIFY bound', () => {
    const longest = keysOf('k'.repeat(MAX_KEY_ID), KEY);
    const payload = JSON.stringify({ kind: LIVE_KIND, from: 'a1b2c3d4e5f6a1b2-g1234567', data: longest.seal(LIVE_KIND, 'x'.repeat(MAX_DATA_BYTES)) });
    expect(Buffer.byteLength(payload)).toBeLessThan(MAX_PAYLOAD_BYTES);
    expect(Buffer.byteLength(payload)).toBeGreaterThan(MAX_PAYLOAD_BYTES - 400); // the budget is not wasted either
  });
});

describe('LiveShare with and without the live key (FakeClock)', () => {
  const opened: Array<{ share: LiveShare; metrics: MetricsService }> = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.share.stop();
      o.metrics.close();
    }
  });

  function client(bus: LiveBus, clock: FakeClock, id: string, key: { id: string; key: Buffer } | null, polls?: (deviceId: string) => boolean, down?: string) {
    const book = new LiveBook(() => clock.now());
    if (key) liveKeysOf(book).use(key.id, key.key, true);
    const metrics = new MetricsService(':memory:', clock);
    const errors: string[] = [];
    // the alarm engine's summary: the device is down with this message, when given
    const summary = (): DeviceSummary | null => (down === undefined ? null : { state: 'DOWN', problem: 'timeout', message: down, since: clock.now(), acked: false, maintenance: false, auth: false });
    const share = new LiveShare({ book, metrics, clock, channel: bus.channel(id, polls), onError: (m) => errors.push(m), summary: down === undefined ? undefined : summary });
    opened.push({ share, metrics });
    return { book, metrics, share, errors };
  }

  function poll(c: ReturnType<typeof client>, at: number, text?: string) {
    c.book.polled(DEV, at, text === undefined, text ?? null, 12);
    const lv = c.book.get(DEV);
    lv.sysName = text ?? 'core-sw-01';
    lv.sysDescr = text ?? 'Cisco IOS Software, C3750E';
    for (let p = 1; p <= 96; p++) {
      lv.interfaces.set(p, { oper: 1, admin: 1, inBps: 1000.5 * p, outBps: 77.25 * p, at });
      c.metrics.write(`if:0190f3a2-7c4e-7d10-9a3b-${String(p).padStart(12, '0')}`, 'if', at, 1000.5 * p, 77.25 * p);
    }
  }

  it('a staff client seals every message; another key holder merges it; every payload under the bound', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus((id) => `${id}-a1b2c3d4e5f6-g12`);
    const a = client(bus, clock, 'A', { id: KEY_ID, key: KEY }, () => true);
    const b = client(bus, clock, 'B', { id: KEY_ID, key: KEY });
    poll(a, clock.now());
    clock.advance(FLUSH_MS);
    await a.share.stop();
    expect(bus.payloads.length).toBeGreaterThan(1);
    for (const p of bus.payloads) {
      expect(Buffer.byteLength(p)).toBeLessThan(MAX_PAYLOAD_BYTES);
      expect(p).not.toMatch(/core-sw-01|Cisco|1000\.5|77\.25/);
      expect((JSON.parse(p) as { data: unknown }).data).toMatch(/^l1\./);
    }
    expect(b.book.peek(DEV)).toMatchObject({ sysName: 'core-sw-01', sysDescr: 'Cisco IOS Software, C3750E' });
    expect(b.book.peek(DEV)!.interfaces.get(96)).toMatchObject({ oper: 1, inBps: 96 * 1000.5 });
    expect(b.share.stats()).toMatchObject({ unopened: 0, forged: 0, rejected: 0 });
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('a 96-port switch with worst-case texts (control characters, escaped to 6 bytes each): every sealed NOTIFY under 7,000 bytes, all of it arrives', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus((id) => `${id}-a1b2c3d4e5f6-g12`);
    const nasty = '\u0001'.repeat(1000);
    const a = client(bus, clock, 'A', { id: 'k'.repeat(MAX_KEY_ID), key: KEY }, () => true, nasty);
    const b = client(bus, clock, 'B', { id: 'k'.repeat(MAX_KEY_ID), key: KEY });
    poll(a, clock.now(), nasty);
    clock.advance(FLUSH_MS);
    await a.share.stop();
    expect(bus.payloads.length).toBeGreaterThan(2);
    for (const p of bus.payloads) expect(Buffer.byteLength(p)).toBeLessThan(MAX_PAYLOAD_BYTES);
    const lv = b.book.peek(DEV)!;
    expect(lv.interfaces.size).toBe(96);
    expect(lv.sysName!.length).toBeGreaterThan(100); // cut, not dropped
    expect(nasty.startsWith(lv.sysDescr!)).toBe(true);
    expect(b.book.remoteSummary(DEV)).toMatchObject({ state: 'DOWN', problem: 'timeout' });
    expect(b.metrics.stats().buffered).toBe(96);
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('a client without the key sends nothing and ignores what it receives: counted, reported once, no crash', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus((id) => `${id}-a1b2c3d4e5f6-g12`);
    const a = client(bus, clock, 'A', { id: KEY_ID, key: KEY }, () => true);
    const cust = client(bus, clock, 'CUST', null, () => true);
    for (let round = 0; round < 3; round++) {
      poll(a, clock.now());
      poll(cust, clock.now());
      clock.advance(FLUSH_MS);
      await settle();
      clock.advance(10_000);
    }
    expect(bus.payloads.every((p) => (JSON.parse(p) as { from: string }).from.startsWith('A-'))).toBe(true);
    expect(cust.share.stats()).toMatchObject({ published: 0, withheld: 3, received: 0, merged: 0 });
    expect(cust.share.stats().unopened).toBe(bus.payloads.length);
    expect(cust.book.peek(DEV)!.sysName).toBe('core-sw-01'); // its own, never another client's
    expect(cust.errors).toEqual([
      'live poll results are not shared: this client has no live key (a staff login fetches it when it connects)',
      'live poll results of other clients are not shown: this client has no live key (only staff logins may read it)',
    ]);
    expect(a.share.stats()).toMatchObject({ received: 0, forged: 0 });

    // the key arrives (the sync connects as a staff login): it shares and reads from then on
    liveKeysOf(cust.book).use(KEY_ID, KEY, true);
    const b = client(bus, clock, 'B', { id: KEY_ID, key: KEY });
    clock.advance(10_000);
    poll(cust, clock.now());
    clock.advance(FLUSH_MS);
    await cust.share.stop();
    expect(cust.share.stats().published).toBeGreaterThan(0);
    expect(b.book.peek(DEV)).toMatchObject({ sysName: 'core-sw-01', lastPollAt: clock.now() - FLUSH_MS });
  });

  it('a wrong key, tampered or unsealed messages (a NOTIFY anyone may send) are dropped and counted, reported once', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 3, 0, 0));
    const bus = new LiveBus((id) => `${id}-a1b2c3d4e5f6-g12`);
    const b = client(bus, clock, 'B', { id: KEY_ID, key: KEY });
    const forgedData = JSON.stringify({ v: 1, d: [{ id: DEV, c: clock.now(), f: { sysName: 'spoofed' } }], s: [] });
    const x = bus.channel('X');
    await x.publishLive(LIVE_KIND, JSON.parse(forgedData)); // plaintext, as a customer's login could send it
    await x.publishLive(LIVE_KIND, keysOf(KEY_ID, randomBytes(32)).seal(LIVE_KIND, forgedData)); // same id, other key
    const good = team.seal(LIVE_KIND, forgedData)!;
    await x.publishLive(LIVE_KIND, `${good.slice(0, -6)}${good.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`); // altered
    await x.publishLive(LIVE_KIND, keysOf('k-rotated', randomBytes(32)).seal(LIVE_KIND, forgedData)); // a key not fetched
    expect(b.book.peek(DEV)).toBeUndefined();
    expect(b.share.stats()).toMatchObject({ forged: 3, unopened: 1, received: 0, merged: 0 });
    expect(b.errors).toHaveLength(2);
    expect(b.errors[0]).toMatch(/not sealed with the live key, or it was altered/);
    expect(b.errors[1]).toMatch(/a live key this client has not fetched/);
    // the genuine one still opens
    await x.publishLive(LIVE_KIND, good);
    expect(b.book.peek(DEV)!.sysName).toBe('spoofed');
    expect(b.share.stats()).toMatchObject({ received: 1, merged: 1 });
  });
});
