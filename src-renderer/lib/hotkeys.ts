// Keyboard shortcuts, as pure predicates.

/** Ctrl+K, or Cmd+K on a Mac: the search dialog. */
export function isSearchHotkey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}
