// Ticket numbers in shared mode. Each client numbers a new ticket by itself (its local
// max + 1: it must work offline), so two desks can both make T-42. The shared database
// has the last word: a new ticket whose number is not above every number it has handed out
// gets the next free one instead (a sequence: no table read, so row-level security does not
// hide other customers' numbers from the count). The pushing client receives the row as
// stored (the push's RETURNING) and takes the new number; the other clients pull it.
// Numbers of existing tickets never change: this is a BEFORE INSERT trigger only.
import type { PgMigration } from './types';

export const pgMigration0011: PgMigration = {
  version: 11,
  name: 'ticket-numbers',
  sql: `
CREATE SEQUENCE noc_ticket_numbers;
-- start past the tickets already here; the owner obeys FORCE RLS, so lift it for the count
ALTER TABLE tickets NO FORCE ROW LEVEL SECURITY;
SELECT setval('noc_ticket_numbers', coalesce((SELECT max(number) FROM tickets), 0) + 1, false);
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;

CREATE FUNCTION noc_ticket_number() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  next bigint := nextval('noc_ticket_numbers');
BEGIN
  IF NEW.number >= next THEN
    PERFORM setval('noc_ticket_numbers', NEW.number);  -- the client's number is free: keep it
  ELSE
    NEW.number := next;  -- taken, or may be: the next free one
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION noc_ticket_number() FROM PUBLIC;
CREATE TRIGGER tickets_number BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION noc_ticket_number();
`,
};
