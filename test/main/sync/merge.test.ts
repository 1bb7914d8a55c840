// The field-level merge rules on their own (no database): later HLC wins per ordinary field,
// guarded groups changed concurrently become conflicts keeping both values.
import { describe, expect, it } from 'vitest';
import { guardedGroups } from '../../../src-main/sync/guarded';
import { mergeChange, type ServerRow } from '../../../src-main/sync/merge';

const h = (ms: number, node = 'a') => `${String(ms).padStart(15, '0')}-0000-${node}`;

function server(values: Record<string, unknown>, fieldRev: Record<string, number> = {}, fieldHlc: Record<string, string> = {}): ServerRow {
  return { values, rev: 10, updatedAt: h(100), fieldHlc, fieldRev, changedBy: 'alice' };
}

const devices = guardedGroups('devices');

describe('mergeChange', () => {
  it('inserts a new row with every field stamped by its HLC', () => {
    const d = mergeChange(null, { id: 'x', insert: true, fields: { name: { value: 'n', hlc: h(5) }, status: { value: 'staging', hlc: h(5) } }, baseRev: 0, local: null }, devices);
    expect(d).toMatchObject({ action: 'insert', set: { name: 'n', status: 'staging' }, fieldHlc: { name: h(5), status: h(5) }, updatedAt: h(5) });
  });

  it('reports an update of a row the server does not have as missing', () => {
    expect(mergeChange(null, { id: 'x', insert: false, fields: { notes: { value: 'n', hlc: h(5) } }, baseRev: 3, local: null }, devices).action).toBe('missing');
  });

  it('lets the later write win per ordinary field, and keeps the other fields of the same change', () => {
    const s = server({ notes: 'server', os: 'Debian' }, { notes: 9 }, { notes: h(200), os: h(50) });
    const d = mergeChange(s, { id: 'x', insert: false, fields: { notes: { value: 'mine', hlc: h(150) }, os: { value: 'Ubuntu', hlc: h(150) } }, baseRev: 5, local: null }, devices);
    expect(d.set).toEqual({ os: 'Ubuntu' });
    expect(d.lost).toEqual(['notes']);
    expect(d.updatedAt).toBe(h(150));
    expect(d.conflicts).toEqual([]);
  });

  it('records a conflict for a guarded field changed on both sides, and applies nothing of it', () => {
    const s = server({ status: 'maintenance' }, { status: 9 }, { status: h(100) });
    const d = mergeChange(s, { id: 'x', insert: false, fields: { status: { value: 'faulty', hlc: h(300) } }, baseRev: 5, local: { status: 'faulty' } }, devices);
    expect(d.action).toBe('none');
    expect(d.conflicts).toEqual([{ group: 'status', columns: ['status'], serverValue: { status: 'maintenance' }, serverHlc: h(100), serverBy: 'alice', incomingValue: { status: 'faulty' }, incomingHlc: h(300) }]);
  });

  it('does not call it a conflict when the client had seen the server change, or both agree', () => {
    const s = server({ status: 'maintenance' }, { status: 9 }, { status: h(100) });
    expect(mergeChange(s, { id: 'x', insert: false, fields: { status: { value: 'faulty', hlc: h(300) } }, baseRev: 9, local: null }, devices)).toMatchObject({ action: 'update', set: { status: 'faulty' }, conflicts: [] });
    expect(mergeChange(s, { id: 'x', insert: false, fields: { status: { value: 'maintenance', hlc: h(300) } }, baseRev: 5, local: null }, devices)).toMatchObject({ action: 'none', conflicts: [] });
  });

  it('treats the rack position as one group: a U moved here and a rack moved there conflict', () => {
    const s = server({ rack_id: 'r2', position: 10, face: 'front', width: 'full' }, { rack_id: 9 }, { rack_id: h(100) });
    const d = mergeChange(s, { id: 'x', insert: false, fields: { position: { value: 30, hlc: h(200) } }, baseRev: 5, local: { rack_id: 'r1', position: 30, face: 'front', width: 'full' } }, devices);
    expect(d.conflicts).toHaveLength(1);
    expect(d.conflicts[0]).toMatchObject({ group: 'rack position', serverValue: { rack_id: 'r2', position: 10 }, incomingValue: { rack_id: 'r1', position: 30 } });
    expect(d.set).toEqual({});
  });
});
