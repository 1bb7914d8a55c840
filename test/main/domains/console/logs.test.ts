// Console log files and rows without a BMC: what a crash leaves, long files, a row whose file
// is gone or points outside the logs folder.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleLogs } from '../../../../src-main/domains/console/log';
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
});
