// Orders a customer places on one of their rentals: an upgrade, or additional addresses
// (with the justification ARIN asks for). Each becomes a ticket in Provisioning.
import { Button, Dialog, DialogBody, DialogFooter, HTMLSelect, NumericInput, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { ipRequestInput, upgradeOrderInput } from '../../../shared/schemas/tickets';
import { ticketRef } from '../../../shared/tickets';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field, FormMessage } from '../customers/ui';
import type { PortalRental } from './ServersPanel';

function useSubmit(onClose: () => void) {
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  async function submit(send: () => Promise<{ number: number }>) {
    setBusy(true);
    try {
      const t = await send();
      toast({ intent: 'success', icon: 'tick', message: `Order placed as ${ticketRef(t.number)}: follow it under Tickets.` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  }
  return { err, setErr, busy, submit };
}

export function UpgradeDialog({ rental, onClose }: { rental: PortalRental; onClose(): void }) {
  const [description, setDescription] = useState('');
  const { err, setErr, busy, submit } = useSubmit(onClose);
  function send() {
    const parsed = upgradeOrderInput.safeParse({ rentalId: rental.id, description });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    void submit(() => api.tickets.orderUpgrade.mutate(parsed.data));
  }
  return (
    <Dialog isOpen onClose={onClose} title={`Order an upgrade for ${rental.serverName}`} data-testid="portal-upgrade-dialog" style={{ width: 560 }}>
      <DialogBody>
        <div className="noc-form">
          <Field label="What would you like changed?" name="description" errors={err.fields} helperText="E.g. 128 GB more RAM, a second NVMe disk. We confirm the price before doing anything.">
            <TextArea fill rows={5} value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="portal-upgrade-text" />
          </Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Place order" loading={busy} onClick={send} data-testid="portal-upgrade-send" /></>} />
    </Dialog>
  );
}

export function IpRequestDialog({ rental, onClose }: { rental: PortalRental; onClose(): void }) {
  const [form, setForm] = useState({ count: 1, family: 'ipv4' as 'ipv4' | 'ipv6', justification: '' });
  const { err, setErr, busy, submit } = useSubmit(onClose);
  function send() {
    const parsed = ipRequestInput.safeParse({ rentalId: rental.id, ...form });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    void submit(() => api.tickets.requestIps.mutate(parsed.data));
  }
  return (
    <Dialog isOpen onClose={onClose} title={`Request more addresses for ${rental.serverName}`} data-testid="portal-ips-dialog" style={{ width: 560 }}>
      <DialogBody>
        <div className="noc-form">
          <div className="noc-form-row">
            <Field label="How many" name="count" errors={err.fields}>
              <NumericInput min={1} max={256} value={form.count} onValueChange={(n) => setForm((f) => ({ ...f, count: Number.isFinite(n) ? n : 0 }))} data-testid="portal-ips-count" />
            </Field>
            <Field label="Family" name="family" errors={err.fields}>
              <HTMLSelect value={form.family} onChange={(e) => { const family = e.currentTarget.value === 'ipv6' ? 'ipv6' : 'ipv4'; setForm((f) => ({ ...f, family })); }} options={[{ value: 'ipv4', label: 'IPv4' }, { value: 'ipv6', label: 'IPv6' }]} />
            </Field>
          </div>
          <Field label="What are they for?" name="justification" errors={err.fields} helperText="Our registry (ARIN) asks for a justification: the services, hosts or customers that need them.">
            <TextArea fill rows={4} value={form.justification} onChange={(e) => {
              // read the value now: React runs the updater after the event, when currentTarget is null
              const justification = e.currentTarget.value;
              setForm((f) => ({ ...f, justification }));
            }} data-testid="portal-ips-why" />
          </Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Send request" loading={busy} onClick={send} data-testid="portal-ips-send" /></>} />
    </Dialog>
  );
}
