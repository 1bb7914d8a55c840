// Change a device's status: only the legal next statuses are offered, a reason is
// required; the core's refusals (illegal move, a guard) are shown at the field.
import { Button, Callout, HTMLSelect, TextArea } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { allowedNextStatuses } from '../../../shared/device-status';
import { setStatusInput } from '../../../shared/schemas/inventory';
import type { DeviceStatus } from '../../../shared/choices';
import type { Device } from '../../../shared/types';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { statusLabel } from '../../lib/format';
import { nocStore, useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from './FieldError';

const EDITORS = new Set(['admin', 'technician', 'provisioning']);

export function StatusChangeForm({ device }: { device: Device }) {
  const role = useNoc((s) => s.actor?.role);
  const next = allowedNextStatuses(device.status);
  const [to, setTo] = useState<DeviceStatus | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const canEdit = role !== undefined && EDITORS.has(role);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!to) {
      setErr({ message: null, fields: { status: ['Choose the new status.'] } });
      return;
    }
    const parsed = setStatusInput.safeParse({ id: device.id, status: to, reason });
    if (!parsed.success) {
      setErr({ message: null, fields: zodFieldErrors(parsed.error) });
      return;
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      await api.inventory.setStatus.mutate(parsed.data);
      toast({ intent: 'success', icon: 'tick', message: `${device.name}: ${statusLabel(device.status)} → ${statusLabel(to)}` });
      void nocStore.getState().refreshDevice();
    } catch (error) {
      setErr(formErrorOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="noc-form noc-status-form" onSubmit={(e) => void submit(e)} data-testid="status-form">
      <h4 className="noc-section-title">Change status</h4>
      {!canEdit && <Callout compact intent="none">Your role ({role ?? 'unknown'}) can look but not change status.</Callout>}
      <div className="noc-form-row">
        <Field label="New status" labelFor="status-to" name="status" errors={err.fields} className="noc-grow">
          <HTMLSelect id="status-to" data-testid="status-select" fill value={to} disabled={!canEdit}
            onChange={(e) => { setTo(e.currentTarget.value as DeviceStatus | ''); setErr(NO_ERROR); }}
            options={[{ value: '', label: `From ${statusLabel(device.status)} to…` }, ...next.map((s) => ({ value: s, label: statusLabel(s) }))]} />
        </Field>
      </div>
      <Field label="Reason" labelFor="status-reason" name="reason" errors={err.fields} helperText="Recorded in the audit history.">
        <TextArea id="status-reason" data-testid="status-reason" fill rows={2} value={reason} disabled={!canEdit}
          placeholder="e.g. PSU failure reported by remote hands, ticket #4411"
          onChange={(e) => setReason(e.currentTarget.value)} />
      </Field>
      {err.message && <Callout intent="danger" compact data-testid="status-error">{err.message}</Callout>}
      <Button type="submit" intent="primary" text="Change status" loading={busy} disabled={!canEdit} data-testid="status-submit" />
    </form>
  );
}
