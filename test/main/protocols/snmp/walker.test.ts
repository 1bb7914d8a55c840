// The column walker against an in-memory agent (a sorted OID table with GetBulk
// semantics, RFC 3416 §4.2.3), including agents that misbehave.
import { describe, expect, it } from 'vitest';
import { compareOids } from '../../../../src-main/protocols/snmp/oids';
import type { BulkResult } from '../../../../src-main/protocols/snmp/session';
import type { Varbind } from '../../../../src-main/protocols/snmp/types';
import { ColumnWalker, type BulkRequester } from '../../../../src-main/protocols/snmp/walker';

type Quirk = 'none' | 'backwards' | 'empty' | 'truncate';

class TableAgent implements BulkRequester {
  readonly asked: string[][] = [];
  private readonly rows: Varbind[];
  constructor(
    entries: [string, number][],
    private readonly maxRep = 4,
    private readonly quirk: Quirk = 'none',
  ) {
    this.rows = entries.map(([oid, value]) => ({ oid, type: 'Integer' as const, value })).sort((a, b) => compareOids(a.oid, b.oid));
  }
  private after(oid: string, n: number): Varbind[] {
    const out: Varbind[] = [];
    let from = this.rows.findIndex((r) => compareOids(r.oid, oid) > 0);
    for (let i = 0; i < n; i++) {
      if (from < 0 || from >= this.rows.length) out.push({ oid, type: 'EndOfMibView', value: null });
      else out.push(this.rows[from++]!);
    }
    return out;
  }
  async getBulk(nonRepeaters: string[], repeaters: string[]): Promise<BulkResult> {
    this.asked.push(repeaters);
    if (this.quirk === 'empty') return { nonRepeaters: nonRepeaters.map(() => undefined), columns: repeaters.map(() => []) };
    const columns = repeaters.map((o) => this.after(o, this.maxRep));
    if (this.quirk === 'backwards') for (const c of columns) if (c.length > 1) c[1] = { ...c[0]!, oid: '1.3.6.1.2.1.2.2.1.2.1' };
    // an agent that trims its answer to fit a message size: the last column gets nothing
    if (this.quirk === 'truncate' && columns.length > 1) columns[columns.length - 1] = [];
    return { nonRepeaters: nonRepeaters.map((o) => this.after(o, 1)[0]), columns };
  }
}

const table = (col: number, n: number, base = '1.3.6.1.2.1.2.2.1'): [string, number][] =>
  Array.from({ length: n }, (_, i) => [`${base}.${col}.${i + 1}`, col * 100 + i + 1]);
const LIMITS = { maxRowsPerColumn: 1000, maxRequests: 100 };

describe('ColumnWalker', () => {
  it('walks several columns in one request stream, each stopping at its own end', async () => {
    const agent = new TableAgent([...table(2, 10), ...table(8, 10), ...table(10, 3, '1.3.6.1.2.1.31.1.1.1')], 4);
    const w = new ColumnWalker(agent, LIMITS);
    w.add('1.3.6.1.2.1.2.2.1.2');
    w.add('1.3.6.1.2.1.2.2.1.8');
    w.add('1.3.6.1.2.1.31.1.1.1.10');
    await w.run();
    expect(w.rows('1.3.6.1.2.1.2.2.1.2').map((v) => v.value)).toEqual(table(2, 10).map(([, v]) => v));
    expect(w.rows('1.3.6.1.2.1.2.2.1.8')).toHaveLength(10);
    expect(w.rows('1.3.6.1.2.1.31.1.1.1.10')).toHaveLength(3);
    // 10 rows at 4 per request: 3 requests; the short column drops out after the first
    expect(agent.asked.map((r) => r.length)).toEqual([3, 2, 2]);
    expect(w.warnings).toEqual([]);
  });

  it('an empty or absent column ends at once', async () => {
    const agent = new TableAgent(table(2, 2), 4);
    const w = new ColumnWalker(agent, LIMITS);
    w.add('1.3.6.1.2.1.25.2.3.1.2');
    await w.run();
    expect(w.rows('1.3.6.1.2.1.25.2.3.1.2')).toEqual([]);
    expect(agent.asked).toHaveLength(1);
  });

  it('stops a column whose agent goes backwards (the classic endless-walk bug) and says so', async () => {
    const agent = new TableAgent(table(2, 10), 4, 'backwards');
    const w = new ColumnWalker(agent, LIMITS);
    w.add('1.3.6.1.2.1.2.2.1.2');
    await w.run();
    expect(w.rows('1.3.6.1.2.1.2.2.1.2')).toHaveLength(1);
    expect(w.warnings[0]).toMatch(/not increasing/);
  });

  it('gives up after rounds without progress', async () => {
    const agent = new TableAgent(table(2, 10), 4, 'empty');
    const w = new ColumnWalker(agent, LIMITS);
    w.add('1.3.6.1.2.1.2.2.1.2');
    await w.run();
    expect(agent.asked).toHaveLength(3);
    expect(w.warnings[0]).toMatch(/nothing usable/);
  });

  it('re-asks a column the agent left out of a trimmed answer', async () => {
    const agent = new TableAgent([...table(2, 3), ...table(3, 3)], 10, 'truncate');
    const w = new ColumnWalker(agent, LIMITS);
    w.add('1.3.6.1.2.1.2.2.1.2');
    w.add('1.3.6.1.2.1.2.2.1.3');
    await w.run();
    // column 3 is last and always trimmed until column 2 is done, then alone
    expect(w.rows('1.3.6.1.2.1.2.2.1.3')).toHaveLength(3);
    expect(w.rows('1.3.6.1.2.1.2.2.1.2')).toHaveLength(3);
  });

  it('is bounded by rows per column and by requests', async () => {
    const big = new TableAgent(table(2, 500), 10);
    const w = new ColumnWalker(big, { maxRowsPerColumn: 25, maxRequests: 100 });
    w.add('1.3.6.1.2.1.2.2.1.2');
    await w.run();
    expect(w.rows('1.3.6.1.2.1.2.2.1.2')).toHaveLength(25);
    expect(w.warnings[0]).toMatch(/25 rows/);

    const w2 = new ColumnWalker(new TableAgent(table(2, 500), 10), { maxRowsPerColumn: 1000, maxRequests: 7 });
    w2.add('1.3.6.1.2.1.2.2.1.2');
    await w2.run();
    expect(w2.requests).toBe(7);
    expect(w2.rows('1.3.6.1.2.1.2.2.1.2')).toHaveLength(70);
    expect(w2.warnings[0]).toMatch(/stopped after 7 requests/);
  });
});
