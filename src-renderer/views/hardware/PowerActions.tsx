// Power and boot actions: each asks for a confirmation that names the server and what will
// happen, takes an optional reason for the audit history, and says how it went.
import { Alert, Button, ButtonGroup, Checkbox, FormGroup, HTMLSelect, InputGroup } from '@blueprintjs/core';
import { useState } from 'react';
import { BOOT_DEVICES, POWER_ACTIONS, type BmcBootDevice, type BmcPowerAction } from '../../../shared/bmc';
import { formErrorOf } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';

type Pending = { kind: 'power'; action: BmcPowerAction } | { kind: 'boot'; device: BmcBootDevice; persistent: boolean; efi: boolean };

/** `boot: false` leaves out the boot-device row (the Console tab shows power buttons only). */
export function PowerActions({ deviceId, deviceName, powerOn, canAct, onDone, boot = true }: { deviceId: string; deviceName: string; powerOn: boolean | null; canAct: boolean; onDone(): void; boot?: boolean }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [bootDevice, setBootDevice] = useState<BmcBootDevice>('pxe');
  const [persistent, setPersistent] = useState(false);
  const [efi, setEfi] = useState(false);

  const spec = pending?.kind === 'power' ? POWER_ACTIONS.find((a) => a.value === pending.action)! : null;

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'power') {
        const r = await api.bmc.power.mutate({ deviceId, action: pending.action, reason });
        toast({ intent: 'success', icon: 'power', message: `${deviceName}: ${spec?.label ?? pending.action} sent${r.powerOn === null ? '' : `; power is ${r.powerOn ? 'on' : 'off'}`}` });
      } else {
        await api.bmc.bootDevice.mutate({ deviceId, device: pending.device, persistent: pending.persistent, efi: pending.efi, reason });
        toast({ intent: 'success', icon: 'floppy-disk', message: `${deviceName}: ${pending.persistent ? 'boots' : 'next boot'} from ${BOOT_DEVICES.find((d) => d.value === pending.device)?.label}` });
      }
      onDone();
    } catch (err) {
      toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'The BMC refused it.', timeout: 8000 });
    } finally {
      setBusy(false);
      setPending(null);
      setReason('');
    }
  }

  return (
    <div className="noc-power-actions">
      <ButtonGroup className="noc-power-buttons">
        {POWER_ACTIONS.map((a) => (
          <Button key={a.value} size="small" intent={a.intent} text={a.label} disabled={!canAct || (a.value === 'on' && powerOn === true)}
            data-testid={`power-${a.value}`} onClick={() => setPending({ kind: 'power', action: a.value })} />
        ))}
      </ButtonGroup>
      {boot && <div className="noc-boot-row">
        <HTMLSelect value={bootDevice} disabled={!canAct} onChange={(e) => setBootDevice(e.currentTarget.value as BmcBootDevice)} options={BOOT_DEVICES.map((d) => ({ value: d.value, label: d.label }))} data-testid="boot-device" />
        <Checkbox inline label="every boot" checked={persistent} disabled={!canAct} onChange={(e) => setPersistent(e.currentTarget.checked)} />
        <Checkbox inline label="EFI" checked={efi} disabled={!canAct} onChange={(e) => setEfi(e.currentTarget.checked)} />
        <Button size="small" text="Set boot device" disabled={!canAct} data-testid="boot-set" onClick={() => setPending({ kind: 'boot', device: bootDevice, persistent, efi })} />
      </div>}
      <Alert
        isOpen={pending !== null}
        intent={pending?.kind === 'power' ? (spec?.intent === 'success' ? 'primary' : spec?.intent ?? 'primary') : 'primary'}
        icon={pending?.kind === 'power' ? 'power' : 'floppy-disk'}
        confirmButtonText={pending?.kind === 'power' ? `${spec?.label} ${deviceName}` : 'Set boot device'}
        cancelButtonText="Cancel"
        loading={busy}
        onConfirm={() => void confirm()}
        onCancel={() => { setPending(null); setReason(''); }}
        className="noc-power-confirm"
      >
        <p data-testid="power-confirm-text">
          {pending?.kind === 'power'
            ? <><b>{spec?.label}</b> on <b>{deviceName}</b>: this {spec?.effect}</>
            : pending ? <>The next {pending.persistent ? 'boots' : 'boot'} of <b>{deviceName}</b> will start from <b>{BOOT_DEVICES.find((d) => d.value === pending.device)?.label}</b>.</> : null}
        </p>
        <FormGroup label="Reason (recorded in the audit history)" labelFor="power-reason">
          <InputGroup id="power-reason" data-testid="power-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="e.g. kernel hang, ticket #4411" />
        </FormGroup>
      </Alert>
    </div>
  );
}
