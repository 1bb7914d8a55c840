// One driver interface for every console (issue 4 parts 3 and 4): the built-in SOL client,
// ipmitool in a pty, ssh in a pty. The console service sees only this; the xterm in the
// renderer cannot tell them apart.
import type { ConsoleDriverKind } from '../../../shared/bmc';

export interface ConsoleDriver {
  readonly kind: ConsoleDriverKind;
  /** what it is connected to, for people: "SOL 10.0.9.14:623", "ssh root@10.0.0.5" */
  readonly label: string;
  /** bytes for the host (a watcher in control typed them) */
  write(data: Uint8Array): void;
  /** a serial BREAK (SysRq, boot loaders) */
  sendBreak(): void;
  /** terminals in a pty follow the xterm's size; SOL has none */
  resize?(cols: number, rows: number): void;
  /** ends the console; onEnd listeners hear null */
  close(): Promise<void>;
  onData(fn: (data: Uint8Array) => void): void;
  /** called once: null when closed through close(), else why it ended */
  onEnd(fn: (reason: string | null) => void): void;
}

/** The BMC says another session holds SOL: the user may ask to take it over. */
export class SolActiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolActiveError';
  }
}

/** Listener plumbing shared by the drivers: output before anyone listens is kept, not lost. */
export class DriverEvents {
  private dataListeners: Array<(d: Uint8Array) => void> = [];
  private endListeners: Array<(r: string | null) => void> = [];
  private early: Uint8Array[] = [];
  private ended: { reason: string | null } | null = null;

  onData(fn: (d: Uint8Array) => void): void {
    this.dataListeners.push(fn);
    for (const d of this.early.splice(0)) fn(d);
  }

  onEnd(fn: (r: string | null) => void): void {
    if (this.ended) fn(this.ended.reason);
    else this.endListeners.push(fn);
  }

  data(d: Uint8Array): void {
    if (this.ended || d.length === 0) return;
    if (this.dataListeners.length === 0) this.early.push(d);
    for (const l of this.dataListeners) l(d);
  }

  end(reason: string | null): void {
    if (this.ended) return;
    this.ended = { reason };
    for (const l of this.endListeners.splice(0)) l(reason);
  }

  get isEnded(): boolean {
    return this.ended !== null;
  }
}
