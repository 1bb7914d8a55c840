// The customer's tickets: the list, one ticket's thread with a reply box, and a form to open
// a new one (Support queue, optionally about one of their servers) — what the tickets API
// lets a customer do. Internal notes never reach a customer; the core leaves them out.
import { Button, HTMLSelect, InputGroup, NonIdealState, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { ticketInput } from '../../../shared/schemas/tickets';
import { TICKET_PRIORITIES, TICKET_STATUSES, ticketRef, type TicketPriority } from '../../../shared/tickets';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { ChoiceTag, Field, FormMessage, When } from '../customers/ui';
import { usePortalRentals } from './ServersPanel';

type Selection = { kind: 'ticket'; id: string } | { kind: 'new' } | null;

export function TicketsPanel() {
  const list = useLive(() => api.tickets.list.query({ limit: 500, sort: 'number', dir: 'desc' }), [], ['tickets']);
  const [sel, setSel] = useState<Selection>(null);
  const rows = list.data?.rows ?? [];
  return (
    <div className="noc-portal-split" data-testid="portal-tickets">
      <div className="noc-portal-list">
        <div className="noc-biz-list-head">
          <Button intent="primary" icon="issue-new" text="New ticket" onClick={() => setSel({ kind: 'new' })} data-testid="portal-ticket-new" />
          <span className="noc-muted">{rows.length} ticket{rows.length === 1 ? '' : 's'}</span>
        </div>
        {list.loading && !list.data && <Spinner size={20} />}
        {list.error && <NonIdealState icon="error" description={list.error} />}
        {rows.map((t) => (
          <div key={t.id} className={`noc-biz-row${sel?.kind === 'ticket' && sel.id === t.id ? ' selected' : ''}`} onClick={() => setSel({ kind: 'ticket', id: t.id })}
            data-testid="portal-ticket-row" data-subject={t.subject}>
            <span className="noc-mono">{ticketRef(t.number)}</span>
            <div className="noc-grow">{t.subject}<div className="noc-biz-sub">{t.deviceName ?? ''} opened <When at={t.createdAt} /></div></div>
            <ChoiceTag table={TICKET_STATUSES} value={t.status} />
          </div>
        ))}
        {list.data && rows.length === 0 && <NonIdealState icon="issue" description="No tickets yet." />}
      </div>
      <div className="noc-portal-detail">
        {sel?.kind === 'new' && <NewTicketForm onOpened={(id) => setSel({ kind: 'ticket', id })} onCancel={() => setSel(null)} />}
        {sel?.kind === 'ticket' && <PortalTicket key={sel.id} id={sel.id} />}
        {sel === null && <NonIdealState icon="chat" description="Open a ticket to read it and reply, or open a new one." />}
      </div>
    </div>
  );
}

function PortalTicket({ id }: { id: string }) {
  const view = useLive(() => api.tickets.get.query({ id }), [id], ['tickets', 'ticket_messages']);
  const [body, setBody] = useState('');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  if (view.loading && !view.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (view.error) return <NonIdealState icon="error" description={view.error} />;
  if (!view.data) return <NonIdealState icon="issue" description="This ticket no longer exists." />;
  const { ticket: t, device, messages } = view.data;
  async function reply() {
    setBusy(true);
    setErr(NO_ERROR);
    try {
      await api.tickets.reply.mutate({ id: t.id, body });
      setBody('');
      view.reload();
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="portal-ticket" data-ticket={ticketRef(t.number)}>
      <div className="noc-biz-head">
        <span className="noc-mono">{ticketRef(t.number)}</span>
        <h2>{t.subject}</h2>
        <ChoiceTag table={TICKET_STATUSES} value={t.status} minimal={false} testId="portal-ticket-status" />
        <ChoiceTag table={TICKET_PRIORITIES} value={t.priority} />
        {device && <Tag minimal icon="server">{device.name}</Tag>}
      </div>
      <div className="noc-thread" data-testid="portal-thread">
        {messages.map((m) => m.kind === 'system'
          ? <div key={m.id} className="noc-msg system"><When at={m.at} /> {m.body}</div>
          : (
            <div key={m.id} className="noc-msg" data-testid="portal-msg">
              <div className="noc-msg-head"><b>{m.author}</b><When at={m.at} /></div>
              <div className="noc-prewrap">{m.body}</div>
            </div>
          ))}
      </div>
      {t.status === 'closed' ? <p className="noc-muted">This ticket is closed. Open a new ticket if you need anything else.</p> : (
        <div className="noc-form">
          <Field label="Your reply" name="body" errors={err.fields}>
            <TextArea fill rows={4} value={body} placeholder="Write your reply…" onChange={(e) => setBody(e.currentTarget.value)} data-testid="portal-reply-body" />
          </Field>
          <FormMessage err={err} />
          <Button intent="primary" icon="send-message" text="Send reply" disabled={!body.trim()} loading={busy} onClick={() => void reply()} data-testid="portal-reply-send" />
        </div>
      )}
    </div>
  );
}

function NewTicketForm({ onOpened, onCancel }: { onOpened(id: string): void; onCancel(): void }) {
  const rentals = usePortalRentals();
  const [form, setForm] = useState({ subject: '', body: '', deviceId: '', priority: 'normal' as TicketPriority });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  useEffect(() => setErr(NO_ERROR), [form]);
  const servers = (rentals.data?.rentals ?? []).filter((r) => r.status === 'active');
  async function open() {
    const parsed = ticketInput.safeParse({ queue: 'support', subject: form.subject, body: form.body, priority: form.priority, deviceId: form.deviceId || null });
    if (!parsed.success) return setErr({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      const t = await api.tickets.create.mutate(parsed.data);
      toast({ intent: 'success', icon: 'tick', message: `Opened ${ticketRef(t.number)}.` });
      onOpened(t.id);
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  }
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <div className="noc-form" data-testid="portal-new-ticket" style={{ maxWidth: 640 }}>
      <h2>New ticket</h2>
      <div className="noc-form-grid">
        <Field label="About server" name="deviceId" errors={err.fields}>
          <HTMLSelect fill value={form.deviceId} onChange={(e) => set('deviceId', e.currentTarget.value)} data-testid="portal-new-server"
            options={[{ value: '', label: 'No particular server' }, ...servers.map((r) => ({ value: r.deviceId, label: r.serverName }))]} />
        </Field>
        <Field label="Priority" name="priority" errors={err.fields}>
          <HTMLSelect fill value={form.priority} onChange={(e) => set('priority', e.currentTarget.value as TicketPriority)} options={TICKET_PRIORITIES.map((p) => ({ value: p.value, label: p.label }))} />
        </Field>
      </div>
      <Field label="Subject" name="subject" errors={err.fields}>
        <InputGroup value={form.subject} onChange={(e) => set('subject', e.currentTarget.value)} data-testid="portal-new-subject" />
      </Field>
      <Field label="Describe what you need or what is wrong" name="body" errors={err.fields}>
        <TextArea fill rows={6} value={form.body} onChange={(e) => set('body', e.currentTarget.value)} data-testid="portal-new-body" />
      </Field>
      <FormMessage err={err} />
      <div className="noc-biz-head">
        <Button intent="primary" icon="send-message" text="Open ticket" loading={busy} onClick={() => void open()} data-testid="portal-new-send" />
        <Button text="Cancel" onClick={onCancel} />
      </div>
    </div>
  );
}
