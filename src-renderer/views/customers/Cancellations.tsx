// A customer's cancellation requests: what each covers, who it went to, until when the link
// is valid, and its state. Staff may withdraw a pending one (the e-mailed link then changes
// nothing). Nothing here ends a service: only the customer's confirmation does.
import { Button, HTMLTable } from '@blueprintjs/core';
import { CANCELLATION_STATUSES } from '../../../shared/notifications';
import type { RentalRow } from '../../../shared/rentals';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from './live';
import { ChoiceTag, When } from './ui';

export function Cancellations({ customerId, rentals, canEdit }: { customerId: string; rentals: RentalRow[]; canEdit: boolean }) {
  const list = useLive(() => api.notifications.cancellations.query({ customerId }), [customerId], ['cancellations']);
  const rows = list.data ?? [];
  if (rows.length === 0) return null;
  const names = (ids: string[] | null) => (ids === null ? 'all services' : ids.map((id) => rentals.find((r) => r.id === id)?.deviceName ?? id).join(', '));
  async function withdraw(id: string) {
    try {
      await api.notifications.withdrawCancellation.mutate({ id });
      toast({ intent: 'success', message: 'Request withdrawn: its link now changes nothing.' });
    } catch (e) {
      toast({ intent: 'danger', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return (
    <>
      <h4 className="noc-section-title">Cancellation requests</h4>
      <HTMLTable compact striped className="noc-biz-table" data-testid="cancellations">
        <thead><tr><th>Requested</th><th>Covers</th><th>Sent to</th><th>Link valid until</th><th>Status</th><th>Reason</th><th /></tr></thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-testid="cancellation-row" data-status={c.status}>
              <td><When at={c.requestedAt} /> <span className="noc-muted">{c.requestedBy}</span></td>
              <td>{names(c.rentalIds)}</td>
              <td>{c.sentTo.join(', ')}</td>
              <td><When at={c.expiresAt} /></td>
              <td><ChoiceTag table={CANCELLATION_STATUSES} value={c.status} />{c.confirmedAt && <> <When at={c.confirmedAt} /></>}</td>
              <td>{c.reason}</td>
              <td>{canEdit && c.status === 'pending' && <Button small variant="minimal" intent="warning" text="Withdraw" onClick={() => void withdraw(c.id)} data-testid="cancellation-withdraw" />}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </>
  );
}
