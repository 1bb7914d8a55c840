// One customer: who they are, their account status and what it means, contacts by role,
// notes, rentals (start/end/reveal/cancel), tickets and the activity timeline.
import { Button, Callout, HTMLTable, NonIdealState, Spinner, Tab, Tabs, Tag, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { CONTACT_ROLES, CUSTOMER_STATUSES, type CustomerContact } from '../../../shared/customers';
import { RENTAL_STATUSES, type RentalRow } from '../../../shared/rentals';
import { TICKET_PRIORITIES, TICKET_STATUSES, ticketRef } from '../../../shared/tickets';
import { useNoc } from '../../stores';
import { openTicket } from '../../stores/customers-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { NewTicketDialog } from '../tickets/NewTicketDialog';
import { Cancellations } from './Cancellations';
import { ContactDialog, CustomerDialog, StatusDialog } from './CustomerDialogs';
import { useLive } from './live';
import { CancellationDialog, EndRentalDialog, ModifyRentalDialog, RevealDialog, StartRentalDialog } from './RentalDialogs';
import { ChoiceTag, CUSTOMER_EDITORS, Day, Money, RENTAL_EDITORS, When } from './ui';

export function CustomerProfile({ id }: { id: string }) {
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const profile = useLive(() => api.customers.get.query({ id }), [id], ['customers', 'customer_contacts', 'customer_notes', 'rentals']);
  const rentals = useLive(() => api.rentals.list.query({ customerId: id, limit: 1000 }), [id], ['rentals', 'devices']);
  const tickets = useLive(() => api.tickets.list.query({ customerId: id, limit: 100 }), [id], ['tickets']);
  const [dialog, setDialog] = useState<null | 'edit' | 'contact' | 'status' | 'rent' | 'ticket' | 'cancel'>(null);
  const [ending, setEnding] = useState<RentalRow | null>(null);
  const [revealing, setRevealing] = useState<RentalRow | null>(null);
  const [changing, setChanging] = useState<RentalRow | null>(null);
  const [tab, setTab] = useState('overview');
  const [editingContact, setEditingContact] = useState<CustomerContact | null>(null);

  if (profile.loading && !profile.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (profile.error) return <NonIdealState icon="error" description={profile.error} />;
  if (!profile.data) return <NonIdealState icon="person" description="This customer no longer exists." />;
  const { customer: c, effects, contacts, notes } = profile.data;
  const canEdit = CUSTOMER_EDITORS.has(role);
  const canRent = RENTAL_EDITORS.has(role);
  const rows = rentals.data?.rows ?? [];
  const active = rows.filter((r) => r.status === 'active');
  async function removeContact(contactId: string, name: string) {
    try {
      await api.customers.removeContact.mutate({ id: contactId });
      toast({ intent: 'success', message: `Removed contact ${name}` });
    } catch (e) {
      toast({ intent: 'danger', message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <div data-testid="customer-profile" data-customer={c.name}>
      <div className="noc-biz-head">
        <h2>{c.name}</h2>
        {c.company && <span className="noc-muted">{c.company}</span>}
        <ChoiceTag table={CUSTOMER_STATUSES} value={c.status} minimal={false} testId="customer-status" />
        {c.demo && <span className="noc-demo-mark">demo</span>}
        <span className="noc-topbar-spacer" />
        {canEdit && <Button icon="edit" text="Edit" onClick={() => setDialog('edit')} />}
        {canEdit && <Button icon="swap-horizontal" text="Status" onClick={() => setDialog('status')} data-testid="customer-status-button" />}
        {canRent && <Button icon="add" intent="primary" text="Start rental" onClick={() => setDialog('rent')} disabled={!effects.canStartRental} title={effects.canStartRental ? '' : effects.summary} data-testid="rental-start" />}
        {role !== 'viewer' && <Button icon="issue-new" text="New ticket" onClick={() => setDialog('ticket')} data-testid="customer-ticket-new" />}
        {canEdit && active.length > 0 && <Button icon="disable" intent="danger" variant="minimal" text="Cancel services" onClick={() => setDialog('cancel')} data-testid="customer-cancel" />}
      </div>
      <Callout compact intent={c.status === 'active' ? 'success' : c.status === 'suspended' ? 'danger' : 'warning'} icon="info-sign" data-testid="customer-effects">
        {effects.summary}{c.statusReason ? ` Reason: ${c.statusReason}.` : ''}
        {effects.serverBanner && <div><b>Their servers show:</b> {effects.serverBanner}</div>}
      </Callout>
      <Tabs id="customer-tabs" selectedTabId={tab} onChange={(t) => setTab(String(t))} renderActiveTabPanelOnly>
        <Tab id="overview" title="Overview" panel={
          <div className="noc-biz-cols">
            <div>
              <h4 className="noc-section-title">Contact</h4>
              <div>{c.email}{c.phone && <span className="noc-muted"> · {c.phone}</span>}</div>
              <div className="noc-muted">{[c.billingAddress.line1, c.billingAddress.line2, `${c.billingAddress.postcode} ${c.billingAddress.city}`.trim(), c.billingAddress.region, c.billingAddress.country].filter(Boolean).join(', ') || 'No billing address'}</div>
              <h4 className="noc-section-title">Contacts {canEdit && <Button small variant="minimal" icon="add" onClick={() => setDialog('contact')} data-testid="contact-add" />}</h4>
              {contacts.length === 0 && <div className="noc-muted">None: mail of every kind goes to {c.email}.</div>}
              {contacts.map((k) => (
                <div key={k.id} className="noc-biz-row" style={{ cursor: 'default' }} data-testid="contact-row">
                  <div className="noc-grow">{k.name} <span className="noc-muted">&lt;{k.email}&gt;</span></div>
                  {k.roles.map((r) => <ChoiceTag key={r} table={CONTACT_ROLES} value={r} />)}
                  {canEdit && <Button small variant="minimal" icon="edit" title="Edit contact" onClick={() => setEditingContact(k)} data-testid="contact-edit" />}
                  {canEdit && <Button small variant="minimal" icon="trash" title="Remove contact" onClick={() => void removeContact(k.id, k.name)} data-testid="contact-remove" />}
                </div>
              ))}
            </div>
            <div>
              <h4 className="noc-section-title">Notes</h4>
              {role !== 'viewer' && <NoteBox customerId={c.id} />}
              {notes.map((n) => <div key={n.id} className="noc-msg"><div className="noc-msg-head"><b>{n.author}</b><When at={n.createdAt} /></div><div className="noc-prewrap">{n.body}</div></div>)}
            </div>
          </div>
        } />
        <Tab id="rentals" title={`Rentals (${active.length} active)`} panel={<>
          <HTMLTable compact striped className="noc-biz-table" data-testid="customer-rentals">
            <thead><tr><th>Server</th><th>Status</th><th>From</th><th>To</th><th>Plan</th><th>Price / month</th><th>Commit</th><th>IPs</th><th /></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="rental-row" data-server={r.deviceName}>
                  <td>{r.deviceName}</td>
                  <td><ChoiceTag table={RENTAL_STATUSES} value={r.status} /></td>
                  <td><Day at={r.startsAt} /></td><td><Day at={r.endedAt ?? r.endsAt} /></td>
                  <td>{r.plan}</td><td><Money cents={r.monthlyPriceCents} currency={r.currency} /></td><td>{r.committedMbps} Mbps</td>
                  <td className="noc-mono">{r.ips.join(' ')}</td>
                  <td>{r.status === 'active' && canRent && <><Button small variant="minimal" icon="key" title="Root password" onClick={() => setRevealing(r)} data-testid="rental-reveal" /><Button small variant="minimal" icon="edit" title="Record a change (upgrade, IPs, price)" onClick={() => setChanging(r)} /><Button small variant="minimal" intent="danger" text="End" onClick={() => setEnding(r)} data-testid="rental-end" /></>}</td>
                </tr>
              ))}
              {rows.length === 0 && <tr><td colSpan={9} className="noc-muted">No rentals yet.</td></tr>}
            </tbody>
          </HTMLTable>
          <Cancellations customerId={c.id} rentals={rows} canEdit={canEdit} />
        </>} />
        <Tab id="tickets" title={`Tickets (${tickets.data?.total ?? 0})`} panel={
          <HTMLTable compact striped interactive className="noc-biz-table" data-testid="customer-tickets">
            <thead><tr><th>Ticket</th><th>Subject</th><th>Queue</th><th>Status</th><th>Priority</th><th>Assignee</th></tr></thead>
            <tbody>
              {(tickets.data?.rows ?? []).map((k) => (
                <tr key={k.id} onClick={() => openTicket(k.id, '')}>
                  <td className="noc-mono">{ticketRef(k.number)}</td><td>{k.subject}</td><td>{k.queueName}</td>
                  <td><ChoiceTag table={TICKET_STATUSES} value={k.status} /></td><td><ChoiceTag table={TICKET_PRIORITIES} value={k.priority} /></td><td>{k.assignee ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        } />
        {role !== 'customer' && <Tab id="timeline" title="Timeline" panel={<Timeline id={c.id} />} />}
      </Tabs>
      <CustomerDialog isOpen={dialog === 'edit'} customer={c} onClose={() => setDialog(null)} />
      <ContactDialog isOpen={dialog === 'contact'} customerId={c.id} onClose={() => setDialog(null)} />
      <ContactDialog isOpen={editingContact !== null} contact={editingContact} customerId={c.id} onClose={() => setEditingContact(null)} />
      <StatusDialog isOpen={dialog === 'status'} customer={c} onClose={() => setDialog(null)} />
      <StartRentalDialog isOpen={dialog === 'rent'} customerId={c.id} customerName={c.name} onClose={() => { setDialog(null); setTab('rentals'); }} />
      <CancellationDialog isOpen={dialog === 'cancel'} customerId={c.id} customerName={c.name} rentals={rows} onClose={() => setDialog(null)} />
      <NewTicketDialog isOpen={dialog === 'ticket'} customerId={c.id} onClose={() => setDialog(null)} />
      <EndRentalDialog rental={ending} onClose={() => setEnding(null)} />
      <RevealDialog rental={revealing} onClose={() => setRevealing(null)} />
      <ModifyRentalDialog rental={changing} onClose={() => setChanging(null)} />
    </div>
  );
}

function NoteBox({ customerId }: { customerId: string }) {
  const [body, setBody] = useState('');
  async function add() {
    try {
      await api.customers.addNote.mutate({ customerId, body });
      setBody('');
    } catch (e) {
      toast({ intent: 'danger', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return (
    <div className="noc-form" style={{ marginBottom: 8 }}>
      <TextArea fill rows={2} placeholder="Add a note (staff only)…" value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="note-body" />
      <Button small text="Add note" disabled={!body.trim()} onClick={() => void add()} data-testid="note-add" />
    </div>
  );
}

function Timeline({ id }: { id: string }) {
  const tl = useLive(() => api.customers.timeline.query({ id, limit: 200 }), [id], ['customers', 'customer_contacts', 'customer_notes', 'tickets', 'rental_events', 'cancellations']);
  return (
    <div data-testid="customer-timeline">
      {(tl.data ?? []).map((e, i) => (
        <div key={`${e.at}-${i}`} className="noc-biz-row" style={{ cursor: 'default' }}>
          <When at={e.at} /><Tag minimal>{e.kind}</Tag><div className="noc-grow" title={e.summary}>{e.summary}{e.reason && <span className="noc-muted"> — “{e.reason}”</span>}</div><span className="noc-muted">{e.actor}</span>
        </div>
      ))}
    </div>
  );
}
