// Rentals: a server or VM rented to a customer, with the fields billing needs, and the
// record of everything that happened to it (modifications, termination).
import type { Choice } from './choices';
import type { SyncedRow } from './types';

export const RENTAL_STATUSES = [
  { value: 'active', label: 'Active', intent: 'success' },
  { value: 'ended', label: 'Ended', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type RentalStatus = (typeof RENTAL_STATUSES)[number]['value'];

/** Where a server goes when its rental ends. */
export const END_PATHS = [
  { value: 'wipe', label: 'Wipe, then back to Staging (QA before it is rented again)', intent: 'primary' },
  { value: 'available', label: 'Straight to Available', intent: 'success' },
] as const satisfies readonly Choice<string>[];
export type EndPath = (typeof END_PATHS)[number]['value'];
export const END_PATH_VALUES = END_PATHS.map((s) => s.value) as [EndPath, ...EndPath[]];

export const MODIFICATION_KINDS = [
  { value: 'upgrade', label: 'Upgrade', intent: 'success' },
  { value: 'downgrade', label: 'Downgrade', intent: 'warning' },
  { value: 'add_ip', label: 'Additional IPs', intent: 'primary' },
  { value: 'remove_ip', label: 'IPs removed', intent: 'none' },
  { value: 'price_change', label: 'Price change', intent: 'warning' },
  { value: 'bandwidth_change', label: 'Committed bandwidth change', intent: 'primary' },
  { value: 'other', label: 'Other change', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type ModificationKind = (typeof MODIFICATION_KINDS)[number]['value'];
export const MODIFICATION_KIND_VALUES = MODIFICATION_KINDS.map((s) => s.value) as [ModificationKind, ...ModificationKind[]];

/** Rental events: start, each modification, the end; the per-customer and per-server history. */
export type RentalEventKind = 'start' | ModificationKind | 'end';

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'PLN'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Rental extends SyncedRow {
  customerId: string;
  deviceId: string;
  status: RentalStatus;
  /** ISO date-time the rental began. */
  startsAt: string;
  /** Planned end of the term (null: open-ended, monthly). */
  endsAt: string | null;
  /** When it actually ended (null while active). */
  endedAt: string | null;
  endPath: EndPath | null;
  endReason: string;
  plan: string;
  /** Monthly price in minor units (cents) so sums are exact. */
  monthlyPriceCents: number;
  currency: Currency;
  committedMbps: number;
  /** Addresses the customer got with it (IPAM links them where it exists). */
  ips: string[];
  demo: boolean;
}

export interface RentalEvent extends SyncedRow {
  rentalId: string;
  customerId: string;
  deviceId: string;
  kind: RentalEventKind;
  at: string;
  actor: string;
  summary: string;
  details: Record<string, unknown>;
  demo: boolean;
}

/** A rental with the names a list shows. */
export interface RentalRow extends Rental { customerName: string; deviceName: string; deviceType: string; deviceStatus: string }

export function formatMoney(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
