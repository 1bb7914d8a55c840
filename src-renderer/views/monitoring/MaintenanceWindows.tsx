// Maintenance windows: the chosen devices stay silent (no sound, marked "maintenance" on the
// wall) between two times. Listed and started from the wall (any devices) and from a device's
// Monitoring tab (that device, prefilled). Errors show next to their field.
import { Button, Callout, InputGroup, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { MaintenanceWindow } from '../../../shared/monitoring-types';
import { maintenanceInput } from '../../../shared/schemas/monitoring';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { DevicePicker, type PickedDevice } from '../ipam/DevicePicker';

const HOUR = 3_600_000;

/** A time as the value of an <input type="datetime-local"> (local time, minutes). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const when = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

function AddWindow({ device, onAdded }: { device?: PickedDevice; onAdded(): void }) {
  const [name, setName] = useState(device ? `Maintenance of ${device.name}` : '');
  const [devices, setDevices] = useState<PickedDevice[]>(device ? [device] : []);
  const [startsAt, setStartsAt] = useState(() => localInput(Date.now()));
  const [endsAt, setEndsAt] = useState(() => localInput(Date.now() + 2 * HOUR));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const start = startsAt ? new Date(startsAt).getTime() : NaN;
    const end = endsAt ? new Date(endsAt).getTime() : NaN;
    if (!Number.isFinite(start)) return setError({ message: null, fields: { startsAt: ['Give the date and time it starts.'] } });
    if (!Number.isFinite(end)) return setError({ message: null, fields: { endsAt: ['Give the date and time it ends.'] } });
    const input = { name, startsAt: start, endsAt: end, deviceIds: devices.map((d) => d.id), reason };
    const parsed = maintenanceInput.safeParse(input);
    if (!parsed.success) return setError({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      await api.alarms.addWindow.mutate(parsed.data);
      setError(NO_ERROR);
      setReason('');
      if (!device) setDevices([]);
      onAdded();
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setBusy(false);
    }
  };

  const f = error.fields;
  return (
    <div className="noc-maint-form" data-testid="maintenance-form">
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
      <div className="noc-form-row">
        <Field label="Name" name="name" errors={f} className="noc-grow"><InputGroup value={name} onChange={(e) => setName(e.target.value)} data-testid="maintenance-name" /></Field>
        <Field label="From" name="startsAt" errors={f}><InputGroup type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} data-testid="maintenance-from" /></Field>
        <Field label="Until" name="endsAt" errors={f}><InputGroup type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} data-testid="maintenance-until" /></Field>
      </div>
      <Field label="Devices to silence" name="deviceIds" errors={f}>
        <div className="noc-maint-devices" data-testid="maintenance-devices">
          {devices.map((d) => <Tag key={d.id} onRemove={() => setDevices(devices.filter((x) => x.id !== d.id))}>{d.name}</Tag>)}
          <DevicePicker key={devices.length} value={null} onChange={(d) => { if (d && !devices.some((x) => x.id === d.id)) setDevices([...devices, d]); }} />
        </div>
      </Field>
      <Field label="Reason" name="reason" errors={f}><InputGroup value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. firmware upgrade, ticket #" data-testid="maintenance-reason" /></Field>
      <Button intent="primary" icon="wrench" text="Start maintenance window" loading={busy} onClick={() => void submit()} data-testid="maintenance-submit" />
    </div>
  );
}

/** Current and coming windows (of one device when `device` is given) and a form to add one. */
export function MaintenanceWindows({ device }: { device?: PickedDevice }) {
  const [list, setList] = useState<MaintenanceWindow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const deviceId = device?.id;
  const load = useCallback(() => {
    api.alarms.windows.query().then((all) => { setList(deviceId ? all.filter((w) => w.deviceIds.includes(deviceId)) : all); setError(null); },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [deviceId]);
  useEffect(load, [load]);
  const remove = (id: string) => {
    api.alarms.removeWindow.mutate({ id }).then(load, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const now = Date.now();

  return (
    <div className="noc-maint" data-testid="maintenance">
      {error && <Callout intent="danger" compact>{error}</Callout>}
      {list && list.length === 0 && <div className="noc-muted">No current or coming maintenance window{device ? ' for this device' : ''}.</div>}
      {list?.map((w) => (
        <div key={w.id} className="noc-maint-row" data-testid="maintenance-window">
          <Tag minimal icon="wrench" intent={w.startsAt <= now ? 'warning' : 'none'}>{w.startsAt <= now ? 'now' : 'coming'}</Tag>
          <b>{w.name}</b>
          <span>{when(w.startsAt)} – {when(w.endsAt)}</span>
          <span className="noc-muted">{w.deviceIds.length} device{w.deviceIds.length === 1 ? '' : 's'} · by {w.createdBy}{w.reason ? ` · ${w.reason}` : ''}</span>
          <Button small variant="minimal" icon="trash" title="End and remove this window" onClick={() => remove(w.id)} data-testid="maintenance-remove" />
        </div>
      ))}
      {adding ? <AddWindow device={device} onAdded={() => { setAdding(false); load(); }} /> : <Button small icon="add" text="Add a maintenance window" onClick={() => setAdding(true)} data-testid="maintenance-add" />}
    </div>
  );
}
