// One address: who has it, since when and why, its prefix and history; assign it to a
// server/customer (with the ARIN justification), reserve it, release it.
import { Button, Callout, Drawer, HTMLSelect, InputGroup, NonIdealState, SegmentedControl, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ADDRESS_STATUSES, SECURITY_ZONES } from '../../../shared/ipam-choices';
import type { AddressDetail } from '../../../shared/ipam-types';
import { assignInput, reserveInput } from '../../../shared/schemas/ipam';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { DevicePicker, type PickedDevice } from './DevicePicker';
import { ipamStore, useIpam } from './ipam-instance';
import { ChoiceTag, IPAM_EDITORS } from './ui';

export function AddressDrawer() {
  const drawer = useIpam((s) => s.drawer);
  const detail = useIpam((s) => s.detail);
  const error = useIpam((s) => s.detailError);
  return (
    <Drawer isOpen={drawer !== null} onClose={() => ipamStore.getState().closeAddress()} size={520} title={drawer ? <span className="noc-mono" data-testid="address-drawer-title">{drawer.address}{drawer.vrf ? ` (VRF ${drawer.vrf})` : ''}</span> : ''}
      icon="ip-address" className="noc-ipam-drawer" data-testid="address-drawer">
      <div className="noc-ipam-drawer-body">
        {error && <NonIdealState icon="error" description={error} />}
        {!error && !detail && <div className="noc-center"><Spinner size={24} /></div>}
        {detail && <AddressBody detail={detail} />}
      </div>
    </Drawer>
  );
}

function AddressBody({ detail }: { detail: AddressDetail }) {
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && IPAM_EDITORS.has(role);
  const r = detail.record;
  const occupied = detail.status !== 'free';
  return (
    <>
      <dl className="noc-ipam-facts" data-testid="address-facts" data-status={detail.status}>
        <dt>Status</dt><dd><ChoiceTag table={ADDRESS_STATUSES} value={detail.status} /></dd>
        <dt>Prefix</dt>
        <dd>
          {detail.prefix ? <><span className="noc-mono">{detail.prefix.prefix}</span> <ChoiceTag table={SECURITY_ZONES} value={detail.prefix.zone} minimal /> <span className="noc-muted">{detail.prefix.description}</span></> : <span className="noc-danger">none</span>}
          {detail.ancestors.length > 0 && <div className="noc-muted noc-mono">in {detail.ancestors.map((p) => p.prefix).join(' ⊂ ')}</div>}
        </dd>
        {detail.holder && (
          <>
            <dt>Holder</dt>
            <dd data-testid="address-holder">
              {detail.holder.deviceName && <Tag minimal icon="server">{detail.holder.deviceName}{detail.holder.interface ? ` ${detail.holder.interface}` : ''}</Tag>}{' '}
              {detail.holder.customerId && <Tag minimal icon="person">{detail.holder.customerName ?? detail.holder.customerId}</Tag>}{' '}
              {detail.holder.rentalId && <Tag minimal icon="document">rental {detail.holder.rentalId}</Tag>}
            </dd>
          </>
        )}
        {r?.dnsName && <><dt>DNS</dt><dd className="noc-mono">{r.dnsName}</dd></>}
        {r?.description && <><dt>Description</dt><dd>{r.description}</dd></>}
        {detail.since && <><dt>Since</dt><dd>{formatDateTime(detail.since)}</dd></>}
        {detail.justification && <><dt>Justification</dt><dd data-testid="address-justification">{detail.justification}</dd></>}
        {detail.range && <><dt>Range</dt><dd className="noc-mono">{detail.range.startAddress}–{detail.range.endAddress} ({detail.range.status})</dd></>}
      </dl>
      {detail.note && <Callout compact intent="warning" icon="info-sign">{detail.note}</Callout>}
      {canEdit && detail.prefix && !detail.note?.startsWith('This is') && (occupied ? <ReleaseForm detail={detail} /> : <AssignForm detail={detail} />)}
      {!canEdit && <Callout compact>Your role ({role ?? 'unknown'}) can look but not assign.</Callout>}
      <h4 className="noc-section-title">History</h4>
      {detail.history.length === 0 && <div className="noc-muted">No history: this address has never been recorded.</div>}
      <ul className="noc-ipam-history" data-testid="address-history">
        {detail.history.map((h) => (
          <li key={h.id}>
            <span className="noc-muted">{formatDateTime(h.at)}</span> <b>{h.actor}</b> {h.action}
            {h.after && typeof h.after.status === 'string' && <> → <Tag minimal>{h.after.status}</Tag></>}
            {h.reason && <div className="noc-muted">“{h.reason}”</div>}
          </li>
        ))}
      </ul>
    </>
  );
}

function AssignForm({ detail }: { detail: AddressDetail }) {
  const [mode, setMode] = useState<'assign' | 'reserve'>('assign');
  const [device, setDevice] = useState<PickedDevice | null>(null);
  const [iface, setIface] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [dnsName, setDnsName] = useState('');
  const [description, setDescription] = useState('');
  const [justification, setJustification] = useState('');
  const [status, setStatus] = useState<'used' | 'gateway' | 'dhcp'>('used');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => setErr(NO_ERROR), [detail.address]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const base = { address: detail.address, vrf: detail.vrf, description, customerId: customerId.trim() || null, justification };
    const assign = assignInput.safeParse({ ...base, status, deviceId: device?.id ?? null, interface: iface, dnsName });
    const reserve = reserveInput.safeParse(base);
    const checked = mode === 'assign' ? assign : reserve;
    if (!checked.success) return setErr({ message: null, fields: zodFieldErrors(checked.error) });
    setBusy(true);
    setErr(NO_ERROR);
    try {
      if (mode === 'assign' && assign.success) await api.ipam.assign.mutate(assign.data);
      else if (reserve.success) await api.ipam.reserve.mutate(reserve.data);
      toast({ intent: 'success', icon: 'tick', message: `${detail.address} ${mode === 'assign' ? 'assigned' : 'reserved'}.` });
      await ipamStore.getState().refresh();
    } catch (error) {
      setErr(formErrorOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="noc-form noc-ipam-form" onSubmit={(e) => void submit(e)} data-testid="assign-form">
      <SegmentedControl small value={mode} onValueChange={(v) => setMode(v as 'assign' | 'reserve')} options={[{ label: 'Assign', value: 'assign' }, { label: 'Reserve', value: 'reserve' }]} data-testid="assign-mode" />
      {mode === 'assign' && (
        <div className="noc-form-row">
          <Field label="Server / VM / switch" labelFor="assign-device" name="deviceId" errors={err.fields} className="noc-grow">
            <DevicePicker id="assign-device" value={device} onChange={setDevice} />
          </Field>
          <Field label="Interface" labelFor="assign-iface" name="interface" errors={err.fields}>
            <InputGroup id="assign-iface" value={iface} placeholder="eno1" onChange={(e) => setIface(e.currentTarget.value)} data-testid="assign-interface" />
          </Field>
        </div>
      )}
      <div className="noc-form-row">
        <Field label="Customer" labelFor="assign-customer" name="customerId" errors={err.fields} className="noc-grow" helperText="Customer id (or exact name)">
          <InputGroup id="assign-customer" value={customerId} onChange={(e) => setCustomerId(e.currentTarget.value)} data-testid="assign-customer" />
        </Field>
        {mode === 'assign' && (
          <Field label="As" labelFor="assign-status" name="status" errors={err.fields}>
            <HTMLSelect id="assign-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as 'used' | 'gateway' | 'dhcp')}
              options={[{ value: 'used', label: 'Used' }, { value: 'gateway', label: 'Gateway' }, { value: 'dhcp', label: 'DHCP' }]} />
          </Field>
        )}
      </div>
      {mode === 'assign' && (
        <Field label="DNS name" labelFor="assign-dns" name="dnsName" errors={err.fields}>
          <InputGroup id="assign-dns" className="noc-mono" value={dnsName} onChange={(e) => setDnsName(e.currentTarget.value)} data-testid="assign-dns" />
        </Field>
      )}
      <Field label="Description" labelFor="assign-desc" name="description" errors={err.fields}>
        <InputGroup id="assign-desc" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </Field>
      <Field label="Justification (ARIN)" labelFor="assign-why" name="justification" errors={err.fields} helperText="Required when the customer already holds addresses; kept for the ARIN report.">
        <TextArea id="assign-why" fill rows={2} value={justification} onChange={(e) => setJustification(e.currentTarget.value)} data-testid="assign-justification" />
      </Field>
      {err.message && <Callout intent="danger" compact data-testid="assign-error">{err.message}</Callout>}
      <Button type="submit" intent="primary" loading={busy} text={mode === 'assign' ? 'Assign' : 'Reserve'} data-testid="assign-submit" />
    </form>
  );
}

function ReleaseForm({ detail }: { detail: AddressDetail }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const id = detail.record?.id;
  if (!id) return null;
  async function release() {
    setBusy(true);
    setErr(null);
    try {
      await api.ipam.release.mutate({ id: id!, reason: reason.trim() || undefined });
      toast({ intent: 'success', icon: 'tick', message: `${detail.address} released.` });
      await ipamStore.getState().refresh();
    } catch (error) {
      setErr(formErrorOf(error).message ?? 'Refused.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="noc-form noc-ipam-form" data-testid="release-form">
      <div className="noc-form-row">
        <InputGroup className="noc-grow" placeholder="Why (kept in the history)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="release-reason" />
        <Button intent="warning" icon="disable" text="Release" loading={busy} onClick={() => void release()} data-testid="release-submit" />
      </div>
      {err && <Callout intent="danger" compact>{err}</Callout>}
    </div>
  );
}
