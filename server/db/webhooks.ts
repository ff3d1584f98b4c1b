import { sql } from 'kysely';
import type { Db, Engine } from './database';
import { precompiled } from './precompiled';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookTargetsTable } from './schema';

export type WebhookTargetRow = WebhookTargetsTable;
export type DeliveryRow = WebhookDeliveriesTable;

export async function insertTarget(db: Db, row: WebhookTargetRow): Promise<void> {
  await db.insertInto('webhook_targets').values(row).execute();
}

export function listTargets(db: Db): Promise<WebhookTargetRow[]> {
  return db.selectFrom('webhook_targets').selectAll().orderBy('created_at').orderBy('id').execute();
}

/**
 * The transactional outbox: one delivery row per registered target, written by the return's
 * own transaction in a single INSERT … SELECT (no extra round trip to read the targets).
 */
const enqueue = precompiled((db, a: { eventId: string; body: string; now: string }) =>
  db
    .insertInto('webhook_deliveries')
    .columns(['id', 'event_id', 'target_id', 'body', 'attempts', 'next_attempt_at', 'created_at'])
    .expression((eb) =>
      eb.selectFrom('webhook_targets as t').select([
        // Casts: PostgreSQL cannot type a bare parameter in a select list.
        sql<string>`cast(${a.eventId} as text) || ':' || t.id`.as('id'),
        sql<string>`cast(${a.eventId} as text)`.as('event_id'),
        't.id',
        sql<string>`cast(${a.body} as text)`.as('body'),
        sql<number>`0`.as('attempts'),
        sql<string>`cast(${a.now} as text)`.as('next_attempt_at'),
        sql<string>`cast(${a.now} as text)`.as('created_at'),
      ]),
    ),
);

export async function enqueueDeliveries(
  db: Db,
  eventId: string,
  body: string,
  now: string,
): Promise<number> {
  const result = await enqueue(db, { eventId, body, now });
  return Number(result.numAffectedRows ?? 0);
}

export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries by leasing them until `leaseUntil`. On PostgreSQL the
 * candidate rows are picked with `FOR UPDATE SKIP LOCKED`, so workers in several processes
 * never claim the same row; the lease covers a worker that dies mid-delivery.
 */
export async function claimDueDeliveries(
  db: Db,
  engine: Engine,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked());
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: leaseUntil })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  if (claimed.length === 0) return [];
  const targets = await db
    .selectFrom('webhook_targets')
    .select(['id', 'url', 'secret'])
    .where('id', 'in', [...new Set(claimed.map((c) => c.target_id))])
    .execute();
  const byId = new Map(targets.map((t) => [t.id, t]));
  return claimed.flatMap((c) => {
    const target = byId.get(c.target_id);
    return target ? [{ ...c, url: target.url, secret: target.secret }] : [];
  });
}

export async function recordAttempt(db: Db, row: WebhookAttemptsTable): Promise<void> {
  await db.insertInto('webhook_attempts').values(row).execute();
}

/** Delivered: a 2xx is a fact, so it stands even over a failure another worker wrote late. */
export async function markDelivered(
  db: Db,
  id: string,
  attempts: number,
  status: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ delivered_at: at, failed_at: null, attempts, last_status: status, locked_until: null })
    .where('id', '=', id)
    .execute();
}

/**
 * A failed attempt: the next one scheduled, or the delivery failed. Only while the worker still
 * holds `lease`: once it ran out, the delivery may have been claimed again (and delivered) by
 * another worker, whose outcome this late failure must not overwrite. Answers whether it held.
 */
export async function scheduleRetry(
  db: Db,
  id: string,
  lease: string,
  attempts: number,
  status: number | null,
  nextAttemptAt: string | null,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      attempts,
      last_status: status,
      locked_until: null,
      ...(nextAttemptAt === null ? { failed_at: at } : { next_attempt_at: nextAttemptAt }),
    })
    .where('id', '=', id)
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives a claim back, only while it is still `lease` (not another worker's claim since). */
export async function releaseLease(db: Db, id: string, lease: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: null })
    .where('id', '=', id)
    .where('locked_until', '=', lease)
    .execute();
}

export async function countBacklog(db: Db): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listAttempts(db: Db, deliveryId: string) {
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt')
    .execute();
}
