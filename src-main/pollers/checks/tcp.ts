// TCP connect check: the port accepts a connection within the timeout.
import { connect } from 'node:net';

export interface TcpResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export function tcpCheck(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (r: TcpResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const onAbort = () => finish({ ok: false, ms: performance.now() - t0, error: 'check stopped' });
    const timer = setTimeout(() => finish({ ok: false, ms: timeoutMs, error: `no connection within ${timeoutMs} ms` }), timeoutMs);
    signal?.addEventListener('abort', onAbort);
    socket.once('connect', () => finish({ ok: true, ms: performance.now() - t0 }));
    socket.once('error', (e: NodeJS.ErrnoException) => finish({ ok: false, ms: performance.now() - t0, error: e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message) }));
  });
}
