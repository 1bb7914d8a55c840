// Tickets made on two desks while both were offline: each numbered its ticket by itself
// (T-1 on both) and created the built-in Support queue on first use. After they sync, the
// shared database has one Support queue (and one agent for a person who clocked in on both), the ticket pushed second has the next free number,
// and both desks show the same numbers for the same tickets. Real PostgreSQL 15.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, startSharedPg, until, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

function client(name: string): Client {
  const c = makeClient(name);
  open.push(c);
  return c;
}

const numbers = (c: Client) => Object.fromEntries(c.core.services.tickets.repo.tickets.select(`SELECT * FROM tickets WHERE deleted = 0`).map((t) => [t.subject, t.number]));

describe('ticket numbers on two desks', () => {
  it('two offline desks both make T-1: after sync the second one pushed is T-2 everywhere, in one Support queue', async () => {
    const a = client('a');
    const b = client('b');
    await a.core.services.sync.connect(shared.url('alice'));
    await b.core.services.sync.connect(shared.url('tom'));
    await a.core.services.sync.disconnect();
    await b.core.services.sync.disconnect();

    const ta = await a.caller().tickets.create({ queue: 'support', subject: 'from desk A', body: 'A' });
    const tb = await b.caller().tickets.create({ queue: 'support', subject: 'from desk B', body: 'B' });
    expect([ta.number, tb.number]).toEqual([1, 1]);
    // and the same person clocks in on both desks: one agent record between them
    await a.caller().tickets.setShift({ name: 'sam', onShift: true });
    await b.caller().tickets.setShift({ name: 'sam', onShift: true });

    await a.core.services.sync.connect(shared.url('alice'));
    await b.core.services.sync.connect(shared.url('tom'));
    const server = await shared.pg.sql(`SELECT subject, number::int AS number FROM tickets ORDER BY number`);
    expect(server).toEqual([{ subject: 'from desk A', number: 1 }, { subject: 'from desk B', number: 2 }]);
    expect(await shared.pg.sql(`SELECT id, key FROM ticket_queues WHERE deleted = 0`)).toEqual([{ id: 'builtin:support', key: 'support' }]);
    expect(await shared.pg.sql(`SELECT id, name, on_shift::int = 1 AS on_shift FROM ticket_agents WHERE deleted = 0`)).toEqual([{ id: 'agent:sam', name: 'sam', on_shift: true }]);

    const want = { 'from desk A': 1, 'from desk B': 2 };
    await until(() => JSON.stringify(numbers(b)) === JSON.stringify(want), 5000, 'both tickets with their numbers on B');
    await until(() => JSON.stringify(numbers(a)) === JSON.stringify(want), 5000, 'both tickets with their numbers on A');
    // B's ticket took its new number from the database; its next one follows on from there
    const next = await b.caller().tickets.create({ queue: 'support', subject: 'B again', body: 'B' });
    expect(next.number).toBe(3);
    await until(() => numbers(a)['B again'] === 3, 5000, 'B\'s next ticket on A');
  });

  it('a number still free is kept, and a lower one is never handed out again', async () => {
    const a = client('c');
    await a.core.services.sync.connect(shared.url('alice'));
    const t = await a.caller().tickets.create({ queue: 'support', subject: 'kept', body: 'x' });
    await until(() => a.core.services.store.outboxPending() === 0, 5000, 'the push');
    const row = await shared.pg.sql(`SELECT number::int AS number FROM tickets WHERE id = $1`, [t.id]);
    expect(row).toEqual([{ number: t.number }]);
    // a client that numbers below what the database handed out (e.g. a stale cache) gets the next one
    await shared.pg.sql(`CREATE TEMP TABLE copy AS SELECT * FROM tickets WHERE id = '${t.id}';
      UPDATE copy SET id = 'stale-1', number = 1, subject = 'stale';
      INSERT INTO tickets SELECT * FROM copy;`);
    const stale = await shared.pg.sql(`SELECT number FROM tickets WHERE id = 'stale-1'`);
    expect(Number(stale[0]!.number)).toBe(t.number + 1);
  });
});
