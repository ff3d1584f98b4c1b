import type { Db } from './database';
import { precompiled } from './precompiled';
import type { SessionsTable } from './schema';

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export interface SessionUser {
  userId: string;
  deviceId: string;
  expiresAt: string;
}

// Every authenticated request runs this, so it is compiled once.
const selectSession = precompiled((db, a: { tokenHash: string }) =>
  db
    .selectFrom('sessions')
    .select(['user_id', 'device_id', 'expires_at'])
    .where('token_hash', '=', a.tokenHash),
);

export async function findSession(db: Db, tokenHash: string): Promise<SessionUser | undefined> {
  const row = (await selectSession(db, { tokenHash })).rows[0];
  return row && { userId: row.user_id, deviceId: row.device_id, expiresAt: row.expires_at };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

/** Ends the user's sessions, all of them or all but `keepTokenHash`; answers how many ended. */
export async function deleteSessionsOfUser(
  db: Db,
  userId: string,
  keepTokenHash?: string,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keepTokenHash !== undefined, (q) => q.where('token_hash', '!=', keepTokenHash ?? ''))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
