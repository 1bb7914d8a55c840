// Left navigation: one entry per area, the wall first (it is what a NOC looks at).
import { Button, type IconName } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import type { View } from '../../stores/ui-slice';

const AREAS: Array<{ view: View; label: string; icon: IconName }> = [
  { view: 'wall', label: 'Wall', icon: 'dashboard' },
  { view: 'inventory', label: 'Inventory', icon: 'th-list' },
  { view: 'racks', label: 'Racks', icon: 'server' },
  { view: 'ipam', label: 'IPAM', icon: 'ip-address' },
  { view: 'staging', label: 'Staging', icon: 'clipboard' },
  { view: 'tickets', label: 'Tickets', icon: 'issue' },
  { view: 'customers', label: 'Customers', icon: 'people' },
  { view: 'messages', label: 'Messages', icon: 'notifications' },
  { view: 'walks', label: 'Rack walks', icon: 'walk' },
  { view: 'sync', label: 'Sync', icon: 'git-merge' },
  { view: 'admin', label: 'Admin', icon: 'key' },
];

export function NavSidebar() {
  const view = useNoc((s) => s.view);
  const setView = useNoc((s) => s.setView);
  return (
    <nav className="noc-nav" aria-label="Areas">
      {AREAS.map((item) => (
        <Button
          key={item.view}
          data-testid={`nav-${item.view}`}
          className="noc-nav-item"
          alignText="start"
          fill
          variant="minimal"
          icon={item.icon}
          text={item.label}
          active={view === item.view}
          aria-current={view === item.view ? 'page' : undefined}
          onClick={() => setView(item.view)}
        />
      ))}
    </nav>
  );
}
