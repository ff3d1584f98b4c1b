import { CompiledQuery, sql } from 'kysely';
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

/** The write statement as Kysely builds it (with this return's values bound). */
function buildWriteStatement(db: Db, w: ReturnWrites) {
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
  return sql<{
    queued: number | string;
  }>`with ${sql.join(parts)} select count(*) as queued from wh`.compile(db);
}

/** The values `buildWriteStatement` binds, in the order it binds them. */
function writeParameters(w: ReturnWrites): unknown[] {
  const { eventId, body, at } = w.webhook;
  return [
    w.balanceAfter,
    w.lastEventSeq,
    w.userId,
    w.deletedLicenseId,
    w.userId,
    w.deletedContentId,
    w.userId,
    w.deletedContentId,
    ...Object.values(w.returnRow),
    ...w.events.flatMap((row) => Object.values(row)),
    ...(w.newLicense ? Object.values(w.newLicense) : []),
    ...(w.ledgerRow ? Object.values(w.ledgerRow) : []),
    eventId,
    eventId,
    body,
    at,
    at,
  ];
}

/** What decides the statement's text: which parts it has, how many events, which columns. */
function shapeOf(w: ReturnWrites): string {
  const columns = (row: object | null | undefined) => (row ? Object.keys(row).join() : '-');
  return [
    w.events.length,
    columns(w.returnRow),
    columns(w.events[0]),
    columns(w.newLicense),
    columns(w.ledgerRow),
  ].join('|');
}

/** The statement's text per shape, built by Kysely on the shape's first return only. */
const textOfShape = new Map<string, string>();

/**
 * PostgreSQL: all the writes in ONE statement of data-modifying CTEs, so a return's transaction
 * is four statements (begin, lock, write, commit) instead of ten, sent in two round trips
 * (pg-transaction.ts). Values are bound parameters; column names come from our own row types,
 * never from input.
 */
async function writeInOneStatement(db: Db, w: ReturnWrites, finish: Finish): Promise<number> {
  const shape = shapeOf(w);
  let text = textOfShape.get(shape);
  const parameters = writeParameters(w);
  if (text === undefined) {
    const built = buildWriteStatement(db, w);
    // The hand-listed values must be Kysely's, in its order: checked once per shape, so a part
    // added to one and not the other fails its first return instead of binding wrong values.
    const same =
      built.parameters.length === parameters.length &&
      built.parameters.every((value, i) => Object.is(value, parameters[i]));
    if (!same) throw new Error('The return write statement binds other values than listed');
    text = built.sql;
    // A handful of shapes, so each is parsed and planned once per connection instead of on
    // every return: the largest statement of the hot path (bench/findings.md).
    keepPrepared(text);
    textOfShape.set(shape, text);
  }
  // Built by Kysely only once per shape: rebuilding the query tree for every return was about
  // 7% of a server process's CPU under the return benchmark (bench/findings.md).
  const statement: CompiledQuery<{ queued: number | string }> = CompiledQuery.raw(text, parameters);
  const result = await finish(statement);
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
