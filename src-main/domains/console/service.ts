// The console service (issue 4 part 3): one console session per server, opened by the first
// technician who attaches and shared by everyone who watches; output fanned out to every
// watcher, keystrokes accepted only from the one watcher in control. Taking control is an
// explicit act that every watcher is told about. When the BMC says SOL is held by another
// session, the attach ends with 'sol-active' and the user may attach again with takeOver.
// A session nobody watches is closed after idleCloseMs (a page reload does not drop it).
import type { z } from 'zod';
import { assertNever } from '../../../shared/assert';
import type { ConsoleEvent, ConsoleLogText, ConsoleLogView, ConsoleStatus } from '../../../shared/console';
import type { consoleAttachInput, consoleWatcherInput } from '../../../shared/schemas/console';
import type { Actor } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { DomainError, forbidden, precondition } from '../../core/errors';
import type { Store } from '../../store/repository';
import { ipmiProblem } from '../bmc/errors';
import type { BmcService } from '../bmc/service';
import { SolActiveError, type ConsoleDriver } from './driver';
import type { ConsoleLogs } from './log';
import { openIpmitoolDriver, openSshDriver } from './pty-driver';
import { ConsoleSession, type Watcher } from './session';
import { openSolDriver } from './sol-driver';

/** Roles that may open a console, take control and type (the others may watch). */
const CONTROL_ROLES = new Set(['admin', 'technician', 'provisioning']);

export interface ConsoleOptions {
  /** close a session this long after its last watcher left (default 30 s) */
  idleCloseMs?: number;
  /** program paths and extra ssh options (tests point ssh at their own sshd) */
  ipmitool?: string;
  ssh?: string;
  sshExtraArgs?: string[];
  ptyReadyTimeoutMs?: number;
}

type Attach = z.output<typeof consoleAttachInput>;
type WatcherRef = z.output<typeof consoleWatcherInput>;

export class ConsoleService {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly idleCloseMs: number;

  constructor(private readonly d: { store: Store; clock: Clock; bmc: BmcService; logs: ConsoleLogs }, private readonly opts: ConsoleOptions = {}) {
    this.idleCloseMs = opts.idleCloseMs ?? 30_000;
    d.logs.closeDangling();
    d.logs.prune();
  }

  status(deviceId: string): ConsoleStatus | null {
    return this.sessions.get(deviceId)?.status() ?? null;
  }

  active(): ConsoleStatus[] {
    return [...this.sessions.values()].map((s) => s.status());
  }

  logs(deviceId: string, limit: number): ConsoleLogView[] {
    return this.d.logs.list(deviceId, limit);
  }

  readLog(id: string): ConsoleLogText {
    return this.d.logs.read(id);
  }

  /**
   * A watcher joins the server's console (opening it when nobody has). Returns the detach.
   * Events go to `push` synchronously, starting with the status.
   */
  attach(actor: Actor, input: Attach, push: (e: ConsoleEvent) => void): () => void {
    const { deviceId, watcherId } = input;
    const canControl = CONTROL_ROLES.has(actor.role);
    let s = this.sessions.get(deviceId);
    if (s?.watchers.has(watcherId)) {
      push({ type: 'ended', code: 'forbidden', message: 'This terminal is attached already (watcher ids are per terminal).' });
      return () => undefined;
    }
    if (!s) {
      const problem = input.watchOnly ? 'Nobody has this console open.' : !canControl ? `Your role (${actor.role}) may watch a console that a technician opened, not open one.` : this.whyNot(deviceId);
      if (problem) {
        push({ type: 'ended', code: input.watchOnly || !canControl ? 'forbidden' : 'failed', message: problem });
        return () => undefined;
      }
      s = new ConsoleSession(deviceId, this.d.bmc.name(deviceId), this.d.clock);
      this.sessions.set(deviceId, s);
      void this.open(s, actor, input.takeOver);
    }
    const session = s;
    if (session.idleTimer !== null) {
      this.d.clock.clearTimeout(session.idleTimer);
      session.idleTimer = null;
    }
    const w: Watcher = { watcherId, actor, since: this.d.clock.now(), push };
    // the one who opens the console holds control; later watchers take it explicitly
    const first = session.watchers.size === 0 && session.controller === null && canControl && session.state === 'connecting' && !session.log;
    session.add(w);
    if (first) session.setController(watcherId);
    session.broadcastStatus();
    const past = session.scrollbackData();
    if (past) push({ type: 'data', data: past });
    if (session.state === 'open') session.notice(`${actor.name} joined (watching)`);
    return () => this.detach(session, watcherId);
  }

  write(actor: Actor, input: WatcherRef & { data: string }): void {
    const s = this.controlled(actor, input);
    s.driver!.write(Buffer.from(input.data, 'utf8'));
  }

  sendBreak(actor: Actor, input: WatcherRef): void {
    const s = this.controlled(actor, input);
    s.driver!.sendBreak();
    s.notice(`${actor.name} sent a BREAK`);
  }

  resize(actor: Actor, input: WatcherRef & { cols: number; rows: number }): void {
    const s = this.controlled(actor, input);
    s.driver!.resize?.(input.cols, input.rows);
  }

  takeControl(actor: Actor, input: WatcherRef): ConsoleStatus {
    const s = this.watched(actor, input);
    if (!CONTROL_ROLES.has(actor.role)) throw forbidden(`Your role (${actor.role}) may watch consoles but not type into them.`);
    if (s.controller === input.watcherId) return s.status();
    const from = s.controller ? s.watchers.get(s.controller) : undefined;
    s.setController(input.watcherId);
    this.d.store.audit({ actor }, 'console-take-control', 'console_logs', s.log?.id ?? s.deviceId, from ? { controller: from.actor.name } : null, { controller: actor.name });
    s.notice(from ? `${actor.name} took control from ${from.actor.name}` : `${actor.name} took control`);
    s.broadcastStatus();
    return s.status();
  }

  releaseControl(actor: Actor, input: WatcherRef): ConsoleStatus {
    const s = this.watched(actor, input);
    if (s.controller === input.watcherId) {
      s.setController(null);
      s.notice(`${actor.name} gave up control`);
      s.broadcastStatus();
    }
    return s.status();
  }

  /** Ends the console for everyone: the one in control, or an admin. */
  async disconnect(actor: Actor, input: WatcherRef): Promise<void> {
    const s = this.watched(actor, input);
    if (s.controller !== input.watcherId && actor.role !== 'admin') throw forbidden('Only the person in control (or an admin) can disconnect the console for everyone; close your terminal to stop watching.');
    this.d.store.audit({ actor }, 'console-disconnect', 'console_logs', s.log?.id ?? s.deviceId, null, { deviceId: s.deviceId });
    await this.end(s, `disconnected by ${actor.name}`, 'closed');
  }

  /** Closes every console (the app is stopping). */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()].map((s) => this.end(s, 'the application stopped', 'closed')));
  }

  // ---- internals ---------------------------------------------------------------------

  private whyNot(deviceId: string): string | null {
    const config = this.d.bmc.repo.configFor(deviceId);
    if (!config) return 'This server has no BMC configured: add it in the Hardware tab first.';
    if (config.consoleDriver === 'ssh' && !config.sshTarget) return 'The ssh console needs a target (user@host) in the BMC settings.';
    return null;
  }

  private async open(s: ConsoleSession, actor: Actor, takeOver: boolean): Promise<void> {
    let driver: ConsoleDriver;
    try {
      driver = await this.openDriver(s.deviceId, takeOver);
    } catch (err) {
      const code = err instanceof SolActiveError ? 'sol-active' : 'failed';
      const config = this.d.bmc.repo.configFor(s.deviceId);
      const message = err instanceof SolActiveError || err instanceof DomainError ? err.message : ipmiProblem(err, s.deviceName, config ? `${config.address}:${config.port}` : '?');
      s.state = 'closed';
      if (this.sessions.get(s.deviceId) === s) this.sessions.delete(s.deviceId);
      s.broadcast({ type: 'ended', code, message });
      return;
    }
    if (this.sessions.get(s.deviceId) !== s || s.state === 'closed') {
      await driver.close().catch(() => undefined);
      return;
    }
    s.driver = driver;
    s.label = driver.label;
    s.log = this.d.logs.start({ deviceId: s.deviceId, deviceName: s.deviceName, driver: driver.kind, label: driver.label, openedBy: actor.name });
    this.d.store.audit({ actor }, 'console-open', 'console_logs', s.log.id, null, { deviceId: s.deviceId, driver: driver.kind, label: driver.label, takeOver });
    for (const w of s.watchers.values()) s.log.joined(w.actor.name);
    const c = s.controller ? s.watchers.get(s.controller) : undefined;
    if (c) s.log.controlled(c.actor.name);
    s.state = 'open';
    s.log.note(`opened by ${actor.name}${takeOver ? ' (taking over the session that held SOL)' : ''}${c ? `; ${c.actor.name} has control` : ''}`);
    driver.onData((data) => s.output(data));
    driver.onEnd((reason) => {
      if (reason !== null) void this.end(s, reason, 'closed');
    });
    s.broadcastStatus();
    if (s.watchers.size === 0) this.idleSoon(s);
  }

  private openDriver(deviceId: string, takeOver: boolean): Promise<ConsoleDriver> {
    const c = this.d.bmc.requireConfig(deviceId);
    const where = this.d.bmc.bmcLabel(c);
    switch (c.consoleDriver) {
      case 'sol':
        return openSolDriver(this.d.bmc.client(deviceId), { takeOver, label: `SOL ${where}` });
      case 'ipmitool': {
        const t = this.d.bmc.target(deviceId);
        const cached = this.d.bmc.manager.cachedSuite(c.address, c.port);
        const suite = cached !== undefined && c.cipherSuites.includes(cached) ? cached : c.cipherSuites.includes(3) ? 3 : (c.cipherSuites[0] ?? 3);
        return openIpmitoolDriver(
          { host: c.address, port: c.port, username: c.username, password: typeof t.password === 'string' ? t.password : Buffer.from(t.password).toString('utf8'), ...(t.kg ? { kg: t.kg } : {}), privilege: c.privilege, suite },
          { takeOver, label: `ipmitool ${where}`, ipmitool: this.opts.ipmitool, readyTimeoutMs: this.opts.ptyReadyTimeoutMs },
        );
      }
      case 'ssh':
        return openSshDriver(c.sshTarget, { label: `ssh ${c.sshTarget}`, ssh: this.opts.ssh, extraArgs: this.opts.sshExtraArgs });
      default:
        return assertNever(c.consoleDriver, 'console driver');
    }
  }

  private detach(s: ConsoleSession, watcherId: string): void {
    const r = s.remove(watcherId);
    if (!r) return;
    if (s.state !== 'closed') {
      s.notice(`${r.watcher.actor.name} left${r.hadControl ? ' (nobody has control now)' : ''}`);
      s.broadcastStatus();
    }
    if (s.watchers.size === 0 && s.state === 'open') this.idleSoon(s);
  }

  private idleSoon(s: ConsoleSession): void {
    if (s.idleTimer !== null) return;
    s.idleTimer = this.d.clock.setTimeout(() => {
      s.idleTimer = null;
      if (s.watchers.size === 0) void this.end(s, `nobody watched it for ${Math.round(this.idleCloseMs / 1000)} s`, 'closed');
    }, this.idleCloseMs);
  }

  private async end(s: ConsoleSession, why: string, code: 'closed' | 'failed'): Promise<void> {
    if (s.state === 'closed') return;
    s.state = 'closed';
    if (s.idleTimer !== null) this.d.clock.clearTimeout(s.idleTimer);
    s.idleTimer = null;
    if (this.sessions.get(s.deviceId) === s) this.sessions.delete(s.deviceId);
    s.log?.end(why);
    this.d.logs.prune();
    s.broadcast({ type: 'ended', code, message: `The console closed: ${why}.` });
    await s.driver?.close().catch(() => undefined);
  }

  private watched(actor: Actor, input: WatcherRef): ConsoleSession {
    const s = this.sessions.get(input.deviceId);
    const w = s?.watchers.get(input.watcherId);
    if (!s || !w) throw precondition('This terminal is not attached to the console of that server (it may have closed). Open the console again.');
    if (w.actor.id !== actor.id) throw forbidden('That terminal belongs to someone else.');
    return s;
  }

  private controlled(actor: Actor, input: WatcherRef): ConsoleSession {
    const s = this.watched(actor, input);
    if (s.state !== 'open' || !s.driver) throw precondition('The console is not open yet.');
    if (s.controller !== input.watcherId) {
      const c = s.controller ? s.watchers.get(s.controller)?.actor.name : null;
      throw forbidden(c ? `You are watching read-only: ${c} has control. Take control first.` : 'You are watching read-only: take control first.');
    }
    return s;
  }
}
