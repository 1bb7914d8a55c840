// HTTP(S) check: the status is the expected one (any 2xx/3xx by default) and the body
// contains the expected text. Redirects are not followed (a 301 is an answer). The body is
// read up to 1 MiB: a huge page does not exhaust memory, and the text is usually near the top.
import http from 'node:http';
import https from 'node:https';

export interface HttpCheckSpec {
  url: string;
  expectStatus: number;
  expectText: string;
  timeoutMs: number;
  tlsVerify: boolean;
}

export interface HttpResult {
  ok: boolean;
  status: number | null;
  ms: number;
  message: string;
}

const MAX_BODY = 1 << 20;

export function httpCheck(spec: HttpCheckSpec, signal?: AbortSignal): Promise<HttpResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: HttpResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const url = new URL(spec.url);
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { rejectUnauthorized: spec.tlsVerify, headers: { 'user-agent': 'aedify-noc-check/1', accept: '*/*' }, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const statusOk = spec.expectStatus ? status === spec.expectStatus : status >= 200 && status < 400;
      if (!spec.expectText) {
        res.resume();
        finish({ ok: statusOk, status, ms: performance.now() - t0, message: statusOk ? `HTTP ${status}` : `HTTP ${status}, expected ${spec.expectStatus || '2xx/3xx'}` });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      const check = (complete: boolean) => {
        const found = body.includes(spec.expectText);
        if (found || complete) {
          const ok = statusOk && found;
          const message = !statusOk ? `HTTP ${status}, expected ${spec.expectStatus || '2xx/3xx'}` : found ? `HTTP ${status}, text found` : `HTTP ${status}, but "${spec.expectText.slice(0, 60)}" is not in the page`;
          finish({ ok, status, ms: performance.now() - t0, message });
        }
      };
      res.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
        if (body.length >= MAX_BODY) check(true);
        else check(false);
      });
      res.on('end', () => check(true));
      res.on('error', (e) => finish({ ok: false, status, ms: performance.now() - t0, message: e.message }));
    });
    const timer = setTimeout(() => finish({ ok: false, status: null, ms: spec.timeoutMs, message: `no answer within ${spec.timeoutMs} ms` }), spec.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, status: null, ms: performance.now() - t0, message: describe(e) }));
  });
}

function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': return 'host name not found';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN': return 'self-signed certificate (turn off certificate checking for this check if that is expected)';
    case 'CERT_HAS_EXPIRED': return 'certificate expired';
    case 'ABORT_ERR': return 'check stopped';
    default: return e.code ?? e.message;
  }
}
