import type { Db } from './database';
import type { AccountTokenPurpose, AccountTokensTable } from './schema';

export async function insertAccountToken(db: Db, row: AccountTokensTable): Promise<void> {
  await db.insertInto('account_tokens').values(row).execute();
}

/** The user of a link that is still usable (not used, not expired), without using it. */
export async function findUsableAccountToken(
  db: Db,
  tokenHash: string,
  purpose: AccountTokenPurpose,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.user_id;
}

/**
 * Uses a link's token and answers its user, or undefined when it is unknown, expired or used
 * already. One conditional UPDATE: of two concurrent uses, only one finds `used_at` still null.
 */
export async function useAccountToken(
  db: Db,
  tokenHash: string,
  purpose: AccountTokenPurpose,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Retires the user's other unused links of a purpose once one of them has done its job. */
export async function retireAccountTokens(
  db: Db,
  userId: string,
  purpose: AccountTokenPurpose,
  now: string,
): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Housekeeping: links past their time are of no use to anyone. */
export async function deleteAccountTokensExpiredBefore(db: Db, now: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('expires_at', '<', now).execute();
}
