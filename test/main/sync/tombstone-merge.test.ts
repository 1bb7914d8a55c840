// The delete/edit rule of the merge on its own (no database): a row deleted on one side and
// edited on the other is held as one conflict that keeps both sides, in either order and
// whichever HLC is later; both sides deleting is no conflict; a restore made after seeing the
// delete merges as usual.
import { describe, expect, it } from 'vitest';
import { guardedGroups } from '../../../src-main/sync/guarded';
import { DELETE_EDIT, mergeChange, type ServerRow } from '../../../src-main/sync/merge';

const h = (ms: number, node = 'a') => `${String(ms).padStart(15, '0')}-0000-${node}`;
const devices = guardedGroups('devices');

function server(values: Record<string, unknown>, fieldRev: Record<string, number>, fieldHlc: Record<string, string>, rev = 10): ServerRow {
  return { values: { deleted: 0, ...values }, rev, updatedAt: h(100), fieldHlc, fieldRev, changedBy: 'alice' };
}

describe('mergeChange: delete against edit', () => {
  const tombstone = server({ deleted: 1, notes: 'old', status: 'available' }, { deleted: 9 }, { deleted: h(100) });

  it.each([['earlier', h(50)], ['later', h(500)]])('holds an edit of a row deleted on the server (edit HLC %s) as one conflict, applying nothing', (_label, hlc) => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { notes: { value: 'B: new PSU', hlc }, status: { value: 'faulty', hlc } }, baseRev: 5, local: null }, devices);
    expect(d.action).toBe('none');
    expect(d.set).toEqual({});
    expect(d.conflicts).toEqual([{
      group: DELETE_EDIT, columns: ['deleted', 'notes', 'status'],
      serverValue: { deleted: 1, notes: 'old', status: 'available' }, serverHlc: h(100), serverBy: 'alice',
      incomingValue: { deleted: 0, notes: 'B: new PSU', status: 'faulty' }, incomingHlc: hlc,
    }]);
  });

  it.each([['earlier', h(50)], ['later', h(500)]])('holds a delete of a row edited on the server since the deleter\'s base (delete HLC %s): the row stays alive', (_label, hlc) => {
    const edited = server({ notes: 'A: new PSU', os: 'Debian' }, { notes: 9 }, { notes: h(100) });
    const d = mergeChange(edited, { id: 'x', insert: false, fields: { deleted: { value: 1, hlc } }, baseRev: 5, local: { notes: 'old', os: 'Debian' } }, devices);
    expect(d.action).toBe('none');
    expect(d.conflicts).toEqual([{
      group: DELETE_EDIT, columns: ['deleted', 'notes'],
      serverValue: { deleted: 0, notes: 'A: new PSU' }, serverHlc: h(100), serverBy: 'alice',
      incomingValue: { deleted: 1, notes: 'old' }, incomingHlc: hlc,
    }]);
  });

  it('deletes as usual when the server changed nothing since the deleter\'s base', () => {
    const s = server({ notes: 'x' }, { notes: 5 }, { notes: h(100) });
    const d = mergeChange(s, { id: 'x', insert: false, fields: { deleted: { value: 1, hlc: h(200) } }, baseRev: 5, local: null }, devices);
    expect(d).toMatchObject({ action: 'update', set: { deleted: 1 }, conflicts: [] });
  });

  it('is no conflict when both sides deleted', () => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { deleted: { value: 1, hlc: h(300) } }, baseRev: 5, local: null }, devices);
    expect(d.conflicts).toEqual([]);
    expect(d.action).toBe('none');
  });

  it('is no conflict when the edit leaves the tombstone as it is', () => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { notes: { value: 'old', hlc: h(300) } }, baseRev: 5, local: null }, devices);
    expect(d).toMatchObject({ action: 'none', conflicts: [] });
  });

  it('merges a restore made after the delete was seen (a person\'s "restore it"), edit included', () => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { deleted: { value: 0, hlc: h(400) }, notes: { value: 'B: new PSU', hlc: h(401) } }, baseRev: 9, local: null }, devices);
    expect(d).toMatchObject({ action: 'update', set: { deleted: 0, notes: 'B: new PSU' }, conflicts: [] });
  });

  it('holds a restore that raced the delete (not seen) like an edit', () => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { deleted: { value: 0, hlc: h(400) } }, baseRev: 5, local: null }, devices);
    expect(d.action).toBe('none');
    expect(d.conflicts[0]).toMatchObject({ group: DELETE_EDIT, columns: ['deleted'], serverValue: { deleted: 1 }, incomingValue: { deleted: 0 } });
  });

  it('takes the delete/edit conflict instead of a guarded-field conflict on the same row', () => {
    const d = mergeChange(tombstone, { id: 'x', insert: false, fields: { status: { value: 'faulty', hlc: h(400) } }, baseRev: 5, local: null }, devices);
    expect(d.conflicts.map((c) => c.group)).toEqual([DELETE_EDIT]);
  });
});
