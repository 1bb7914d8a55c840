// Poller leadership against a real PostgreSQL: shards split between the pollers present,
// every shard held by exactly one, and a poller that leaves (its connection closed, or cut
// by the server) has its shards taken over within two poll intervals.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { Leadership, shardOf } from '../../../src-main/sync/leadership';
import { makeClient, startSharedPg, until, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const leaders: Leadership[] = [];
const open: Client[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const l of leaders.splice(0)) await l.stop();
  for (const c of open.splice(0)) await c.close();
});

// Long enough that a busy test machine's scheduling jitter does not decide the "two intervals" checks.
const INTERVAL = 1000;

function poller(key: number, login: 'alice' | 'tom' | 'vera' = 'tom', shards = 16): Leadership {
  const l = new Leadership({ url: shared.url(login), clock: systemClock, intervalMs: INTERVAL, shards, clientKey: key });
  leaders.push(l);
  return l;
}

function union(...ls: Leadership[]): number[] {
  return ls.flatMap((l) => l.ownedShards()).sort((a, b) => a - b);
}

describe('poller leadership by advisory locks', () => {
  it('hashes a device to the same shard everywhere', () => {
    expect(shardOf('0190f3a2-7c4e-7d10-9a3b-1c2d3e4f5a6b', 64)).toBe(shardOf('0190f3a2-7c4e-7d10-9a3b-1c2d3e4f5a6b', 64));
    const counts = new Array(16).fill(0) as number[];
    for (let i = 0; i < 1600; i++) counts[shardOf(`device-${i}`, 16)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(60); // spread, not lumped
  });

  it('two pollers split the shards; when one leaves, the other takes its shards within two intervals', async () => {
    const a = poller(1);
    const b = poller(2, 'vera');
    a.start();
    b.start();
    await until(() => union(a, b).length === 16 && a.ownedShards().length === 8 && b.ownedShards().length === 8, 5000, 'an even split');
    // never both: every shard exactly once
    expect(new Set(union(a, b)).size).toBe(16);
    const device = [...Array(200).keys()].map((i) => `dev-${i}`).find((id) => b.ownsDevice(id))!;
    expect(a.ownsDevice(device)).toBe(false);

    const left = Date.now();
    await b.stop(); // connection closed: its locks are released by the server at once
    expect(b.ownedShards()).toEqual([]);
    const took = await until(() => a.ownedShards().length === 16, 5 * INTERVAL, 'the takeover');
    expect(Date.now() - left).toBeLessThan(2 * INTERVAL);
    expect(took).toBeLessThan(2 * INTERVAL);
    expect(a.ownsDevice(device)).toBe(true);
  });

  it('a poller whose connection the server cuts loses its shards, and another takes them over', async () => {
    const a = poller(1);
    const b = poller(2, 'vera');
    a.start();
    b.start();
    await until(() => a.ownedShards().length === 8 && b.ownedShards().length === 8, 5000, 'an even split');
    await shared.pg.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'vera' AND application_name = 'aedify-noc leadership'`);
    const t0 = Date.now();
    await until(() => a.ownedShards().length === 16, 5 * INTERVAL, 'the takeover');
    expect(Date.now() - t0).toBeLessThan(2 * INTERVAL);
    await until(() => b.ownedShards().length === 0, 2000, 'B stops polling');
    // B comes back on its next round and gets its fair share again
    await until(() => a.ownedShards().length === 8 && b.ownedShards().length === 8, 5000, 'rebalanced');
  });

  it('three pollers, then a newcomer: shares stay fair and never overlap', async () => {
    const ls = [poller(1), poller(2, 'vera'), poller(3, 'alice')];
    for (const l of ls) l.start();
    await until(() => union(...ls).length === 16 && ls.every((l) => l.ownedShards().length >= 5 && l.ownedShards().length <= 6), 5000, 'three-way split');
    expect(new Set(union(...ls)).size).toBe(16);
    const d = poller(4);
    d.start();
    await until(() => [...ls, d].every((l) => l.ownedShards().length === 4), 5000, 'four-way split');
    expect(new Set(union(...ls, d)).size).toBe(16);
  });

  it('through the service: standalone polls everything; shared polls its shards only', async () => {
    const c = makeClient('poller');
    open.push(c);
    expect(c.core.services.sync.ownsDevice('any-device')).toBe(true); // standalone
    await c.core.services.sync.connect(shared.url('tom'));
    c.core.services.sync.startPolling(INTERVAL);
    const other = poller(99, 'vera', 64); // the service's default shard count
    other.start();
    await until(() => (c.core.services.sync.currentLeadership()?.ownedShards().length ?? 0) + other.ownedShards().length === 64, 5000, 'all shards held');
    const ids = [...Array(300).keys()].map((i) => `dev-${i}`);
    const mine = ids.filter((id) => c.core.services.sync.ownsDevice(id));
    const theirs = ids.filter((id) => other.ownsDevice(id));
    expect(mine.length + theirs.length).toBe(300);
    expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
  });
});
