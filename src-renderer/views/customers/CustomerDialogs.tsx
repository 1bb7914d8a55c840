// Dialogs of the customer profile: new/edit customer, contact, status change (with its
// effects spelled out), note. Input is checked with the shared schemas first; the core's
// refusals appear next to the field they concern.
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { CONTACT_ROLES, CUSTOMER_STATUSES, STATUS_EFFECTS, type ContactRole, type Customer, type CustomerContact, type CustomerStatus } from '../../../shared/customers';
import { contactInput, customerInput, customerStatusInput } from '../../../shared/schemas/customers';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field, FormMessage } from './ui';

const emptyAddress = { line1: '', line2: '', city: '', postcode: '', region: '', country: '' };

export function CustomerDialog({ isOpen, onClose, customer }: { isOpen: boolean; onClose(id?: string): void; customer?: Customer }) {
  const [form, setForm] = useState({ name: '', company: '', email: '', phone: '', billingAddress: emptyAddress });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!isOpen) return;
    setErr(NO_ERROR);
    setForm(customer ? { name: customer.name, company: customer.company, email: customer.email, phone: customer.phone, billingAddress: customer.billingAddress } : { name: '', company: '', email: '', phone: '', billingAddress: emptyAddress });
  }, [isOpen, customer]);
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const setAddr = (k: keyof typeof emptyAddress, v: string) => setForm((f) => ({ ...f, billingAddress: { ...f.billingAddress, [k]: v } }));

  async function save() {
    const parsed = customerInput.safeParse(form);
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      const saved = customer ? await api.customers.update.mutate({ id: customer.id, patch: parsed.data }) : await api.customers.create.mutate(parsed.data);
      toast({ intent: 'success', icon: 'tick', message: customer ? `Saved ${saved.name}` : `Created ${saved.name}` });
      onClose(saved.id);
    } catch (e) {
      setErr(formErrorOf(e, 'patch.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog isOpen={isOpen} onClose={() => onClose()} title={customer ? `Edit ${customer.name}` : 'New customer'} data-testid="customer-dialog">
      <DialogBody>
        <form className="noc-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <div className="noc-form-grid">
            <Field label="Name" labelFor="cust-name" name="name" errors={err.fields}><InputGroup id="cust-name" data-testid="cust-name" value={form.name} onChange={(e) => set('name', e.currentTarget.value)} autoFocus /></Field>
            <Field label="Company" labelFor="cust-company" name="company" errors={err.fields}><InputGroup id="cust-company" value={form.company} onChange={(e) => set('company', e.currentTarget.value)} /></Field>
            <Field label="E-mail" labelFor="cust-email" name="email" errors={err.fields}><InputGroup id="cust-email" data-testid="cust-email" value={form.email} onChange={(e) => set('email', e.currentTarget.value)} /></Field>
            <Field label="Phone" labelFor="cust-phone" name="phone" errors={err.fields}><InputGroup id="cust-phone" value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} /></Field>
          </div>
          <h4 className="noc-section-title">Billing address</h4>
          <div className="noc-form-grid">
            <Field label="Street" name="billingAddress.line1" errors={err.fields}><InputGroup value={form.billingAddress.line1} onChange={(e) => setAddr('line1', e.currentTarget.value)} /></Field>
            <Field label="More" name="billingAddress.line2" errors={err.fields}><InputGroup value={form.billingAddress.line2} onChange={(e) => setAddr('line2', e.currentTarget.value)} /></Field>
            <Field label="Postcode" name="billingAddress.postcode" errors={err.fields}><InputGroup value={form.billingAddress.postcode} onChange={(e) => setAddr('postcode', e.currentTarget.value)} /></Field>
            <Field label="City" name="billingAddress.city" errors={err.fields}><InputGroup value={form.billingAddress.city} onChange={(e) => setAddr('city', e.currentTarget.value)} /></Field>
            <Field label="Region" name="billingAddress.region" errors={err.fields}><InputGroup value={form.billingAddress.region} onChange={(e) => setAddr('region', e.currentTarget.value)} /></Field>
            <Field label="Country" name="billingAddress.country" errors={err.fields}><InputGroup value={form.billingAddress.country} onChange={(e) => setAddr('country', e.currentTarget.value)} /></Field>
          </div>
          <FormMessage err={err} />
          <button type="submit" hidden />
        </form>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={() => onClose()} /><Button intent="primary" text={customer ? 'Save' : 'Create customer'} loading={busy} onClick={() => void save()} data-testid="customer-save" /></>} />
    </Dialog>
  );
}

/** Add a contact, or edit one (`contact` given): name, e-mail, phone and the roles that route mail. */
export function ContactDialog({ customerId, contact, isOpen, onClose }: { customerId: string; contact?: CustomerContact | null; isOpen: boolean; onClose(): void }) {
  const [form, setForm] = useState({ name: '', email: '', phone: '', roles: [] as ContactRole[] });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => {
    if (!isOpen) return;
    setForm(contact ? { name: contact.name, email: contact.email, phone: contact.phone, roles: [...contact.roles] } : { name: '', email: '', phone: '', roles: [] });
    setErr(NO_ERROR);
  }, [isOpen, contact]);
  async function save() {
    const parsed = contactInput.safeParse({ customerId, ...form });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    try {
      if (contact) {
        const { name, email, phone, roles } = parsed.data;
        await api.customers.updateContact.mutate({ id: contact.id, patch: { name, email, phone, roles } });
      } else {
        await api.customers.addContact.mutate(parsed.data);
      }
      onClose();
    } catch (e) {
      setErr(formErrorOf(e, 'patch.'));
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={contact ? `Edit contact ${contact.name}` : 'Add a contact'} data-testid="contact-dialog">
      <DialogBody>
        <div className="noc-form">
          <Field label="Name" name="name" errors={err.fields}><InputGroup value={form.name} data-testid="contact-name" onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} /></Field>
          <Field label="E-mail" name="email" errors={err.fields}><InputGroup value={form.email} data-testid="contact-email" onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} /></Field>
          <Field label="Phone" name="phone" errors={err.fields}><InputGroup value={form.phone} onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })} /></Field>
          <Field label="Roles (who gets which mail)" name="roles" errors={err.fields}>
            {CONTACT_ROLES.map((r) => (
              <Checkbox key={r.value} inline label={r.label} checked={form.roles.includes(r.value)} data-testid={`contact-role-${r.value}`}
                onChange={(e) => setForm({ ...form, roles: e.currentTarget.checked ? [...form.roles, r.value] : form.roles.filter((x) => x !== r.value) })} />
            ))}
          </Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text={contact ? 'Save contact' : 'Add contact'} onClick={() => void save()} data-testid="contact-save" /></>} />
    </Dialog>
  );
}

export function StatusDialog({ customer, isOpen, onClose }: { customer: Customer; isOpen: boolean; onClose(): void }) {
  const [status, setStatus] = useState<CustomerStatus>(customer.status);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { if (isOpen) { setStatus(customer.status); setReason(''); setErr(NO_ERROR); } }, [isOpen, customer.status]);
  async function save() {
    const parsed = customerStatusInput.safeParse({ id: customer.id, status, reason });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    try {
      await api.customers.setStatus.mutate(parsed.data);
      toast({ intent: 'success', message: `${customer.name} is now ${CUSTOMER_STATUSES.find((s) => s.value === status)?.label}` });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={`Account status of ${customer.name}`} data-testid="status-dialog">
      <DialogBody>
        <div className="noc-form">
          <Field label="Status" name="status" errors={err.fields}>
            <HTMLSelect fill value={status} data-testid="customer-status-select" onChange={(e) => setStatus(e.currentTarget.value as CustomerStatus)} options={CUSTOMER_STATUSES.map((s) => ({ value: s.value, label: s.label }))} />
          </Field>
          <Callout compact intent={STATUS_EFFECTS[status].canStartRental ? 'success' : 'warning'} icon="info-sign">{STATUS_EFFECTS[status].summary}</Callout>
          <Field label="Reason" name="reason" errors={err.fields} helperText="Kept in the history and shown on the profile.">
            <TextArea fill rows={2} value={reason} data-testid="customer-status-reason" onChange={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Change status" onClick={() => void save()} data-testid="customer-status-save" /></>} />
    </Dialog>
  );
}
