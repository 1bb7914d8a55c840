// Bit rates and percentages as a NOC reads them.
export function bps(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let x = v;
  let i = 0;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ${units[i]}`;
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v.toFixed(0)} %`;
}

export const OPER: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing', 4: 'unknown', 5: 'dormant', 6: 'not present', 7: 'lower layer down' };

/** Short axis labels: "950k", "1.2G". */
export function bpsShort(v: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${v < 0 ? '-' : ''}${x >= 10 || x === 0 ? x.toFixed(0) : x.toFixed(1)}${units[i]}`;
}
