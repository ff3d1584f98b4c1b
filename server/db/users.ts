import { sql } from 'kysely';
import type { Db, Engine } from './database';
import type { UsersTable } from './schema';
import { precompiled } from './precompiled';

export type UserRow = UsersTable;

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Replaces a password hash made at a lower cost, only if it is still the one that was checked;
 * answers whether it did.
 */
export async function rehashPassword(
  db: Db,
  id: string,
  checked: string,
  replacement: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: replacement })
    .where('id', '=', id)
    .where('password_hash', '=', checked)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks the address confirmed (once: a later confirmation keeps the first time). */
export async function confirmUserEmail(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_confirmed_at: now })
    .where('id', '=', id)
    .where('email_confirmed_at', 'is', null)
    .execute();
}

/**
 * Sets a new password hash. With `checked`, only if the stored hash is still that one, so of two
 * concurrent changes made with the same current password only one lands; answers whether it did.
 */
export async function setPasswordHash(
  db: Db,
  id: string,
  replacement: string,
  checked?: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: replacement })
    .where('id', '=', id)
    .$if(checked !== undefined, (q) => q.where('password_hash', '=', checked ?? ''))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Takes the user's row lock (PostgreSQL) so per-user checks (device limit) serialise. */
export async function lockUser(db: Db, engine: Engine, id: string): Promise<boolean> {
  return (await lockUserPasswordHash(db, engine, id)) !== undefined;
}

/**
 * `lockUser` answering the password hash stored now (undefined: no such user). Under the lock no
 * password change or reset can commit until the caller's transaction ends.
 */
export async function lockUserPasswordHash(
  db: Db,
  engine: Engine,
  id: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', id)
    .$if(engine === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row?.password_hash;
}

export interface UserBump {
  balance: number;
  /** The points the user's waiting orders hold after the change (migration 0015). */
  held: number;
  /** The new last sequence: the `events` reserved are `eventSeq - events + 1 … eventSeq`. */
  eventSeq: number;
}

/**
 * Changes the balance and the points held, and reserves `events` sequence numbers in one
 * statement, which also takes the user's row lock. Answers undefined when the balance would go
 * below zero: the condition is checked by the same UPDATE, so concurrent spends can never
 * overdraw. The held count never goes below zero either (heldAfter).
 */
const bump = precompiled((db, a: { id: string; delta: number; held: number; events: number }) =>
  db
    .updateTable('users')
    .set((eb) => ({
      balance: eb('balance', '+', a.delta),
      points_held: heldAfter(a.held),
      event_seq: eb('event_seq', '+', a.events),
    }))
    .where('id', '=', a.id)
    .where((eb) => eb(eb('balance', '+', a.delta), '>=', 0))
    .returning(['balance', 'points_held', 'event_seq']),
);

/**
 * `points_held + change`, or 0 where that would be below it: an order placed by a process of the
 * version before migration 0015 (a rolling upgrade) held its points on the order only, and its
 * settling must not take the user's count below zero, where the CHECK would refuse the expiry
 * of that order for ever (docs/design.md §6.5).
 */
function heldAfter(change: number) {
  return sql<number>`case when points_held + ${change} > 0 then points_held + ${change} else 0 end`;
}

/**
 * `heldDelta` moves the points held by waiting orders: negative when an order settles (its
 * points given back, `balanceDelta` the same amount positive, or spent by its capture).
 */
export async function bumpUser(
  db: Db,
  id: string,
  balanceDelta: number,
  events: number,
  heldDelta = 0,
): Promise<UserBump | undefined> {
  const row = (await bump(db, { id, delta: balanceDelta, held: heldDelta, events })).rows[0];
  return row ? { balance: row.balance, held: row.points_held, eventSeq: row.event_seq } : undefined;
}

/**
 * Sets the balance, the points held by waiting orders and the last event sequence, as computed
 * from the user's row read under its lock (an order placed or captured, docs/design.md §4.6).
 */
export const setUserPoints = precompiled(
  (db, a: { id: string; balance: number; held: number; seq: number }) =>
    db
      .updateTable('users')
      .set({ balance: a.balance, points_held: a.held, event_seq: a.seq })
      .where('id', '=', a.id),
);
