import { sql } from 'kysely';
import type { Db } from './database';

/**
 * Fixed-window counters kept in the database, so every server process sharing it sees the same
 * count. Answers the count after this hit and the window start it belongs to.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  now: string,
  windowStartedBefore: string,
): Promise<{ count: number; windowStart: string }> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        // A window older than the limit's length starts over at this hit.
        count: sql<number>`case when rate_limits.window_start < ${windowStartedBefore} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start < ${windowStartedBefore} then ${now} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  return { count: row.count, windowStart: row.window_start };
}

export async function peekRateLimit(
  db: Db,
  key: string,
  windowStartedBefore: string,
): Promise<{ count: number; windowStart: string } | undefined> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['count', 'window_start'])
    .where('key', '=', key)
    .where('window_start', '>=', windowStartedBefore)
    .executeTakeFirst();
  return row && { count: row.count, windowStart: row.window_start };
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
