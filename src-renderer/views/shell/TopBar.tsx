// Top bar: brand, the search field that opens Ctrl+K, and the settings menu.
import { Button, KeyComboTag } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import { SettingsMenu } from './SettingsMenu';

export function TopBar({ loginRequired }: { loginRequired: boolean }) {
  const setSearchOpen = useNoc((s) => s.setSearchOpen);
  return (
    <header className="noc-topbar">
      <div className="noc-brand">
        <img src="./favicon.svg" alt="" width={18} height={18} />
        <span>Aedify NOC</span>
      </div>
      <Button className="noc-search-trigger" data-testid="search-open" variant="outlined" size="small" icon="search" alignText="start" onClick={() => setSearchOpen(true)}
        endIcon={<KeyComboTag combo="mod+k" minimal />}
        text="Search devices, racks, sites…" />
      <div className="noc-topbar-spacer" />
      <SettingsMenu loginRequired={loginRequired} />
    </header>
  );
}
