// For a server's own view (the device drawer): who rents it since when, and what their
// account status means for it ("Customer SUSPENDED: do not provision…"). Renders nothing
// for a server without an active rental. Mount: <RentalBanner deviceId={device.id} />.
import { Button, Callout } from '@blueprintjs/core';
import { CUSTOMER_STATUSES } from '../../../shared/customers';
import { openCustomer } from '../../stores/customers-store';
import { api } from '../../trpc';
import { useLive } from './live';

export function RentalBanner({ deviceId }: { deviceId: string }) {
  const info = useLive(() => api.rentals.forDevice.query({ deviceId }), [deviceId], ['rentals', 'customers']);
  const d = info.data;
  if (!d?.rental || !d.customer) return null;
  const status = CUSTOMER_STATUSES.find((s) => s.value === d.customer!.status)!;
  return (
    <Callout compact intent={d.banner ? (d.customer.status === 'suspended' ? 'danger' : 'warning') : 'primary'} icon="person" data-testid="rental-banner">
      Rented to <Button small variant="minimal" text={d.customer.name} onClick={() => openCustomer(d.customer!.id)} /> since {d.rental.startsAt.slice(0, 10)}
      {d.rental.plan ? ` (${d.rental.plan})` : ''} · account {status.label}
      {d.banner && <div><b>{d.banner}</b></div>}
    </Callout>
  );
}
