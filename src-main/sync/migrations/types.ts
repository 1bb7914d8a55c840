// A migration of the shared PostgreSQL schema. Applied only by `noc db migrate --pg URL`
// (or an admin's explicit click in the app), each in one transaction, recorded in
// noc_schema. Never edited once released: a change is a new file with the next number.
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}
