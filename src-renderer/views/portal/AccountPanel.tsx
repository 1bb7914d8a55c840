// The customer's own profile: who they are to us, what their account status means for them,
// and the contacts we reach by role. Changes go through a ticket (customers do not edit
// their record themselves: the customers API lets only staff change it).
import { HTMLTable } from '@blueprintjs/core';
import { CONTACT_ROLES } from '../../../shared/customers';
import { ChoiceTag, Day } from '../customers/ui';
import type { PortalProfile } from './BillingPanel';
import { StatusCallout } from './StatusCallout';

export function AccountPanel({ profile }: { profile: PortalProfile }) {
  const c = profile.customer;
  return (
    <div data-testid="portal-account">
      <StatusCallout status={c.status} />
      <h4 className="noc-section-title">Profile</h4>
      <dl className="noc-portal-facts">
        <dt>Name</dt><dd>{c.name}</dd>
        <dt>Company</dt><dd>{c.company || '—'}</dd>
        <dt>E-mail</dt><dd className="noc-mono">{c.email}</dd>
        <dt>Phone</dt><dd>{c.phone || '—'}</dd>
        <dt>Customer since</dt><dd><Day at={c.createdAt} /></dd>
        <dt>Active rentals</dt><dd>{profile.activeRentals}</dd>
      </dl>
      <h4 className="noc-section-title">Contacts</h4>
      {profile.contacts.length === 0 ? <p className="noc-muted">No contacts on file: we write to {c.email}.</p> : (
        <HTMLTable compact striped className="noc-biz-table">
          <thead><tr><th>Name</th><th>E-mail</th><th>Phone</th><th>We contact them for</th></tr></thead>
          <tbody>
            {profile.contacts.map((p) => (
              <tr key={p.id}><td>{p.name}</td><td className="noc-mono">{p.email}</td><td>{p.phone || '—'}</td><td>{p.roles.map((r) => <ChoiceTag key={r} table={CONTACT_ROLES} value={r} />)}</td></tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <p className="noc-muted">To change your details or contacts, open a ticket.</p>
    </div>
  );
}
