// Consoles (issue 4 part 3): what a watcher of a server's console receives, and the console
// logs linked from the device. One console session per server; several staff may watch it;
// one of them at most is in control (types, break, disconnect); taking control is explicit and
// every watcher is told.
import type { ConsoleDriverKind } from './bmc';

export interface ConsoleWatcher {
  /** random per open terminal (two tabs of one person are two watchers) */
  watcherId: string;
  name: string;
  since: number;
  controlling: boolean;
}

export type ConsoleState = 'connecting' | 'open' | 'closed';

export interface ConsoleStatus {
  deviceId: string;
  state: ConsoleState;
  driver: ConsoleDriverKind | null;
  /** "SOL 127.0.0.1:623", "ipmitool 10.0.0.5", "ssh root@10.0.0.5" */
  label: string;
  watchers: ConsoleWatcher[];
  controller: { watcherId: string; name: string } | null;
  logId: string | null;
}

/**
 * Events of the console.attach subscription, in order:
 *  - 'status' whenever watchers, control or the state change (first event: the current one);
 *  - 'data' output of the host (base64: the bytes as they came, xterm decodes them);
 *    a watcher that joins late first gets the recent scrollback as one 'data' event;
 *  - 'notice' a line for the people watching ("alice took control from bob");
 *  - 'ended' the console closed (why), or could not open — with `code` 'sol-active' when the
 *    BMC says another session holds SOL: the user may then ask to take it over.
 */
export type ConsoleEvent =
  | { type: 'status'; status: ConsoleStatus }
  | { type: 'data'; data: string }
  | { type: 'notice'; at: number; text: string }
  | { type: 'ended'; code: 'closed' | 'sol-active' | 'failed' | 'forbidden'; message: string };

export interface ConsoleLogParticipant {
  name: string;
  joinedAt: number;
  leftAt: number | null;
  /** took control at some point */
  controlled: boolean;
}

export interface ConsoleLogView {
  id: string;
  deviceId: string;
  driver: ConsoleDriverKind;
  label: string;
  startedAt: number;
  endedAt: number | null;
  openedBy: string;
  participants: ConsoleLogParticipant[];
  bytes: number;
  /** file name (in the data folder's console-logs/<deviceId>/) */
  fileName: string;
}

export interface ConsoleLogText {
  log: ConsoleLogView;
  text: string;
  /** the file was longer than what was returned: its end is shown */
  truncated: boolean;
}

/** A watcher's keystrokes per mutation: at most this many characters. */
export const CONSOLE_WRITE_MAX = 4096;
/** What a late watcher gets of the past output. */
export const CONSOLE_SCROLLBACK_BYTES = 64 * 1024;
/** What console.readLog returns at most (the file's end). */
export const CONSOLE_LOG_READ_MAX = 2 * 1024 * 1024;
