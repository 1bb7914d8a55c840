// A build of a native module that silently failed must fail here, not at a user's desk.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import * as pty from 'node-pty';

describe('native modules', () => {
  it('better-sqlite3 loads and runs SQL with FTS5 trigram', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram'); INSERT INTO t VALUES ('rack IAD1-A01')`);
    expect(db.prepare(`SELECT x FROM t WHERE t MATCH '"A01"'`).get()).toEqual({ x: 'rack IAD1-A01' });
    db.close();
  });

  it('node-pty runs a program in a pseudo-terminal', async () => {
    const term = pty.spawn('/bin/sh', ['-c', 'printf "pty:%s" "$(tty >/dev/null && echo yes)"'], { cols: 80, rows: 24, env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    term.onData((d) => (out += d));
    const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code).toBe(0);
    expect(out).toContain('pty:yes');
  });
});
