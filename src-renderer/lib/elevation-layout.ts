// Rack elevation layout: which grid cells each device takes on the front and the rear.
// Pure, so the drawing is a dumb map of cells and the rules are unit-tested.
//
// Grid of one face: rows are units, top row = top unit (U heightU), bottom row = U1;
// two columns, the left and right halves of the unit as seen from that face.
// Rules (same as the core's placement check, src-main/domains/inventory/placement.ts):
//  - a device takes units position .. position + max(heightU, 1) - 1;
//  - a full-depth device takes both faces; otherwise only its own face;
//  - a full-width device takes both halves; a half-width one ('left' / 'right') one half,
//    named as seen from the face it is mounted on. Seen through the rack from the other
//    face (full depth), left and right swap.
import type { DeviceStatus, DeviceType, DeviceWidth, RackFace } from '../../shared/choices';

export interface ElevationDevice {
  id: string;
  name: string;
  type: DeviceType;
  status: DeviceStatus;
  position: number | null;
  heightU: number;
  face: RackFace;
  width: DeviceWidth;
  fullDepth: boolean;
}

export type Half = 'full' | 'left' | 'right';

export interface Cell {
  /** Grid row (1 = top unit) and span, grid column (1 = left half) and span. */
  row: number;
  rowSpan: number;
  col: 1 | 2;
  colSpan: 1 | 2;
}

export interface DeviceBlock extends Cell {
  device: ElevationDevice;
  face: RackFace;
  half: Half;
  bottomU: number;
  topU: number;
  /** The back of a full-depth device mounted on the other face. */
  through: boolean;
}

export interface FreeCell extends Cell {
  face: RackFace;
  u: number;
  half: Half;
}

export interface FaceLayout {
  face: RackFace;
  blocks: DeviceBlock[];
  free: FreeCell[];
}

export interface ElevationLayout {
  heightU: number;
  front: FaceLayout;
  rear: FaceLayout;
  /** Units with anything in them, on either face. */
  usedU: number;
  /** Devices that could not be drawn where they say they are (overlap, past the top). */
  problems: string[];
}

const other = (face: RackFace): RackFace => (face === 'front' ? 'rear' : 'front');
const mirror = (w: DeviceWidth): Half => (w === 'left' ? 'right' : w === 'right' ? 'left' : 'full');

/** The grid cell of units bottomU..topU in a rack of heightU, for a half. */
export function cellOf(heightU: number, bottomU: number, topU: number, half: Half): Cell {
  return {
    row: heightU - topU + 1,
    rowSpan: topU - bottomU + 1,
    col: half === 'right' ? 2 : 1,
    colSpan: half === 'full' ? 2 : 1,
  };
}

export function layoutElevation(heightU: number, devices: readonly ElevationDevice[]): ElevationLayout {
  const faces: Record<RackFace, FaceLayout> = { front: { face: 'front', blocks: [], free: [] }, rear: { face: 'rear', blocks: [], free: [] } };
  // occupancy[face][u] = [left owner, right owner]
  const occ: Record<RackFace, Array<[string | null, string | null]>> = {
    front: Array.from({ length: heightU + 1 }, () => [null, null]),
    rear: Array.from({ length: heightU + 1 }, () => [null, null]),
  };
  const problems: string[] = [];
  const used = new Set<number>();

  const sorted = [...devices].filter((d) => d.position !== null).sort((a, b) => (a.position! - b.position!) || a.name.localeCompare(b.name));
  for (const d of sorted) {
    const bottomU = d.position!;
    const topU = bottomU + Math.max(d.heightU, 1) - 1;
    if (bottomU < 1 || topU > heightU) {
      problems.push(`${d.name} at U${bottomU}–U${topU} does not fit a ${heightU}U rack.`);
      continue;
    }
    const views: Array<{ face: RackFace; half: Half; through: boolean }> = [{ face: d.face, half: d.width, through: false }];
    if (d.fullDepth) views.push({ face: other(d.face), half: mirror(d.width), through: true });
    for (const v of views) {
      const sides = v.half === 'full' ? [0, 1] : v.half === 'left' ? [0] : [1];
      for (let u = bottomU; u <= topU; u++) {
        const slot = occ[v.face][u]!;
        for (const s of sides) {
          const owner = slot[s];
          if (owner !== null && owner !== d.id) problems.push(`${d.name} overlaps another device at U${u} (${v.face}).`);
          slot[s] = d.id;
        }
        used.add(u);
      }
      faces[v.face].blocks.push({ device: d, face: v.face, half: v.half, bottomU, topU, through: v.through, ...cellOf(heightU, bottomU, topU, v.half) });
    }
  }

  for (const face of ['front', 'rear'] as const) {
    for (let u = heightU; u >= 1; u--) {
      const [l, r] = occ[face][u]!;
      if (l === null && r === null) faces[face].free.push({ face, u, half: 'full', ...cellOf(heightU, u, u, 'full') });
      else if (l === null) faces[face].free.push({ face, u, half: 'left', ...cellOf(heightU, u, u, 'left') });
      else if (r === null) faces[face].free.push({ face, u, half: 'right', ...cellOf(heightU, u, u, 'right') });
    }
  }

  return { heightU, front: faces.front, rear: faces.rear, usedU: used.size, problems: [...new Set(problems)] };
}
