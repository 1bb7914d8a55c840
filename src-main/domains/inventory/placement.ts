// Rack placement rules: a device occupies units [position, position + heightU - 1] on
// its face (both faces when full depth) and its width (both halves when full width).
// Two half-width devices may share a unit side by side.
import type { Device, Rack } from '../../../shared/types';

export type Placement = Pick<Device, 'position' | 'heightU' | 'face' | 'width' | 'fullDepth'> & { name?: string };

function facesOverlap(a: Placement, b: Placement): boolean {
  return a.fullDepth || b.fullDepth || a.face === b.face;
}

function widthsOverlap(a: Placement, b: Placement): boolean {
  return a.width === 'full' || b.width === 'full' || a.width === b.width;
}

function unitsOverlap(a: Placement, b: Placement): boolean {
  if (a.position === null || b.position === null) return false;
  const aTop = a.position + Math.max(a.heightU, 1) - 1;
  const bTop = b.position + Math.max(b.heightU, 1) - 1;
  return a.position <= bTop && b.position <= aTop;
}

/** Null when the device fits, otherwise why it does not. */
export function placementError(rack: Rack, candidate: Placement, others: readonly (Placement & { name: string })[]): string | null {
  if (candidate.position === null) return null;
  const top = candidate.position + Math.max(candidate.heightU, 1) - 1;
  if (top > rack.heightU) {
    return `A ${candidate.heightU}U device at U${candidate.position} would reach U${top}, past the top of rack ${rack.name} (${rack.heightU}U).`;
  }
  for (const other of others) {
    if (unitsOverlap(candidate, other) && facesOverlap(candidate, other) && widthsOverlap(candidate, other)) {
      const where = other.heightU > 1 ? `U${other.position}–U${other.position! + other.heightU - 1}` : `U${other.position}`;
      return `${other.name} already occupies ${where} (${other.fullDepth ? 'full depth' : other.face}, ${other.width === 'full' ? 'full width' : `${other.width} half`}) in rack ${rack.name}.`;
    }
  }
  return null;
}
