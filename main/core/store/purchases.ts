import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';

/**
 * Purchases in flight. The idempotency key is stored before the request leaves, so a retry after
 * a lost answer (crash, timeout) reuses it and the server answers the first purchase instead of
 * charging twice.
 */
export function purchaseQueries(db: Database) {
  const select = db.prepare<[string], { pointsToUse: number; idempotencyKey: string }>(
    'SELECT points_to_use AS pointsToUse, idempotency_key AS idempotencyKey FROM pending_purchases WHERE content_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO pending_purchases (content_id, points_to_use, idempotency_key, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (content_id) DO UPDATE SET points_to_use = excluded.points_to_use,
       idempotency_key = excluded.idempotency_key, created_at = excluded.created_at`,
  );
  const remove = db.prepare('DELETE FROM pending_purchases WHERE content_id = ?');

  return {
    /** The key for this purchase: the pending one when the same purchase is retried. */
    keyFor(contentId: string, pointsToUse: number, now: string): string {
      const pending = select.get(contentId);
      if (pending && pending.pointsToUse === pointsToUse) return pending.idempotencyKey;
      const key = randomUUID();
      upsert.run(contentId, pointsToUse, key, now);
      return key;
    },
    pendingKey(contentId: string): string | undefined {
      return select.get(contentId)?.idempotencyKey;
    },
    done(contentId: string): void {
      remove.run(contentId);
    },
  };
}
