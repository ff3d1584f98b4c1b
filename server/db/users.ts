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
  /** The points the user's waiting orders hold, as the user's row counts them (migration 0015). */
  held: number;
  /** The new last sequence: the `events` reserved are `eventSeq - events + 1 … eventSeq`. */
  eventSeq: number;
}

/**
 * Changes the balance and reserves `events` sequence numbers in one statement, which also takes
 * the user's row lock. Answers undefined when the balance would go below zero: the condition is
 * checked by the same UPDATE, so concurrent spends can never overdraw. The points held are only
 * read here: an order's change recounts them (recountPointsHeld).
 */
const bump = precompiled((db, a: { id: string; delta: number; events: number }) =>
  db
    .updateTable('users')
    .set((eb) => ({
      balance: eb('balance', '+', a.delta),
      event_seq: eb('event_seq', '+', a.events),
    }))
    .where('id', '=', a.id)
    .where((eb) => eb(eb('balance', '+', a.delta), '>=', 0))
    .returning(['balance', 'points_held', 'event_seq']),
);

export async function bumpUser(
  db: Db,
  id: string,
  balanceDelta: number,
  events: number,
): Promise<UserBump | undefined> {
  const row = (await bump(db, { id, delta: balanceDelta, events })).rows[0];
  return row ? { balance: row.balance, held: row.points_held, eventSeq: row.event_seq } : undefined;
}

/**
 * Sets the balance and the last event sequence, as computed from the user's row read under its
 * lock (a return, an order placed, a purchase; docs/design.md §4.6).
 */
export const setUser = precompiled((db, a: { id: string; balance: number; seq: number }) =>
  db.updateTable('users').set({ balance: a.balance, event_seq: a.seq }).where('id', '=', a.id),
);

/**
 * Sets the user's points held to the sum of what the user's orders waiting for payment hold, read
 * from the orders table (docs/design.md §4.1), and answers it. Run in every transaction that
 * places an order or settles one, after the order's own row is written and with the user's row
 * locked (every writer of an order's state takes that lock first, the versions before migration
 * 0015 too), so the sum is exact when it commits: a count kept by deltas would keep for ever
 * whatever a process of the version before 0015 did not count, or took off, during a rolling
 * upgrade (§6.5); a recount heals it at the user's next order change. On PostgreSQL (READ
 * COMMITTED) the statement sees every order committed before it started.
 */
export async function recountPointsHeld(db: Db, userId: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({
      points_held: eb
        .selectFrom('orders')
        .select((o) => o.fn.coalesce(o.fn.sum<number>('orders.points_held'), o.lit(0)).as('sum'))
        .where('orders.user_id', '=', userId)
        .where('orders.state', '=', 'awaiting_payment'),
    }))
    .where('users.id', '=', userId)
    .returning('points_held')
    .executeTakeFirst();
  if (!row) throw new Error(`user ${userId} is gone`);
  return row.points_held;
}
