// Inputs of the customers procedures (validated by the router, shown by the forms).
import { z } from 'zod';
import { CONTACT_ROLE_VALUES, CUSTOMER_STATUS_VALUES } from '../customers';
import { idSchema, nameSchema, pageSchema, reasonSchema } from './common';

export const emailSchema = z.string().trim().toLowerCase().max(254, 'E-mail addresses have at most 254 characters.')
  .pipe(z.email({ message: 'Not a valid e-mail address (expected name@example.com).' }));
export const optionalEmail = z.union([z.literal(''), emailSchema]).default('');
const phoneField = z.string().trim().max(40, 'Phone numbers have at most 40 characters.').regex(/^[0-9+()./\s-]*$/, 'A phone number has digits, spaces and + ( ) . - only.');
const phone = phoneField.default('');

export const addressSchema = z.object({
  line1: z.string().trim().max(200).default(''),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().max(100).default(''),
  postcode: z.string().trim().max(20).default(''),
  region: z.string().trim().max(100).default(''),
  country: z.string().trim().max(60).default(''),
});
export const EMPTY_ADDRESS = { line1: '', line2: '', city: '', postcode: '', region: '', country: '' };

export const customerInput = z.object({
  name: nameSchema,
  company: z.string().trim().max(200).default(''),
  email: emailSchema,
  phone,
  billingAddress: addressSchema.default(EMPTY_ADDRESS),
});

// Patches are built from fields without defaults: a patch must not reset what it does not name.
export const customerUpdateInput = z.object({
  id: idSchema,
  patch: z.object({ name: nameSchema, company: z.string().trim().max(200), email: emailSchema, phone: phoneField, billingAddress: addressSchema }).partial(),
});

export const customerStatusInput = z.object({ id: idSchema, status: z.enum(CUSTOMER_STATUS_VALUES), reason: reasonSchema });

export const contactInput = z.object({
  customerId: idSchema,
  name: nameSchema,
  email: emailSchema,
  phone,
  roles: z.array(z.enum(CONTACT_ROLE_VALUES)).min(1, 'Give the contact at least one role (billing, technical, abuse or emergency).'),
});
export const contactUpdateInput = z.object({
  id: idSchema,
  patch: z.object({ name: nameSchema, email: emailSchema, phone: phoneField, roles: contactInput.shape.roles }).partial(),
});

export const noteInput = z.object({ customerId: idSchema, body: z.string().trim().min(1, 'A note needs some text.').max(10_000) });

export const customerSortKeys = ['name', 'company', 'status', 'updatedAt'] as const;
export const customerListInput = pageSchema.extend({
  text: z.string().trim().max(200).optional(),
  status: z.array(z.enum(CUSTOMER_STATUS_VALUES)).optional(),
  /** Customers renting this server (now or in the past). */
  deviceId: idSchema.optional(),
  sort: z.enum(customerSortKeys).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export type CustomerInput = z.input<typeof customerInput>;
export type ContactInput = z.input<typeof contactInput>;
export type CustomerListInput = z.input<typeof customerListInput>;
