// What an account status means for the customer themself (STATUS_EFFECTS in shared/ says it
// for staff): what still works, what does not, and whom to contact.
import type { CustomerStatus } from '../../../shared/customers';

export interface StatusForCustomer {
  title: string;
  meaning: string;
  /** Whom to contact, or null when nothing needs doing. */
  contact: string | null;
}

export const STATUS_FOR_CUSTOMER: Record<CustomerStatus, StatusForCustomer> = {
  active: { title: 'Your account is active', meaning: 'Your services run normally, and you can order upgrades and additional addresses.', contact: null },
  on_hold: {
    title: 'Your account is on hold',
    meaning: 'Your servers keep running, but new rentals and orders (upgrades, additional addresses) are paused until the hold is lifted.',
    contact: 'Contact billing (or open a ticket) to lift the hold.',
  },
  suspended: {
    title: 'Your account is suspended',
    meaning: 'No new rentals or orders, and no work is done on your servers until the account is settled.',
    contact: 'Contact billing to settle the account: open a ticket or reply to our last e-mail.',
  },
  inactive: {
    title: 'Your account is inactive',
    meaning: 'This is a former account: it has no running services and takes no orders.',
    contact: 'Contact us to reactivate it before renting a server again.',
  },
};
