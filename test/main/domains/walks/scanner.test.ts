import { describe, expect, it } from 'vitest';
import { ScanBuffer } from '../../../../shared/sync-walk-scanner';

function type(buf: ScanBuffer, text: string, start: number, gap: number): number {
  let t = start;
  for (const ch of text) buf.feed(ch, (t += gap));
  return t;
}

describe('ScanBuffer: a barcode scanner acting as a keyboard', () => {
  it('takes a fast burst ending in Enter as a code', () => {
    const b = new ScanBuffer();
    const t = type(b, 'SN-100042', 1000, 8);
    expect(b.feed('Enter', t + 8)).toBe('SN-100042');
  });

  it('ignores a person typing (slow keys) and a short burst', () => {
    const b = new ScanBuffer();
    const t = type(b, 'web-01', 0, 180);
    expect(b.feed('Enter', t + 150)).toBeNull();
    const t2 = type(b, 'ab', t + 1000, 5);
    expect(b.feed('Enter', t2 + 5)).toBeNull();
  });

  it('starts over after a pause, keeps capitals sent with Shift, and needs the Enter to follow at once', () => {
    const b = new ScanBuffer();
    let t = type(b, 'xx', 0, 5);
    b.feed('Shift', t + 2);
    t = type(b, 'AT-9', t + 500, 6);
    expect(b.feed('Enter', t + 6)).toBe('AT-9');
    t = type(b, 'AT-10', t + 1000, 6);
    expect(b.feed('Enter', t + 400)).toBeNull();
  });
});
