// Rental dialogs: start (pick an Available server, plan and price, committed bandwidth,
// IPs), end (wipe → Staging, or straight to Available), the audited root-password reveal,
// and the cancellation request that the customer confirms by e-mail.
import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, Radio, RadioGroup, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { CURRENCIES, END_PATHS, MODIFICATION_KINDS, type Currency, type EndPath, type ModificationKind, type RentalRow } from '../../../shared/rentals';
import { rentalModifyInput, rentalStartInput } from '../../../shared/schemas/rentals';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from './live';
import { Field, FormMessage } from './ui';

export function StartRentalDialog({ customerId, customerName, isOpen, onClose }: { customerId: string; customerName: string; isOpen: boolean; onClose(): void }) {
  const [search, setSearch] = useState('');
  const [form, setForm] = useState({ deviceId: '', plan: '', monthlyPrice: '0', currency: 'USD' as Currency, committedMbps: '0', ips: '', startsAt: '', endsAt: '' });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (isOpen) { setErr(NO_ERROR); setSearch(''); setForm({ deviceId: '', plan: '', monthlyPrice: '0', currency: 'USD', committedMbps: '0', ips: '', startsAt: '', endsAt: '' }); } }, [isOpen]);
  const servers = useLive(() => (isOpen ? api.inventory.list.query({ status: ['available'], type: ['server', 'vm'], text: search.trim() || undefined, limit: 50 }) : Promise.resolve(null)), [isOpen, search], ['devices']);
  async function save() {
    const input = {
      customerId, deviceId: form.deviceId, plan: form.plan, monthlyPrice: Number(form.monthlyPrice), currency: form.currency, committedMbps: Number(form.committedMbps),
      ips: form.ips.split(/[\s,]+/).filter(Boolean), startsAt: form.startsAt || undefined, endsAt: form.endsAt || null,
    };
    if (!form.deviceId) return setErr({ message: null, fields: { deviceId: ['Choose the server to rent.'] } });
    const parsed = rentalStartInput.safeParse(input);
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      const r = await api.rentals.start.mutate(parsed.data);
      toast({ intent: 'success', icon: 'tick', message: `${r.device.name} rented to ${customerName}; the welcome e-mail is queued.` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={`Start a rental for ${customerName}`} data-testid="rental-start-dialog" style={{ width: 640 }}>
      <DialogBody>
        <div className="noc-form">
          <Field label="Server (Available only)" name="deviceId" errors={err.fields}>
            <InputGroup leftIcon="search" placeholder="Filter by name, serial, IP…" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="rental-server-search" />
            <HTMLSelect fill value={form.deviceId} data-testid="rental-server" onChange={(e) => set('deviceId', e.currentTarget.value)}
              options={[{ value: '', label: servers.data ? `${servers.data.total} available — choose one` : 'Loading…' }, ...(servers.data?.rows ?? []).map((d) => ({ value: d.id, label: `${d.name} — ${d.specs.cpu || d.type}${d.rackName ? ` (rack ${d.rackName})` : ''}` }))]} />
          </Field>
          <div className="noc-form-grid">
            <Field label="Plan" name="plan" errors={err.fields}><InputGroup value={form.plan} data-testid="rental-plan" onChange={(e) => set('plan', e.currentTarget.value)} placeholder="Dedicated M" /></Field>
            <Field label="Committed bandwidth (Mbps)" name="committedMbps" errors={err.fields}><InputGroup value={form.committedMbps} data-testid="rental-commit" onChange={(e) => set('committedMbps', e.currentTarget.value)} /></Field>
            <Field label="Monthly price" name="monthlyPrice" errors={err.fields}><InputGroup value={form.monthlyPrice} data-testid="rental-price" onChange={(e) => set('monthlyPrice', e.currentTarget.value)} /></Field>
            <Field label="Currency" name="currency" errors={err.fields}><HTMLSelect fill value={form.currency} onChange={(e) => set('currency', e.currentTarget.value)} options={[...CURRENCIES]} /></Field>
            <Field label="Starts (default now)" name="startsAt" errors={err.fields}><InputGroup type="date" value={form.startsAt} data-testid="rental-starts" onChange={(e) => set('startsAt', e.currentTarget.value)} /></Field>
            <Field label="Ends (optional term)" name="endsAt" errors={err.fields}><InputGroup type="date" value={form.endsAt} data-testid="rental-ends" onChange={(e) => set('endsAt', e.currentTarget.value)} /></Field>
          </div>
          <Field label="IP addresses" name="ips" errors={err.fields} helperText="Separated by spaces or commas.">
            <InputGroup value={form.ips} data-testid="rental-ips" onChange={(e) => set('ips', e.currentTarget.value)} placeholder="203.0.113.10 203.0.113.11" />
          </Field>
          <Callout compact icon="envelope">The customer's technical contacts get a welcome e-mail with the server, its addresses and a one-time link to the root password (never the password itself).</Callout>
          <FormMessage err={err} testId="rental-start-error" />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Start rental" loading={busy} onClick={() => void save()} data-testid="rental-start-save" /></>} />
    </Dialog>
  );
}

export function EndRentalDialog({ rental, onClose }: { rental: RentalRow | null; onClose(): void }) {
  const [path, setPath] = useState<EndPath>('wipe');
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { setPath('wipe'); setReason(''); setErr(NO_ERROR); }, [rental]);
  async function save() {
    if (!rental) return;
    try {
      await api.rentals.end.mutate({ id: rental.id, path, reason });
      toast({ intent: 'success', message: `${rental.deviceName}: rental ended, server ${path === 'wipe' ? 'to wipe and Staging' : 'Available'}` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <Dialog isOpen={rental !== null} onClose={onClose} title={`End the rental of ${rental?.deviceName ?? ''}`} data-testid="rental-end-dialog">
      <DialogBody>
        <div className="noc-form">
          <RadioGroup label="Where the server goes" selectedValue={path} onChange={(e) => setPath(e.currentTarget.value as EndPath)}>
            {END_PATHS.map((p) => <Radio key={p.value} value={p.value} label={p.label} data-testid={`end-path-${p.value}`} />)}
          </RadioGroup>
          <Field label="Reason" name="reason" errors={err.fields}><TextArea fill rows={2} value={reason} data-testid="rental-end-reason" onChange={(e) => setReason(e.currentTarget.value)} /></Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="danger" text="End rental" onClick={() => void save()} data-testid="rental-end-save" /></>} />
    </Dialog>
  );
}

export function RevealDialog({ rental, onClose }: { rental: RentalRow | null; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState<string | null>(null);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { setReason(''); setPassword(null); setErr(NO_ERROR); }, [rental]);
  async function reveal() {
    if (!rental) return;
    try {
      setPassword((await api.rentals.revealRootPassword.mutate({ id: rental.id, reason })).password);
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <Dialog isOpen={rental !== null} onClose={onClose} title={`Root password of ${rental?.deviceName ?? ''}`} data-testid="reveal-dialog">
      <DialogBody>
        {password === null ? (
          <div className="noc-form">
            <Callout compact intent="warning" icon="eye-open">Reading a root password is recorded with your name and reason.</Callout>
            <Field label="Why do you need it?" name="reason" errors={err.fields}><InputGroup value={reason} data-testid="reveal-reason" onChange={(e) => setReason(e.currentTarget.value)} /></Field>
            <FormMessage err={err} />
          </div>
        ) : <p><code className="noc-mono" data-testid="revealed-password" style={{ fontSize: 16, userSelect: 'all' }}>{password}</code></p>}
      </DialogBody>
      <DialogFooter actions={password === null ? <><Button text="Cancel" onClick={onClose} /><Button intent="warning" text="Show password" onClick={() => void reveal()} data-testid="reveal-submit" /></> : <Button text="Close" onClick={onClose} />} />
    </Dialog>
  );
}

export function CancellationDialog({ customerId, customerName, rentals, isOpen, onClose }: { customerId: string; customerName: string; rentals: RentalRow[]; isOpen: boolean; onClose(): void }) {
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  const [endPath, setEndPath] = useState<EndPath>('wipe');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { if (isOpen) { setChosen(null); setReason(''); setErr(NO_ERROR); } }, [isOpen]);
  const active = rentals.filter((r) => r.status === 'active');
  async function save() {
    try {
      const c = await api.notifications.requestCancellation.mutate({ customerId, rentalIds: chosen, reason, endPath });
      toast({ intent: 'primary', icon: 'envelope', message: `Confirmation link sent to ${c.sentTo.join(', ')}. Nothing ends until the customer confirms.` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={`Cancel services of ${customerName}`} data-testid="cancel-dialog">
      <DialogBody>
        <div className="noc-form">
          <RadioGroup selectedValue={chosen === null ? 'all' : 'some'} onChange={(e) => setChosen(e.currentTarget.value === 'all' ? null : [])}>
            <Radio value="all" label={`All ${active.length} active services`} />
            <Radio value="some" label="Only these:" />
          </RadioGroup>
          {chosen !== null && active.map((r) => (
            <label key={r.id} className="bp6-control bp6-checkbox"><input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id))} /><span className="bp6-control-indicator" />{r.deviceName} {r.plan}</label>
          ))}
          <Field label="Then the servers go" name="endPath" errors={err.fields}><HTMLSelect value={endPath} onChange={(e) => setEndPath(e.currentTarget.value as EndPath)} options={END_PATHS.map((p) => ({ value: p.value, label: p.label }))} /></Field>
          <Field label="Reason" name="reason" errors={err.fields}><TextArea fill rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} /></Field>
          <Callout compact icon="envelope">The billing contact gets a signed link, valid 72 hours, usable once. Nothing ends until they confirm.</Callout>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Close" onClick={onClose} /><Button intent="danger" text="Send confirmation link" onClick={() => void save()} /></>} />
    </Dialog>
  );
}

/** Record a change to a running rental (upgrade, more IPs, new price…); kept in its history. */
export function ModifyRentalDialog({ rental, onClose }: { rental: RentalRow | null; onClose(): void }) {
  const [form, setForm] = useState({ kind: 'upgrade' as ModificationKind, summary: '', plan: '', monthlyPrice: '', committedMbps: '', addIps: '', removeIps: '' });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { if (rental) { setForm({ kind: 'upgrade', summary: '', plan: rental.plan, monthlyPrice: String(rental.monthlyPriceCents / 100), committedMbps: String(rental.committedMbps), addIps: '', removeIps: '' }); setErr(NO_ERROR); } }, [rental]);
  async function save() {
    if (!rental) return;
    const ips = (v: string) => v.split(/[\s,]+/).filter(Boolean);
    const parsed = rentalModifyInput.safeParse({
      id: rental.id, kind: form.kind, summary: form.summary,
      plan: form.plan !== rental.plan ? form.plan : undefined,
      monthlyPrice: Number(form.monthlyPrice) * 100 !== rental.monthlyPriceCents ? Number(form.monthlyPrice) : undefined,
      committedMbps: Number(form.committedMbps) !== rental.committedMbps ? Number(form.committedMbps) : undefined,
      addIps: ips(form.addIps), removeIps: ips(form.removeIps),
    });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    try {
      await api.rentals.modify.mutate(parsed.data);
      toast({ intent: 'success', message: `${rental.deviceName}: change recorded` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Dialog isOpen={rental !== null} onClose={onClose} title={`Change the rental of ${rental?.deviceName ?? ''}`} data-testid="rental-modify-dialog">
      <DialogBody>
        <div className="noc-form">
          <div className="noc-form-grid">
            <Field label="What" name="kind" errors={err.fields}><HTMLSelect fill value={form.kind} onChange={(e) => set('kind', e.currentTarget.value)} options={MODIFICATION_KINDS.map((k) => ({ value: k.value, label: k.label }))} /></Field>
            <Field label="Plan" name="plan" errors={err.fields}><InputGroup value={form.plan} onChange={(e) => set('plan', e.currentTarget.value)} /></Field>
            <Field label="Monthly price" name="monthlyPrice" errors={err.fields}><InputGroup value={form.monthlyPrice} onChange={(e) => set('monthlyPrice', e.currentTarget.value)} /></Field>
            <Field label="Committed Mbps" name="committedMbps" errors={err.fields}><InputGroup value={form.committedMbps} onChange={(e) => set('committedMbps', e.currentTarget.value)} /></Field>
            <Field label="Add IPs" name="addIps" errors={err.fields}><InputGroup value={form.addIps} onChange={(e) => set('addIps', e.currentTarget.value)} /></Field>
            <Field label="Remove IPs" name="removeIps" errors={err.fields}><InputGroup value={form.removeIps} onChange={(e) => set('removeIps', e.currentTarget.value)} /></Field>
          </div>
          <Field label="Summary (kept in the rental's history)" name="summary" errors={err.fields}><InputGroup value={form.summary} onChange={(e) => set('summary', e.currentTarget.value)} placeholder="RAM 64 → 128 GB" /></Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Record change" onClick={() => void save()} /></>} />
    </Dialog>
  );
}
