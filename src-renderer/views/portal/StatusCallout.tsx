// The account status with what it means for the customer and whom to contact.
import { Callout } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../../../shared/customers';
import { intentOf } from '../customers/ui';
import { STATUS_FOR_CUSTOMER } from './account-status';

export function StatusCallout({ status, action }: { status: CustomerStatus; action?: ReactNode }) {
  const s = STATUS_FOR_CUSTOMER[status];
  const intent = CUSTOMER_STATUSES.find((c) => c.value === status)?.intent ?? 'none';
  return (
    <Callout intent={intentOf(intent)} title={s.title} data-testid="portal-status-notice" data-status={status} className="noc-portal-notice">
      <p>{s.meaning}</p>
      {s.contact && <p><b>{s.contact}</b></p>}
      {action}
    </Callout>
  );
}
