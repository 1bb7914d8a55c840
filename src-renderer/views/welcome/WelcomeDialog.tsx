// First start on an empty store: offer the demo lab, marked as demo, or an empty start.
import { Button, Callout, Dialog, DialogBody, DialogFooter, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { nocStore, useNoc, useShallow } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';

export function WelcomeDialog() {
  const { empty, dismissed, isAdmin } = useNoc(useShallow((s) => ({ empty: s.info?.demo.empty ?? false, dismissed: s.welcomeDismissed, isAdmin: s.actor?.role === 'admin' })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Remembered in the store (an admin's choice): a later `npm start` will not load the lab either. */
  async function startEmpty() {
    nocStore.getState().dismissWelcome();
    if (isAdmin) await api.system.declineDemo.mutate().catch(() => undefined);
  }

  async function load() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.system.loadDemo.mutate();
      toast({ intent: 'success', icon: 'lab-test', message: `Demo lab loaded: ${r.sites} sites, ${r.racks} racks, ${r.devices} devices.` });
      nocStore.getState().dismissWelcome();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      void nocStore.getState().loadInfo();
    }
  }

  return (
    <Dialog isOpen={empty && !dismissed} title="Welcome to Aedify NOC" icon="office" onClose={() => nocStore.getState().dismissWelcome()}>
      <DialogBody>
        <p>This store is empty: no sites, racks or devices yet.</p>
        <p>
          To look around first, load the <Tag minimal intent="warning" icon="lab-test">DEMO</Tag> lab: 2 sites, 24 racks and about 900 servers,
          switches and VMs in varied states. Every demo object is marked as demo and can be removed in one step from the settings menu.
        </p>
        {!isAdmin && <Callout intent="warning" compact>Only an administrator can load the demo lab.</Callout>}
        {error && <Callout intent="danger" compact>{error}</Callout>}
      </DialogBody>
      <DialogFooter actions={<>
        <Button text="Start with an empty store" data-testid="welcome-start-empty" onClick={() => void startEmpty()} />
        <Button intent="warning" icon="lab-test" text="Load the demo lab" loading={busy} disabled={!isAdmin} data-testid="welcome-load-demo" onClick={() => void load()} />
      </>} />
    </Dialog>
  );
}
