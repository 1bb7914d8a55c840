// Console logs (issue 4 part 3): every console session writes what the host printed to a file
// in the data folder, console-logs/<deviceId>/<start>-<driver>-<id>.log (mode 0600: consoles
// show what servers print, which can be sensitive), with a header and a line for each watcher
// who joined, took control or left. Keystrokes are not written (a password typed at a prompt
// would end up in the file); what the host echoes is. A row in console_logs (local, like the
// file) lists the session for the device drawer. Old logs are pruned (by age, then oldest first
// while all of them take more than a size limit) when the app starts and after every session;
// a session still open is never touched.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ConsoleDriverKind } from '../../../shared/bmc';
import { CONSOLE_LOG_READ_MAX, type ConsoleLogParticipant, type ConsoleLogText, type ConsoleLogView } from '../../../shared/console';
import type { Clock } from '../../core/clock';
import { invalid } from '../../core/errors';
import { uuidv7 } from '../../store/ids';
import type { Store } from '../../store/repository';

type Raw = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();

export interface ConsoleLogRetention {
  /** ended logs older than this go (default 90 days) */
  maxAgeDays?: number;
  /** then the oldest ended logs go while all logs together take more (default 2 GiB) */
  maxTotalBytes?: number;
}

const DAY_MS = 86_400_000;

function viewOf(r: Raw): ConsoleLogView {
  const file = r.file as string;
  return {
    id: r.id as string, deviceId: r.device_id as string, driver: r.driver as ConsoleDriverKind, label: r.label as string,
    startedAt: r.started_at as number, endedAt: (r.ended_at as number | null) ?? null, openedBy: r.opened_by as string,
    participants: JSON.parse(r.participants as string) as ConsoleLogParticipant[], bytes: r.bytes as number,
    fileName: file.split('/').pop() ?? file,
  };
}

export class ConsoleLogs {
  private readonly maxAgeMs: number;
  private readonly maxTotalBytes: number;

  constructor(private readonly store: Store, readonly dir: string, private readonly clock: Clock, retention: ConsoleLogRetention = {}) {
    this.maxAgeMs = (retention.maxAgeDays ?? 90) * DAY_MS;
    this.maxTotalBytes = retention.maxTotalBytes ?? 2 * 1024 ** 3;
  }

  start(input: { deviceId: string; deviceName: string; driver: ConsoleDriverKind; label: string; openedBy: string }): ConsoleLog {
    const at = this.clock.now();
    const id = uuidv7(at);
    const rel = `${input.deviceId}/${iso(at).replace(/[:.]/g, '-')}-${input.driver}-${id.slice(-8)}.log`;
    const path = this.pathOf(rel);
    mkdirSync(join(this.dir, input.deviceId), { recursive: true, mode: 0o700 });
    const fd = openSync(path, 'wx', 0o600);
    this.store.prepare(`INSERT INTO console_logs (id, device_id, driver, label, file, started_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.deviceId, input.driver, input.label, rel, at, input.openedBy);
    const log = new ConsoleLog(this.store, this.clock, id, fd);
    log.raw(`# Aedify NOC console log\n# device: ${input.deviceName} (${input.deviceId})\n# console: ${input.label} (${input.driver})\n# started: ${iso(at)} by ${input.openedBy}\n# keystrokes are not recorded; what the host echoes is.\n\n`);
    return log;
  }

  list(deviceId: string, limit: number): ConsoleLogView[] {
    return (this.store.prepare(`SELECT * FROM console_logs WHERE device_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`).all(deviceId, limit) as Raw[]).map(viewOf);
  }

  get(id: string): ConsoleLogView | null {
    const r = this.store.prepare(`SELECT * FROM console_logs WHERE id = ?`).get(id) as Raw | undefined;
    return r ? viewOf(r) : null;
  }

  /** The file's text (its end, when longer than CONSOLE_LOG_READ_MAX). */
  read(id: string): ConsoleLogText {
    const r = this.store.prepare(`SELECT * FROM console_logs WHERE id = ?`).get(id) as Raw | undefined;
    if (!r) throw invalid(`No console log with id ${id}.`, 'id');
    const path = this.pathOf(r.file as string);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (_err) {
      throw invalid(`The file of this console log is gone from ${this.dir} (deleted, or the log was written on another machine).`, 'id');
    }
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, CONSOLE_LOG_READ_MAX);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      return { log: viewOf(r), text: buf.toString('utf8'), truncated: size > length };
    } finally {
      closeSync(fd);
    }
  }

  /** Sessions still open when the app last stopped (a crash): marked ended when their file was last written. */
  closeDangling(): void {
    const rows = this.store.prepare(`SELECT id, file, started_at FROM console_logs WHERE ended_at IS NULL`).all() as Array<{ id: string; file: string; started_at: number }>;
    for (const r of rows) {
      let end = r.started_at;
      try {
        end = Math.max(end, Math.floor(statSync(this.pathOf(r.file)).mtimeMs));
      } catch (_err) {
        // the file is gone: the start is all we know
      }
      this.store.prepare(`UPDATE console_logs SET ended_at = ? WHERE id = ?`).run(end, r.id);
    }
  }

  /** Removes ended logs past the age limit, then the oldest while the total is over the size limit. */
  prune(): { removed: number; bytes: number } {
    const rows = this.store.prepare(`SELECT id, file, ended_at FROM console_logs ORDER BY started_at ASC, id ASC`).all() as Array<{ id: string; file: string; ended_at: number | null }>;
    const sized = rows.map((r) => ({ ...r, size: this.sizeOf(r.file) }));
    let total = sized.reduce((n, r) => n + r.size, 0);
    const cutoff = this.clock.now() - this.maxAgeMs;
    let removed = 0;
    let bytes = 0;
    for (const r of sized) {
      if (r.ended_at === null) continue;
      if (r.ended_at >= cutoff && total <= this.maxTotalBytes) continue;
      this.remove(r.id, r.file);
      total -= r.size;
      bytes += r.size;
      removed++;
    }
    return { removed, bytes };
  }

  private sizeOf(rel: string): number {
    try {
      return statSync(this.pathOf(rel)).size;
    } catch (_err) {
      return 0; // gone, or a path outside the folder (removed as a row only)
    }
  }

  private remove(id: string, rel: string): void {
    try {
      const path = this.pathOf(rel);
      unlinkSync(path);
      rmdirSync(resolve(path, '..')); // the device's folder, once empty
    } catch (_err) {
      // already gone, not empty, or outside the folder: the row goes all the same
    }
    this.store.prepare(`DELETE FROM console_logs WHERE id = ?`).run(id);
  }

  private pathOf(rel: string): string {
    const root = resolve(this.dir);
    const p = resolve(root, rel);
    if (!p.startsWith(root + sep)) throw invalid('A console log path leaves the logs folder.', 'id');
    return p;
  }
}

export class ConsoleLog {
  private bytes = 0;
  private participants: ConsoleLogParticipant[] = [];
  private closed = false;

  constructor(private readonly store: Store, private readonly clock: Clock, readonly id: string, private readonly fd: number) {}

  /** Output of the host, as it came. */
  output(data: Uint8Array): void {
    if (this.closed) return;
    writeSync(this.fd, data);
    this.bytes += data.length;
  }

  /** A line about the session (who joined, who has control), set apart from the output. */
  note(text: string): void {
    this.raw(`\r\n[noc ${iso(this.clock.now())}] ${text}\r\n`);
  }

  raw(text: string): void {
    if (this.closed) return;
    const b = Buffer.from(text, 'utf8');
    writeSync(this.fd, b);
    this.bytes += b.length;
  }

  joined(name: string): void {
    const open = this.participants.find((p) => p.name === name && p.leftAt === null);
    if (!open) this.participants.push({ name, joinedAt: this.clock.now(), leftAt: null, controlled: false });
    this.save();
  }

  controlled(name: string): void {
    for (const p of this.participants) if (p.name === name && p.leftAt === null) p.controlled = true;
    this.save();
  }

  /** `stillThere`: the person has another terminal on this console open. */
  left(name: string, stillThere: boolean): void {
    if (!stillThere) for (const p of this.participants) if (p.name === name && p.leftAt === null) p.leftAt = this.clock.now();
    this.save();
  }

  end(why: string): void {
    if (this.closed) return;
    this.note(`console closed: ${why}`);
    this.closed = true;
    closeSync(this.fd);
    const at = this.clock.now();
    for (const p of this.participants) p.leftAt ??= at;
    this.store.prepare(`UPDATE console_logs SET ended_at = ?, participants = ?, bytes = ? WHERE id = ?`).run(at, JSON.stringify(this.participants), this.bytes, this.id);
  }

  private save(): void {
    this.store.prepare(`UPDATE console_logs SET participants = ?, bytes = ? WHERE id = ?`).run(JSON.stringify(this.participants), this.bytes, this.id);
  }
}
