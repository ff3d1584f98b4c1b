import { sql } from 'kysely';
import type { Db } from './database';

export interface RateLimitHit {
  /** Attempts in the current window, this one included. */
  count: number;
  windowStart: string;
  expiresAt: string;
}

/**
 * Counts an attempt and answers the count, in one statement: concurrent attempts each get their
 * own number (the row lock / SQLite's write lock serialises them), so an attempt numbered past
 * the limit can be refused before any work is done for it. The counters live in the database,
 * so every server process sharing it sees the same count. A window that has ended starts over.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  now: string,
  windowEndsAt: string,
): Promise<RateLimitHit> {
  const ended = sql<boolean>`rate_limits.expires_at <= ${now}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1, expires_at: windowEndsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when ${ended} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when ${ended} then ${now} else rate_limits.window_start end`,
        expires_at: sql<string>`case when ${ended} then ${windowEndsAt} else rate_limits.expires_at end`,
      }),
    )
    .returning(['count', 'window_start', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { count: row.count, windowStart: row.window_start, expiresAt: row.expires_at };
}

/** Moves the window's end later (never earlier: concurrent extensions keep the latest). */
export async function extendRateLimit(db: Db, key: string, until: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ expires_at: until })
    .where('key', '=', key)
    .where('expires_at', '<', until)
    .execute();
}

/** Takes back one counted attempt that turned out to be legitimate (a successful sign-in). */
export async function refundRateLimit(db: Db, key: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', key)
    .where('count', '>', 0)
    .execute();
}

/** Counters whose window ended are swept by the housekeeping timer. */
export async function deleteRateLimitsEndedBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('expires_at', '<', before).execute();
}
