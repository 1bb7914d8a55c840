// Left navigation. Areas that later issues build are here already, disabled with a
// "Coming soon" tooltip: the place is reserved, no fake screen is shown.
import { AnchorButton, Button, Tooltip, type IconName } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import type { View } from '../../stores/ui-slice';

const LIVE: Array<{ view: View; label: string; icon: IconName }> = [
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
  { view: 'wall', label: 'Wall', icon: 'dashboard' },
];

const LATER: Array<{ key: string; label: string; icon: IconName }> = [
];

export function NavSidebar() {
  const view = useNoc((s) => s.view);
  const setView = useNoc((s) => s.setView);
  return (
    <nav className="noc-nav" aria-label="Areas">
      {LIVE.map((item) => (
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
      <div className="noc-nav-sep" />
      {LATER.map((item) => (
        <Tooltip key={item.key} content="Coming soon" placement="right" className="noc-nav-tooltip">
          <AnchorButton data-testid={`nav-${item.key}`} className="noc-nav-item" alignText="start" fill variant="minimal" icon={item.icon} text={item.label} disabled />
        </Tooltip>
      ))}
    </nav>
  );
}
