// Where each tile goes on the wall: sites one under the other, in each site its racks as
// small blocks flowing left to right (the devices of a rack top to bottom, a few abreast),
// then the site's devices without a rack. The largest tile size that fits the area wins.
// Pure: tested under Node.
import type { WallLayoutData } from '../../stores/wall-model';

export interface TileLayout {
  size: number;
  gap: number;
  /** x, y of device i at [2i], [2i+1]; -1 when not placed */
  pos: Int32Array;
  labels: Array<{ text: string; x: number; y: number; kind: 'site' | 'rack' }>;
  height: number;
  fits: boolean;
}

const SIZES = [64, 52, 44, 38, 32, 28, 24, 20, 17, 14, 12, 10, 8, 7, 6, 5, 4, 3];
const SITE_HEADER = 22;
const RACK_COLS = 4;
const BLOCK_PAD = 6;

interface Group {
  label: string;
  kind: 'rack' | 'loose';
  devices: number[];
}

interface Section {
  title: string;
  groups: Group[];
}

export function sections(d: WallLayoutData): Section[] {
  const out: Section[] = d.sites.map((s) => ({ title: s.name, groups: [] }));
  const unplaced: Section = { title: 'No site', groups: [] };
  const rackGroups = new Map<number, Group>();
  const loose = new Map<number, Group>();
  d.racks.forEach((r, i) => {
    const g: Group = { label: r.name, kind: 'rack', devices: [] };
    rackGroups.set(i, g);
    (out[r.site] ?? unplaced).groups.push(g);
  });
  for (let i = 0; i < d.ids.length; i++) {
    const rack = d.rack[i]!;
    const g = rack >= 0 ? rackGroups.get(rack) : undefined;
    if (g) {
      g.devices.push(i);
      continue;
    }
    const site = d.site[i]!;
    let l = loose.get(site);
    if (!l) {
      l = { label: 'not in a rack', kind: 'loose', devices: [] };
      loose.set(site, l);
      (out[site] ?? unplaced).groups.push(l);
    }
    l.devices.push(i);
  }
  return [...out, unplaced].map((s) => ({ ...s, groups: s.groups.filter((g) => g.devices.length > 0) })).filter((s) => s.groups.length > 0);
}

function place(secs: Section[], count: number, width: number, size: number, withPos: boolean): TileLayout {
  const gap = size >= 10 ? 2 : 1;
  const step = size + gap;
  const labelH = size >= 12 ? 13 : 0;
  const pos = withPos ? new Int32Array(count * 2).fill(-1) : new Int32Array(0);
  const labels: TileLayout['labels'] = [];
  let y = 0;
  for (const sec of secs) {
    labels.push({ text: sec.title, x: 0, y: y + 15, kind: 'site' });
    y += SITE_HEADER;
    let x = 0;
    let rowH = 0;
    for (const g of sec.groups) {
      const cols = g.kind === 'rack' ? Math.min(RACK_COLS, g.devices.length) : Math.max(1, Math.min(Math.floor((width - BLOCK_PAD) / step), Math.ceil(Math.sqrt(g.devices.length * 3))));
      const rows = Math.ceil(g.devices.length / cols);
      const w = Math.max(cols * step, labelH ? Math.min(g.label.length * 6, 80) : 0) + BLOCK_PAD;
      const h = labelH + rows * step + BLOCK_PAD;
      if (x > 0 && x + w > width) {
        x = 0;
        y += rowH;
        rowH = 0;
      }
      if (labelH) labels.push({ text: g.label, x, y: y + 10, kind: 'rack' });
      if (withPos) {
        g.devices.forEach((dev, k) => {
          pos[dev * 2] = x + (k % cols) * step;
          pos[dev * 2 + 1] = y + labelH + Math.floor(k / cols) * step;
        });
      }
      x += w;
      rowH = Math.max(rowH, h);
    }
    y += rowH + 4;
  }
  return { size, gap, pos, labels, height: y, fits: false };
}

/** The biggest tiles that fit width × height (the smallest size if nothing fits: it scrolls). */
export function layoutTiles(d: WallLayoutData, width: number, height: number): TileLayout {
  const secs = sections(d);
  let chosen = SIZES[SIZES.length - 1]!;
  for (const size of SIZES) {
    if (place(secs, d.ids.length, width, size, false).height <= height) {
      chosen = size;
      break;
    }
  }
  const out = place(secs, d.ids.length, width, chosen, true);
  out.fits = out.height <= height;
  return out;
}

/** The device under a point, or -1. */
export function hitTest(layout: TileLayout, x: number, y: number): number {
  const n = layout.pos.length / 2;
  for (let i = 0; i < n; i++) {
    const tx = layout.pos[i * 2]!;
    if (tx < 0 || x < tx || x >= tx + layout.size) continue;
    const ty = layout.pos[i * 2 + 1]!;
    if (y >= ty && y < ty + layout.size) return i;
  }
  return -1;
}
