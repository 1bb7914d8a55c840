// For a server's own view (the device drawer): who rents it since when, what their account
// status means for it ("Customer SUSPENDED: do not provision…"), and the server's complete
// rental history — past and current rentals with their changes and terminations. Renders
// nothing for a device that was never rented. Mount: <RentalBanner deviceId={device.id} />.
import { Button, Callout, Collapse, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { CUSTOMER_STATUSES } from '../../../shared/customers';
import { formatMoney, RENTAL_STATUSES } from '../../../shared/rentals';
import { openCustomer } from '../../stores/customers-store';
import { api } from '../../trpc';
import { useLive } from './live';
import { ChoiceTag, Day, When } from './ui';

export function RentalBanner({ deviceId }: { deviceId: string }) {
  const info = useLive(() => api.rentals.forDevice.query({ deviceId }), [deviceId], ['rentals', 'customers']);
  const d = info.data;
  const status = d?.customer ? CUSTOMER_STATUSES.find((s) => s.value === d.customer!.status)! : null;
  return (
    <>
      {d?.rental && d.customer && status && (
        <Callout compact intent={d.banner ? (d.customer.status === 'suspended' ? 'danger' : 'warning') : 'primary'} icon="person" data-testid="rental-banner">
          Rented to <Button small variant="minimal" text={d.customer.name} onClick={() => openCustomer(d.customer!.id)} /> since {d.rental.startsAt.slice(0, 10)}
          {d.rental.plan ? ` (${d.rental.plan})` : ''} · account {status.label}
          {d.banner && <div><b>{d.banner}</b></div>}
        </Callout>
      )}
      <RentalHistory deviceId={deviceId} />
    </>
  );
}

function RentalHistory({ deviceId }: { deviceId: string }) {
  const [open, setOpen] = useState(false);
  const h = useLive(() => api.rentals.history.query({ deviceId }), [deviceId], ['rentals', 'rental_events', 'customers']);
  const rentals = h.data?.rentals ?? [];
  if (rentals.length === 0) return null;
  const events = h.data?.events ?? [];
  return (
    <div data-testid="server-rental-history" style={{ margin: '6px 0' }}>
      <Button small variant="minimal" icon={open ? 'chevron-down' : 'chevron-right'} text={`Rental history (${rentals.length})`} onClick={() => setOpen(!open)} data-testid="server-rental-history-toggle" />
      <Collapse isOpen={open}>
        {rentals.map((r) => (
          <div key={r.id} className="noc-msg" data-testid="server-rental" data-customer={r.customerName} style={{ marginTop: 6 }}>
            <div className="noc-msg-head">
              <Button small variant="minimal" text={r.customerName} onClick={() => openCustomer(r.customerId)} />
              <ChoiceTag table={RENTAL_STATUSES} value={r.status} />
              <span><Day at={r.startsAt} /> → <Day at={r.endedAt ?? r.endsAt} /></span>
              <span>{r.plan} {formatMoney(r.monthlyPriceCents, r.currency)}</span>
            </div>
            {events.filter((e) => e.rentalId === r.id).map((e) => (
              <div key={e.id} className="noc-biz-sub" data-testid="server-rental-event" data-kind={e.kind}>
                <When at={e.at} /> <Tag minimal>{e.kind}</Tag> {e.summary} <span className="noc-muted">({e.actor})</span>
              </div>
            ))}
            {r.endReason && <div className="noc-biz-sub">Ended: {r.endReason}</div>}
          </div>
        ))}
      </Collapse>
    </div>
  );
}
