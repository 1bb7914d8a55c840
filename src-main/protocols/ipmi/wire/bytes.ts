// Byte reader and writer: every decoder reads through ByteReader, which throws a typed
// IpmiError('malformed') instead of reading past the end, so no malformed datagram can crash
// the process or yield `undefined` fields.
import { IpmiError } from '../errors';

export class ByteReader {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what = 'packet',
    start = 0,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new IpmiError('malformed', `${this.what}: truncated at ${field} (offset ${this.pos}, need ${n} bytes, have ${this.remaining})`);
    }
  }

  u8(field = 'byte'): number {
    this.need(1, field);
    return this.buf[this.pos++] as number;
  }

  u16le(field = 'u16'): number {
    this.need(2, field);
    const v = (this.buf[this.pos] as number) | ((this.buf[this.pos + 1] as number) << 8);
    this.pos += 2;
    return v;
  }

  u16be(field = 'u16'): number {
    this.need(2, field);
    const v = ((this.buf[this.pos] as number) << 8) | (this.buf[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }

  u24le(field = 'u24'): number {
    this.need(3, field);
    const b = this.buf;
    const p = this.pos;
    this.pos += 3;
    return (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16);
  }

  u32le(field = 'u32'): number {
    this.need(4, field);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  }

  u32be(field = 'u32'): number {
    this.need(4, field);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
  }

  /** a copy, so that callers may keep it after the datagram buffer is reused */
  bytes(n: number, field = 'bytes'): Uint8Array {
    this.need(n, field);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining, 'rest');
  }

  skip(n: number, field = 'reserved'): void {
    this.need(n, field);
    this.pos += n;
  }

  /** throw unless every byte was consumed (for fixed-size messages) */
  end(): void {
    if (this.remaining !== 0) throw new IpmiError('malformed', `${this.what}: ${this.remaining} unexpected trailing bytes at offset ${this.pos}`);
  }
}

export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial = 64) {
    this.buf = new Uint8Array(initial);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  get length(): number {
    return this.len;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16le(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  u16be(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }

  u24le(v: number): this {
    return this.u8(v).u8(v >>> 8).u8(v >>> 16);
  }

  u32le(v: number): this {
    return this.u8(v).u8(v >>> 8).u8(v >>> 16).u8(v >>> 24);
  }

  u32be(v: number): this {
    return this.u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  fill(value: number, n: number): this {
    this.room(n);
    this.buf.fill(value & 0xff, this.len, this.len + n);
    this.len += n;
    return this;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
