// Settings: theme, the demo lab (load / remove with confirmation), log out.
import { Alert, Button, Menu, MenuDivider, MenuItem, Popover, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { logout } from '../../session';
import { nocStore, useNoc, useShallow } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';

export function SettingsMenu({ loginRequired }: { loginRequired: boolean }) {
  const { theme, toggleTheme, demo, role } = useNoc(useShallow((s) => ({ theme: s.theme, toggleTheme: s.toggleTheme, demo: s.info?.demo ?? null, role: s.actor?.role })));
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const isAdmin = role === 'admin';

  async function loadDemo() {
    setBusy(true);
    try {
      const r = await api.system.loadDemo.mutate();
      toast({ intent: 'success', icon: 'lab-test', message: `Demo lab loaded: ${r.sites} sites, ${r.racks} racks, ${r.devices} devices.` });
    } catch (err) {
      toast({ intent: 'danger', message: `Loading the demo lab failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
      void nocStore.getState().loadInfo();
    }
  }

  async function removeDemo() {
    setBusy(true);
    try {
      const r = await api.system.removeDemo.mutate();
      nocStore.getState().closeDevice();
      toast({ intent: 'success', icon: 'trash', message: `Demo data removed (${r.removed} objects).` });
    } catch (err) {
      toast({ intent: 'danger', message: `Removing the demo data failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
      setConfirmRemove(false);
      void nocStore.getState().loadInfo();
    }
  }

  const menu = (
    <Menu data-testid="settings-menu">
      <MenuItem icon={theme === 'dark' ? 'flash' : 'moon'} text={theme === 'dark' ? 'Light theme' : 'Dark theme'} data-testid="theme-toggle" onClick={toggleTheme} />
      <MenuDivider title="Demo lab" />
      {demo?.loaded ? (
        <MenuItem icon="trash" intent="danger" text="Remove demo data…" data-testid="demo-remove" disabled={!isAdmin || busy} title={isAdmin ? undefined : 'Only an administrator can remove the demo lab.'} onClick={() => setConfirmRemove(true)} />
      ) : (
        <MenuItem icon="lab-test" text="Load the demo lab" data-testid="demo-load" disabled={!isAdmin || busy || !demo?.empty}
          title={!isAdmin ? 'Only an administrator can load the demo lab.' : demo?.empty ? undefined : 'The demo lab loads only into an empty store.'}
          onClick={() => void loadDemo()} />
      )}
      {loginRequired && (
        <>
          <MenuDivider />
          <MenuItem icon="log-out" text="Log out" onClick={() => void logout()} />
        </>
      )}
    </Menu>
  );

  return (
    <>
      <Popover content={menu} placement="bottom-end">
        <Button variant="minimal" icon="cog" data-testid="settings-button" aria-label="Settings" />
      </Popover>
      <Alert
        isOpen={confirmRemove}
        intent="danger"
        icon="trash"
        confirmButtonText="Remove demo data"
        cancelButtonText="Keep it"
        loading={busy}
        canEscapeKeyCancel
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => void removeDemo()}
        aria-labelledby="noc-demo-remove-title"
      >
        <p><span id="noc-demo-remove-title">Remove the demo lab?</span> This deletes every object marked <Tag minimal intent="warning">DEMO</Tag> — {demo?.demoDevices ?? 0} devices with their racks, rooms and sites. Your own data is not touched.</p>
        <p>Each removal is recorded in the audit history.</p>
      </Alert>
    </>
  );
}
