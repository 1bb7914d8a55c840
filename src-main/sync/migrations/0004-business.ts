// Customers, rentals, tickets, notifications, cancellations and staging QA (issue 7's tables),
// mirroring the local migration 0006 column for column (drafted by `noc db draft-migration`).
// Rows that belong to a customer carry FORCE ROW LEVEL SECURITY (helpers.ts): a customer login
// reads its own customer, contacts, rentals, tickets (and may open one), inbox, cancellations —
// nothing of anyone else's; internal notes, queues and agents are staff only. Ticket messages
// have no customer column: a policy reaches the customer through the ticket, and a customer
// never sees internal notes.
// Not carried over: the local UNIQUE index on tickets.number — each offline client numbers its
// new tickets by itself, so the shared database cannot insist; 0011 renumbers a clash on insert.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0004: PgMigration = {
  version: 4,
  name: 'business',
  sql: `
${syncedTable('customers', `
  name text NOT NULL,
  company text NOT NULL DEFAULT '',
  email text NOT NULL,
  phone text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active',
  status_reason text NOT NULL DEFAULT '',
  billing_address text NOT NULL DEFAULT '{}',
  created_at text NOT NULL`, { write: ['provisioning', 'billing'], customerOwned: 'id' })}

${syncedTable('customer_contacts', `
  customer_id text NOT NULL ${ref('customers')},
  name text NOT NULL,
  email text NOT NULL,
  phone text NOT NULL DEFAULT '',
  roles text NOT NULL DEFAULT '[]'`, { write: ['provisioning', 'billing'], customerOwned: 'customer_id' })}
CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id);

${syncedTable('customer_notes', `
  customer_id text NOT NULL ${ref('customers')},
  author text NOT NULL,
  body text NOT NULL,
  created_at text NOT NULL`, { write: ['technician', 'provisioning', 'billing'] })}
CREATE INDEX customer_notes_customer ON customer_notes(customer_id, created_at);

${syncedTable('rentals', `
  customer_id text NOT NULL ${ref('customers')},
  device_id text NOT NULL ${ref('devices')},
  status text NOT NULL,
  starts_at text NOT NULL,
  ends_at text,
  ended_at text,
  end_path text,
  end_reason text NOT NULL DEFAULT '',
  plan text NOT NULL DEFAULT '',
  monthly_price_cents bigint NOT NULL DEFAULT 0,
  currency text NOT NULL DEFAULT 'USD',
  committed_mbps bigint NOT NULL DEFAULT 0,
  ips text NOT NULL DEFAULT '[]'`, { write: ['provisioning', 'billing'], customerOwned: 'customer_id' })}
CREATE INDEX rentals_customer ON rentals(customer_id, starts_at);
CREATE INDEX rentals_device ON rentals(device_id, starts_at);
CREATE UNIQUE INDEX rentals_one_active ON rentals(device_id) WHERE status = 'active' AND deleted = 0;

${syncedTable('rental_events', `
  rental_id text NOT NULL ${ref('rentals')},
  customer_id text NOT NULL,
  device_id text NOT NULL,
  kind text NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  summary text NOT NULL,
  details text NOT NULL DEFAULT '{}'`, { write: ['provisioning', 'billing'], customerOwned: 'customer_id' })}
CREATE INDEX rental_events_rental ON rental_events(rental_id, at);
CREATE INDEX rental_events_customer ON rental_events(customer_id, at);
CREATE INDEX rental_events_device ON rental_events(device_id, at);

${syncedTable('ticket_queues', `
  key text NOT NULL,
  name text NOT NULL,
  members text NOT NULL DEFAULT '[]',
  round_robin bigint NOT NULL DEFAULT 1,
  last_assigned text,
  sla text NOT NULL,
  builtin bigint NOT NULL DEFAULT 0`, { write: ['technician', 'provisioning', 'billing'] })}
CREATE UNIQUE INDEX ticket_queues_key ON ticket_queues(key) WHERE deleted = 0;

${syncedTable('ticket_agents', `
  name text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  on_shift bigint NOT NULL DEFAULT 0,
  shift_since text`, { write: ['technician', 'provisioning', 'billing'] })}
CREATE UNIQUE INDEX ticket_agents_name ON ticket_agents(name) WHERE deleted = 0;

${syncedTable('tickets', `
  number bigint NOT NULL,
  queue_id text NOT NULL ${ref('ticket_queues')},
  customer_id text ${ref('customers')},
  device_id text,
  alarm_id text,
  kind text NOT NULL DEFAULT 'general',
  subject text NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  assignee text,
  created_by text NOT NULL,
  created_at text NOT NULL,
  first_response_due text NOT NULL,
  resolution_due text NOT NULL,
  first_responded_at text,
  resolved_at text,
  sla_notified text NOT NULL DEFAULT '[]',
  sla_next_at text,
  links text NOT NULL DEFAULT '[]',
  details text NOT NULL DEFAULT '{}'`, { write: ['technician', 'provisioning', 'billing'], customerOwned: 'customer_id', customerInsert: true })}
CREATE INDEX tickets_number ON tickets(number);
CREATE INDEX tickets_queue ON tickets(deleted, queue_id, status, number);
CREATE INDEX tickets_customer ON tickets(customer_id, number);
CREATE INDEX tickets_device ON tickets(device_id);
CREATE INDEX tickets_alarm ON tickets(alarm_id) WHERE alarm_id IS NOT NULL;

${syncedTable('ticket_messages', `
  ticket_id text NOT NULL ${ref('tickets')},
  kind text NOT NULL,
  author text NOT NULL,
  body text NOT NULL,
  at text NOT NULL`, { write: ['technician', 'provisioning', 'billing'] })}
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, at);

${syncedTable('inbox_messages', `
  customer_id text,
  category text NOT NULL,
  severity text NOT NULL DEFAULT 'info',
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  created_at text NOT NULL,
  read_by text NOT NULL DEFAULT '[]',
  ref text`, { write: ['technician', 'provisioning', 'billing'], customerOwned: 'customer_id' })}
CREATE INDEX inbox_messages_audience ON inbox_messages(deleted, customer_id, created_at);

${syncedTable('announcements', `
  title text NOT NULL,
  body text NOT NULL,
  customer_ids text,
  sent_at text NOT NULL,
  sent_by text NOT NULL,
  recipients bigint NOT NULL DEFAULT 0`, { write: ['provisioning', 'billing'] })}

${syncedTable('cancellations', `
  customer_id text NOT NULL ${ref('customers')},
  rental_ids text,
  status text NOT NULL,
  requested_by text NOT NULL,
  requested_at text NOT NULL,
  expires_at text NOT NULL,
  confirmed_at text,
  sent_to text NOT NULL DEFAULT '[]',
  reason text NOT NULL DEFAULT '',
  end_path text NOT NULL DEFAULT 'wipe'`, { write: ['provisioning', 'billing'], customerOwned: 'customer_id' })}
CREATE INDEX cancellations_customer ON cancellations(customer_id, requested_at);

${syncedTable('staging_templates', `
  name text NOT NULL,
  device_types text NOT NULL DEFAULT '["server"]',
  version bigint NOT NULL DEFAULT 1,
  items text NOT NULL DEFAULT '[]',
  is_default bigint NOT NULL DEFAULT 0`, { write: ['technician', 'provisioning'] })}

${syncedTable('staging_runs', `
  device_id text NOT NULL ${ref('devices')},
  template_id text,
  template_name text NOT NULL,
  template_version bigint NOT NULL,
  items text NOT NULL,
  status text NOT NULL,
  started_at text NOT NULL,
  finished_at text`, { write: ['technician', 'provisioning'] })}
CREATE INDEX staging_runs_device ON staging_runs(device_id, started_at);
CREATE INDEX staging_runs_open ON staging_runs(status, template_id);

${syncedTable('staging_results', `
  run_id text NOT NULL ${ref('staging_runs')},
  item_key text NOT NULL,
  status text NOT NULL,
  by_name text NOT NULL,
  at text NOT NULL,
  note text NOT NULL DEFAULT '',
  evidence text NOT NULL DEFAULT '[]',
  method text NOT NULL DEFAULT 'manual',
  detail text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'] })}
CREATE INDEX staging_results_run ON staging_results(run_id, item_key, at);
ALTER TABLE ticket_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_messages_staff ON ticket_messages USING (noc_is_staff()) WITH CHECK (noc_is_staff());
CREATE POLICY ticket_messages_own ON ticket_messages FOR SELECT TO noc_customer
  USING (kind <> 'internal' AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id AND t.customer_id = noc_customer_id()));
CREATE POLICY ticket_messages_own_reply ON ticket_messages FOR INSERT TO noc_customer
  WITH CHECK (kind = 'public' AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id AND t.customer_id = noc_customer_id()));
GRANT SELECT, INSERT ON ticket_messages TO noc_customer;
`,
};
