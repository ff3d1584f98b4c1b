import { sql } from 'kysely';
import type { Db, Engine } from './database';
import type { Finish } from './pg-transaction';
import type { EventRow } from './events';
import { insertEvents } from './events';
import type { LedgerRow } from './ledger';
import { insertLedgerEntry } from './ledger';
import type { LicenseRow } from './licenses';
import { deleteLicense, insertLicense } from './licenses';
import { insertPart } from './cte';
import { deletePlacesOf } from './places';
import { keepPrepared } from './pg-prepared';
import { precompiled } from './precompiled';
import type { ReturnRow } from './returns';
import { insertReturn } from './returns';
import { enqueueDeliveries } from './webhooks';

/** Everything steps 3–5 of a return write, computed while the license and user are locked. */
export interface ReturnWrites {
  userId: string;
  balanceAfter: number;
  lastEventSeq: number;
  deletedLicenseId: string;
  /** The returned content, whose places go with the license (docs/design.md §11.4). */
  deletedContentId: string;
  returnRow: ReturnRow;
  ledgerRow: LedgerRow | null;
  newLicense: LicenseRow | null;
  events: EventRow[];
  webhook: { eventId: string; body: string; at: string };
}

export const setUser = precompiled((db, a: { id: string; balance: number; seq: number }) =>
  db.updateTable('users').set({ balance: a.balance, event_seq: a.seq }).where('id', '=', a.id),
);

/** SQLite: the statements one after the other (in-process, each costs microseconds). */
async function writeSequentially(db: Db, w: ReturnWrites): Promise<number> {
  await setUser(db, { id: w.userId, balance: w.balanceAfter, seq: w.lastEventSeq });
  await deleteLicense(db, w.deletedLicenseId);
  await deletePlacesOf(db, w.userId, w.deletedContentId);
  await insertReturn(db, w.returnRow);
  if (w.newLicense) await insertLicense(db, w.newLicense);
  if (w.ledgerRow) await insertLedgerEntry(db, w.ledgerRow);
  await insertEvents(db, w.events);
  return enqueueDeliveries(db, w.webhook.eventId, w.webhook.body, w.webhook.at);
}

/**
 * PostgreSQL: all the writes in ONE statement of data-modifying CTEs, so a return's transaction
 * is four statements (begin, lock, write, commit) instead of ten, sent in two round trips
 * (pg-transaction.ts). Values are bound parameters; column names come from our own row types,
 * never from input.
 */
async function writeInOneStatement(db: Db, w: ReturnWrites, finish: Finish): Promise<number> {
  const parts = [
    sql`u as (update users set balance = ${w.balanceAfter}, event_seq = ${w.lastEventSeq} where id = ${w.userId})`,
    sql`d as (delete from licenses where id = ${w.deletedLicenseId})`,
    sql`dp as (delete from positions where user_id = ${w.userId} and content_id = ${w.deletedContentId})`,
    sql`db as (delete from bookmarks where user_id = ${w.userId} and content_id = ${w.deletedContentId})`,
    insertPart('r', 'returns', [w.returnRow]),
    insertPart('e', 'events', w.events),
  ];
  if (w.newLicense) parts.push(insertPart('nl', 'licenses', [w.newLicense]));
  if (w.ledgerRow) parts.push(insertPart('lg', 'ledger', [w.ledgerRow]));
  const { eventId, body, at } = w.webhook;
  parts.push(sql`wh as (
    insert into webhook_deliveries (id, event_id, target_id, body, attempts, next_attempt_at, created_at)
    select cast(${eventId} as text) || ':' || t.id, cast(${eventId} as text), t.id, cast(${body} as text), 0,
           cast(${at} as text), cast(${at} as text)
    from webhook_targets t returning 1)`);
  const query = sql<{
    queued: number | string;
  }>`with ${sql.join(parts)} select count(*) as queued from wh`.compile(db);
  // Its text depends only on which parts a return has (a handful of shapes), so each shape is
  // parsed and planned once per connection instead of on every return: the largest statement
  // of the hot path (bench/findings.md).
  keepPrepared(query.sql);
  const result = await finish(query);
  return Number(result.rows[0]?.queued ?? 0);
}

/**
 * Steps 3–5 of a return, the transaction's last statements (`finish` commits with them on
 * PostgreSQL). Answers how many webhook deliveries were queued.
 */
export function writeReturn(
  db: Db,
  engine: Engine,
  writes: ReturnWrites,
  finish: Finish,
): Promise<number> {
  return engine === 'postgres'
    ? writeInOneStatement(db, writes, finish)
    : writeSequentially(db, writes);
}
