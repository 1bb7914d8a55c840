// Issue 7, the business side: customers, rentals, staging QA, tickets, notifications.
// Synced tables carry the usual id/rev/updated_at/deleted/demo columns and are written only
// through the repository layer. The local tables (mail queue, one-time links, sealed root
// passwords, bandwidth levels, imported usage) belong to this machine and are never synced:
// the machine that queued a mail sends it, and secrets are sealed with this machine's key.
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;

export const migration0006: Migration = {
  version: 6,
  name: 'customers',
  up(db) {
    db.exec(`
      CREATE TABLE customers (${synced},
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','on_hold','suspended','inactive')),
        status_reason TEXT NOT NULL DEFAULT '',
        billing_address TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE INDEX customers_name ON customers(deleted, name COLLATE NOCASE);
      CREATE INDEX customers_status ON customers(deleted, status, name COLLATE NOCASE);
      CREATE INDEX customers_email ON customers(email);

      CREATE TABLE customer_contacts (${synced},
        customer_id TEXT NOT NULL REFERENCES customers(id),
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        roles TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id);
      -- covering, for the customer search by a contact's e-mail (a LIKE scan of the index only)
      CREATE INDEX customer_contacts_search ON customer_contacts(deleted, email, customer_id);

      CREATE TABLE customer_notes (${synced},
        customer_id TEXT NOT NULL REFERENCES customers(id),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX customer_notes_customer ON customer_notes(customer_id, created_at);

      CREATE TABLE rentals (${synced},
        customer_id TEXT NOT NULL REFERENCES customers(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        status TEXT NOT NULL CHECK (status IN ('active','ended')),
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        ended_at TEXT,
        end_path TEXT,
        end_reason TEXT NOT NULL DEFAULT '',
        plan TEXT NOT NULL DEFAULT '',
        monthly_price_cents INTEGER NOT NULL DEFAULT 0 CHECK (monthly_price_cents >= 0),
        currency TEXT NOT NULL DEFAULT 'USD',
        committed_mbps INTEGER NOT NULL DEFAULT 0 CHECK (committed_mbps >= 0),
        ips TEXT NOT NULL DEFAULT '[]',
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      );
      CREATE INDEX rentals_customer ON rentals(customer_id, starts_at);
      CREATE INDEX rentals_device ON rentals(device_id, starts_at);
      -- one active rental per server, whatever the code above does
      CREATE UNIQUE INDEX rentals_one_active ON rentals(device_id) WHERE status = 'active' AND deleted = 0;

      CREATE TABLE rental_events (${synced},
        rental_id TEXT NOT NULL REFERENCES rentals(id),
        customer_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX rental_events_rental ON rental_events(rental_id, at);
      CREATE INDEX rental_events_customer ON rental_events(customer_id, at);
      CREATE INDEX rental_events_device ON rental_events(device_id, at);

      CREATE TABLE staging_templates (${synced},
        name TEXT NOT NULL,
        device_types TEXT NOT NULL DEFAULT '["server"]',
        version INTEGER NOT NULL DEFAULT 1,
        items TEXT NOT NULL DEFAULT '[]',
        is_default INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE staging_runs (${synced},
        device_id TEXT NOT NULL REFERENCES devices(id),
        template_id TEXT,
        template_name TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        items TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open','passed','cancelled')),
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX staging_runs_device ON staging_runs(device_id, started_at);
      CREATE INDEX staging_runs_open ON staging_runs(status, template_id);

      CREATE TABLE staging_results (${synced},
        run_id TEXT NOT NULL REFERENCES staging_runs(id),
        item_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','passed','failed','skipped')),
        by_name TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        method TEXT NOT NULL DEFAULT 'manual',
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX staging_results_run ON staging_results(run_id, item_key, at);

      CREATE TABLE ticket_queues (${synced},
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        members TEXT NOT NULL DEFAULT '[]',
        round_robin INTEGER NOT NULL DEFAULT 1,
        last_assigned TEXT,
        sla TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX ticket_queues_key ON ticket_queues(key) WHERE deleted = 0;

      CREATE TABLE ticket_agents (${synced},
        name TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        on_shift INTEGER NOT NULL DEFAULT 0,
        shift_since TEXT
      );
      CREATE UNIQUE INDEX ticket_agents_name ON ticket_agents(name) WHERE deleted = 0;

      CREATE TABLE tickets (${synced},
        number INTEGER NOT NULL,
        queue_id TEXT NOT NULL REFERENCES ticket_queues(id),
        customer_id TEXT REFERENCES customers(id),
        device_id TEXT,
        alarm_id TEXT,
        kind TEXT NOT NULL DEFAULT 'general',
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('new','open','pending','resolved','closed')),
        priority TEXT NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
        assignee TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        first_response_due TEXT NOT NULL,
        resolution_due TEXT NOT NULL,
        first_responded_at TEXT,
        resolved_at TEXT,
        sla_notified TEXT NOT NULL DEFAULT '[]',
        sla_next_at TEXT,
        links TEXT NOT NULL DEFAULT '[]',
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE UNIQUE INDEX tickets_number ON tickets(number);
      -- counts per queue and status; pages newest first walk (deleted, queue_id, number) / (deleted, number)
      CREATE INDEX tickets_queue ON tickets(deleted, queue_id, status, number);
      CREATE INDEX tickets_queue_number ON tickets(deleted, queue_id, number);
      CREATE INDEX tickets_live_number ON tickets(deleted, number);
      CREATE INDEX tickets_status ON tickets(deleted, status, number);
      CREATE INDEX tickets_customer ON tickets(customer_id, number);
      CREATE INDEX tickets_device ON tickets(device_id);
      CREATE INDEX tickets_alarm ON tickets(alarm_id) WHERE alarm_id IS NOT NULL;
      CREATE INDEX tickets_assignee ON tickets(assignee, status);
      -- the SLA watcher's next look: the earliest warning or breach not yet announced
      CREATE INDEX tickets_sla_next ON tickets(sla_next_at) WHERE sla_next_at IS NOT NULL;

      CREATE TABLE ticket_messages (${synced},
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        kind TEXT NOT NULL CHECK (kind IN ('public','internal','system')),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, at);

      CREATE TABLE inbox_messages (${synced},
        customer_id TEXT,
        category TEXT NOT NULL,
        severity TEXT NOT NULL DEFAULT 'info',
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        read_by TEXT NOT NULL DEFAULT '[]',
        ref TEXT
      );
      CREATE INDEX inbox_messages_audience ON inbox_messages(deleted, customer_id, created_at);

      CREATE TABLE announcements (${synced},
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        customer_ids TEXT,
        sent_at TEXT NOT NULL,
        sent_by TEXT NOT NULL,
        recipients INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE cancellations (${synced},
        customer_id TEXT NOT NULL REFERENCES customers(id),
        rental_ids TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending','confirmed','expired','withdrawn')),
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        confirmed_at TEXT,
        sent_to TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        end_path TEXT NOT NULL DEFAULT 'wipe'
      );
      CREATE INDEX cancellations_customer ON cancellations(customer_id, requested_at);

      -- Local to this machine (not synced) -------------------------------------------

      -- Outbound e-mail: retried with backoff while the SMTP server is unreachable;
      -- a message leaves the queue only as sent or as failed (after the last retry).
      CREATE TABLE mail_queue (
        id INTEGER PRIMARY KEY,
        to_addrs TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT,
        template TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','sending','retrying','sent','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        customer_id TEXT,
        message_id TEXT
      );
      CREATE INDEX mail_queue_due ON mail_queue(status, next_attempt_at);

      -- One-time links (root password hand-over): only the token's hash is kept.
      CREATE TABLE one_time_links (
        token_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );

      -- Root passwords, sealed (AES-256-GCM) with this machine's key.
      CREATE TABLE rental_secrets (
        rental_id TEXT PRIMARY KEY,
        sealed TEXT NOT NULL,
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      );

      -- The last bandwidth level each customer was told about (hysteresis).
      CREATE TABLE bandwidth_levels (
        customer_id TEXT PRIMARY KEY,
        level INTEGER NOT NULL,
        changed_at TEXT NOT NULL
      );

      -- Monthly 95th percentile per device where no monitoring time series exists
      -- (imported from another collector): the overage report's fallback source.
      CREATE TABLE usage_p95 (
        device_id TEXT NOT NULL,
        month TEXT NOT NULL,
        p95_mbps REAL NOT NULL,
        source TEXT NOT NULL DEFAULT 'import',
        PRIMARY KEY (device_id, month)
      );
    `);
  },
};
