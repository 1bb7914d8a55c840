// "Customers see only their own" (issue 7 §7): every procedure that a customer-role actor
// may call passes its customer id through here. Staff see everything; a customer actor
// without a customer id sees nothing.
import type { Actor } from '../../../shared/types';
import { forbidden } from '../../core/errors';

export function isCustomer(actor: Actor): boolean {
  return actor.role === 'customer';
}

/** Throws unless the actor is staff or is this customer. */
export function assertMaySee(actor: Actor, customerId: string | null | undefined): void {
  if (!isCustomer(actor)) return;
  if (!actor.customerId || actor.customerId !== customerId) throw forbidden('That belongs to another customer account.');
}

/** The customer id a query must be limited to: the actor's own for customers, else the filter asked for. */
export function scopeOf(actor: Actor, requested: string | undefined): string | undefined {
  if (!isCustomer(actor)) return requested;
  if (!actor.customerId) throw forbidden('This login is not linked to a customer account.');
  if (requested && requested !== actor.customerId) throw forbidden('That belongs to another customer account.');
  return actor.customerId;
}
