import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * What PostgreSQL maintained on every return that nothing needed (docs/design.md §2.1,
 * bench/findings.md "CPU per return on PostgreSQL, PostgreSQL's share"):
 * - `returns.user_id` and `ledger.user_id` referenced `users`: each row inserted ran an RI
 *   trigger's query (`select 1 from users … for key share`) at the end of the statement. Users
 *   are never deleted, and every write of these rows updates that user's row (the balance, the
 *   event sequence) in the same transaction, under its lock, and writes nothing when the row is
 *   not found (return-writes.ts, purchase-writes.ts, orders, order-settle, wallet).
 * - `ledger` had two unique indexes, `id` (the primary key) and `(user_id, seq)`; nothing looks an
 *   entry up by id (the ledger is read by user and sequence), so `(user_id, seq)` is the primary
 *   key and the index on `id` is gone: one index fewer to insert into per entry. `id` stays a
 *   column (a UUID made by the server).
 * PostgreSQL only: on SQLite the checks run in-process for microseconds, and changing a primary
 * key or dropping a foreign key means rebuilding the table. Down restores them (the FKs not
 * validated against rows written meanwhile).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table returns drop constraint returns_user_id_fkey`.execute(db);
  await sql`alter table ledger drop constraint ledger_user_id_fkey`.execute(db);
  await sql`alter table ledger drop constraint ledger_pkey`.execute(db);
  await sql`alter table ledger drop constraint ledger_user_seq`.execute(db);
  await sql`alter table ledger add constraint ledger_pkey primary key (user_id, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table ledger drop constraint ledger_pkey`.execute(db);
  await sql`alter table ledger add constraint ledger_pkey primary key (id)`.execute(db);
  await sql`alter table ledger add constraint ledger_user_seq unique (user_id, seq)`.execute(db);
  await sql`alter table ledger add constraint ledger_user_id_fkey
              foreign key (user_id) references users (id) not valid`.execute(db);
  await sql`alter table returns add constraint returns_user_id_fkey
              foreign key (user_id) references users (id) not valid`.execute(db);
}
