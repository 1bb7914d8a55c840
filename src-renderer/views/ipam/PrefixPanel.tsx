// The selected prefix: what it is (zone, site, VLAN, customer, utilisation), what can be
// done with it (add addresses, allocate, split, merge with its buddy, report, delete) and
// the map of its addresses.
import { Alert, Button, Menu, MenuItem, NonIdealState, Popover, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { networkOf, parseCidr } from '../../../shared/ipam';
import { PREFIX_STATUSES, SECURITY_ZONES } from '../../../shared/ipam-choices';
import type { PrefixDetail } from '../../../shared/ipam-types';
import { formErrorOf } from '../../lib/errors';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { AddressMapPanel } from './AddressMap';
import { ipamStore, useIpam } from './ipam-instance';
import { AddAddressesDialog, AddPrefixDialog, AllocateDialog, RangeDialog, SplitDialog } from './PrefixDialogs';
import { ChoiceTag, count, IPAM_EDITORS, UsageBar } from './ui';

type Open = null | 'add-prefix' | 'add-addresses' | 'add-range' | 'split' | 'alloc-address' | 'alloc-prefix' | 'delete';

export function PrefixPanel() {
  const selected = useIpam((s) => s.selected);
  const levels = useIpam((s) => s.levels);
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && IPAM_EDITORS.has(role);
  const [detail, setDetail] = useState<PrefixDetail | null>(null);
  const [open, setOpen] = useState<Open>(null);

  // the detail follows the selection and every refresh of the tree (levels change then)
  useEffect(() => {
    if (!selected) { setDetail(null); return undefined; }
    let live = true;
    api.ipam.prefix.query({ id: selected.id }).then((d) => { if (live) setDetail(d); }, () => { if (live) setDetail(null); });
    return () => { live = false; };
  }, [selected, levels]);

  if (!selected) return <NonIdealState icon="ip-address" title="Choose a prefix" description="Pick a prefix in the tree to see its addresses, or search for an address above." />;
  const p = detail?.prefix ?? selected;
  const close = () => setOpen(null);

  async function remove() {
    try {
      await api.ipam.removePrefix.mutate({ id: p.id });
      toast({ intent: 'success', icon: 'trash', message: `${p.prefix} removed; what was inside moved up.` });
      ipamStore.setState({ selected: null, map: null, mapAt: null });
      await ipamStore.getState().refresh();
    } catch (err) {
      toast({ intent: 'danger', message: formErrorOf(err).message ?? 'Refused.' });
    } finally {
      close();
    }
  }

  return (
    <div className="noc-ipam-prefix" data-testid="ipam-prefix-panel" data-prefix={p.prefix}>
      <div className="noc-ipam-prefix-head">
        <h3 className="noc-mono">{p.prefix}{p.vrf && <Tag minimal className="noc-ipam-vrf">VRF {p.vrf}</Tag>}</h3>
        <ChoiceTag table={PREFIX_STATUSES} value={p.status} />
        <ChoiceTag table={SECURITY_ZONES} value={p.zone} minimal />
        {p.isPool && <Tag minimal>pool</Tag>}
        {p.role && <Tag minimal>{p.role}</Tag>}
        <span className="noc-grow" />
        {detail && <UsageBar usage={detail.usage} wide />}
      </div>
      <div className="noc-ipam-prefix-facts noc-muted">
        {p.description && <span>{p.description}</span>}
        {detail?.siteName && <span>site {detail.siteName}</span>}
        {detail?.vlan && <span>VLAN {detail.vlan.vid} {detail.vlan.name}</span>}
        {p.customerId && <span>customer <b>{p.customerId}</b>{p.justification ? ` — “${p.justification}”` : ''}</span>}
        {detail && <span>{count(detail.usage.used)} of {count(detail.usage.size)} used · {detail.childCount} child prefix(es)</span>}
      </div>
      <div className="noc-ipam-actions">
        {canEdit && (
          <>
            <Button size="small" icon="add" text="Add addresses" onClick={() => setOpen('add-addresses')} data-testid="ipam-add-addresses" />
            <Button size="small" icon="new-object" text="Next free address" disabled={p.status !== 'active'} title={p.status !== 'active' ? 'Addresses come from active subnets' : undefined} onClick={() => setOpen('alloc-address')} data-testid="ipam-alloc-address" />
            <Button size="small" icon="new-grid-item" text="Next free prefix" onClick={() => setOpen('alloc-prefix')} data-testid="ipam-alloc-prefix" />
            <Popover placement="bottom-end" content={
              <Menu>
                <MenuItem icon="add-row-bottom" text="Add a prefix inside…" onClick={() => setOpen('add-prefix')} />
                <MenuItem icon="array" text="Add a DHCP / reserved range…" onClick={() => setOpen('add-range')} />
                <MenuItem icon="split-columns" text="Split…" onClick={() => setOpen('split')} data-testid="ipam-split" />
                <MenuItem icon="merge-columns" text="Merge with its neighbour" onClick={() => void mergeBuddy(p.id)} />
                <MenuItem icon="trash" intent="danger" text="Delete prefix…" onClick={() => setOpen('delete')} />
              </Menu>
            }>
              <Button size="small" icon="more" rightIcon="caret-down" text="More" />
            </Popover>
          </>
        )}
        <Button size="small" icon="document" text="ARIN report" onClick={() => void ipamStore.getState().showReport(p.id, p.vrf)} data-testid="ipam-report-this" />
      </div>
      <AddressMapPanel />
      {open === 'add-addresses' && <AddAddressesDialog isOpen onClose={close} prefix={p} />}
      {open === 'add-prefix' && <AddPrefixDialog isOpen onClose={close} parent={p} />}
      {open === 'split' && <SplitDialog isOpen onClose={close} prefix={p} />}
      {open === 'add-range' && <RangeDialog isOpen onClose={close} prefix={p} />}
      {open === 'alloc-address' && <AllocateDialog isOpen onClose={close} pool={p} kind="address" />}
      {open === 'alloc-prefix' && <AllocateDialog isOpen onClose={close} pool={p} kind="prefix" />}
      <Alert isOpen={open === 'delete'} intent="danger" icon="trash" cancelButtonText="Keep it" confirmButtonText="Delete prefix" onCancel={close} onConfirm={() => void remove()}>
        Delete <b className="noc-mono">{p.prefix}</b>? Prefixes inside it move up to its parent; addresses stay. The deletion is kept in the history.
      </Alert>
    </div>
  );

  /** Merges the prefix with the other half of the block one bit shorter (its buddy), if that exists. */
  async function mergeBuddy(id: string): Promise<void> {
    const level = Object.values(levels).find((l) => l.nodes.some((n) => n.prefix.id === id));
    const mine = level?.nodes.find((n) => n.prefix.id === id)?.prefix;
    const buddy = mine && level?.nodes.find((n) => n.prefix.id !== id && n.prefix.length === mine.length && sameParentBlock(n.prefix.prefix, mine.prefix, mine.length))?.prefix;
    if (!buddy) { toast({ intent: 'warning', message: 'Its neighbour in the same block is not a prefix of the same size here; nothing to merge with.' }); return; }
    try {
      const merged = await api.ipam.merge.mutate({ ids: [id, buddy.id] });
      toast({ intent: 'success', icon: 'tick', message: `Merged into ${merged.prefix}.` });
      await ipamStore.getState().refresh();
      await ipamStore.getState().select(merged);
    } catch (err) {
      toast({ intent: 'danger', message: formErrorOf(err).message ?? 'Refused.' });
    }
  }
}

function sameParentBlock(a: string, b: string, length: number): boolean {
  // the two halves of one block of length - 1 share its network
  const pa = parseCidr(a);
  const pb = parseCidr(b);
  return pa.family === pb.family && length > 0 && networkOf(pa.family, pa.network, length - 1) === networkOf(pb.family, pb.network, length - 1);
}
