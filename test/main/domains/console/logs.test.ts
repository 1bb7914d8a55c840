// Console log files and rows without a BMC: what a crash leaves, long files, a row whose file
// is gone or points outside the logs folder, pruning by age and total size.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleLogs } from '../../../../src-main/domains/console/log';
import { ConsoleService } from '../../../../src-main/domains/console/service';
import { CONSOLE_LOG_READ_MAX } from '../../../../shared/console';
import { makeCore, type TestCore } from '../../helpers';

describe('console logs', () => {
  let t: TestCore;
  let logs: ConsoleLogs;
  beforeEach(() => {
    t = makeCore();
    logs = new ConsoleLogs(t.core.services.store, join(t.dir, 'console-logs'), t.clock);
  });
  afterEach(() => t.close());

  it('a session left open by a crash is closed at its file\'s last write when the app starts again', () => {
    const log = logs.start({ deviceId: 'dev-1', deviceName: 'srv-1', driver: 'sol', label: 'SOL 10.0.0.5:623', openedBy: 'tina' });
    log.joined('tina');
    log.output(Buffer.from('Linux 6.1 login: '));
    const file = join(t.dir, 'console-logs', 'dev-1', logs.get(log.id)!.fileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dir, 'console-logs', 'dev-1')).mode & 0o777).toBe(0o700);
    expect(logs.get(log.id)!.endedAt).toBeNull();
    t.clock.advance(3_600_000);
    new ConsoleLogs(t.core.services.store, join(t.dir, 'console-logs'), t.clock).closeDangling();
    const ended = logs.get(log.id)!.endedAt!;
    expect(ended).toBe(Math.floor(statSync(file).mtimeMs));
    expect(logs.read(log.id).text).toContain('Linux 6.1 login: ');
  });

  it('returns the end of a long file, and says when a file is gone or out of bounds', () => {
    const log = logs.start({ deviceId: 'dev-2', deviceName: 'srv-2', driver: 'ssh', label: 'ssh root@h', openedBy: 'bob' });
    log.output(Buffer.alloc(CONSOLE_LOG_READ_MAX + 10, 0x61));
    log.output(Buffer.from('THE-END'));
    log.end('test');
    const r = logs.read(log.id);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(CONSOLE_LOG_READ_MAX);
    expect(r.text).toMatch(/THE-END\r\n\[noc .*\] console closed: test\r\n$/);
    const file = join(t.dir, 'console-logs', 'dev-2', r.log.fileName);
    writeFileSync(file, ''); // still there, empty
    expect(logs.read(log.id).text).toBe('');
    t.core.services.store.db.prepare(`UPDATE console_logs SET file = ? WHERE id = ?`).run('../../../etc/passwd', log.id);
    expect(() => logs.read(log.id)).toThrow(/leaves the logs folder/);
    t.core.services.store.db.prepare(`UPDATE console_logs SET file = ? WHERE id = ?`).run('dev-2/missing.log', log.id);
    expect(() => logs.read(log.id)).toThrow(/file of this console log is gone/);
    expect(() => logs.read('nope')).toThrow(/No console log/);
  });

  it('prunes ended logs by age, then the oldest while all take more than the limit; never an open one', () => {
    const dir = join(t.dir, 'console-logs');
    const pruning = new ConsoleLogs(t.core.services.store, dir, t.clock, { maxAgeDays: 30, maxTotalBytes: 5_500 });
    const file = (id: string) => join(dir, pruning.get(id)!.deviceId, pruning.get(id)!.fileName);
    const session = (deviceId: string, bytes: number, end = true) => {
      const log = pruning.start({ deviceId, deviceName: deviceId, driver: 'sol', label: 'SOL', openedBy: 'tina' });
      log.output(Buffer.alloc(bytes, 0x62));
      if (end) log.end('test');
      t.clock.advance(60_000);
      return log.id;
    };
    const oldOpen = session('dev-a', 100, false); // still open (a live console): never pruned
    const old = session('dev-b', 100);
    t.clock.advance(31 * 86_400_000);
    const big1 = session('dev-a', 2_000);
    const big2 = session('dev-a', 2_000);
    const recent = session('dev-c', 2_000);
    const paths = Object.fromEntries([oldOpen, old, big1, big2, recent].map((id) => [id, file(id)]));

    // old is past 30 days; then 3 x ~2.3 kB + the open one > 5,500 bytes: big1 (the oldest) goes too
    const r = pruning.prune();
    expect(r.removed).toBe(2);
    expect(pruning.get(old)).toBeNull();
    expect(existsSync(paths[old]!)).toBe(false);
    expect(existsSync(join(dir, 'dev-b'))).toBe(false); // its device folder was left empty
    expect(pruning.get(big1)).toBeNull();
    expect(existsSync(paths[big1]!)).toBe(false);
    for (const id of [oldOpen, big2, recent]) {
      expect(pruning.get(id)).not.toBeNull();
      expect(existsSync(paths[id]!)).toBe(true);
    }
    expect(pruning.prune().removed).toBe(0); // within both limits now
    expect(pruning.list('dev-a', 10).map((l) => l.id)).toEqual([big2, oldOpen]);
  });

  it('the console service prunes when the app starts', () => {
    const dir = join(t.dir, 'console-logs');
    const log = logs.start({ deviceId: 'dev-9', deviceName: 'srv-9', driver: 'ssh', label: 'ssh', openedBy: 'bob' });
    log.end('test');
    t.clock.advance(91 * 86_400_000);
    const kept = logs.start({ deviceId: 'dev-9', deviceName: 'srv-9', driver: 'ssh', label: 'ssh', openedBy: 'bob' });
    kept.end('test');
    new ConsoleService({ store: t.core.services.store, clock: t.clock, bmc: t.core.services.bmc, logs: new ConsoleLogs(t.core.services.store, dir, t.clock) });
    expect(logs.get(log.id)).toBeNull(); // default: 90 days
    expect(logs.get(kept.id)).not.toBeNull();
  });
});
