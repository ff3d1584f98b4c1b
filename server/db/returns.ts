import type { Db } from './database';
import type { ReturnsTable } from './schema';
import { precompiled } from './precompiled';

export type ReturnRow = ReturnsTable;

const insertReturnRow = precompiled((db, row: ReturnRow) => db.insertInto('returns').values(row));

export async function insertReturn(db: Db, row: ReturnRow): Promise<void> {
  await insertReturnRow(db, row);
}

type ReturnRef = Pick<ReturnRow, 'id' | 'user_id' | 'license_id' | 'receipt_json'>;

export function findReturnById(db: Db, id: string): Promise<ReturnRef | undefined> {
  return db
    .selectFrom('returns')
    .select(['id', 'user_id', 'license_id', 'receipt_json'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findReturnByLicense(db: Db, licenseId: string): Promise<ReturnRef | undefined> {
  return db
    .selectFrom('returns')
    .select(['id', 'user_id', 'license_id', 'receipt_json'])
    .where('license_id', '=', licenseId)
    .executeTakeFirst();
}

export async function countReturnsSince(db: Db, userId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('returns')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('returned_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of the user's receipts, newest first, strictly older than `before` (keyset paging). */
export function listReceipts(
  db: Db,
  userId: string,
  before: { returnedAt: string; id: string } | undefined,
  limit: number,
): Promise<Array<{ id: string; returned_at: string; receipt_json: string }>> {
  return db
    .selectFrom('returns')
    .select(['id', 'returned_at', 'receipt_json'])
    .where('user_id', '=', userId)
    .$if(before !== undefined, (q) =>
      q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('returned_at', 'id'), '<', tuple(before?.returnedAt ?? '', before?.id ?? '')),
      ),
    )
    .orderBy('returned_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The time of the user's `offset`-th return (0 = the oldest) at or after `since`: when a limit is
 * reached, the return whose leaving the period frees the next one.
 */
export async function returnTimeSince(
  db: Db,
  userId: string,
  since: string,
  offset: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('returns')
    .select('returned_at')
    .where('user_id', '=', userId)
    .where('returned_at', '>=', since)
    .orderBy('returned_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .offset(offset)
    .executeTakeFirst();
  return row?.returned_at ?? null;
}
