// A barcode scanner acting as a keyboard types a code in a burst (a few ms between keys) and
// presses Enter; a person types slower. ScanBuffer tells them apart from key timings, so the
// walk screen takes a scan wherever the focus is, without stealing what a person types.
export class ScanBuffer {
  private chars: string[] = [];
  private last = -Infinity;

  /** maxGapMs: the longest pause between a scanner's keys; minLength: shorter bursts are not codes. */
  constructor(private readonly maxGapMs = 50, private readonly minLength = 3) {}

  /** One key (KeyboardEvent.key) at a time (ms); returns the code when a fast burst ends in Enter. */
  feed(key: string, at: number): string | null {
    const gap = at - this.last;
    if (key === 'Enter') {
      const code = this.chars.join('');
      const fast = gap <= this.maxGapMs;
      this.reset();
      return fast && code.length >= this.minLength ? code : null;
    }
    if (key.length !== 1) return null; // Shift, Control…: a scanner sends them too (capitals)
    if (gap > this.maxGapMs) this.chars = [];
    this.chars.push(key);
    this.last = at;
    return null;
  }

  reset(): void {
    this.chars = [];
    this.last = -Infinity;
  }
}
