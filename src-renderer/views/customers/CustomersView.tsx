// Customers: the list (search by name, e-mail, or a server they rent; filter by status)
// and the selected customer's profile.
import { Button, HTMLSelect, InputGroup, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../../../shared/customers';
import { useNoc } from '../../stores';
import { businessStore, useBusiness } from '../../stores/customers-store';
import { api } from '../../trpc';
import { CustomerDialog } from './CustomerDialogs';
import { CustomerProfile } from './CustomerProfile';
import { useLive } from './live';
import { ChoiceTag, CUSTOMER_EDITORS } from './ui';

export function CustomersView() {
  const selected = useBusiness((s) => s.customerId);
  const role = useNoc((s) => s.actor?.role);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<CustomerStatus | ''>('');
  const [creating, setCreating] = useState(false);
  const list = useLive(() => api.customers.list.query({ text: text.trim() || undefined, status: status ? [status] : undefined, limit: 500 }), [text, status], ['customers', 'rentals', 'tickets']);

  return (
    <div className="noc-view noc-biz" data-testid="customers-view">
      <div className="noc-biz-list">
        <div className="noc-biz-list-head">
          <InputGroup leftIcon="search" placeholder="Name, e-mail or server…" value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="customer-search" className="noc-grow" />
          <HTMLSelect value={status} onChange={(e) => setStatus(e.currentTarget.value as CustomerStatus | '')} options={[{ value: '', label: 'Any status' }, ...CUSTOMER_STATUSES.map((s) => ({ value: s.value, label: s.label }))]} />
          {role && CUSTOMER_EDITORS.has(role) && <Button icon="add" intent="primary" text="New" onClick={() => setCreating(true)} data-testid="customer-new" />}
        </div>
        <div className="noc-biz-list-body" data-testid="customer-list">
          {list.loading && !list.data && <div className="noc-center"><Spinner size={24} /></div>}
          {list.error && <NonIdealState icon="error" description={list.error} />}
          {list.data?.rows.length === 0 && <NonIdealState icon="people" description={text ? `No customer matches “${text}”.` : 'No customers yet.'} />}
          {list.data?.rows.map((c) => (
            <div key={c.id} className={`noc-biz-row${c.id === selected ? ' selected' : ''}`} onClick={() => businessStore.setState({ customerId: c.id })} data-testid="customer-row" data-name={c.name}>
              <div className="noc-grow">
                <div>{c.name}{c.demo && <span className="noc-demo-mark">demo</span>}</div>
                <div className="noc-biz-sub">{c.company || c.email}</div>
              </div>
              {c.activeRentals > 0 && <Tag minimal icon="server" title="active rentals">{c.activeRentals}</Tag>}
              {c.openTickets > 0 && <Tag minimal icon="issue" title="open tickets">{c.openTickets}</Tag>}
              <ChoiceTag table={CUSTOMER_STATUSES} value={c.status} />
            </div>
          ))}
          {list.data && list.data.total > list.data.rows.length && <div className="noc-pad noc-muted">{list.data.rows.length} of {list.data.total}: narrow the search.</div>}
        </div>
      </div>
      <div className="noc-biz-detail">
        {selected ? <CustomerProfile id={selected} /> : <NonIdealState icon="person" title="Choose a customer" description="Their contacts, status, rentals, tickets and history show here." />}
      </div>
      <CustomerDialog isOpen={creating} onClose={(id) => { setCreating(false); if (id) businessStore.setState({ customerId: id }); }} />
    </div>
  );
}
