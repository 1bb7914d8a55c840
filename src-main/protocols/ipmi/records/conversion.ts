// Sensor reading conversion (IPMI 2.0 §36.3): y = L[(M*x + B*10^Bexp) * 10^Rexp] units, where
// x is the raw reading interpreted per the analog data format (unsigned, 1's or 2's
// complement), M and B are 10-bit 2's-complement, Rexp/Bexp 4-bit 2's-complement, and L is the
// linearisation function (§43.1 byte 24, Table 36-? "linearization": 0 linear, 1 ln, 2 log10,
// 3 log2, 4 e^x, 5 10^x, 6 2^x, 7 1/x, 8 x^2, 9 x^3, 10 sqrt, 11 cube root; 70h-7Fh non-linear,
// which needs Get Sensor Reading Factors and is reported as "no value" here).
// Tolerance is in +/- half raw counts (§43.1 byte 26), so in units it is M*tol/2*10^Rexp.

export type AnalogFormat = 'unsigned' | 'ones-complement' | 'twos-complement' | 'none';

export interface ConversionFactors {
  format: AnalogFormat;
  linearization: number;
  m: number;
  b: number;
  bExp: number;
  rExp: number;
  /** raw tolerance, 6 bits, in half counts */
  tolerance: number;
}

export function signExtend(v: number, bitsWide: number): number {
  const shift = 32 - bitsWide;
  return (v << shift) >> shift;
}

export function rawToSigned(raw: number, format: AnalogFormat): number | undefined {
  switch (format) {
    case 'unsigned':
      return raw & 0xff;
    case 'ones-complement':
      return raw & 0x80 ? -((~raw) & 0x7f) : raw & 0x7f;
    case 'twos-complement':
      return signExtend(raw & 0xff, 8);
    case 'none':
      return undefined;
  }
}

function linearize(l: number, y: number): number | undefined {
  switch (l) {
    case 0: return y;
    case 1: return Math.log(y);
    case 2: return Math.log10(y);
    case 3: return Math.log2(y);
    case 4: return Math.exp(y);
    case 5: return 10 ** y;
    case 6: return 2 ** y;
    case 7: return 1 / y;
    case 8: return y * y;
    case 9: return y * y * y;
    case 10: return Math.sqrt(y);
    case 11: return Math.cbrt(y);
    default: return undefined;
  }
}

/** round away binary noise (0.06 * 200 = 12.000000000000002) without hiding real precision */
function tidy(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(12)) : v;
}

export function convertReading(raw: number, f: ConversionFactors): number | undefined {
  const x = rawToSigned(raw, f.format);
  if (x === undefined) return undefined;
  const y = (f.m * x + f.b * 10 ** f.bExp) * 10 ** f.rExp;
  const v = linearize(f.linearization & 0x7f, y);
  return v === undefined || Number.isNaN(v) ? undefined : tidy(v);
}

/** +/- tolerance in units (linear sensors only) */
export function toleranceInUnits(f: ConversionFactors): number | undefined {
  if ((f.linearization & 0x7f) !== 0) return undefined;
  return tidy(Math.abs((f.m * f.tolerance) / 2) * 10 ** f.rExp);
}
