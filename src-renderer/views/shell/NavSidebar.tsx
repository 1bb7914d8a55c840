// Left navigation. Areas that later issues build are here already, disabled with a
// "Coming soon" tooltip: the place is reserved, no fake screen is shown.
import { AnchorButton, Button, Tooltip, type IconName } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import type { View } from '../../stores/ui-slice';

const LIVE: Array<{ view: View; label: string; icon: IconName }> = [
  { view: 'inventory', label: 'Inventory', icon: 'th-list' },
  { view: 'racks', label: 'Racks', icon: 'server' },
];

const LATER: Array<{ key: string; label: string; icon: IconName }> = [
  { key: 'wall', label: 'Wall', icon: 'dashboard' },
  { key: 'ipam', label: 'IPAM', icon: 'ip-address' },
  { key: 'staging', label: 'Staging', icon: 'clipboard' },
  { key: 'tickets', label: 'Tickets', icon: 'issue' },
  { key: 'customers', label: 'Customers', icon: 'people' },
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
