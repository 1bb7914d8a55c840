// What the business views (customers, tickets, staging, messages) have selected, apart
// from the shell's store: the shell decides which view shows, this store which row in it.
// `open*` helpers switch the view and select in one step (Ctrl+K, links between views).
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { api } from '../trpc';
import { nocStore } from './index';

export interface BusinessSelection {
  customerId: string | null;
  ticketId: string | null;
  ticketQueue: string;
  stagingDeviceId: string | null;
}

export const initialBusiness = (): BusinessSelection => ({ customerId: null, ticketId: null, ticketQueue: 'support', stagingDeviceId: null });

export const businessStore = createStore<BusinessSelection>()(() => initialBusiness());

export function useBusiness<T>(selector: (s: BusinessSelection) => T): T {
  return useStore(businessStore, selector);
}

export function openCustomer(id: string): void {
  businessStore.setState({ customerId: id });
  nocStore.getState().setView('customers');
}

export function openTicket(id: string, queue?: string): void {
  businessStore.setState({ ticketId: id, ...(queue ? { ticketQueue: queue } : {}) });
  nocStore.getState().setView('tickets');
}

export function openStaging(deviceId: string | null): void {
  businessStore.setState({ stagingDeviceId: deviceId });
  nocStore.getState().setView('staging');
}

/** Ctrl+K hits of the business side; false when the kind is not ours. */
export function openBusinessHit(hit: { kind: string; id: string }): boolean {
  switch (hit.kind) {
    case 'customer':
      openCustomer(hit.id);
      return true;
    case 'ticket':
      openTicket(hit.id, '');
      return true;
    case 'rental':
      // A rental opens its customer's profile, where the rental is listed.
      void api.rentals.get.query({ id: hit.id }).then((r) => r && openCustomer(r.customerId));
      return true;
    default:
      return false;
  }
}
