import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, sanitizeColumns, toggleColumn } from '../../src-renderer/lib/columns';

describe('column choice', () => {
  it('falls back to the defaults for anything that is not a list', () => {
    expect(sanitizeColumns('nope')).toEqual(DEFAULT_COLUMNS);
    expect(sanitizeColumns(undefined)).toEqual(DEFAULT_COLUMNS);
  });

  it('drops unknown keys and repeats, keeps table order and the name column', () => {
    expect(sanitizeColumns(['serial', 'bogus', 'status', 'serial'])).toEqual(['name', 'status', 'serial']);
  });

  it('toggles a column but never the name', () => {
    expect(toggleColumn(['name', 'status'], 'serial')).toEqual(['name', 'status', 'serial']);
    expect(toggleColumn(['name', 'status', 'serial'], 'status')).toEqual(['name', 'serial']);
    expect(toggleColumn(['name', 'status'], 'name')).toEqual(['name', 'status']);
  });
});
