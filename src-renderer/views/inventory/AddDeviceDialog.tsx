// Add a device (server, switch, PDU, patch panel, other) at a site, optionally in a rack,
// or a VM on its host server. Checked with the shared schema before sending; the core's
// refusals (an occupied unit, past the top of the rack, a host that is no server) land at
// their field.
import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, NumericInput } from '@blueprintjs/core';
import { useMemo, useState, type FormEvent } from 'react';
import { DEVICE_TYPES, type DeviceType } from '../../../shared/choices';
import { deviceInput } from '../../../shared/schemas/inventory';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { nocStore, useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { DevicePicker, type PickedDevice } from '../ipam/DevicePicker';

interface Draft {
  name: string; type: DeviceType; siteId: string; rackId: string; position: number | null; heightU: number | null;
  face: 'front' | 'rear'; width: 'full' | 'left' | 'right'; serial: string; assetTag: string; primaryIp: string; host: PickedDevice | null;
}

const EMPTY: Draft = { name: '', type: 'server', siteId: '', rackId: '', position: null, heightU: 1, face: 'front', width: 'full', serial: '', assetTag: '', primaryIp: '', host: null };

export function AddDeviceDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const tree = useNoc((s) => s.racks.tree);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const racks = useMemo(() => {
    const site = tree?.find((n) => n.site.id === draft.siteId);
    return site ? site.rooms.flatMap((r) => r.racks.map((k) => ({ id: k.id, label: `${k.name} (${r.room.name}, ${k.heightU}U)` }))) : [];
  }, [tree, draft.siteId]);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((cur) => ({ ...cur, [k]: v }));

  function close() {
    setDraft(EMPTY);
    setErr(NO_ERROR);
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const vm = draft.type === 'vm';
    const inRack = !vm && draft.rackId !== '';
    if (vm && !draft.host) {
      setErr({ message: null, fields: { hostId: ['Pick the server this VM runs on.'] } });
      return;
    }
    const parsed = deviceInput.safeParse({
      name: draft.name, type: draft.type, serial: draft.serial, assetTag: draft.assetTag, primaryIp: draft.primaryIp,
      ...(vm ? { hostId: draft.host?.id ?? null, heightU: 0 } : { siteId: draft.siteId || null, heightU: draft.heightU ?? Number.NaN }),
      ...(inRack ? { rackId: draft.rackId, position: draft.position, face: draft.face, width: draft.width } : {}),
    });
    if (!parsed.success) {
      setErr({ message: null, fields: zodFieldErrors(parsed.error) });
      return;
    }
    if (inRack && parsed.data.heightU > 0 && parsed.data.position == null) {
      setErr({ message: null, fields: { position: ['Give the lowest unit the device sits in.'] } });
      return;
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      const created = await api.inventory.create.mutate(parsed.data);
      toast({ intent: 'success', icon: 'add', message: `${created.name} added (status ${created.status}).` });
      close();
      nocStore.getState().openDevice(created.id);
    } catch (error) {
      setErr(formErrorOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog isOpen={isOpen} onClose={close} title="Add a device" icon="add" className="noc-add-device">
      <form onSubmit={(e) => void submit(e)}>
        <DialogBody>
          <div className="noc-form-grid">
            <Field label="Name" labelFor="add-name" name="name" errors={err.fields}>
              <InputGroup id="add-name" data-testid="add-name" autoFocus value={draft.name} onValueChange={set('name')} />
            </Field>
            <Field label="Type" labelFor="add-type" name="type" errors={err.fields}>
              <HTMLSelect id="add-type" data-testid="add-type" fill value={draft.type} onChange={(e) => set('type')(e.currentTarget.value as DeviceType)}
                options={DEVICE_TYPES.map((t) => ({ value: t.value, label: t.label }))} />
            </Field>
            {draft.type === 'vm' && (
              <Field label="Host server" labelFor="add-host" name="hostId" errors={err.fields}>
                <DevicePicker id="add-host" value={draft.host} onChange={set('host')} />
              </Field>
            )}
            {draft.type !== 'vm' && (
              <>
                <Field label="Site" labelFor="add-site" name="siteId" errors={err.fields}>
                  <HTMLSelect id="add-site" data-testid="add-site" fill value={draft.siteId} onChange={(e) => setDraft((cur) => ({ ...cur, siteId: e.currentTarget.value, rackId: '' }))}
                    options={[{ value: '', label: 'No site yet' }, ...(tree ?? []).map((n) => ({ value: n.site.id, label: `${n.site.code} · ${n.site.name}` }))]} />
                </Field>
                <Field label="Rack" labelFor="add-rack" name="rackId" errors={err.fields}>
                  <HTMLSelect id="add-rack" data-testid="add-rack" fill value={draft.rackId} disabled={!draft.siteId} onChange={(e) => set('rackId')(e.currentTarget.value)}
                    options={[{ value: '', label: 'Not in a rack' }, ...racks.map((k) => ({ value: k.id, label: k.label }))]} />
                </Field>
                <Field label="Height (U)" labelFor="add-height" name="heightU" errors={err.fields} helperText="0 for a zero-U device (e.g. a vertical PDU)">
                  <NumericInput id="add-height" data-testid="add-height" fill min={0} max={60} value={draft.heightU ?? ''} allowNumericCharactersOnly
                    onValueChange={(n) => set('heightU')(Number.isFinite(n) ? n : null)} />
                </Field>
              </>
            )}
            {draft.type !== 'vm' && draft.rackId && (
              <>
                <Field label="Position (lowest U)" labelFor="add-position" name="position" errors={err.fields}>
                  <NumericInput id="add-position" data-testid="add-position" fill min={1} max={60} value={draft.position ?? ''} allowNumericCharactersOnly
                    onValueChange={(n) => set('position')(Number.isFinite(n) ? n : null)} />
                </Field>
                <Field label="Face" labelFor="add-face" name="face" errors={err.fields}>
                  <HTMLSelect id="add-face" data-testid="add-face" fill value={draft.face} onChange={(e) => set('face')(e.currentTarget.value as Draft['face'])}
                    options={[{ value: 'front', label: 'Front' }, { value: 'rear', label: 'Rear' }]} />
                </Field>
                <Field label="Width" labelFor="add-width" name="width" errors={err.fields}>
                  <HTMLSelect id="add-width" data-testid="add-width" fill value={draft.width} onChange={(e) => set('width')(e.currentTarget.value as Draft['width'])}
                    options={[{ value: 'full', label: 'Full width' }, { value: 'left', label: 'Left half' }, { value: 'right', label: 'Right half' }]} />
                </Field>
              </>
            )}
            <Field label="Serial" labelFor="add-serial" name="serial" errors={err.fields}>
              <InputGroup id="add-serial" data-testid="add-serial" className="noc-mono" value={draft.serial} onValueChange={set('serial')} />
            </Field>
            <Field label="Asset tag" labelFor="add-assetTag" name="assetTag" errors={err.fields}>
              <InputGroup id="add-assetTag" data-testid="add-assetTag" className="noc-mono" value={draft.assetTag} onValueChange={set('assetTag')} />
            </Field>
            <Field label="Primary IP" labelFor="add-primaryIp" name="primaryIp" errors={err.fields}>
              <InputGroup id="add-primaryIp" data-testid="add-primaryIp" className="noc-mono" value={draft.primaryIp} onValueChange={set('primaryIp')} />
            </Field>
          </div>
          {err.message && <Callout intent="danger" compact data-testid="add-error">{err.message}</Callout>}
        </DialogBody>
        <DialogFooter actions={<>
          <Button text="Cancel" onClick={close} />
          <Button type="submit" intent="primary" icon="add" text="Add device" loading={busy} data-testid="add-submit" />
        </>} />
      </form>
    </Dialog>
  );
}
