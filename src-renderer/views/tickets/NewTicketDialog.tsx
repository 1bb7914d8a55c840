// Open a ticket: queue, on behalf of which customer, about which server; or from an alarm.
import { Button, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { TICKET_PRIORITIES, type TicketPriority } from '../../../shared/tickets';
import { ticketInput } from '../../../shared/schemas/tickets';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { openTicket } from '../../stores/customers-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { Field, FormMessage } from '../customers/ui';

export function NewTicketDialog({ isOpen, onClose, customerId = null, queue = 'support' }: { isOpen: boolean; onClose(): void; customerId?: string | null; queue?: string }) {
  const [form, setForm] = useState({ queue, customerId: customerId ?? '', deviceId: '', subject: '', body: '', priority: 'normal' as TicketPriority });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  const [addresses, setAddresses] = useState('');
  useEffect(() => { if (isOpen) { setForm({ queue: queue || 'support', customerId: customerId ?? '', deviceId: '', subject: '', body: '', priority: 'normal' }); setAddresses(''); setErr(NO_ERROR); } }, [isOpen, customerId, queue]);
  const queues = useLive(() => (isOpen ? api.tickets.queues.query() : Promise.resolve([])), [isOpen], ['ticket_queues']);
  const customers = useLive(() => (isOpen && !customerId ? api.customers.list.query({ limit: 1000 }) : Promise.resolve(null)), [isOpen, customerId], ['customers']);
  const servers = useLive(() => (isOpen && form.customerId ? api.rentals.list.query({ customerId: form.customerId, status: 'active', limit: 500 }) : Promise.resolve(null)), [isOpen, form.customerId], ['rentals']);
  async function save() {
    // Addresses the ticket is about (an abuse report's IP, a prefix): links the ticket shows.
    const ips = addresses.split(/[\s,]+/).filter(Boolean);
    const bad = ips.filter((ip) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(ip) || !/[.:]/.test(ip));
    if (bad.length) return setErr({ message: null, fields: { addresses: [`Not an IP address or prefix: ${bad.join(', ')} (e.g. 203.0.113.10 or 2001:db8::/48).`] } });
    const parsed = ticketInput.safeParse({ ...form, customerId: form.customerId || null, deviceId: form.deviceId || null, links: ips.map((ip) => ({ kind: 'address', ref: ip, label: ip })) });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      const t = await api.tickets.create.mutate(parsed.data);
      toast({ intent: 'success', icon: 'tick', message: `Opened T-${String(t.number).padStart(6, '0')}${t.assignee ? `, assigned to ${t.assignee}` : ''}` });
      onClose();
      openTicket(t.id, form.queue);
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="New ticket" data-testid="ticket-new-dialog" style={{ width: 620 }}>
      <DialogBody>
        <div className="noc-form">
          <div className="noc-form-grid">
            <Field label="Queue" name="queue" errors={err.fields}>
              <HTMLSelect fill value={form.queue} data-testid="ticket-queue" onChange={(e) => set('queue', e.currentTarget.value)} options={(queues.data ?? []).map((q) => ({ value: q.key, label: q.name }))} />
            </Field>
            <Field label="Priority" name="priority" errors={err.fields}>
              <HTMLSelect fill value={form.priority} data-testid="ticket-priority" onChange={(e) => set('priority', e.currentTarget.value)} options={TICKET_PRIORITIES.map((p) => ({ value: p.value, label: p.label }))} />
            </Field>
            {!customerId && (
              <Field label="On behalf of" name="customerId" errors={err.fields}>
                <HTMLSelect fill value={form.customerId} data-testid="ticket-customer" onChange={(e) => { set('customerId', e.currentTarget.value); set('deviceId', ''); }}
                  options={[{ value: '', label: 'No customer (internal)' }, ...(customers.data?.rows ?? []).map((c) => ({ value: c.id, label: c.name }))]} />
              </Field>
            )}
            <Field label="About server" name="deviceId" errors={err.fields}>
              <HTMLSelect fill value={form.deviceId} data-testid="ticket-server" onChange={(e) => set('deviceId', e.currentTarget.value)}
                options={[{ value: '', label: form.customerId ? 'No particular server' : 'Choose a customer first' }, ...(servers.data?.rows ?? []).map((r) => ({ value: r.deviceId, label: r.deviceName }))]} />
            </Field>
          </div>
          <Field label="About addresses (optional)" name="addresses" errors={err.fields}><InputGroup value={addresses} data-testid="ticket-addresses" placeholder="203.0.113.10 2001:db8::/48" onChange={(e) => setAddresses(e.currentTarget.value)} /></Field>
          <Field label="Subject" name="subject" errors={err.fields}><InputGroup value={form.subject} data-testid="ticket-subject" onChange={(e) => set('subject', e.currentTarget.value)} /></Field>
          <Field label="Description" name="body" errors={err.fields}><TextArea fill rows={5} value={form.body} data-testid="ticket-body" onChange={(e) => set('body', e.currentTarget.value)} /></Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Open ticket" loading={busy} onClick={() => void save()} data-testid="ticket-save" /></>} />
    </Dialog>
  );
}

/** Active alarms to make a ticket from (one click each). */
export function AlarmTicketDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const alarms = useLive(() => (isOpen ? api.alarms.active.query() : Promise.resolve([])), [isOpen], ['alarms']);
  async function make(id: string) {
    try {
      const t = await api.tickets.fromAlarm.mutate({ alarmId: id });
      onClose();
      openTicket(t.id, 'noc');
    } catch (e) {
      toast({ intent: 'danger', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Ticket from an alarm" data-testid="alarm-ticket-dialog">
      <DialogBody>
        {(alarms.data ?? []).length === 0 && <div className="noc-muted">No active alarms.</div>}
        {(alarms.data ?? []).map((a) => (
          <div key={a.id} className="noc-biz-row" data-testid="alarm-row" data-label={a.label}>
            <div className="noc-grow"><b>{a.state}</b> {a.label}<div className="noc-biz-sub">{a.message}</div></div>
            <Button small icon="issue-new" text="Make ticket" onClick={() => void make(a.id)} data-testid="alarm-make-ticket" />
          </div>
        ))}
      </DialogBody>
    </Dialog>
  );
}
