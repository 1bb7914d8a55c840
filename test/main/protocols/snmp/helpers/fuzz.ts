// Seeded mutations for fuzzing datagram parsers: deterministic for a given seed, so a
// failure can be replayed (the seed is printed by the test).
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Mutation = 'bitflip' | 'byte' | 'truncate' | 'extend' | 'length' | 'splice' | 'garbage' | 'oversize' | 'empty';

export function mutate(src: Buffer, rnd: () => number, protectPrefix = 0): { buf: Buffer; kind: Mutation } {
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = int(100);
  const b = Buffer.from(src);
  const pos = () => protectPrefix + int(Math.max(1, b.length - protectPrefix));
  if (pick < 30) {
    for (let i = 0, n = 1 + int(4); i < n; i++) { const p = pos(); b[p] = b[p]! ^ (1 << int(8)); }
    return { buf: b, kind: 'bitflip' };
  }
  if (pick < 45) {
    const special = [0x00, 0xff, 0x80, 0x7f, 0x81, 0x84, 0x30, 0x02, 0x04, 0x06, 0x46, 0xa2];
    b[pos()] = special[int(special.length)]!;
    return { buf: b, kind: 'byte' };
  }
  if (pick < 60) return { buf: b.subarray(0, int(b.length)), kind: 'truncate' };
  if (pick < 68) return { buf: Buffer.concat([b, randomBytes(rnd, 1 + int(64))]), kind: 'extend' };
  if (pick < 80) {
    // a length byte becomes huge, zero or long-form
    const p = pos();
    const choices = [0x00, 0x7f, 0x80, 0x84, 0x85, 0x89, 0xff];
    b[p] = choices[int(choices.length)]!;
    if (b[p] === 0x84 && p + 4 < b.length) b.writeUInt32BE(0xfffffff0, p + 1);
    return { buf: b, kind: 'length' };
  }
  if (pick < 90) {
    const a = pos();
    const len = int(Math.min(40, b.length));
    return { buf: Buffer.concat([b.subarray(0, a), b.subarray(int(b.length), int(b.length) + len), b.subarray(a)]), kind: 'splice' };
  }
  if (pick < 96) return { buf: randomBytes(rnd, 1 + int(300)), kind: 'garbage' };
  if (pick < 99) {
    // larger than any sane SNMP message, still one UDP datagram (≤ 65,507 bytes)
    const total = 60_000 + int(5_000);
    return { buf: Buffer.concat([b, Buffer.alloc(Math.max(0, total - b.length), int(256))]), kind: 'oversize' };
  }
  return { buf: Buffer.alloc(0), kind: 'empty' };
}

export function randomBytes(rnd: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}
