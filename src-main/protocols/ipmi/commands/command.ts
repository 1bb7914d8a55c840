// An IPMI command: request and response codecs in both directions (so a test BMC can answer
// with the same code), its network function, command number, spec section, and the minimum
// session privilege the spec's command table (Appendix G) gives it. Response codecs see the
// response data after the completion code; a non-zero completion code never reaches them.
import { ByteReader } from '../wire/bytes';

export const NetFn = {
  chassis: 0x00,
  sensorEvent: 0x04,
  app: 0x06,
  firmware: 0x08,
  storage: 0x0a,
  transport: 0x0c,
} as const;

export interface IpmiCommand<Req, Res> {
  readonly name: string;
  /** e.g. "IPMI 2.0 §28.2" */
  readonly section: string;
  readonly netFn: number;
  readonly cmd: number;
  /** minimum privilege level (1 callback .. 4 administrator) */
  readonly privilege: number;
  encodeRequest(req: Req): Uint8Array;
  decodeRequest(data: Uint8Array): Req;
  encodeResponse(res: Res): Uint8Array;
  decodeResponse(data: Uint8Array): Res;
}

export function defineCommand<Req, Res>(c: IpmiCommand<Req, Res>): IpmiCommand<Req, Res> {
  return c;
}

/** codec pair for a message with no data bytes */
export const empty = {
  encode: (): Uint8Array => new Uint8Array(0),
  decode: (_d: Uint8Array): void => undefined,
};

/** A reader for command data that names the command in its errors. */
export function reader(data: Uint8Array, name: string, part: 'request' | 'response'): ByteReader {
  return new ByteReader(data, `${name} ${part}`);
}

/** Decode a fixed-length or string of bits from a byte. */
export function bit(byte: number, n: number): boolean {
  return ((byte >> n) & 1) === 1;
}

export function bits(...flags: [boolean, number][]): number {
  let v = 0;
  for (const [on, n] of flags) if (on) v |= 1 << n;
  return v;
}
