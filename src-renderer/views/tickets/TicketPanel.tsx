// One ticket: its thread (public replies, internal notes, system lines), the SLA timers
// counting down, assignment among the queue's members, status and priority.
import { Button, ButtonGroup, Callout, HTMLSelect, NonIdealState, Spinner, Switch, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { TICKET_PRIORITIES, TICKET_STATUSES, ticketRef, type TicketPriority, type TicketStatus } from '../../../shared/tickets';
import { formErrorOf, NO_ERROR, type FormError } from '../../lib/errors';
import { useNoc } from '../../stores';
import { openCustomer } from '../../stores/customers-store';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { AGENTS, ChoiceTag, countdown, Field, FormMessage, When } from '../customers/ui';

function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), ms); return () => clearInterval(t); }, [ms]);
  return now;
}

export function TicketPanel({ id }: { id: string }) {
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const view = useLive(() => api.tickets.get.query({ id }), [id], ['tickets', 'ticket_messages', 'ticket_queues']);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const now = useNow();
  useEffect(() => { setBody(''); setErr(NO_ERROR); }, [id]);
  if (view.loading && !view.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (view.error) return <NonIdealState icon="error" description={view.error} />;
  if (!view.data) return <NonIdealState icon="issue" description="This ticket no longer exists." />;
  const { ticket: t, queue, customer, device, messages } = view.data;
  const members = 'members' in queue ? queue.members : [];
  const canWork = AGENTS.has(role);

  async function act(fn: () => Promise<unknown>) {
    setErr(NO_ERROR);
    try { await fn(); } catch (e) { setErr(formErrorOf(e)); }
  }
  // While the ticket waits on the customer the core stops the clocks: show the frozen time left.
  const paused = view.data.slaPaused;
  const timer = (label: string, due: string, done: string | null, frozenMs: number) => {
    const left = paused ? frozenMs : Date.parse(due) - now;
    const met = done !== null;
    const intent = met ? (Date.parse(done) <= Date.parse(due) ? 'success' : 'danger') : left < 0 ? 'danger' : left < (Date.parse(due) - Date.parse(t.createdAt)) * 0.25 ? 'warning' : 'none';
    return <Tag minimal={intent === 'none'} intent={intent} icon="time" className="noc-sla" data-testid={`sla-${label}`}>{label}: {met ? (intent === 'success' ? 'met' : 'missed') : `${countdown(left)}${paused ? ' (paused: waiting on the customer)' : ''}`}</Tag>;
  };

  return (
    <div data-testid="ticket-panel" data-ticket={ticketRef(t.number)}>
      <div className="noc-biz-head">
        <span className="noc-mono">{ticketRef(t.number)}</span>
        <h2>{t.subject}</h2>
        <ChoiceTag table={TICKET_STATUSES} value={t.status} minimal={false} testId="ticket-status" />
        <ChoiceTag table={TICKET_PRIORITIES} value={t.priority} />
      </div>
      <div className="noc-biz-head">
        <span className="noc-muted">{queue.name}</span>
        {customer && <Button small variant="minimal" icon="person" text={customer.name} onClick={() => openCustomer(customer.id)} />}
        {device && <Tag minimal icon="server">{device.name}</Tag>}
        {t.links.map((l) => <Tag key={`${l.kind}:${l.ref}`} minimal icon={l.kind === 'alarm' ? 'warning-sign' : l.kind === 'address' ? 'ip-address' : 'link'} data-testid={`ticket-link-${l.kind}`}>{l.label || l.ref}</Tag>)}
        {timer('First response', t.firstResponseDue, t.firstRespondedAt, view.data.sla.firstResponse.msLeft)}
        {timer('Resolution', t.resolutionDue, t.resolvedAt, view.data.sla.resolution.msLeft)}
      </div>
      {canWork && (
        <div className="noc-biz-head">
          <Field label="Assignee" name="assignee" errors={err.fields} inline>
            <HTMLSelect value={t.assignee ?? ''} data-testid="ticket-assign" onChange={(e) => void act(() => api.tickets.assign.mutate({ id: t.id, assignee: e.currentTarget.value || null }))}
              options={[{ value: '', label: 'Unassigned' }, ...members.map((m) => ({ value: m, label: m }))]} />
          </Field>
          <Field label="Status" name="status" errors={err.fields} inline>
            <HTMLSelect value={t.status} data-testid="ticket-status-select" onChange={(e) => void act(() => api.tickets.setStatus.mutate({ id: t.id, status: e.currentTarget.value as TicketStatus }))} options={TICKET_STATUSES.map((s) => ({ value: s.value, label: s.label }))} />
          </Field>
          <Field label="Priority" name="priority" errors={err.fields} inline>
            <HTMLSelect value={t.priority} onChange={(e) => void act(() => api.tickets.setPriority.mutate({ id: t.id, priority: e.currentTarget.value as TicketPriority }))} options={TICKET_PRIORITIES.map((s) => ({ value: s.value, label: s.label }))} />
          </Field>
        </div>
      )}
      {members.length === 0 && canWork && <Callout compact intent="warning">The {queue.name} queue has no members yet: add people to it so tickets can be assigned.</Callout>}
      <div className="noc-thread" data-testid="ticket-thread">
        {messages.map((m) => (
          <div key={m.id} className={`noc-msg ${m.kind}`} data-testid={`msg-${m.kind}`}>
            {m.kind !== 'system' && <div className="noc-msg-head"><b>{m.author}</b><When at={m.at} />{m.kind === 'internal' && <Tag minimal intent="warning">internal note</Tag>}</div>}
            <div className="noc-prewrap">{m.kind === 'system' ? <><When at={m.at} /> {m.body}</> : m.body}</div>
          </div>
        ))}
      </div>
      {role !== 'viewer' && t.status !== 'closed' && (
        <div className="noc-form">
          <TextArea fill rows={4} value={body} placeholder={internal ? 'Internal note (the customer does not see it)…' : 'Reply to the customer…'} data-testid="ticket-reply-body" onChange={(e) => setBody(e.currentTarget.value)} />
          <FormMessage err={err} />
          <ButtonGroup>
            <Button intent={internal ? 'warning' : 'primary'} icon={internal ? 'lock' : 'send-message'} text={internal ? 'Add internal note' : 'Send reply'} disabled={!body.trim()} data-testid="ticket-reply-send"
              onClick={() => void act(async () => { await api.tickets.reply.mutate({ id: t.id, body, internal }); setBody(''); })} />
          </ButtonGroup>
          {role !== 'customer' && <Switch checked={internal} label="Internal note" onChange={(e) => setInternal(e.currentTarget.checked)} data-testid="ticket-internal" />}
        </div>
      )}
    </div>
  );
}
