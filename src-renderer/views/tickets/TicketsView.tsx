// Ticket queues: pick a queue, see its page (open first, newest first), open a ticket.
import { Button, HTMLSelect, InputGroup, NonIdealState, SegmentedControl, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { TICKET_PRIORITIES, TICKET_STATUSES, slaStateOf, ticketRef } from '../../../shared/tickets';
import { useNoc } from '../../stores';
import { businessStore, useBusiness } from '../../stores/customers-store';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { ChoiceTag } from '../customers/ui';
import { AlarmTicketDialog, NewTicketDialog } from './NewTicketDialog';
import { QueueDialog, ShiftSwitch } from './QueueDialog';
import { TicketPanel } from './TicketPanel';

export function TicketsView() {
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const queue = useBusiness((s) => s.ticketQueue);
  const selected = useBusiness((s) => s.ticketId);
  const [scope, setScope] = useState<'open' | 'mine' | 'all'>('open');
  const [text, setText] = useState('');
  const [dialog, setDialog] = useState<null | 'new' | 'alarm' | 'queue'>(null);
  const me = useNoc((s) => s.actor?.name);
  const queues = useLive(() => api.tickets.queues.query(), [], ['ticket_queues']);
  const page = useLive(() => api.tickets.list.query({ queue: queue || undefined, open: scope !== 'all' ? true : undefined, assignee: scope === 'mine' ? me : undefined, text: text.trim() || undefined, limit: 200 }), [queue, scope, text, me], ['tickets']);
  const now = Date.now();
  return (
    <div className="noc-view noc-biz" data-testid="tickets-view">
      <div className="noc-biz-list" style={{ width: 520 }}>
        <div className="noc-biz-list-head">
          <HTMLSelect value={queue} data-testid="queue-select" onChange={(e) => businessStore.setState({ ticketQueue: e.currentTarget.value })}
            options={[{ value: '', label: 'All queues' }, ...(queues.data ?? []).map((q) => ({ value: q.key, label: q.name }))]} />
          <SegmentedControl small value={scope} onValueChange={(v) => setScope(v as typeof scope)} options={[{ value: 'open', label: 'Open' }, { value: 'mine', label: 'Mine' }, { value: 'all', label: 'All' }]} />
          <InputGroup leftIcon="search" placeholder="T-000123 or subject" value={text} onChange={(e) => setText(e.currentTarget.value)} className="noc-grow" />
          {role !== 'viewer' && <Button icon="issue-new" intent="primary" text="New" onClick={() => setDialog('new')} data-testid="ticket-new" />}
          {role !== 'viewer' && <Button icon="warning-sign" text="From alarm" onClick={() => setDialog('alarm')} data-testid="ticket-from-alarm" />}
          {role !== 'viewer' && role !== 'customer' && <ShiftSwitch />}
          {role === 'admin' && <Button icon="cog" variant="minimal" title="Queue settings" onClick={() => setDialog('queue')} />}
        </div>
        <div className="noc-biz-list-body" data-testid="ticket-list">
          {page.data?.rows.length === 0 && <NonIdealState icon="issue" description="No tickets here." />}
          {page.data?.rows.map((k) => {
            const sla = slaStateOf(k.firstRespondedAt ? k.resolutionDue : k.firstResponseDue, k.firstRespondedAt ? k.resolvedAt : null, k.createdAt, now, 0.75);
            return (
              <div key={k.id} className={`noc-biz-row${k.id === selected ? ' selected' : ''}`} onClick={() => businessStore.setState({ ticketId: k.id })} data-testid="ticket-row" data-subject={k.subject}>
                <span className="noc-mono">{ticketRef(k.number)}</span>
                <div className="noc-grow"><div>{k.subject}</div><div className="noc-biz-sub">{k.queueName}{k.customerName ? ` · ${k.customerName}` : ''}{k.deviceName ? ` · ${k.deviceName}` : ''} · {k.assignee ?? 'unassigned'}</div></div>
                {(sla.state === 'warning' || sla.state === 'breached') && k.status !== 'resolved' && k.status !== 'closed' && <Tag minimal intent={sla.state === 'breached' ? 'danger' : 'warning'} icon="time">SLA</Tag>}
                <ChoiceTag table={TICKET_PRIORITIES} value={k.priority} />
                <ChoiceTag table={TICKET_STATUSES} value={k.status} />
              </div>
            );
          })}
          {page.data && page.data.total > page.data.rows.length && <div className="noc-pad noc-muted">{page.data.rows.length} of {page.data.total}</div>}
        </div>
      </div>
      <div className="noc-biz-detail">
        {selected ? <TicketPanel id={selected} /> : <NonIdealState icon="issue" title="Choose a ticket" description="Its thread, SLA timers and assignment show here." />}
      </div>
      <NewTicketDialog isOpen={dialog === 'new'} queue={queue} onClose={() => setDialog(null)} />
      <AlarmTicketDialog isOpen={dialog === 'alarm'} onClose={() => setDialog(null)} />
      <QueueDialog isOpen={dialog === 'queue'} queueKey={queue || 'support'} onClose={() => setDialog(null)} />
    </div>
  );
}
