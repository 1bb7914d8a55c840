import { describe, expect, it } from 'vitest';
import { changedFields, formatValue } from '../../src-renderer/lib/audit-diff';

describe('changedFields', () => {
  it('lists the fields that changed, without bookkeeping', () => {
    const before = { id: 'a', updatedAt: '1', status: 'available', name: 'x', specs: { cpu: 'A' } };
    const after = { id: 'a', updatedAt: '2', status: 'faulty', name: 'x', specs: { cpu: 'B' } };
    expect(changedFields({ before, after })).toEqual([
      { field: 'status', before: 'available', after: 'faulty' },
      { field: 'specs', before: '{"cpu":"A"}', after: '{"cpu":"B"}' },
    ]);
  });

  it('lists what a creation set, skipping empty fields', () => {
    expect(changedFields({ before: null, after: { id: 'a', name: 'x', serial: '', rackId: null } })).toEqual([{ field: 'name', before: '', after: 'x' }]);
  });

  it('lists nothing for a deletion', () => {
    expect(changedFields({ before: { name: 'x' }, after: null })).toEqual([]);
  });

  it('formats empty values as a dash', () => {
    expect([formatValue(null), formatValue(''), formatValue(3), formatValue(true)]).toEqual(['—', '—', '3', 'true']);
  });
});
