// Who is logged in, whether the core is reachable, and the system info of the status bar.
import type { Actor } from '../../shared/types';
import type { SystemInfo } from './api-port';
import { messageOf, type SliceCreator, type StoreDeps } from './types';

/** online: connected; reconnecting: lost after being connected, retrying; offline: never reached or given up. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface SessionData {
  connection: ConnectionStatus;
  actor: Actor | null;
  info: SystemInfo | null;
  infoError: string | null;
}

export interface SessionSlice extends SessionData {
  setConnection(c: ConnectionStatus): void;
  setActor(actor: Actor | null): void;
  loadInfo(): Promise<void>;
}

export const initialSession = (): SessionData => ({ connection: 'connecting', actor: null, info: null, infoError: null });

/** The next connection status when the transport reports open or closed. */
export function nextConnection(prev: ConnectionStatus, event: 'open' | 'closed' | 'connecting'): ConnectionStatus {
  if (event === 'open') return 'online';
  if (event === 'connecting') return prev === 'online' || prev === 'reconnecting' ? 'reconnecting' : 'connecting';
  return prev === 'online' || prev === 'reconnecting' ? 'reconnecting' : 'offline';
}

export const createSessionSlice = (deps: StoreDeps): SliceCreator<SessionSlice> => (set) => ({
  ...initialSession(),
  setConnection: (connection) => set({ connection }),
  setActor: (actor) => set({ actor }),
  loadInfo: async () => {
    try {
      const info = await deps.api.systemInfo();
      set({ info, infoError: null });
    } catch (err) {
      set({ infoError: messageOf(err) });
    }
  },
});
