// A real SMTP server for the tests (the `smtp-server` package) on a loopback port in
// 25600–25649. It keeps every message it receives, decoded enough to assert on: envelope,
// headers, subject, and the text and HTML parts (quoted-printable, base64, RFC 2047).
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string | null;
  raw: string;
}

export interface SmtpPeer {
  port: number;
  messages: ReceivedMail[];
  /** Resolves once at least n messages arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

export const SMTP_PORTS = { first: 25600, last: 25649 };

export async function startSmtp(opts: { port?: number } = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push(parse(raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address)));
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  const port = await listen(server, opts.port);
  return {
    port,
    messages,
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} e-mails, got ${messages.length} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (messages.length >= n) { clearTimeout(timer); resolve(messages); } else waiters.push(check);
        };
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function listen(server: SMTPServer, wanted?: number): Promise<number> {
  const span = SMTP_PORTS.last - SMTP_PORTS.first + 1;
  const ports = wanted ? [wanted] : Array.from({ length: span }, (_, i) => SMTP_PORTS.first + ((i + Math.floor(Math.random() * span)) % span));
  for (const port of ports) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve(true);
      });
    });
    if (ok) return port;
  }
  throw new Error(`No free port for the SMTP peer in ${wanted ?? `${SMTP_PORTS.first}-${SMTP_PORTS.last}`}.`);
}

/** A free port in the SMTP range with nothing listening on it (an unreachable server). */
export async function unusedSmtpPort(): Promise<number> {
  const peer = await startSmtp();
  const port = peer.port;
  await peer.stop();
  return port;
}

// ---- just enough MIME -----------------------------------------------------------------

function splitHead(raw: string): [Record<string, string>, string] {
  const i = raw.indexOf('\r\n\r\n');
  const head = i < 0 ? raw : raw.slice(0, i);
  const body = i < 0 ? '' : raw.slice(i + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const k = line.indexOf(':');
    if (k > 0) headers[line.slice(0, k).toLowerCase()] = line.slice(k + 1).trim();
  }
  return [headers, body];
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64': return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    }
    default: return body;
  }
}

function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'));
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const [headers, body] = splitHead(raw);
  let text = '';
  let html: string | null = null;
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map((p) => splitHead(p.replace(/^\r\n/, ''))) : [[headers, body] as [Record<string, string>, string]];
  for (const [h, b] of parts) {
    const ct = h['content-type'] ?? 'text/plain';
    const decoded = decodeBody(b.replace(/\r\n$/, ''), h['content-transfer-encoding']);
    if (ct.startsWith('text/html')) html = decoded;
    else if (ct.startsWith('text/plain')) text = decoded;
  }
  return { from, to, headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n'), html, raw };
}
