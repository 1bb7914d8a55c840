// A test-side BER TLV reader/writer (X.690 definite lengths only), independent of the
// library's own ber.ts, to build and patch SNMP messages in scripted peers.
export interface Node {
  tag: number;
  /** offset of the tag byte */
  at: number;
  /** offset of the first content byte */
  start: number;
  end: number;
  children?: Node[];
}

export function parse(buf: Uint8Array, off = 0, end = buf.length): Node[] {
  const out: Node[] = [];
  while (off < end) {
    const tag = buf[off]!;
    let len = buf[off + 1]!;
    let p = off + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
      p += n;
    }
    const node: Node = { tag, at: off, start: p, end: p + len };
    if (tag & 0x20) node.children = parse(buf, p, p + len);
    out.push(node);
    off = p + len;
  }
  return out;
}

export function intValue(buf: Uint8Array, n: Node): number {
  let v = buf[n.start]! & 0x80 ? -1 : 0;
  for (let i = n.start; i < n.end; i++) v = v * 256 + buf[i]!;
  return v;
}

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, ...content: (Buffer | number[])[]): Buffer {
  const body = Buffer.concat(content.map((c) => Buffer.from(c)));
  return Buffer.concat([Buffer.from([tag, ...len(body.length)]), body]);
}

export function int(v: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x !== 0 && x !== -1);
  if (v >= 0 && bytes[0]! & 0x80) bytes.unshift(0);
  if (v < 0 && !(bytes[0]! & 0x80)) bytes.unshift(0xff);
  return tlv(tag, bytes);
}

export function oid(s: string): Buffer {
  const p = s.split('.').map(Number);
  const out = [40 * p[0]! + p[1]!];
  for (const n of p.slice(2)) {
    const b = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) b.unshift(0x80 | (x & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, out);
}

export const octets = (s: string | Buffer): Buffer => tlv(0x04, Buffer.from(s));
