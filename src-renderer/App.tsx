// The gate: find out who is here, show the login page if the host wants one, else the app.
import { Button, Classes, NonIdealState, Spinner } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import { fetchSession, type SessionInfo } from './session';
import { nocStore, useNoc } from './stores';
import { LoginPage } from './views/login/LoginPage';
import { AppShell } from './views/shell/AppShell';
import { CustomerPortal } from './views/portal/CustomerPortal';

type Gate = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; session: SessionInfo };

export function App() {
  const theme = useNoc((s) => s.theme);
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });

  // Portals (drawer, dialogs, toasts) live under <body>, so the theme class goes there.
  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, theme === 'dark');
    document.body.dataset.theme = theme;
  }, [theme]);

  const load = useCallback(() => {
    setGate({ kind: 'loading' });
    fetchSession().then(
      (session) => {
        nocStore.getState().setActor(session.actor);
        setGate({ kind: 'ready', session });
      },
      (err: unknown) => setGate({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  }, []);
  useEffect(load, [load]);

  if (gate.kind === 'loading') return <div className="noc-center"><Spinner size={32} /></div>;
  if (gate.kind === 'error') {
    return (
      <div className="noc-center">
        <NonIdealState icon="offline" title="Cannot reach the Aedify NOC server" description={gate.message} action={<Button icon="refresh" text="Try again" onClick={load} />} />
      </div>
    );
  }
  if (!gate.session.actor) {
    if (gate.session.loginRequired) return <LoginPage />;
    return <div className="noc-center"><NonIdealState icon="lock" title="No user" description="The server did not say who you are." /></div>;
  }
  if (gate.session.actor.role === 'customer') return <CustomerPortal />;
  return <AppShell loginRequired={gate.session.loginRequired} />;
}
