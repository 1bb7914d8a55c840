// Fixtures for the business-side tests: a customer, and servers in a given status
// (created through the inventory service, as the app does).
import { ZodError } from 'zod';
import type { DeviceStatus } from '../../../../shared/choices';
import type { Customer } from '../../../../shared/customers';
import { customerInput } from '../../../../shared/schemas/customers';
import { deviceInput } from '../../../../shared/schemas/inventory';
import type { Device } from '../../../../shared/types';
import { DomainError } from '../../../../src-main/core/errors';
import { actor, type TestCore } from '../../helpers';

export const staff = actor('admin', 'alice');
export const ctx = { actor: staff };

let n = 0;
export function makeCustomer(t: TestCore, over: Partial<{ name: string; email: string; company: string }> = {}): Customer {
  n++;
  return t.core.services.customers.create(ctx, customerInput.parse({ name: over.name ?? `Customer ${n}`, email: over.email ?? `c${n}-${Date.now()}@example.com`, company: over.company ?? '' }));
}

export function makeServer(t: TestCore, status: DeviceStatus = 'available', name = `srv-${++n}`): Device {
  return t.core.services.inventory.create(ctx, deviceInput.parse({ name, type: 'server', status, primaryIp: '203.0.113.10', mgmtIp: '10.0.0.10' }));
}

/** The field errors a form would show for a refused call: zod's per-field messages, or the domain error's field. */
export async function fieldErrors(call: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await call;
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof ZodError) {
      const out: Record<string, string[]> = {};
      for (const issue of cause.issues) (out[issue.path.join('.') || '_'] ??= []).push(issue.message);
      return out;
    }
    if (cause instanceof DomainError && cause.field) return { [cause.field]: [cause.message] };
    throw err;
  }
  throw new Error('expected the call to be refused');
}
