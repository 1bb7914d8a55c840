import { describe, expect, it } from 'vitest';
import { isSearchHotkey } from '../../src-renderer/lib/hotkeys';
import { formatDateTime, hlcTime, unitsLabel } from '../../src-renderer/lib/format';
import { nextConnection } from '../../src-renderer/stores/session-slice';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('search hotkey', () => {
  it('is Ctrl+K or Cmd+K, nothing else', () => {
    expect(isSearchHotkey(key('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchHotkey(key('K', { metaKey: true }))).toBe(true);
    expect(isSearchHotkey(key('k'))).toBe(false);
    expect(isSearchHotkey(key('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSearchHotkey(key('j', { ctrlKey: true }))).toBe(false);
  });
});

describe('connection status', () => {
  it('is offline when never reached, reconnecting after a loss, online when open', () => {
    expect(nextConnection('connecting', 'closed')).toBe('offline');
    expect(nextConnection('offline', 'open')).toBe('online');
    expect(nextConnection('online', 'closed')).toBe('reconnecting');
    expect(nextConnection('reconnecting', 'closed')).toBe('reconnecting');
    expect(nextConnection('reconnecting', 'open')).toBe('online');
  });
});

describe('formats', () => {
  it('labels units, spans and halves', () => {
    expect(unitsLabel({ position: 12, heightU: 1, width: 'full' })).toBe('U12');
    expect(unitsLabel({ position: 12, heightU: 2, width: 'full' })).toBe('U12–U13');
    expect(unitsLabel({ position: 20, heightU: 1, width: 'right' })).toBe('U20 R');
    expect(unitsLabel({ position: null, heightU: 0, width: 'full' })).toBe('—');
  });

  it('reads the wall time of a clock stamp', () => {
    const d = hlcTime('001763769062000-0000-abcdef');
    expect(d?.getTime()).toBe(1763769062000);
    expect(hlcTime('garbage')).toBeNull();
    expect(formatDateTime(new Date(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02 03:04:05');
  });
});
