import type { Rental, RentalEvent } from '../../../shared/rentals';
import type { TableSpec } from '../../store/repository';

/** Names for the search entry: a rental is found by its server's and its customer's names. */
export type NameLookup = (rental: Rental) => { customer: string; device: string };

export function rentalTable(names: NameLookup): TableSpec<Rental> {
  return {
    table: 'rentals',
    kind: 'rental',
    fields: {
      customerId: 'customer_id', deviceId: 'device_id', status: 'status', startsAt: 'starts_at', endsAt: 'ends_at', endedAt: 'ended_at',
      endPath: 'end_path', endReason: 'end_reason', plan: 'plan', monthlyPriceCents: 'monthly_price_cents', currency: 'currency',
      committedMbps: 'committed_mbps', ips: { col: 'ips', kind: 'json' }, demo: { col: 'demo', kind: 'bool' },
    },
    // Ctrl+K: "srv-12" finds who rents it; "Acme" finds the servers Acme rents.
    search: (r) => {
      const n = names(r);
      return {
        title: `${n.device} → ${n.customer}${r.status === 'ended' ? ' (ended)' : ''}`,
        body: ['rental', r.status, n.device, n.customer, r.plan, ...r.ips].filter(Boolean).join(' '),
      };
    },
  };
}

export const rentalEventTable: TableSpec<RentalEvent> = {
  table: 'rental_events',
  kind: 'rental-event',
  fields: {
    rentalId: 'rental_id', customerId: 'customer_id', deviceId: 'device_id', kind: 'kind', at: 'at', actor: 'actor',
    summary: 'summary', details: { col: 'details', kind: 'json' }, demo: { col: 'demo', kind: 'bool' },
  },
};
