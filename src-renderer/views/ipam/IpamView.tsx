// IPAM: the prefix tree on the left, the selected prefix with its address map on the right,
// the address drawer; an ARIN report tab; search by address, prefix, customer, device, DNS.
import { Button, InputGroup, Menu, MenuDivider, MenuItem, Popover, Tab, Tabs } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { isAddress, isCidr } from '../../../shared/ipam';
import { IMPORT_FORMATS } from '../../../shared/ipam-choices';
import type { SearchResults } from '../../../shared/ipam-types';
import { useNoc } from '../../stores';
import { ROOT, type IpamTab } from '../../stores/ipam-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { AddressDrawer } from './AddressDrawer';
import { ArinReportPanel } from './ArinReport';
import { exportCsv, ImportDialog } from './ImportDialog';
import { ipamStore, openInIpam, useIpam, useIpamLive } from './ipam-instance';
import { AddPrefixDialog } from './PrefixDialogs';
import { PrefixPanel } from './PrefixPanel';
import { PrefixTreePanel } from './PrefixTree';
import { IPAM_EDITORS } from './ui';
import { VlanPanel } from './VlanPanel';
import './ipam.css';

export function IpamView() {
  const tab = useIpam((s) => s.tab);
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && IPAM_EDITORS.has(role);
  const [dialog, setDialog] = useState<null | 'prefix' | 'import'>(null);
  useIpamLive();
  useEffect(() => {
    if (!ipamStore.getState().levels[ROOT]) void ipamStore.getState().loadLevel(null);
  }, []);

  return (
    <section className="noc-view noc-ipam" data-testid="ipam-view">
      <div className="noc-toolbar noc-ipam-toolbar noc-no-print">
        <Tabs id="ipam-tabs" selectedTabId={tab} onChange={(t) => ipamStore.getState().setTab(t as IpamTab)}>
          <Tab id="tree" title="Prefixes & addresses" data-testid="ipam-tab-tree" />
          <Tab id="vlans" title="VLANs" data-testid="ipam-tab-vlans" />
          <Tab id="report" title="ARIN report" data-testid="ipam-tab-report" />
        </Tabs>
        <IpamSearch />
        <span className="noc-grow" />
        {canEdit && <Button icon="add" text="Add prefix" onClick={() => setDialog('prefix')} data-testid="ipam-add-prefix" />}
        <Popover placement="bottom-end" content={
          <Menu>
            {canEdit && <MenuItem icon="import" text="Import CSV…" onClick={() => setDialog('import')} data-testid="ipam-import" />}
            <MenuDivider title="Export" />
            {IMPORT_FORMATS.map((f) => <MenuItem key={f.value} icon="export" text={f.label} onClick={() => void exportCsv(f.value).catch((e: unknown) => toast({ intent: 'danger', message: String(e) }))} />)}
          </Menu>
        }>
          <Button icon="exchange" rightIcon="caret-down" text="Import / export" />
        </Popover>
      </div>
      {tab === 'vlans' ? <VlanPanel /> : tab === 'tree' ? (
        <div className="noc-ipam-body">
          <PrefixTreePanel />
          <div className="noc-ipam-main"><PrefixPanel /></div>
        </div>
      ) : (
        <ArinReportPanel />
      )}
      <AddressDrawer />
      {dialog === 'prefix' && <AddPrefixDialog isOpen onClose={() => setDialog(null)} parent={null} />}
      {dialog === 'import' && <ImportDialog isOpen onClose={() => setDialog(null)} />}
    </section>
  );
}

/** An address opens its drawer (and its prefix); a prefix is revealed; text lists matches. */
function IpamSearch() {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [open, setOpen] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = q.trim();
    if (!text) return;
    try {
      if (isAddress(text)) {
        const found = await api.ipam.find.query({ address: text, vrf: '' });
        await openInIpam(found.prefix?.id ?? null, { address: found.address, vrf: '' });
        return;
      }
      const r = await api.ipam.search.query({ q: text, limit: 50 });
      if (isCidr(text) && r.prefixes[0]) {
        await openInIpam(r.prefixes[0].id);
        return;
      }
      setResults(r);
      setOpen(true);
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    }
  }

  const total = results ? results.prefixes.length + results.addresses.length + results.vlans.length : 0;
  return (
    <Popover isOpen={open} onInteraction={setOpen} placement="bottom-start" autoFocus={false} enforceFocus={false}
      content={
        <Menu className="noc-ipam-search-menu" data-testid="ipam-search-results">
          {total === 0 && <MenuItem disabled text={`Nothing matches “${q.trim()}”.`} />}
          {results?.prefixes.map((p) => <MenuItem key={p.id} icon="folder-close" text={<span className="noc-mono">{p.prefix}</span>} label={p.customerId ?? p.description} onClick={() => { setOpen(false); void openInIpam(p.id); }} />)}
          {results?.addresses.map((a) => (
            <MenuItem key={a.id} icon="ip-address" text={<span className="noc-mono">{a.address}</span>} label={[a.deviceName, a.customerId, a.dnsName].filter(Boolean).join(' · ')} data-testid="ipam-search-address"
              onClick={() => { setOpen(false); void api.ipam.find.query({ address: a.address, vrf: a.vrf }).then((f) => openInIpam(f.prefix?.id ?? null, { address: a.address, vrf: a.vrf })); }} />
          ))}
          {results?.vlans.map((v) => <MenuItem key={v.id} icon="layers" text={`VLAN ${v.vid} ${v.name}`} label={v.group || v.description} data-testid="ipam-search-vlan" onClick={() => { setOpen(false); ipamStore.getState().openVlan(v.vid); }} />)}
        </Menu>
      }>
      <form onSubmit={(e) => void submit(e)}>
        <InputGroup leftIcon="search" className="noc-ipam-search" placeholder="Address, prefix, customer, server, DNS name…" value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="ipam-search" />
      </form>
    </Popover>
  );
}
