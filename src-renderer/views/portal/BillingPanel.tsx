// Billing as the model has it: what the active rentals cost per month (summed per currency),
// where bills go (billing address and contacts), and any cancellation waiting for the
// customer's confirmation. There is no invoice model: invoices are not invented here.
import { HTMLTable, NonIdealState, Spinner } from '@blueprintjs/core';
import { CANCELLATION_STATUSES } from '../../../shared/notifications';
import { api } from '../../trpc';
import { useLive, type Out } from '../customers/live';
import { ChoiceTag, Day, Money } from '../customers/ui';
import { usePortalRentals } from './ServersPanel';

export type PortalProfile = NonNullable<Out['customers']['get']>;

export function BillingPanel({ profile }: { profile: PortalProfile }) {
  const rentals = usePortalRentals();
  const cancellations = useLive(() => api.notifications.cancellations.query({ customerId: profile.customer.id }), [profile.customer.id], ['cancellations']);
  if (rentals.loading && !rentals.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (rentals.error) return <NonIdealState icon="error" description={rentals.error} />;
  const active = (rentals.data?.rentals ?? []).filter((r) => r.status === 'active');
  const totals = new Map<string, number>();
  for (const r of active) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.monthlyPriceCents);
  const a = profile.customer.billingAddress;
  const address = [a.line1, a.line2, [a.postcode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean);
  const billingContacts = profile.contacts.filter((c) => c.roles.includes('billing'));
  return (
    <div data-testid="portal-billing">
      <h4 className="noc-section-title">Monthly charges for your active rentals</h4>
      {active.length === 0 ? <p className="noc-muted">No active rentals: nothing is charged monthly.</p> : (
        <HTMLTable compact striped className="noc-biz-table">
          <thead><tr><th>Server</th><th>Plan</th><th>Since</th><th>Committed bandwidth</th><th style={{ textAlign: 'right' }}>Per month</th></tr></thead>
          <tbody>
            {active.map((r) => (
              <tr key={r.id} data-testid="portal-charge">
                <td>{r.serverName}</td><td>{r.plan || '—'}</td><td><Day at={r.startsAt} /></td><td>{r.committedMbps ? `${r.committedMbps} Mbps` : '—'}</td>
                <td style={{ textAlign: 'right' }}><Money cents={r.monthlyPriceCents} currency={r.currency} /></td>
              </tr>
            ))}
            {[...totals].map(([currency, cents]) => (
              <tr key={currency} data-testid="portal-charge-total">
                <td colSpan={4}><b>Total per month{totals.size > 1 ? ` in ${currency}` : ''}</b></td>
                <td style={{ textAlign: 'right' }}><b><Money cents={cents} currency={currency} /></b></td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <p className="noc-muted">Traffic above a rental&apos;s committed bandwidth (95th percentile over the month) may be billed as overage; you get a message here when your traffic reaches 80 % and 100 % of the commitment.</p>

      <div className="noc-biz-cols">
        <div>
          <h4 className="noc-section-title">Billing address</h4>
          {address.length ? <div className="noc-prewrap" data-testid="portal-billing-address">{address.join('\n')}</div> : <p className="noc-muted">No billing address on file: open a ticket to give us one.</p>}
        </div>
        <div>
          <h4 className="noc-section-title">Billing contacts</h4>
          {billingContacts.length === 0 ? <p className="noc-muted">Bills go to {profile.customer.email}.</p> : billingContacts.map((c) => <div key={c.id}>{c.name} · <span className="noc-mono">{c.email}</span></div>)}
        </div>
      </div>

      {(cancellations.data?.length ?? 0) > 0 && (
        <>
          <h4 className="noc-section-title">Cancellations</h4>
          <HTMLTable compact className="noc-biz-table" data-testid="portal-cancellations">
            <tbody>
              {cancellations.data?.map((c) => (
                <tr key={c.id}>
                  <td><Day at={c.requestedAt} /></td>
                  <td>{c.rentalIds === null ? 'All services' : `${c.rentalIds.length} rental${c.rentalIds.length === 1 ? '' : 's'}`}</td>
                  <td><ChoiceTag table={CANCELLATION_STATUSES} value={c.status} /></td>
                  <td>{c.status === 'pending' ? <>Confirm it with the link we e-mailed to {c.sentTo.join(', ')} (valid until <Day at={c.expiresAt} />).</> : ''}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </>
      )}
    </div>
  );
}
