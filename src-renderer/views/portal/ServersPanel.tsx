// The customer's servers: what they rent now (specs, addresses, since when, price) with the
// orders the account allows, and the history of past rentals and every change.
import { Button, HTMLTable, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { DEVICE_STATUSES } from '../../../shared/choices';
import { MODIFICATION_KINDS, RENTAL_STATUSES } from '../../../shared/rentals';
import { api } from '../../trpc';
import { useLive, type Out } from '../customers/live';
import { ChoiceTag, Day, Money, When } from '../customers/ui';
import { IpRequestDialog, UpgradeDialog } from './OrderDialogs';

export type PortalRental = Out['rentals']['mine']['rentals'][number];

export function usePortalRentals() {
  return useLive(() => api.rentals.mine.query(), [], ['rentals', 'rental_events', 'devices']);
}

/** The rental's own addresses, with the server's primary address first where it has one. */
function addressesOf(r: PortalRental): string[] {
  const primary = r.server?.primaryIp;
  return primary && !r.ips.includes(primary) ? [primary, ...r.ips] : r.ips;
}

function specsOf(r: PortalRental): string {
  const s = r.server;
  if (!s) return '';
  return [s.cpu, s.ramGb ? `${s.ramGb} GB RAM` : '', s.storage, s.gpu].filter(Boolean).join(' · ');
}

export function ServersPanel({ canOrder, orderBlocked }: { canOrder: boolean; orderBlocked: string }) {
  const data = usePortalRentals();
  const [order, setOrder] = useState<{ kind: 'upgrade' | 'ips'; rental: PortalRental } | null>(null);
  if (data.loading && !data.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (data.error) return <NonIdealState icon="error" description={data.error} />;
  const rentals = data.data?.rentals ?? [];
  const active = rentals.filter((r) => r.status === 'active');
  const past = rentals.filter((r) => r.status !== 'active');
  const names = new Map(rentals.map((r) => [r.id, r.serverName]));
  return (
    <div data-testid="portal-servers">
      {active.length === 0 && <NonIdealState icon="server" title="No servers rented" description="Servers you rent show here with their specs and addresses." />}
      {active.map((r) => (
        <section key={r.id} className="noc-portal-card" data-testid="portal-rental" data-server={r.serverName}>
          <div className="noc-biz-head">
            <h3 className="noc-portal-server">{r.serverName}</h3>
            {r.server && <ChoiceTag table={DEVICE_STATUSES} value={r.server.status} />}
            {r.plan && <Tag minimal>{r.plan}</Tag>}
            <div className="noc-topbar-spacer" />
            <Money cents={r.monthlyPriceCents} currency={r.currency} /><span className="noc-muted">per month</span>
          </div>
          <dl className="noc-portal-facts">
            <dt>Specs</dt><dd data-testid="portal-rental-specs">{specsOf(r) || '—'}</dd>
            <dt>Operating system</dt><dd>{r.server?.os || '—'}</dd>
            <dt>IP addresses</dt><dd className="noc-mono" data-testid="portal-rental-ips">{addressesOf(r).join(', ') || '—'}</dd>
            <dt>Since</dt><dd><Day at={r.startsAt} />{r.endsAt && <> · term ends <Day at={r.endsAt} /></>}</dd>
            <dt>Committed bandwidth</dt><dd>{r.committedMbps ? `${r.committedMbps} Mbps` : '—'}</dd>
          </dl>
          <div className="noc-biz-head">
            <Button small icon="arrow-up" text="Order an upgrade" disabled={!canOrder} title={canOrder ? undefined : orderBlocked} onClick={() => setOrder({ kind: 'upgrade', rental: r })} data-testid="portal-order-upgrade" />
            <Button small icon="ip-address" text="Request more IPs" disabled={!canOrder} title={canOrder ? undefined : orderBlocked} onClick={() => setOrder({ kind: 'ips', rental: r })} data-testid="portal-request-ips" />
            {!canOrder && <span className="noc-muted">{orderBlocked}</span>}
          </div>
        </section>
      ))}

      <h4 className="noc-section-title">Rental history</h4>
      {past.length === 0 ? <p className="noc-muted">No past rentals.</p> : (
        <HTMLTable compact striped className="noc-biz-table" data-testid="portal-past-rentals">
          <thead><tr><th>Server</th><th>Plan</th><th>From</th><th>To</th><th>Monthly price</th><th>Status</th><th>Why it ended</th></tr></thead>
          <tbody>
            {past.map((r) => (
              <tr key={r.id} data-testid="portal-past-rental">
                <td>{r.serverName}</td><td>{r.plan || '—'}</td><td><Day at={r.startsAt} /></td><td><Day at={r.endedAt ?? r.endsAt} /></td>
                <td><Money cents={r.monthlyPriceCents} currency={r.currency} /></td><td><ChoiceTag table={RENTAL_STATUSES} value={r.status} /></td><td>{r.endReason || '—'}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <h4 className="noc-section-title">Changes</h4>
      <HTMLTable compact className="noc-biz-table" data-testid="portal-rental-events">
        <tbody>
          {(data.data?.events ?? []).map((e) => (
            <tr key={e.id}>
              <td><When at={e.at} /></td>
              <td>{e.kind === 'start' ? <Tag minimal intent="success">Started</Tag> : e.kind === 'end' ? <Tag minimal>Ended</Tag> : <ChoiceTag table={MODIFICATION_KINDS} value={e.kind} />}</td>
              <td>{names.get(e.rentalId) ?? ''}</td>
              <td>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      {order?.kind === 'upgrade' && <UpgradeDialog rental={order.rental} onClose={() => setOrder(null)} />}
      {order?.kind === 'ips' && <IpRequestDialog rental={order.rental} onClose={() => setOrder(null)} />}
    </div>
  );
}
