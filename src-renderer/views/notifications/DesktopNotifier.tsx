// Desktop notifications where the host supports them (the renderer's Notification API, in
// Electron and in browsers): each new message for this reader pops up; clicking focuses the
// app. Asks for permission once, on the first message, never on load.
import { useEffect } from 'react';
import { api } from '../../trpc';

export function DesktopNotifier() {
  useEffect(() => {
    if (typeof Notification === 'undefined') return undefined;
    const sub = api.notifications.live.subscribe(undefined, {
      onData: (m) => {
        const show = () => {
          const n = new Notification(m.title, { body: m.body.slice(0, 200), tag: m.id });
          n.onclick = () => window.focus();
        };
        if (Notification.permission === 'granted') show();
        else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
      },
    });
    return () => sub.unsubscribe();
  }, []);
  return null;
}
