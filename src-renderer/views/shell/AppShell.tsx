// The frame around every view: top bar, left navigation, the view, the status bar,
// and what floats above (device drawer, Ctrl+K search, first-start offer).
import { useEffect, useMemo } from 'react';
import { api } from '../../trpc';
import { apiPortOf } from '../../stores/api-port';
import { nocStore, useNoc } from '../../stores';
import { DeviceDrawer } from '../device/DeviceDrawer';
import { InventoryView } from '../inventory/InventoryView';
import { RacksView } from '../racks/RacksView';
import { IpamView } from '../ipam/IpamView';
import { SearchDialog } from '../search/SearchDialog';
import { WelcomeDialog } from '../welcome/WelcomeDialog';
import { CustomersView } from '../customers/CustomersView';
import { TicketsView } from '../tickets/TicketsView';
import { StagingView } from '../staging/StagingView';
import { MessagesView } from '../notifications/MessagesView';
import { DesktopNotifier } from '../notifications/DesktopNotifier';
import { WalksView } from '../walks/WalksView';
import { SyncView } from '../sync/SyncView';
import { AdminView } from '../admin/AdminView';
import { isKiosk, WallView } from '../wall/WallView';
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

  if (isKiosk()) return <WallView kiosk />;
  return (
    <div className="noc-app" data-testid="app-shell">
      <TopBar loginRequired={loginRequired} />
      <div className="noc-body-row">
        <NavSidebar />
        <main className="noc-main">
          {view === 'inventory' && <InventoryView />}
          {view === 'racks' && <RacksView />}
          {view === 'ipam' && <IpamView />}
          {view === 'customers' && <CustomersView />}
          {view === 'tickets' && <TicketsView />}
          {view === 'staging' && <StagingView />}
          {view === 'messages' && <MessagesView />}
          {view === 'walks' && <WalksView />}
          {view === 'sync' && <SyncView />}
          {view === 'admin' && <AdminView />}
          {view === 'wall' && <WallView onExit={() => nocStore.getState().setView('inventory')} />}
        </main>
      </div>
      <StatusBar />
      <DeviceDrawer />
      <SearchDialog />
      <WelcomeDialog />
      <DesktopNotifier />
    </div>
  );
}
