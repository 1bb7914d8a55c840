// The frame around every view: top bar, left navigation, the view, the status bar,
// and what floats above (device drawer, Ctrl+K search, first-start offer).
import { useEffect, useMemo } from 'react';
import { api } from '../../trpc';
import { apiPortOf } from '../../stores/api-port';
import { nocStore, useNoc } from '../../stores';
import { DeviceDrawer } from '../device/DeviceDrawer';
import { InventoryView } from '../inventory/InventoryView';
import { RacksView } from '../racks/RacksView';
import { SearchDialog } from '../search/SearchDialog';
import { WelcomeDialog } from '../welcome/WelcomeDialog';
import { NavSidebar } from './NavSidebar';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useLiveUpdates } from './use-live-updates';
import { useSearchHotkey } from './use-search-hotkey';

export function AppShell({ loginRequired }: { loginRequired: boolean }) {
  const view = useNoc((s) => s.view);
  const port = useMemo(() => apiPortOf(api), []);
  useLiveUpdates(nocStore, port);
  useSearchHotkey();

  useEffect(() => {
    const s = nocStore.getState();
    void s.loadInfo();
    void s.loadCounts();
    void s.loadRackTree();
  }, []);

  return (
    <div className="noc-app" data-testid="app-shell">
      <TopBar loginRequired={loginRequired} />
      <div className="noc-body-row">
        <NavSidebar />
        <main className="noc-main">
          {view === 'inventory' && <InventoryView />}
          {view === 'racks' && <RacksView />}
        </main>
      </div>
      <StatusBar />
      <DeviceDrawer />
      <SearchDialog />
      <WelcomeDialog />
    </div>
  );
}
