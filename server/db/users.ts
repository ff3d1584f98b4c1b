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
  /** The new last sequence: the `events` reserved are `eventSeq - events + 1 … eventSeq`. */
  eventSeq: number;
}

/**
 * Changes the balance and reserves `events` sequence numbers in one statement, which also takes
 * the user's row lock. Answers undefined when the balance would go below zero: the condition is
 * checked by the same UPDATE, so concurrent spends can never overdraw.
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
    .returning(['balance', 'event_seq']),
);

export async function bumpUser(
  db: Db,
  id: string,
  balanceDelta: number,
  events: number,
): Promise<UserBump | undefined> {
  const row = (await bump(db, { id, delta: balanceDelta, events })).rows[0];
  return row ? { balance: row.balance, eventSeq: row.event_seq } : undefined;
}
