import { describe, expect, it } from 'vitest';
import { layoutElevation, type ElevationDevice } from '../../src-renderer/lib/elevation-layout';

let n = 0;
function dev(p: Partial<ElevationDevice>): ElevationDevice {
  n++;
  return { id: `d${n}`, name: `dev${n}`, type: 'server', status: 'available', position: 1, heightU: 1, face: 'front', width: 'full', fullDepth: true, ...p };
}

describe('layoutElevation', () => {
  it('puts the top unit in the first row and spans multi-U devices', () => {
    const big = dev({ position: 10, heightU: 2 });
    const l = layoutElevation(42, [big]);
    const b = l.front.blocks[0]!;
    expect(b).toMatchObject({ bottomU: 10, topU: 11, row: 32, rowSpan: 2, col: 1, colSpan: 2, through: false });
    expect(l.usedU).toBe(2);
  });

  it('draws a half-width pair side by side in one unit, mirrored from the rear', () => {
    const left = dev({ position: 20, width: 'left' });
    const right = dev({ position: 20, width: 'right' });
    const l = layoutElevation(42, [right, left]);
    const front = l.front.blocks.filter((b) => b.bottomU === 20);
    expect(front.map((b) => [b.device.id, b.col, b.colSpan, b.row])).toEqual(
      expect.arrayContaining([[left.id, 1, 1, 23], [right.id, 2, 1, 23]]),
    );
    // Seen from the rear through the rack, left and right swap.
    const rear = l.rear.blocks.filter((b) => b.bottomU === 20);
    expect(rear.find((b) => b.device.id === left.id)).toMatchObject({ col: 2, half: 'right', through: true });
    expect(rear.find((b) => b.device.id === right.id)).toMatchObject({ col: 1, half: 'left', through: true });
    expect(l.front.free.some((f) => f.u === 20)).toBe(false);
    expect(l.usedU).toBe(1);
    expect(l.problems).toEqual([]);
  });

  it('leaves the other half free when only one half is used', () => {
    const l = layoutElevation(10, [dev({ position: 5, width: 'left' })]);
    expect(l.front.free.find((f) => f.u === 5)).toMatchObject({ half: 'right', col: 2, colSpan: 1 });
    expect(l.rear.free.find((f) => f.u === 5)).toMatchObject({ half: 'left', col: 1 });
  });

  it('shows a shallow device on its own face only', () => {
    const pp = dev({ position: 40, face: 'rear', fullDepth: false, type: 'patch_panel' });
    const l = layoutElevation(42, [pp]);
    expect(l.rear.blocks).toHaveLength(1);
    expect(l.front.blocks).toHaveLength(0);
    expect(l.front.free.find((f) => f.u === 40)).toMatchObject({ half: 'full' });
    expect(l.rear.free.find((f) => f.u === 40)).toBeUndefined();
  });

  it('lists every unit that is free, top first', () => {
    const l = layoutElevation(4, [dev({ position: 2, heightU: 2 })]);
    expect(l.front.free.map((f) => [f.u, f.row])).toEqual([[4, 1], [1, 4]]);
  });

  it('ignores unplaced (0U) devices and reports ones that do not fit', () => {
    const pdu = dev({ position: null, heightU: 0, type: 'pdu' });
    const tall = dev({ position: 41, heightU: 4 });
    const l = layoutElevation(42, [pdu, tall]);
    expect(l.front.blocks).toHaveLength(0);
    expect(l.problems).toHaveLength(1);
    expect(l.problems[0]).toContain(tall.name);
  });

  it('reports overlapping devices instead of hiding one', () => {
    const a = dev({ position: 3 });
    const b = dev({ position: 3, width: 'left' });
    const l = layoutElevation(10, [a, b]);
    expect(l.problems.length).toBeGreaterThan(0);
    expect(l.front.blocks).toHaveLength(2);
  });
});
