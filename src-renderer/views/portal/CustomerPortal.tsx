// The customer portal: what a customer login sees instead of the staff shell. Their own
// account, servers, tickets, messages and billing — every call is one the core scopes to
// the login's customer, so nothing here can reach staff data or another customer's rows.
import { Button, NonIdealState, Spinner, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../../../shared/customers';
import { logout } from '../../session';
import { useNoc, useShallow } from '../../stores';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { ChoiceTag } from '../customers/ui';
import { AccountPanel } from './AccountPanel';
import { BillingPanel } from './BillingPanel';
import { MessagesPanel } from './MessagesPanel';
import { ServersPanel } from './ServersPanel';
import { StatusCallout } from './StatusCallout';
import { STATUS_FOR_CUSTOMER } from './account-status';
import { TicketsPanel } from './TicketsPanel';
import './portal.css';

type PortalTab = 'account' | 'servers' | 'tickets' | 'messages' | 'billing';

export function CustomerPortal() {
  const { actor, theme, toggleTheme } = useNoc(useShallow((s) => ({ actor: s.actor, theme: s.theme, toggleTheme: s.toggleTheme })));
  const customerId = actor?.customerId ?? null;
  const topBar = (
    <header className="noc-topbar">
      <div className="noc-brand">
        <img src="./favicon.svg" alt="" width={18} height={18} />
        <span>Aedify</span>
      </div>
      <span className="noc-muted">Customer portal</span>
      <div className="noc-topbar-spacer" />
      <span className="noc-muted" data-testid="portal-user">{actor?.name}</span>
      <Button variant="minimal" icon={theme === 'dark' ? 'flash' : 'moon'} aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        onClick={toggleTheme} data-testid="portal-theme" />
      <Button variant="minimal" icon="log-out" text="Log out" onClick={() => void logout()} data-testid="portal-logout" />
    </header>
  );
  return (
    <div className="noc-app noc-portal" data-testid="customer-portal">
      {topBar}
      {customerId
        ? <PortalBody customerId={customerId} />
        : <NonIdealState icon="disable" title="This login is not linked to a customer account" description="Ask your provider to link it to your account, then log in again." />}
    </div>
  );
}

function PortalBody({ customerId }: { customerId: string }) {
  const [tab, setTab] = useState<PortalTab>('servers');
  const profile = useLive(() => api.customers.get.query({ id: customerId }), [customerId], ['customers', 'customer_contacts', 'rentals']);
  const inbox = useLive(() => api.notifications.inbox.query({ unreadOnly: true, limit: 1 }), [], ['inbox_messages']);
  if (profile.loading && !profile.data) return <div className="noc-center"><Spinner size={32} /></div>;
  if (profile.error) return <NonIdealState icon="error" title="Your account could not be loaded" description={profile.error} action={<Button icon="refresh" text="Try again" onClick={profile.reload} />} />;
  if (!profile.data) return <NonIdealState icon="disable" title="Your customer account no longer exists" description="Contact your provider." />;
  const { customer } = profile.data;
  const unread = inbox.data?.unread ?? 0;
  return (
    <main className="noc-portal-main">
      <div className="noc-portal-head">
        <h1 data-testid="portal-customer">{customer.name}</h1>
        {customer.company && <span className="noc-muted">{customer.company}</span>}
        <ChoiceTag table={CUSTOMER_STATUSES} value={customer.status} minimal={false} testId="portal-status" />
      </div>
      {customer.status !== 'active' && <StatusNotice status={customer.status} onContact={() => setTab('tickets')} />}
      <Tabs id="portal-tabs" selectedTabId={tab} onChange={(t) => setTab(t as PortalTab)} renderActiveTabPanelOnly large>
        <Tab id="servers" title="Servers" data-testid="portal-tab-servers" panel={<ServersPanel canOrder={profile.data.effects.canOrder} orderBlocked={`${STATUS_FOR_CUSTOMER[customer.status].title}: no orders for now.`} />} />
        <Tab id="tickets" title="Tickets" data-testid="portal-tab-tickets" panel={<TicketsPanel />} />
        <Tab id="messages" title={<>Messages {unread > 0 && <Tag round intent="primary" data-testid="portal-unread">{unread}</Tag>}</>} data-testid="portal-tab-messages" panel={<MessagesPanel />} />
        <Tab id="billing" title="Billing" data-testid="portal-tab-billing" panel={<BillingPanel profile={profile.data} />} />
        <Tab id="account" title="Account" data-testid="portal-tab-account" panel={<AccountPanel profile={profile.data} />} />
      </Tabs>
    </main>
  );
}

function StatusNotice({ status, onContact }: { status: CustomerStatus; onContact(): void }) {
  return <StatusCallout status={status} action={<Button small text="Open a ticket" icon="issue-new" onClick={onContact} />} />;
}
