// Edit a device's basic fields. Checked with the shared schema before sending; the
// core's refusals (zod or a domain rule such as an occupied unit) land at their field.
import { Button, Callout, InputGroup, NumericInput, TextArea } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { deviceInput } from '../../../shared/schemas/inventory';
import type { Device } from '../../../shared/types';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { nocStore, useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from './FieldError';

const EDITORS = new Set(['admin', 'technician', 'provisioning']);

const editable = deviceInput.pick({ name: true, serial: true, assetTag: true, mgmtIp: true, primaryIp: true, os: true, notes: true, position: true });

type TextKey = 'name' | 'serial' | 'assetTag' | 'mgmtIp' | 'primaryIp' | 'os';
const TEXT_FIELDS: Array<{ key: TextKey; label: string; mono?: boolean }> = [
  { key: 'name', label: 'Name' },
  { key: 'serial', label: 'Serial', mono: true },
  { key: 'assetTag', label: 'Asset tag', mono: true },
  { key: 'mgmtIp', label: 'Mgmt IP', mono: true },
  { key: 'primaryIp', label: 'Primary IP', mono: true },
  { key: 'os', label: 'OS' },
];

export function EditDeviceForm({ device, onSaved }: { device: Device; onSaved: () => void }) {
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && EDITORS.has(role);
  const [values, setValues] = useState({
    name: device.name, serial: device.serial, assetTag: device.assetTag, mgmtIp: device.mgmtIp,
    primaryIp: device.primaryIp, os: device.os, notes: device.notes,
  });
  const [position, setPosition] = useState<number | null>(device.position);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const placed = device.rackId !== null && device.type !== 'vm';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = editable.safeParse({ ...values, position: placed ? position : null });
    if (!parsed.success) {
      setErr({ message: null, fields: zodFieldErrors(parsed.error) });
      return;
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      // The whole record, not only what changed: the update schema fills absent fields
      // with their defaults (see the report on deviceUpdateInput), which would wipe them.
      const d = device;
      await api.inventory.update.mutate({
        id: d.id,
        patch: {
          ...parsed.data,
          position: placed ? parsed.data.position ?? null : d.position,
          type: d.type, heightU: d.heightU, hostId: d.hostId, siteId: d.siteId, specs: d.specs,
          rackId: d.rackId, face: d.face, width: d.width, fullDepth: d.fullDepth,
        },
      });
      toast({ intent: 'success', icon: 'floppy-disk', message: `${parsed.data.name} saved.` });
      void nocStore.getState().refreshDevice();
      onSaved();
    } catch (error) {
      setErr(formErrorOf(error, 'patch.'));
    } finally {
      setBusy(false);
    }
  }

  const set = (k: keyof typeof values) => (v: string) => setValues((cur) => ({ ...cur, [k]: v }));

  return (
    <form className="noc-form noc-edit-form" onSubmit={(e) => void submit(e)} data-testid="edit-form">
      {!canEdit && <Callout compact>Your role ({role ?? 'unknown'}) can look but not edit.</Callout>}
      <div className="noc-form-grid">
        {TEXT_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} labelFor={`edit-${f.key}`} name={f.key} errors={err.fields}>
            <InputGroup id={`edit-${f.key}`} data-testid={`edit-${f.key}`} className={f.mono ? 'noc-mono' : undefined} value={values[f.key]} disabled={!canEdit} onValueChange={set(f.key)} />
          </Field>
        ))}
        {placed && (
          <Field label="Position (lowest U)" labelFor="edit-position" name="position" errors={err.fields} helperText={`${device.heightU}U device, ${device.width === 'full' ? 'full width' : `${device.width} half`}`}>
            <NumericInput id="edit-position" data-testid="edit-position" fill min={1} max={60} value={position ?? ''} disabled={!canEdit} allowNumericCharactersOnly
              onValueChange={(n) => setPosition(Number.isFinite(n) ? n : null)} />
          </Field>
        )}
      </div>
      <Field label="Notes" labelFor="edit-notes" name="notes" errors={err.fields}>
        <TextArea id="edit-notes" data-testid="edit-notes" fill rows={3} value={values.notes} disabled={!canEdit} onChange={(e) => set('notes')(e.currentTarget.value)} />
      </Field>
      {err.message && <Callout intent="danger" compact data-testid="edit-error">{err.message}</Callout>}
      <Button type="submit" intent="primary" icon="floppy-disk" text="Save" loading={busy} disabled={!canEdit} data-testid="edit-submit" />
    </form>
  );
}
