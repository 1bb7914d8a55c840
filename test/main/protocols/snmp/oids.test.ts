import { describe, expect, it } from 'vitest';
import { compareOids, instanceOf, isUnder, normaliseOid } from '../../../../src-main/protocols/snmp/oids';
import { prng } from './helpers/fuzz';

const reference = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return pa.length - pb.length;
};

describe('OID helpers', () => {
  it('orders by sub-identifier, not by text', () => {
    expect(compareOids('1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.2.9')).toBeGreaterThan(0);
    expect(compareOids('1.3.6.1', '1.3.6.1.0')).toBeLessThan(0);
    expect(compareOids('1.3.6.1.4', '1.3.6.1.4')).toBe(0);
    expect(compareOids('1.3.6.2', '1.3.6.10.1')).toBeLessThan(0);
  });

  it('agrees with a split-and-compare reference on 20,000 random pairs', () => {
    const rnd = prng(7);
    const oid = () => Array.from({ length: 2 + Math.floor(rnd() * 8) }, () => String(Math.floor(rnd() ** 3 * 5000))).join('.');
    for (let i = 0; i < 20_000; i++) {
      const a = oid();
      const b = rnd() < 0.3 ? `${a}.${Math.floor(rnd() * 3)}` : oid();
      expect(Math.sign(compareOids(a, b))).toBe(Math.sign(reference(a, b)));
    }
  });

  it('normalises user input', () => {
    expect(normaliseOid('.1.3.6.1.02')).toBe('1.3.6.1.2');
    expect(normaliseOid(' 1.3.6 ')).toBe('1.3.6');
    expect(normaliseOid('1.3.6.4294967296')).toBeNull();
    expect(normaliseOid('ifTable')).toBeNull();
    expect(normaliseOid('1..3')).toBeNull();
  });

  it('knows what is under what', () => {
    expect(isUnder('1.3.6.1.2.1.2.2.1.8', '1.3.6.1.2.1.2.2.1.8.3')).toBe(true);
    expect(isUnder('1.3.6.1.2.1.2.2.1.8', '1.3.6.1.2.1.2.2.1.80.3')).toBe(false);
    expect(isUnder('1.3.6.1.2.1.2.2.1.8', '1.3.6.1.2.1.2.2.1.8')).toBe(false);
    expect(instanceOf('1.3.6.1.2.1.2.2.1.8', '1.3.6.1.2.1.2.2.1.8.3')).toBe('3');
  });
});
