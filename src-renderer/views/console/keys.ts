// The terminal's plumbing, apart from React: keystrokes sent in order and batched while a send
// is in flight (one mutation per burst, never two overtaking each other), base64 output to
// bytes for xterm, and a watcher id per terminal.

export class KeyQueue {
  private pending = '';
  private sending: Promise<void> | null = null;

  constructor(private readonly send: (data: string) => Promise<void>, private readonly max = 4096) {}

  /** Resolves when these keys were sent (rejects with the core's refusal). */
  push(data: string): Promise<void> {
    this.pending += data;
    return this.pump();
  }

  private pump(): Promise<void> {
    if (this.sending) return this.sending.then(() => this.pump());
    if (this.pending === '') return Promise.resolve();
    const chunk = this.pending.slice(0, this.max);
    this.pending = this.pending.slice(chunk.length);
    this.sending = this.send(chunk).then(
      () => { this.sending = null; },
      (err: unknown) => {
        // refused (control lost, console closed): keys typed meanwhile must not arrive later
        this.sending = null;
        this.pending = '';
        throw err;
      },
    );
    return this.sending.then(() => this.pump());
  }
}

export function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Random per terminal (getRandomValues works outside secure contexts too, unlike randomUUID). */
export function newWatcherId(_attempt: number): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}
