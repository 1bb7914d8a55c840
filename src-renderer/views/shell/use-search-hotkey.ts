// Ctrl+K (Cmd+K on a Mac) opens the search from anywhere, even inside an input.
import { useEffect } from 'react';
import { nocStore } from '../../stores';

export function isSearchHotkey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

export function useSearchHotkey(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchHotkey(e)) return;
      e.preventDefault(); // the browser's own Ctrl+K (search bar) would take it
      nocStore.getState().setSearchOpen(true);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
