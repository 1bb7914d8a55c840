// The device drawer's Console tab (issue 4 part 3): the server's console in an xterm, shared
// with everyone else watching it. Output arrives on the console.attach subscription; keys go
// out as mutations, and only while this terminal has control — taking it is a button, and
// everyone watching sees who has it. When the BMC says another session holds SOL, the user
// may take that session over. The terminal fits its box; the size of the one in control goes to
// the console (a pty follows it; SOL has no size), and power buttons sit beside it so a server
// can be cycled while its boot is watched.
import { Button, Callout, Tag, Tooltip } from '@blueprintjs/core';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConsoleEvent, ConsoleStatus } from '../../../shared/console';
import type { Device } from '../../../shared/types';
import { formErrorOf } from '../../lib/errors';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { ConsoleLogList } from './ConsoleLogList';
import { ConsolePower } from './ConsolePower';
import { decodeBase64, KeyQueue, newWatcherId } from './keys';
import './console.css';

const CONTROL_ROLES = new Set(['admin', 'technician', 'provisioning']);

/** What xterm measured (private: the fit addon reads the same, and it is not installed). */
interface XtermInternals { _core?: { _renderService?: { dimensions?: { css?: { cell?: { width: number; height: number } } } }; viewport?: { scrollBarWidth?: number } } }

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Columns and rows that fit the terminal's box; null before xterm has measured its font. */
function fitSize(t: Terminal, box: HTMLElement): { cols: number; rows: number } | null {
  const core = (t as unknown as XtermInternals)._core;
  const cell = core?._renderService?.dimensions?.css?.cell;
  if (!cell || cell.width <= 0 || cell.height <= 0 || !t.element) return null;
  const outer = getComputedStyle(box);
  const inner = getComputedStyle(t.element);
  const px = (v: string) => parseFloat(v) || 0;
  const width = box.clientWidth - px(outer.paddingLeft) - px(outer.paddingRight) - px(inner.paddingLeft) - px(inner.paddingRight) - (core?.viewport?.scrollBarWidth ?? 15);
  const height = box.clientHeight - px(outer.paddingTop) - px(outer.paddingBottom) - px(inner.paddingTop) - px(inner.paddingBottom);
  return { cols: clamp(Math.floor(width / cell.width), 20, 500), rows: clamp(Math.floor(height / cell.height), 5, 200) };
}

type Ended = Extract<ConsoleEvent, { type: 'ended' }>;

export function ConsolePanel({ device }: { device: Device }) {
  const role = useNoc((s) => s.actor?.role);
  const canControl = role !== undefined && CONTROL_ROLES.has(role);
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const [attempt, setAttempt] = useState({ n: 0, takeOver: false });
  const watcherId = useMemo(() => newWatcherId(attempt.n), [attempt.n]);
  const [status, setStatus] = useState<ConsoleStatus | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [notices, setNotices] = useState<Array<{ at: number; text: string }>>([]);
  const [logsVersion, setLogsVersion] = useState(0);
  const [size, setSize] = useState({ cols: 80, rows: 24 });
  const controlling = status?.controller?.watcherId === watcherId;
  const controllingRef = useRef(false);
  controllingRef.current = controlling && status?.state === 'open';

  const ref = { deviceId: device.id, watcherId };
  const keys = useMemo(() => new KeyQueue((data) => api.console.write.mutate({ deviceId: device.id, watcherId, data }).then(() => undefined)), [device.id, watcherId]);

  // the terminal itself: one per open tab
  useEffect(() => {
    const t = new Terminal({ cols: 80, rows: 24, fontSize: 12, fontFamily: 'DejaVu Sans Mono, Menlo, Consolas, monospace', cursorBlink: true, scrollback: 5000, theme: { background: '#111418' } });
    const el = box.current!;
    t.open(el);
    term.current = t;
    // follow the box: the drawer's width, the window's height
    const fit = () => {
      const s = fitSize(t, el);
      if (!s || (s.cols === t.cols && s.rows === t.rows)) return;
      t.resize(s.cols, s.rows);
      setSize(s);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    fit();
    return () => {
      observer.disconnect();
      t.dispose();
      term.current = null;
    };
  }, []);

  // the console follows the size of the terminal in control (settled, not every step of a drag)
  const open = status?.state === 'open' && !ended;
  useEffect(() => {
    if (!controlling || !open) return;
    const timer = setTimeout(() => {
      api.console.resize.mutate({ deviceId: device.id, watcherId, cols: size.cols, rows: size.rows }).catch(() => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [controlling, open, size.cols, size.rows, device.id, watcherId]);

  // keystrokes go out only while this terminal has control
  useEffect(() => {
    const t = term.current;
    if (!t) return;
    const sub = t.onData((data) => {
      if (!controllingRef.current) return;
      keys.push(data).catch((err: unknown) => toast({ intent: 'warning', icon: 'key', message: formErrorOf(err).message ?? 'Keys were not sent.' }));
    });
    return () => sub.dispose();
  }, [keys]);

  // the subscription: (re)attached per attempt
  useEffect(() => {
    setEnded(null);
    setStatus(null);
    const sub = api.console.attach.subscribe({ deviceId: device.id, watcherId, takeOver: attempt.takeOver, watchOnly: !canControl }, {
      onData: (e: ConsoleEvent) => {
        switch (e.type) {
          case 'data':
            term.current?.write(decodeBase64(e.data));
            break;
          case 'status':
            setStatus(e.status);
            break;
          case 'notice':
            setNotices((l) => [...l.slice(-4), { at: e.at, text: e.text }]);
            break;
          case 'ended':
            setEnded(e);
            setLogsVersion((v) => v + 1);
            break;
        }
      },
      onError: (err: unknown) => setEnded({ type: 'ended', code: 'failed', message: formErrorOf(err).message ?? 'The console connection failed.' }),
    });
    return () => sub.unsubscribe();
  }, [device.id, watcherId, attempt.takeOver, canControl]);

  useEffect(() => {
    if (status?.state === 'open') setLogsVersion((v) => v + 1);
  }, [status?.state, status?.logId]);

  const act = (p: Promise<unknown>) => p.catch((err: unknown) => toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'Refused.' }));
  const reconnect = (takeOver: boolean) => setAttempt((a) => ({ n: a.n + 1, takeOver }));

  const state = ended ? 'closed' : status?.state ?? 'connecting';
  return (
    <div className="noc-console" data-testid="console-panel" data-state={state} data-controlling={controlling ? 'yes' : 'no'}>
      <div className="noc-console-bar">
        <Tag intent={state === 'open' ? 'success' : state === 'connecting' ? 'primary' : 'none'} data-testid="console-state">{state}</Tag>
        <span className="noc-muted noc-mono">{status?.label}</span>
        <span className="noc-grow" />
        {state === 'open' && canControl && !controlling && <Button size="small" intent="primary" icon="key" text="Take control" data-testid="console-take" onClick={() => void act(api.console.takeControl.mutate(ref))} />}
        {state === 'open' && controlling && <Button size="small" icon="eye-open" text="Watch only" data-testid="console-release" onClick={() => void act(api.console.releaseControl.mutate(ref))} />}
        {state === 'open' && (
          <Tooltip content="A serial BREAK (SysRq, boot loaders)" placement="bottom">
            <Button size="small" icon="flash" text="Break" disabled={!controlling} data-testid="console-break" onClick={() => void act(api.console.sendBreak.mutate(ref))} />
          </Tooltip>
        )}
        {state === 'open' && (controlling || role === 'admin') && <Button size="small" intent="danger" icon="disable" text="Disconnect" data-testid="console-disconnect" onClick={() => void act(api.console.disconnect.mutate(ref))} />}
        {ended && ended.code !== 'sol-active' && canControl && <Button size="small" icon="refresh" text="Reconnect" data-testid="console-reconnect" onClick={() => reconnect(false)} />}
      </div>
      <ConsolePower device={device} canAct={canControl} />
      <div className="noc-console-watchers" data-testid="console-watchers">
        {status?.watchers.map((w) => (
          <Tag key={w.watcherId} minimal round icon={w.controlling ? 'key' : 'eye-open'} intent={w.controlling ? 'primary' : 'none'} data-testid="console-watcher" data-controlling={w.controlling ? 'yes' : 'no'}>
            {w.name}{w.watcherId === watcherId ? ' (you)' : ''}
          </Tag>
        ))}
        <span className="noc-muted" data-testid="console-controller">
          {status && (status.controller ? (controlling ? 'You have control: your keys go to the server.' : `${status.controller.name} has control; you are watching.`) : 'Nobody has control; everyone is watching.')}
        </span>
      </div>
      {ended && (
        <Callout intent={ended.code === 'sol-active' ? 'warning' : ended.code === 'closed' ? 'none' : 'danger'} compact className="noc-console-ended" data-testid="console-ended" data-code={ended.code}>
          {ended.message}
          {ended.code === 'sol-active' && canControl && (
            <div className="noc-console-takeover">
              <Button size="small" intent="warning" icon="swap-horizontal" text="Take over that session" data-testid="console-takeover" onClick={() => reconnect(true)} />
            </div>
          )}
        </Callout>
      )}
      <div className="noc-console-term" ref={box} data-testid="console-terminal" data-cols={size.cols} data-rows={size.rows} onClick={() => term.current?.focus()} />
      {notices.length > 0 && (
        <div className="noc-console-notices" data-testid="console-notices">
          {notices.map((n, i) => <div key={`${n.at}-${i}`}><span className="noc-muted">{new Date(n.at).toLocaleTimeString()}</span> {n.text}</div>)}
        </div>
      )}
      <ConsoleLogList deviceId={device.id} deviceName={device.name} version={logsVersion} />
    </div>
  );
}
