import type { Customer, CustomerContact, CustomerNote } from '../../../shared/customers';
import type { TableSpec } from '../../store/repository';

export const customerTable: TableSpec<Customer> = {
  table: 'customers',
  kind: 'customer',
  fields: {
    name: 'name', company: 'company', email: 'email', phone: 'phone', status: 'status', statusReason: 'status_reason',
    billingAddress: { col: 'billing_address', kind: 'json' }, createdAt: 'created_at', demo: { col: 'demo', kind: 'bool' },
  },
  search: (c) => ({
    title: c.company && c.company !== c.name ? `${c.name} (${c.company})` : c.name,
    body: ['customer', c.status, c.email, c.phone, c.billingAddress.city, c.billingAddress.country].filter(Boolean).join(' '),
  }),
};

export const contactTable: TableSpec<CustomerContact> = {
  table: 'customer_contacts',
  kind: 'contact',
  fields: {
    customerId: 'customer_id', name: 'name', email: 'email', phone: 'phone', roles: { col: 'roles', kind: 'json' },
    demo: { col: 'demo', kind: 'bool' },
  },
};

export const noteTable: TableSpec<CustomerNote> = {
  table: 'customer_notes',
  kind: 'customer-note',
  fields: { customerId: 'customer_id', author: 'author', body: 'body', createdAt: 'created_at', demo: { col: 'demo', kind: 'bool' } },
};
