// VLANs (issue 5): the list by VID with the prefixes using each, filtered by text and site;
// add and edit in a dialog (the shared schema first, then the core's refusals, e.g. a VID
// taken in the same site and group, next to the field); removal says which prefixes use
// the VLAN — the core refuses it while any do. The list follows the change feed.
import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLSelect, HTMLTable, InputGroup, Menu, MenuDivider, MenuItem, NonIdealState, Popover, Spinner, Tag } from '@blueprintjs/core';
import { useMemo, useState, type FormEvent } from 'react';
import { VLAN_STATUSES } from '../../../shared/ipam-choices';
import { vlanInput, vlanUpdateInput } from '../../../shared/schemas/ipam';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { useLiveQuery, type Out } from '../sync/hooks';
import { ipamStore, openInIpam, useIpam } from './ipam-instance';
import { ChoiceTag, IPAM_EDITORS } from './ui';

type VlanRow = Out['ipam']['vlans'][number];
const VLAN_TABLES = ['ipam_vlans', 'ipam_prefixes', 'sites', 'customers'];
/** Site filter values besides a site id. */
const ANY_SITE = '';
const NO_SITE = '-';

const where = (v: VlanRow) => [v.siteName, v.group].filter(Boolean).join(' · ');

function matches(v: VlanRow, text: string): boolean {
  if (!text) return true;
  const hay = [String(v.vid), v.name, v.siteName, v.group, v.role, v.status, v.customerName, v.customerId, v.description].filter(Boolean).join(' ').toLowerCase();
  return text.toLowerCase().split(/\s+/).every((word) => hay.includes(word));
}

function useSites(): Array<{ id: string; name: string }> {
  const tree = useNoc((s) => s.racks.tree);
  return useMemo(() => (tree ?? []).map((n) => ({ id: n.site.id, name: n.site.name })), [tree]);
}

export function VlanPanel() {
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && IPAM_EDITORS.has(role);
  const sites = useSites();
  const [text, setText] = useState('');
  const [site, setSite] = useState(ANY_SITE);
  const [editing, setEditing] = useState<VlanRow | 'new' | null>(null);
  const [removing, setRemoving] = useState<VlanRow | null>(null);
  const list = useLiveQuery(() => api.ipam.vlans.query(), [], VLAN_TABLES);
  // Opened on one VLAN (Ctrl+K, the search box): only that VID, until the person filters otherwise.
  const focus = useIpam((s) => s.vlanFocus);
  const unfocus = () => ipamStore.setState({ vlanFocus: null });
  const rows = (list.data ?? []).filter((v) => (focus === null || v.vid === focus) && (site === ANY_SITE || (site === NO_SITE ? !v.siteId : v.siteId === site)) && matches(v, text.trim()));

  return (
    <div className="noc-ipam-vlans" data-testid="vlan-panel">
      <div className="noc-ipam-vlans-bar">
        <InputGroup leftIcon="filter" className="noc-filter-text" placeholder="VID, name, group, role, customer…" value={text} onChange={(e) => { unfocus(); setText(e.currentTarget.value); }} data-testid="vlan-filter" />
        {focus !== null && <Tag large interactive onRemove={unfocus} data-testid="vlan-focus">VID {focus}</Tag>}
        <HTMLSelect value={site} onChange={(e) => { unfocus(); setSite(e.currentTarget.value); }} data-testid="vlan-site-filter"
          options={[{ value: ANY_SITE, label: 'All sites' }, { value: NO_SITE, label: 'No site' }, ...sites.map((s) => ({ value: s.id, label: s.name }))]} />
        <span className="noc-total" data-testid="vlan-total" data-total={list.data ? rows.length : undefined}>{list.data ? `${rows.length} of ${list.data.length} VLANs` : ''}</span>
        {list.loading && !list.data && <Spinner size={16} />}
        <span className="noc-grow" />
        {canEdit && <Button icon="add" intent="primary" text="Add VLAN" onClick={() => setEditing('new')} data-testid="vlan-add" />}
      </div>
      {list.error && <Callout intent="danger" compact>{list.error}</Callout>}
      {list.data && rows.length === 0 && <NonIdealState icon="layers" description={list.data.length === 0 ? 'No VLANs yet: add one, or import a NetBox VLAN CSV.' : 'No VLAN matches the filter.'} />}
      {rows.length > 0 && (
        <HTMLTable compact striped interactive className="noc-ipam-vlan-table" data-testid="vlan-table">
          <thead>
            <tr><th className="noc-ipam-num">VID</th><th>Name</th><th>Site / group</th><th>Status</th><th>Role</th><th>Customer</th><th>Description</th><th className="noc-ipam-num">Prefixes</th>{canEdit && <th />}</tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.id} data-testid="vlan-row" data-vid={v.vid} data-name={v.name} data-id={v.id}>
                <td className="noc-ipam-num">{v.vid}</td>
                <td>{v.name}{v.demo && <span className="noc-demo-mark">demo</span>}</td>
                <td>{where(v) || <span className="noc-muted">—</span>}</td>
                <td><ChoiceTag table={VLAN_STATUSES} value={v.status} minimal /></td>
                <td>{v.role}</td>
                <td>{v.customerName ?? v.customerId ?? ''}</td>
                <td className="noc-ipam-desc">{v.description}</td>
                <td className="noc-ipam-num"><PrefixCount vlan={v} /></td>
                {canEdit && (
                  <td className="noc-ipam-vlan-actions">
                    <Button size="small" variant="minimal" icon="edit" title="Edit" aria-label={`Edit VLAN ${v.vid}`} onClick={() => setEditing(v)} data-testid="vlan-edit" />
                    <Button size="small" variant="minimal" icon="trash" intent="danger" title="Remove" aria-label={`Remove VLAN ${v.vid}`} onClick={() => setRemoving(v)} data-testid="vlan-remove" />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      {editing && <VlanDialog vlan={editing === 'new' ? null : editing} sites={sites} onClose={() => setEditing(null)} onSaved={list.reload} />}
      {removing && <RemoveVlanDialog vlan={removing} onClose={() => setRemoving(null)} onRemoved={list.reload} />}
    </div>
  );
}

/** The number of prefixes using a VLAN; a click lists them, and a prefix opens in the tree. */
function PrefixCount({ vlan }: { vlan: VlanRow }) {
  if (vlan.prefixCount === 0) return <span className="noc-muted" data-testid="vlan-prefix-count" data-count={0}>0</span>;
  return (
    <Popover placement="bottom-end" content={<VlanPrefixes vlanId={vlan.id} />}>
      <Button size="small" variant="minimal" intent="primary" text={vlan.prefixCount} data-testid="vlan-prefix-count" data-count={vlan.prefixCount} title="Show the prefixes using this VLAN" />
    </Popover>
  );
}

function VlanPrefixes({ vlanId }: { vlanId: string }) {
  const used = useLiveQuery(() => api.ipam.vlanPrefixes.query({ id: vlanId, limit: 200 }), [vlanId], ['ipam_prefixes', 'ipam_vlans']);
  if (!used.data) return <Menu className="noc-ipam-picker-menu">{used.error ? <MenuItem disabled text={used.error} /> : <Spinner size={16} />}</Menu>;
  const { prefixes, total } = used.data;
  return (
    <Menu className="noc-ipam-picker-menu" data-testid="vlan-prefixes">
      <MenuDivider title={`${total} prefix${total === 1 ? '' : 'es'} on VLAN ${used.data.vlan.vid}`} />
      {prefixes.map((p) => (
        <MenuItem key={p.id} icon="folder-close" text={<span className="noc-mono">{p.prefix}</span>} label={p.description} data-testid="vlan-prefix-item" data-prefix={p.prefix}
          onClick={() => void openInIpam(p.id)} />
      ))}
      {total > prefixes.length && <MenuItem disabled text={`and ${total - prefixes.length} more`} />}
    </Menu>
  );
}

const blank = { vid: '', name: '', siteId: '', group: '', status: 'active', role: '', customerId: '', description: '' };

/** Add (vlan null) or edit a VLAN; an edit sends only the fields that changed. */
function VlanDialog({ vlan, sites, onClose, onSaved }: { vlan: VlanRow | null; sites: Array<{ id: string; name: string }>; onClose(): void; onSaved(): void }) {
  const [v, setV] = useState(vlan ? {
    vid: String(vlan.vid), name: vlan.name, siteId: vlan.siteId ?? '', group: vlan.group, status: vlan.status as string, role: vlan.role, customerId: vlan.customerId ?? '', description: vlan.description,
  } : blank);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<typeof v>) => { setV({ ...v, ...p }); setErr(NO_ERROR); };
  // an empty or non-numeric VID reaches the schema as NaN (not as "unchanged"): its message says what is wanted
  const value = { ...v, vid: v.vid.trim() === '' ? Number.NaN : Number(v.vid), siteId: v.siteId || null, customerId: v.customerId.trim() || null };

  async function submit(e: FormEvent) {
    e.preventDefault();
    let send: () => Promise<{ vid: number; name: string }>;
    if (!vlan) {
      const parsed = vlanInput.safeParse(value);
      if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
      send = () => api.ipam.createVlan.mutate(parsed.data);
    } else {
      const before: Record<string, unknown> = { ...vlan };
      const patch = Object.fromEntries(Object.entries(value).filter(([k, x]) => x !== before[k]));
      const parsed = vlanUpdateInput.safeParse({ id: vlan.id, patch });
      if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error, 'patch.') });
      if (Object.keys(parsed.data.patch).length === 0) return onClose();
      send = () => api.ipam.updateVlan.mutate(parsed.data);
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      const saved = await send();
      toast({ intent: 'success', icon: 'tick', message: `VLAN ${saved.vid} ${saved.name} ${vlan ? 'saved' : 'added'}.` });
      onSaved();
      onClose();
    } catch (error) {
      setErr(formErrorOf(error, 'patch.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog isOpen onClose={onClose} title={vlan ? `Edit VLAN ${vlan.vid} ${vlan.name}` : 'Add a VLAN'} className="noc-ipam-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="vlan-dialog">
        <DialogBody>
          <div className="noc-form-row">
            <Field label="VID" labelFor="v-vid" name="vid" errors={err.fields} helperText="1–4094, unique in its site and group">
              <InputGroup id="v-vid" className="noc-mono noc-ipam-vid" inputMode="numeric" autoFocus={!vlan} value={v.vid} onChange={(e) => set({ vid: e.currentTarget.value })} data-testid="vlan-vid" />
            </Field>
            <Field label="Name" labelFor="v-name" name="name" errors={err.fields} className="noc-grow">
              <InputGroup id="v-name" autoFocus={Boolean(vlan)} value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} data-testid="vlan-name" />
            </Field>
          </div>
          <div className="noc-form-row">
            <Field label="Site" labelFor="v-site" name="siteId" errors={err.fields}>
              <HTMLSelect id="v-site" value={v.siteId} onChange={(e) => set({ siteId: e.currentTarget.value })} options={[{ value: '', label: 'No site' }, ...sites.map((s) => ({ value: s.id, label: s.name }))]} data-testid="vlan-site" />
            </Field>
            <Field label="Group" labelFor="v-group" name="group" errors={err.fields} className="noc-grow">
              <InputGroup id="v-group" value={v.group} placeholder="customers, core…" onChange={(e) => set({ group: e.currentTarget.value })} data-testid="vlan-group" />
            </Field>
            <Field label="Status" labelFor="v-status" name="status" errors={err.fields}>
              <HTMLSelect id="v-status" value={v.status} onChange={(e) => set({ status: e.currentTarget.value })} options={VLAN_STATUSES.map((s) => ({ value: s.value, label: s.label }))} data-testid="vlan-status" />
            </Field>
          </div>
          <div className="noc-form-row">
            <Field label="Role" labelFor="v-role" name="role" errors={err.fields} className="noc-grow">
              <InputGroup id="v-role" value={v.role} placeholder="public, backend, management…" onChange={(e) => set({ role: e.currentTarget.value })} data-testid="vlan-role" />
            </Field>
            <Field label="Customer" labelFor="v-cust" name="customerId" errors={err.fields} className="noc-grow">
              <InputGroup id="v-cust" value={v.customerId} onChange={(e) => set({ customerId: e.currentTarget.value })} data-testid="vlan-customer" />
            </Field>
          </div>
          <Field label="Description" labelFor="v-desc" name="description" errors={err.fields}>
            <InputGroup id="v-desc" value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} data-testid="vlan-description" />
          </Field>
          {err.message && <Callout intent="danger" compact data-testid="vlan-dialog-error">{err.message}</Callout>}
        </DialogBody>
        <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button type="submit" intent="primary" text={vlan ? 'Save' : 'Add VLAN'} loading={busy} data-testid="vlan-dialog-submit" /></>} />
      </form>
    </Dialog>
  );
}

/** Says which prefixes use the VLAN (then it cannot go), or asks to confirm the removal. */
function RemoveVlanDialog({ vlan, onClose, onRemoved }: { vlan: VlanRow; onClose(): void; onRemoved(): void }) {
  const used = useLiveQuery(() => api.ipam.vlanPrefixes.query({ id: vlan.id, limit: 20 }), [vlan.id], ['ipam_prefixes', 'ipam_vlans']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = `VLAN ${vlan.vid} ${vlan.name}`;
  const total = used.data?.total ?? 0;

  async function remove() {
    setBusy(true);
    try {
      await api.ipam.removeVlan.mutate({ id: vlan.id });
      toast({ intent: 'success', icon: 'trash', message: `${label} removed.` });
      onRemoved();
      onClose();
    } catch (err) {
      setError(formErrorOf(err).message ?? 'Refused.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog isOpen onClose={onClose} title={`Remove ${label}?`} className="noc-ipam-dialog">
      <div data-testid="vlan-remove-dialog">
        <DialogBody>
          {used.loading && !used.data && <Spinner size={20} />}
          {used.error && <Callout intent="danger" compact>{used.error}</Callout>}
          {used.data && total > 0 && (
            <Callout intent="warning" icon="warning-sign" data-testid="vlan-remove-users" data-count={total}>
              <p>{label} is used by {total} prefix{total === 1 ? '' : 'es'}. It cannot be removed while any prefix uses it: move {total === 1 ? 'that prefix' : 'them'} to another VLAN (or none) first.</p>
              <ul className="noc-ipam-vlan-users">
                {used.data.prefixes.map((p) => (
                  <li key={p.id}>
                    <Button size="small" variant="minimal" className="noc-mono" text={p.prefix} title="Open in the prefix tree" onClick={() => { onClose(); void openInIpam(p.id); }} data-testid="vlan-remove-user" data-prefix={p.prefix} />
                    {p.description && <span className="noc-muted"> {p.description}</span>}
                  </li>
                ))}
                {total > used.data.prefixes.length && <li className="noc-muted">and {total - used.data.prefixes.length} more</li>}
              </ul>
            </Callout>
          )}
          {used.data && total === 0 && <p>No prefix uses {label}. The removal is kept in its history.</p>}
          {error && <Callout intent="danger" compact data-testid="vlan-remove-error">{error}</Callout>}
        </DialogBody>
        <DialogFooter actions={
          <>
            <Button text={total > 0 ? 'Close' : 'Keep it'} onClick={onClose} data-testid="vlan-remove-cancel" />
            {used.data && total === 0 && <Button intent="danger" icon="trash" text="Remove VLAN" loading={busy} onClick={() => void remove()} data-testid="vlan-remove-confirm" />}
          </>
        } />
      </div>
    </Dialog>
  );
}

/** The VLAN of a prefix, chosen among the existing ones (the prefix dialogs). */
export function VlanSelect({ id, value, onChange }: { id?: string; value: string | null; onChange(vlanId: string | null): void }) {
  const list = useLiveQuery(() => api.ipam.vlans.query(), [], VLAN_TABLES);
  const options = [{ value: '', label: list.data ? 'No VLAN' : 'Loading VLANs…' }, ...(list.data ?? []).map((v) => ({ value: v.id, label: `${v.vid} ${v.name}${where(v) ? ` (${where(v)})` : ''}` }))];
  return <HTMLSelect id={id} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} options={options} data-testid="prefix-vlan" />;
}
