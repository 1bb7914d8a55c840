// Dialogs that change the tree: add a prefix, add addresses (one, a range, a subnet),
// split a prefix, allocate the next free address or prefix, add a DHCP/reserved range. Each validates with the shared
// schema first and shows the core's refusals next to the field they concern.
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, NumericInput, SegmentedControl, TextArea } from '@blueprintjs/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ZodError } from 'zod';
import { ADDRESS_STATUSES, PREFIX_STATUSES, RANGE_STATUSES, SECURITY_ZONES, type SecurityZone } from '../../../shared/ipam-choices';
import type { IpPrefix } from '../../../shared/ipam-types';
import { addressAddInput, allocateAddressInput, allocatePrefixInput, prefixCreateInput, rangeInput, splitInput } from '../../../shared/schemas/ipam';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { DevicePicker, type PickedDevice } from './DevicePicker';
import { ipamStore } from './ipam-instance';
import { VlanSelect } from './VlanPanel';

interface Parseable<T> { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }

/** A dialog with a form: validate locally, send, show errors by field, close on success. */
function FormDialog<T>({ title, isOpen, onClose, schema, value, send, done, submitText, testId, children, err, setErr }: {
  title: string; isOpen: boolean; onClose(): void; schema: Parseable<T>; value: unknown; send(v: T): Promise<string>; done?: () => void;
  submitText: string; testId: string; children: ReactNode; err: FormError; setErr(e: FormError): void;
}) {
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = schema.safeParse(value);
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    setErr(NO_ERROR);
    try {
      const message = await send(parsed.data);
      toast({ intent: 'success', icon: 'tick', message });
      await ipamStore.getState().refresh();
      done?.();
      onClose();
    } catch (error) {
      setErr(formErrorOf(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={title} data-testid={testId} className="noc-ipam-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <DialogBody>
          {children}
          {err.message && <Callout intent="danger" compact data-testid={`${testId}-error`}>{err.message}</Callout>}
        </DialogBody>
        <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button type="submit" intent="primary" text={submitText} loading={busy} data-testid={`${testId}-submit`} /></>} />
      </form>
    </Dialog>
  );
}

export function AddPrefixDialog({ isOpen, onClose, parent }: { isOpen: boolean; onClose(): void; parent: IpPrefix | null }) {
  const [v, setV] = useState({ prefix: '', vrf: parent?.vrf ?? '', status: 'active', zone: '', role: '', description: '', customerId: '', justification: '', isPool: false, vlanId: null as string | null });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const set = (p: Partial<typeof v>) => { setV({ ...v, ...p }); setErr(NO_ERROR); };
  const value = { ...v, zone: v.zone || undefined, customerId: v.customerId.trim() || null };
  return (
    <FormDialog title="Add a prefix" isOpen={isOpen} onClose={onClose} schema={prefixCreateInput} value={value} err={err} setErr={setErr} testId="prefix-dialog" submitText="Add prefix"
      send={async (input) => { const p = await api.ipam.createPrefix.mutate(input); return `${p.prefix} added${p.parentId ? '' : ' at the top'}.`; }}>
      <div className="noc-form-row">
        <Field label="Prefix" labelFor="p-prefix" name="prefix" errors={err.fields} className="noc-grow" helperText="It goes under the prefix that holds it; prefixes inside it move under it.">
          <InputGroup id="p-prefix" className="noc-mono" autoFocus placeholder={parent ? parent.prefix : '203.0.113.0/24'} value={v.prefix} onChange={(e) => set({ prefix: e.currentTarget.value })} data-testid="prefix-input" />
        </Field>
        <Field label="VRF" labelFor="p-vrf" name="vrf" errors={err.fields}>
          <InputGroup id="p-vrf" value={v.vrf} placeholder="global" onChange={(e) => set({ vrf: e.currentTarget.value })} />
        </Field>
      </div>
      <div className="noc-form-row">
        <Field label="Status" labelFor="p-status" name="status" errors={err.fields}>
          <HTMLSelect id="p-status" value={v.status} onChange={(e) => set({ status: e.currentTarget.value })} options={PREFIX_STATUSES.map((s) => ({ value: s.value, label: s.label }))} />
        </Field>
        <Field label="Security zone" labelFor="p-zone" name="zone" errors={err.fields}>
          <HTMLSelect id="p-zone" value={v.zone} onChange={(e) => set({ zone: e.currentTarget.value })} options={[{ value: '', label: 'As its parent' }, ...SECURITY_ZONES.map((s) => ({ value: s.value, label: s.label }))]} />
        </Field>
        <Field label="Role" labelFor="p-role" name="role" errors={err.fields} className="noc-grow">
          <InputGroup id="p-role" value={v.role} placeholder="servers, backend, p2p…" onChange={(e) => set({ role: e.currentTarget.value })} />
        </Field>
      </div>
      <div className="noc-form-row">
        <Field label="Description" labelFor="p-desc" name="description" errors={err.fields} className="noc-grow">
          <InputGroup id="p-desc" value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        </Field>
        <Field label="VLAN" labelFor="p-vlan" name="vlanId" errors={err.fields}>
          <VlanSelect id="p-vlan" value={v.vlanId} onChange={(vlanId) => set({ vlanId })} />
        </Field>
      </div>
      <div className="noc-form-row">
        <Field label="Customer (reassignment)" labelFor="p-cust" name="customerId" errors={err.fields} className="noc-grow">
          <InputGroup id="p-cust" value={v.customerId} onChange={(e) => set({ customerId: e.currentTarget.value })} />
        </Field>
        <Checkbox label="Pool (all addresses usable)" checked={v.isPool} onChange={(e) => set({ isPool: e.currentTarget.checked })} />
      </div>
      <Field label="Justification" labelFor="p-why" name="justification" errors={err.fields}>
        <TextArea id="p-why" fill rows={2} value={v.justification} onChange={(e) => set({ justification: e.currentTarget.value })} />
      </Field>
    </FormDialog>
  );
}

export function AddAddressesDialog({ isOpen, onClose, prefix }: { isOpen: boolean; onClose(): void; prefix: IpPrefix }) {
  const [mode, setMode] = useState<'single' | 'range' | 'subnet'>('single');
  const [v, setV] = useState({ address: '', start: '', end: '', status: 'reserved', description: '', customerId: '', justification: '', skipExisting: false });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const set = (p: Partial<typeof v>) => { setV({ ...v, ...p }); setErr(NO_ERROR); };
  const common = { vrf: prefix.vrf, status: v.status, description: v.description, customerId: v.customerId.trim() || null, justification: v.justification, skipExisting: v.skipExisting };
  const value = mode === 'single' ? { mode, address: v.address, ...common } : mode === 'range' ? { mode, start: v.start, end: v.end, ...common } : { mode, prefix: prefix.id, ...common };
  return (
    <FormDialog title={`Add addresses in ${prefix.prefix}`} isOpen={isOpen} onClose={onClose} schema={addressAddInput} value={value} err={err} setErr={setErr} testId="add-addresses-dialog" submitText="Add"
      send={async (input) => { const r = await api.ipam.addAddresses.mutate(input); return `${r.created.length} address(es) added${r.skipped ? `, ${r.skipped} already there` : ''}.`; }}>
      <SegmentedControl value={mode} onValueChange={(m) => { setMode(m as typeof mode); setErr(NO_ERROR); }} options={[{ label: 'One address', value: 'single' }, { label: 'A range', value: 'range' }, { label: `The whole ${prefix.prefix}`, value: 'subnet' }]} />
      {mode === 'single' && (
        <Field label="Address" labelFor="a-addr" name="address" errors={err.fields}>
          <InputGroup id="a-addr" className="noc-mono" autoFocus value={v.address} onChange={(e) => set({ address: e.currentTarget.value })} />
        </Field>
      )}
      {mode === 'range' && (
        <div className="noc-form-row">
          <Field label="From" labelFor="a-start" name="start" errors={err.fields} className="noc-grow"><InputGroup id="a-start" className="noc-mono" value={v.start} onChange={(e) => set({ start: e.currentTarget.value })} /></Field>
          <Field label="To" labelFor="a-end" name="end" errors={err.fields} className="noc-grow"><InputGroup id="a-end" className="noc-mono" value={v.end} onChange={(e) => set({ end: e.currentTarget.value })} /></Field>
        </div>
      )}
      <div className="noc-form-row">
        <Field label="Status" labelFor="a-status" name="status" errors={err.fields}>
          <HTMLSelect id="a-status" value={v.status} onChange={(e) => set({ status: e.currentTarget.value })} options={ADDRESS_STATUSES.filter((s) => s.value !== 'free').map((s) => ({ value: s.value, label: s.label }))} />
        </Field>
        <Field label="Customer" labelFor="a-cust" name="customerId" errors={err.fields} className="noc-grow"><InputGroup id="a-cust" value={v.customerId} onChange={(e) => set({ customerId: e.currentTarget.value })} /></Field>
      </div>
      <Field label="Description" labelFor="a-desc" name="description" errors={err.fields}><InputGroup id="a-desc" value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} /></Field>
      <Field label="Justification" labelFor="a-why" name="justification" errors={err.fields}><TextArea id="a-why" fill rows={2} value={v.justification} onChange={(e) => set({ justification: e.currentTarget.value })} /></Field>
      <Checkbox label="Skip addresses that already exist (instead of refusing)" checked={v.skipExisting} onChange={(e) => set({ skipExisting: e.currentTarget.checked })} />
    </FormDialog>
  );
}

export function SplitDialog({ isOpen, onClose, prefix }: { isOpen: boolean; onClose(): void; prefix: IpPrefix }) {
  const [length, setLength] = useState(prefix.length + 1);
  const [keepParent, setKeepParent] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  return (
    <FormDialog title={`Split ${prefix.prefix}`} isOpen={isOpen} onClose={onClose} schema={splitInput} value={{ id: prefix.id, length, keepParent }} err={err} setErr={setErr} testId="split-dialog" submitText="Split"
      send={async (input) => { const parts = await api.ipam.split.mutate(input); return `${prefix.prefix} split into ${parts.length} × /${input.length}.`; }}>
      <Field label="Into prefixes of length" labelFor="s-len" name="length" errors={err.fields} helperText={`${2 ** Math.max(0, length - prefix.length)} parts (at most 256)`}>
        <NumericInput id="s-len" min={prefix.length + 1} max={prefix.family === 4 ? 32 : 128} value={length} onValueChange={(n) => { setLength(n); setErr(NO_ERROR); }} />
      </Field>
      <Checkbox label={`Keep ${prefix.prefix} above the parts as a container`} checked={keepParent} onChange={(e) => setKeepParent(e.currentTarget.checked)} />
    </FormDialog>
  );
}

export function AllocateDialog({ isOpen, onClose, pool, kind }: { isOpen: boolean; onClose(): void; pool: IpPrefix; kind: 'address' | 'prefix' }) {
  const [v, setV] = useState({ customerId: '', justification: '', description: '', zone: '' as SecurityZone | '', length: pool.family === 4 ? 29 : 64, dnsName: '' });
  const [device, setDevice] = useState<PickedDevice | null>(null);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const set = (p: Partial<typeof v>) => { setV({ ...v, ...p }); setErr(NO_ERROR); };
  const common = { pool: pool.id, vrf: pool.vrf, zone: v.zone || undefined, customerId: v.customerId.trim() || null, justification: v.justification, description: v.description };
  const body = (
    <>
      <Callout compact icon="info-sign">The lowest free {kind === 'address' ? 'address' : `/${v.length}`} of {pool.prefix}, next to the customer’s own where possible, taken atomically.</Callout>
      {kind === 'prefix' && (
        <Field label="Size" labelFor="al-len" name="length" errors={err.fields}>
          <NumericInput id="al-len" min={pool.length + 1} max={pool.family === 4 ? 32 : 128} value={v.length} onValueChange={(n) => set({ length: n })} leftIcon="slash" />
        </Field>
      )}
      {kind === 'address' && (
        <Field label="Server / VM / switch" labelFor="al-dev" name="deviceId" errors={err.fields}><DevicePicker id="al-dev" value={device} onChange={setDevice} /></Field>
      )}
      <div className="noc-form-row">
        <Field label="Customer" labelFor="al-cust" name="customerId" errors={err.fields} className="noc-grow"><InputGroup id="al-cust" value={v.customerId} onChange={(e) => set({ customerId: e.currentTarget.value })} data-testid="allocate-customer" /></Field>
        <Field label="Zone must be" labelFor="al-zone" name="zone" errors={err.fields}>
          <HTMLSelect id="al-zone" value={v.zone} onChange={(e) => set({ zone: e.currentTarget.value as SecurityZone | '' })} options={[{ value: '', label: 'Any' }, ...SECURITY_ZONES.map((s) => ({ value: s.value, label: s.label }))]} />
        </Field>
      </div>
      {kind === 'address' && <Field label="DNS name" labelFor="al-dns" name="dnsName" errors={err.fields}><InputGroup id="al-dns" className="noc-mono" value={v.dnsName} onChange={(e) => set({ dnsName: e.currentTarget.value })} /></Field>}
      <Field label="Description" labelFor="al-desc" name="description" errors={err.fields}><InputGroup id="al-desc" value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} /></Field>
      <Field label="Justification (ARIN)" labelFor="al-why" name="justification" errors={err.fields} helperText="Required when the customer already holds addresses."><TextArea id="al-why" fill rows={2} value={v.justification} onChange={(e) => set({ justification: e.currentTarget.value })} data-testid="allocate-justification" /></Field>
    </>
  );
  if (kind === 'address') {
    return (
      <FormDialog title={`Next free address in ${pool.prefix}`} isOpen={isOpen} onClose={onClose} schema={allocateAddressInput} value={{ ...common, deviceId: device?.id ?? null, dnsName: v.dnsName }} err={err} setErr={setErr} testId="allocate-dialog" submitText="Allocate"
        send={async (input) => { const a = await api.ipam.allocateAddress.mutate(input); void ipamStore.getState().openAddress(a.address, a.vrf); return `${a.address} allocated.`; }}>
        {body}
      </FormDialog>
    );
  }
  return (
    <FormDialog title={`Next free prefix in ${pool.prefix}`} isOpen={isOpen} onClose={onClose} schema={allocatePrefixInput} value={{ ...common, length: v.length }} err={err} setErr={setErr} testId="allocate-dialog" submitText="Allocate"
      send={async (input) => { const p = await api.ipam.allocatePrefix.mutate(input); return `${p.prefix} allocated.`; }}>
      {body}
    </FormDialog>
  );
}

export function RangeDialog({ isOpen, onClose, prefix }: { isOpen: boolean; onClose(): void; prefix: IpPrefix }) {
  const [v, setV] = useState({ start: '', end: '', status: 'dhcp', role: '', description: '' });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const set = (p: Partial<typeof v>) => { setV({ ...v, ...p }); setErr(NO_ERROR); };
  return (
    <FormDialog title={`Add a range in ${prefix.prefix}`} isOpen={isOpen} onClose={onClose} schema={rangeInput} value={{ ...v, vrf: prefix.vrf }} err={err} setErr={setErr} testId="range-dialog" submitText="Add range"
      send={async (input) => { const r = await api.ipam.createRange.mutate(input); return `Range ${r.startAddress}–${r.endAddress} added.`; }}>
      <Callout compact icon="info-sign">DHCP and reserved ranges are skipped by “next free”. A range lies inside one prefix and cuts no other.</Callout>
      <div className="noc-form-row">
        <Field label="From" labelFor="r-start" name="start" errors={err.fields} className="noc-grow"><InputGroup id="r-start" className="noc-mono" autoFocus value={v.start} onChange={(e) => set({ start: e.currentTarget.value })} /></Field>
        <Field label="To" labelFor="r-end" name="end" errors={err.fields} className="noc-grow"><InputGroup id="r-end" className="noc-mono" value={v.end} onChange={(e) => set({ end: e.currentTarget.value })} /></Field>
      </div>
      <div className="noc-form-row">
        <Field label="Status" labelFor="r-status" name="status" errors={err.fields}>
          <HTMLSelect id="r-status" value={v.status} onChange={(e) => set({ status: e.currentTarget.value })} options={RANGE_STATUSES.map((s) => ({ value: s.value, label: s.label }))} />
        </Field>
        <Field label="Role" labelFor="r-role" name="role" errors={err.fields} className="noc-grow"><InputGroup id="r-role" value={v.role} placeholder="pxe, vrrp…" onChange={(e) => set({ role: e.currentTarget.value })} /></Field>
      </div>
      <Field label="Description" labelFor="r-desc" name="description" errors={err.fields}><InputGroup id="r-desc" value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} /></Field>
    </FormDialog>
  );
}
