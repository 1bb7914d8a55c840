// SDR decoding and reading conversion (IPMI 2.0 §36.3, §43), SEL records (§32).
import { describe, expect, it } from 'vitest';
import { convertReading, rawToSigned, toleranceInUnits, type ConversionFactors } from '../../../../src-main/protocols/ipmi/records/conversion';
import { decodeIdString } from '../../../../src-main/protocols/ipmi/records/id-string';
import { decodeSdr } from '../../../../src-main/protocols/ipmi/records/sdr';
import { decodeSelRecord } from '../../../../src-main/protocols/ipmi/records/sel';
import { thresholdStatus } from '../../../../src-main/protocols/ipmi/client/sensors';
import { formatUnit } from '../../../../src-main/protocols/ipmi/records/units';
import { fromHex } from '../../../../src-main/protocols/ipmi/wire/bytes';

// "12V Rail" from test/peers/ipmi_sim/bmc.emu (compiled by OpenIPMI's sdrcomp): M = 6, Rexp = -2
const RAIL = fromHex('05005101332000040a0145000201000000000000000400000600000101e000000000ff000000000000000000000000c8313256205261696c');
// "CPU Temp": thresholds UNR 105, UC 95, UNC 85 readable (mask 0x38)
const CPU = fromHex('02005101332000010301450401010000000038000001000001000001010000000000ff00695f550000000000000000c84350552054656d70');

const f = (p: Partial<ConversionFactors>): ConversionFactors => ({ format: 'unsigned', linearization: 0, m: 1, b: 0, bExp: 0, rExp: 0, tolerance: 0, ...p });

describe('full sensor record (type 01h)', () => {
  it('decodes the 12V rail and converts 200 raw counts to 12.00 V', () => {
    const r = decodeSdr(RAIL);
    if (r.kind !== 'full') throw new Error('full record expected');
    expect(r).toMatchObject({ recordId: 5, name: '12V Rail', sensorNumber: 4, sensorType: 2, eventReadingType: 1 });
    expect(r.factors).toMatchObject({ m: 6, b: 0, rExp: -2, bExp: 0, format: 'unsigned', linearization: 0 });
    expect(formatUnit(r.units)).toBe('Volts');
    expect(convertReading(200, r.factors)).toBe(12);
  });
  it('decodes readable thresholds', () => {
    const r = decodeSdr(CPU);
    if (r.kind !== 'full') throw new Error('full record expected');
    expect(r.name).toBe('CPU Temp');
    expect(r.thresholdsRaw).toEqual({ unr: 105, uc: 95, unc: 85 });
  });
});

describe('conversion formulas (§36.3)', () => {
  it.each([
    ['linear M=1', f({}), 45, 45],
    ['M=60 fan', f({ m: 60 }), 80, 4800],
    ['B and Bexp', f({ m: 2, b: 5, bExp: 1 }), 10, 70],
    ['negative M (10-bit 2s complement)', f({ m: -2 }), 10, -20],
    ['Rexp -3', f({ m: 5, rExp: -3 }), 100, 0.5],
    ['2s complement reading', f({ format: 'twos-complement' }), 0xfe, -2],
    ['1s complement reading', f({ format: 'ones-complement' }), 0xfe, -1],
    ['ln', f({ linearization: 1 }), 1, 0],
    ['log10', f({ linearization: 2 }), 100, 2],
    ['log2', f({ linearization: 3 }), 8, 3],
    ['e^x', f({ linearization: 4 }), 0, 1],
    ['10^x', f({ linearization: 5 }), 2, 100],
    ['2^x', f({ linearization: 6 }), 10, 1024],
    ['1/x', f({ linearization: 7 }), 4, 0.25],
    ['x^2', f({ linearization: 8 }), 12, 144],
    ['x^3', f({ linearization: 9 }), 3, 27],
    ['sqrt', f({ linearization: 10 }), 81, 9],
    ['cube root', f({ linearization: 11 }), 27, 3],
  ])('%s', (_n, factors, raw, want) => {
    expect(convertReading(raw, factors)).toBeCloseTo(want, 9);
  });
  it('non-linear (70h) and "no analog reading" give no value', () => {
    expect(convertReading(10, f({ linearization: 0x70 }))).toBeUndefined();
    expect(convertReading(10, f({ format: 'none' }))).toBeUndefined();
    expect(rawToSigned(0x80, 'twos-complement')).toBe(-128);
  });
  it('tolerance is in half counts: tol 4, M 6, Rexp -2 -> +/- 0.12', () => {
    expect(toleranceInUnits(f({ m: 6, rExp: -2, tolerance: 4 }))).toBe(0.12);
  });
  it('threshold comparison status bits (§35.14 byte 3)', () => {
    expect(thresholdStatus(0)).toBe('ok');
    expect(thresholdStatus(0x08)).toBe('nc');
    expect(thresholdStatus(0x18)).toBe('cr');
    expect(thresholdStatus(0x38)).toBe('nr');
    expect(thresholdStatus(0x02)).toBe('cr');
  });
});

describe('compact records, ID strings, SEL', () => {
  it('compact record (type 02h) with sharing', () => {
    // 0-4 header | 5 owner 20 | 6 LUN | 7 sensor 10h | 8 entity 07 | 9 instance | 10-11 init/caps
    // 12 type 07 (processor) | 13 event/reading 6Fh | ... | 23 sharing | 24 modifier offset | 31 ID type/length
    const rec = new Uint8Array(5 + 31);
    rec.set([0x10, 0x00, 0x51, 0x02, 31]);
    rec.set([0x20, 0, 0x10, 0x07, 1, 0x45, 0x01, 0x07, 0x6f], 5);
    rec[23] = 0x04; // share count 4, numeric modifier
    rec[24] = 0x01; // modifier offset 1
    rec[31] = 0xc4;
    rec.set([0x43, 0x50, 0x55, 0x20], 32);
    expect(rec.length).toBe(36);
    const r = decodeSdr(rec);
    expect(r).toMatchObject({ kind: 'compact', name: 'CPU ', shareCount: 4, idModifierOffset: 1, sensorNumber: 0x10, sensorType: 0x07, eventReadingType: 0x6f });
  });
  it('6-bit packed ASCII and BCD plus ID strings', () => {
    // "ABCD" packed: A=0x21 B=0x22 C=0x23 D=0x24 -> 0xa1 0x38 0x92
    expect(decodeIdString(0x83, Uint8Array.of(0xa1, 0x38, 0x92))).toBe('ABCD');
    expect(decodeIdString(0x42, Uint8Array.of(0x12, 0xb3))).toBe('12-3'); // Bh = '-'
  });
  it('SEL system event record: threshold event text', () => {
    const r = decodeSelRecord(fromHex('01000200000000200004010101596 05f'.replace(/ /g, '')));
    expect(r).toMatchObject({ recordId: 1, recordType: 2, sensorType: 1, sensorNumber: 1, direction: 'assertion', timestampRelative: true });
    expect(r.description).toBe('Upper Critical going high, reading 96, threshold 95');
    expect(decodeSelRecord(fromHex('0200e0' + '00'.repeat(13))).description).toMatch(/OEM/);
  });
});
