// Ctrl+K (Cmd+K on a Mac) opens the search from anywhere, even inside an input.
import { useEffect } from 'react';
import { isSearchHotkey } from '../../lib/hotkeys';
import { nocStore } from '../../stores';

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
