// Customers: account statuses with their effects, contact roles, row shapes.
// The effects table is the one place both sides read: the core enforces it, the UI spells it out.
import type { Choice } from './choices';
import type { SyncedRow } from './types';

export const CUSTOMER_STATUSES = [
  { value: 'active', label: 'Active', intent: 'success' },
  { value: 'on_hold', label: 'On Hold', intent: 'warning' },
  { value: 'suspended', label: 'Suspended', intent: 'danger' },
  { value: 'inactive', label: 'Inactive', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number]['value'];
export const CUSTOMER_STATUS_VALUES = CUSTOMER_STATUSES.map((s) => s.value) as [CustomerStatus, ...CustomerStatus[]];

export interface StatusEffects {
  /** May a new rental start for this customer? */
  canStartRental: boolean;
  /** May the customer order (upgrades, additional IPs)? */
  canOrder: boolean;
  /** What their running servers show, or null when nothing is shown. */
  serverBanner: string | null;
  /** One sentence for the profile page. */
  summary: string;
}

export const STATUS_EFFECTS: Record<CustomerStatus, StatusEffects> = {
  active: { canStartRental: true, canOrder: true, serverBanner: null, summary: 'Can order and start rentals; services run normally.' },
  on_hold: { canStartRental: false, canOrder: false, serverBanner: 'Customer account on hold: no new orders', summary: 'On hold: existing services keep running, but no new rentals or orders until the hold is lifted.' },
  suspended: { canStartRental: false, canOrder: false, serverBanner: 'Customer SUSPENDED: do not provision; check with billing before any work', summary: 'Suspended: no rentals or orders; their servers are flagged as belonging to a suspended customer.' },
  inactive: { canStartRental: false, canOrder: false, serverBanner: null, summary: 'Inactive: a former customer. Reactivate the account before starting a rental or taking an order.' },
};

export const CONTACT_ROLES = [
  { value: 'billing', label: 'Billing', intent: 'warning' },
  { value: 'technical', label: 'Technical', intent: 'primary' },
  { value: 'abuse', label: 'Abuse', intent: 'danger' },
  { value: 'emergency', label: 'Emergency', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type ContactRole = (typeof CONTACT_ROLES)[number]['value'];
export const CONTACT_ROLE_VALUES = CONTACT_ROLES.map((s) => s.value) as [ContactRole, ...ContactRole[]];

export interface Address {
  line1: string;
  line2: string;
  city: string;
  postcode: string;
  region: string;
  country: string;
}

export interface Customer extends SyncedRow {
  name: string;
  company: string;
  email: string;
  phone: string;
  status: CustomerStatus;
  statusReason: string;
  billingAddress: Address;
  createdAt: string;
  demo: boolean;
}

export interface CustomerContact extends SyncedRow {
  customerId: string;
  name: string;
  email: string;
  phone: string;
  roles: ContactRole[];
  demo: boolean;
}

export interface CustomerNote extends SyncedRow {
  customerId: string;
  author: string;
  body: string;
  createdAt: string;
  demo: boolean;
}

/** A customer row in lists, with counts the list shows. */
export interface CustomerListRow extends Customer { activeRentals: number; openTickets: number }

/** One line of a customer's activity timeline (from the audit trail). */
export interface TimelineEntry {
  at: string;
  actor: string;
  kind: string;
  action: string;
  rowId: string;
  summary: string;
  reason: string | null;
}
