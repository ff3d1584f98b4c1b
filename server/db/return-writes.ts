import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle, Db, Engine } from './database';
import type { Finish } from './pg-transaction';
import type { EventRow } from './events';
import { EVENT_COLUMN_TYPES, insertEvents } from './events';
import type { LedgerRow } from './ledger';
import { insertLedgerEntry } from './ledger';
import type { LicenseRow } from './licenses';
import { deleteLicense, insertLicense } from './licenses';
import { gatedInsertPart, gatedInsertRowsPart, insertPart } from './cte';
import { deletePlacesOf } from './places';
import { keepPrepared } from './pg-prepared';
import type { ReturnRow } from './returns';
import { insertReturn } from './returns';
import { setUser } from './users';
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
 * What an unlocked read saw that a return's writes were computed from (docs/design.md §3.2,
 * "Without a lock first"): the license still the user's, the user's balance, points held by
 * waiting orders (the balance cap counts them), event sequence and places revision, and the
 * product's return policy. While the event sequence is unchanged no return of the user's
 * committed (every return moves it), so a limit counted before still holds; while the places
 * revision is unchanged no places push committed (every push with a change moves it, and only
 * pushes store places), so a user whose revision was 0 still has none.
 */
export interface ReadState {
  licenseId: string;
  userId: string;
  balance: number;
  /** The points held by the user's waiting orders, which the balance cap counted. */
  pointsHeld: number;
  eventSeq: number;
  /** 0 as read: the user had never stored a place (the first push moves it). */
  placesRev: number;
  productId: string;
  windowDays: number | null;
  buybackRatePct: number | null;
  tradeInType: string | null;
  tradeInRatePct: number | null;
  limitPer30Days: number | null;
}

/**
 * The lock and re-check that gates every write of the one-statement return. Without `targets`
 * the statement has no webhook part, so the re-check also holds only while no webhook target
 * exists: what the webhook part would have read, with the same snapshot.
 */
function gatePart(g: ReadState, targets: boolean) {
  const noTargets = targets ? sql`` : sql` and not exists (select 1 from webhook_targets)`;
  return sql`lk as (
    select 1 from licenses l join users u on u.id = l.user_id
    where l.id = ${g.licenseId} and l.user_id = ${g.userId}
      and u.balance = ${g.balance} and u.points_held = ${g.pointsHeld}
      and u.event_seq = ${g.eventSeq} and u.places_rev = ${g.placesRev}
      and exists (select 1 from return_policies rp where rp.product_id = ${g.productId}
        and rp.window_days is not distinct from ${g.windowDays}
        and rp.buyback_rate_pct is not distinct from ${g.buybackRatePct}
        and rp.trade_in_type is not distinct from ${g.tradeInType}
        and rp.trade_in_rate_pct is not distinct from ${g.tradeInRatePct}
        and rp.limit_per_30_days is not distinct from ${g.limitPer30Days})${noTargets}
    for update of l, u)`;
}

/**
 * The write statement as Kysely builds it (with this return's values bound). With `gate`, every
 * part writes only when the `lk` part locked the license and user rows and found them (and the
 * policy) as `gate` says, and the statement answers whether it did. Gated and without `targets`,
 * it has no webhook part and writes only while no target exists (gatePart). Gated, it deletes
 * the item's places unless the user had none at all as read (`gate.placesRev` 0): the re-check
 * of the places revision makes that still true, and makes every place of the item visible to
 * this statement's snapshot (a push that committed after the read moved the revision the
 * re-check compares, and `lk` then writes nothing). Deleting nothing cost PostgreSQL about 15 %
 * of its CPU per return as a separate statement (bench/findings.md, pg-cpu-8); folded in here it
 * costs about what that statement did, so only the user without places is spared it.
 */
function buildWriteStatement(db: Db, w: ReturnWrites, gate: ReadState | null, targets: boolean) {
  const when = gate ? sql` and exists (select 1 from lk)` : sql``;
  const insert = (name: string, table: string, rows: object[]) =>
    gate
      ? // `lk` has one row when the re-check held (the license and user by their keys), else none.
        rows.map((row, i) => gatedInsertPart(`${name}${i}`, table, row, 'lk'))
      : [insertPart(name, table, rows)];
  const parts = [
    ...(gate ? [gatePart(gate, targets)] : []),
    sql`u as (update users set balance = ${w.balanceAfter}, event_seq = ${w.lastEventSeq} where id = ${w.userId}${when})`,
    sql`d as (delete from licenses where id = ${w.deletedLicenseId}${when})`,
    ...(deletesPlaces(gate)
      ? [
          sql`dp as (delete from positions where user_id = ${w.userId} and content_id = ${w.deletedContentId}${when})`,
          sql`db as (delete from bookmarks where user_id = ${w.userId} and content_id = ${w.deletedContentId}${when})`,
        ]
      : []),
    ...insert('r', 'returns', [w.returnRow]),
    // Gated, a return's two events are one insert: one ModifyTable to set up, not two.
    ...(gate
      ? [gatedInsertRowsPart('e', 'events', w.events, 'lk', EVENT_COLUMN_TYPES)]
      : insert('e', 'events', w.events)),
  ];
  if (w.newLicense) parts.push(...insert('nl', 'licenses', [w.newLicense]));
  if (w.ledgerRow) parts.push(...insert('lg', 'ledger', [w.ledgerRow]));
  if (gate && !targets) {
    return sql<WriteAnswer>`with ${sql.join(parts)} select 0 as queued, count(*) as written from lk`.compile(
      db,
    );
  }
  const { eventId, body, at } = w.webhook;
  parts.push(sql`wh as (
    insert into webhook_deliveries (id, event_id, target_id, body, attempts, next_attempt_at, created_at)
    select cast(${eventId} as text) || ':' || t.id, cast(${eventId} as text), t.id, cast(${body} as text), 0,
           cast(${at} as text), cast(${at} as text)
    from webhook_targets t where true${when} returning 1)`);
  const answer = gate
    ? sql`select count(*) as queued, (select count(*) from lk) as written from wh`
    : sql`select count(*) as queued from wh`;
  return sql<WriteAnswer>`with ${sql.join(parts)} ${answer}`.compile(db);
}

/** Locked, always (nothing was re-checked); gated, unless the user had no places as read. */
function deletesPlaces(gate: ReadState | null): boolean {
  return gate === null || gate.placesRev > 0;
}

interface WriteAnswer {
  queued: number | string;
  /** Gated statement only: 1 when the re-check held and everything was written, else 0. */
  written?: number | string;
}

/** The values `buildWriteStatement` binds, in the order it binds them. */
function writeParameters(w: ReturnWrites, gate: ReadState | null, targets: boolean): unknown[] {
  const { eventId, body, at } = w.webhook;
  const webhook = gate && !targets ? [] : [eventId, eventId, body, at, at];
  return [
    ...(gate
      ? [
          gate.licenseId,
          gate.userId,
          gate.balance,
          gate.pointsHeld,
          gate.eventSeq,
          gate.placesRev,
          gate.productId,
          gate.windowDays,
          gate.buybackRatePct,
          gate.tradeInType,
          gate.tradeInRatePct,
          gate.limitPer30Days,
        ]
      : []),
    w.balanceAfter,
    w.lastEventSeq,
    w.userId,
    w.deletedLicenseId,
    ...(deletesPlaces(gate) ? [w.userId, w.deletedContentId, w.userId, w.deletedContentId] : []),
    ...Object.values(w.returnRow),
    ...w.events.flatMap((row) => Object.values(row)),
    ...(w.newLicense ? Object.values(w.newLicense) : []),
    ...(w.ledgerRow ? Object.values(w.ledgerRow) : []),
    ...webhook,
  ];
}

/** What decides the statement's text: which parts it has, how many events, which columns. */
function shapeOf(w: ReturnWrites, gate: ReadState | null, targets: boolean): string {
  const columns = (row: object | null | undefined) => (row ? Object.keys(row).join() : '-');
  return [
    gate ? 'gated' : 'locked',
    deletesPlaces(gate) ? 'places' : 'no places',
    targets ? 'targets' : 'none',
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
 * The statement for `w` (Kysely builds each shape's text once) and its values. Values are bound
 * parameters; column names come from our own row types, never from input.
 */
function writeStatement(db: Db, w: ReturnWrites, gate: ReadState | null, targets = true) {
  const shape = shapeOf(w, gate, targets);
  let text = textOfShape.get(shape);
  const parameters = writeParameters(w, gate, targets);
  if (text === undefined) {
    const built = buildWriteStatement(db, w, gate, targets);
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
  return CompiledQuery.raw(text, parameters) as CompiledQuery<WriteAnswer>;
}

/**
 * PostgreSQL: all the writes in ONE statement of data-modifying CTEs, so a return's transaction
 * is four statements (begin, lock, write, commit) instead of ten, sent in two round trips
 * (pg-transaction.ts).
 */
async function writeInOneStatement(db: Db, w: ReturnWrites, finish: Finish): Promise<number> {
  const result = await finish(writeStatement(db, w, null));
  return Number(result.rows[0]?.queued ?? 0);
}

/**
 * PostgreSQL, a return without a lock held across round trips (docs/design.md §3.2): one
 * statement, its own transaction (committed at its Sync, pg-transaction.ts), that locks the
 * license and user rows, re-checks them against `gate` (what the writes were computed from) and
 * writes everything, the item's places included, or nothing when something changed.
 * Answers null when nothing was written (the caller takes the locked path), else the deliveries
 * queued.
 */
export async function writeReturnIfUnchanged(
  database: DatabaseHandle,
  w: ReturnWrites,
  gate: ReadState,
): Promise<number | null> {
  const targets = targetsSeen.get(database) ?? true;
  const result = await database.transaction((tx, finish) =>
    finish(writeStatement(tx, w, gate, targets)),
  );
  const row = result.rows[0];
  const written = Number(row?.written ?? 0) === 1;
  const queued = Number(row?.queued ?? 0);
  // A written return with targets tells whether any exist; one that did not write without
  // them may have met a target (the locked path, which always has its part, decides it).
  if (targets ? written : !written) targetsSeen.set(database, targets ? queued > 0 : true);
  return written ? queued : null;
}

/**
 * Whether the last gated return of a database found webhook targets (none known: assume so).
 * Only a guess at which statement to send, never trusted for the outcome: the statement
 * without a webhook part re-checks that no target exists (gatePart), and when one does it
 * writes nothing and the return takes the locked path. So a target another process adds costs
 * the next return a second statement, never its deliveries (docs/design.md §6.2).
 */
const targetsSeen = new WeakMap<DatabaseHandle, boolean>();

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
