import { sql } from 'kysely';
import { insertPart } from './cte';
import type { Db, Engine } from './database';
import type { EventRow } from './events';
import { insertEvents } from './events';
import type { LedgerRow } from './ledger';
import { insertLedgerEntry } from './ledger';
import type { LicenseRow } from './licenses';
import { insertLicense } from './licenses';
import { updateOrder } from './orders';
import { isPostgres, precompiled } from './precompiled';
import type { PurchaseRow } from './purchases';
import { insertPurchase } from './purchases';
import { setUser } from './users';

export interface Buyer {
  balance: number;
  /** The points the user's waiting orders hold (migration 0015). */
  held: number;
  eventSeq: number;
  /** Already holds an active license for the content. */
  holds: boolean;
  /** An order for the content is waiting for payment (its capture would issue the license). */
  pending: boolean;
}

const buyerQuery = precompiled((db, a: { userId: string; contentId: string }) =>
  db
    .selectFrom('users as u')
    .select((eb) => [
      'u.balance',
      'u.points_held',
      'u.event_seq',
      eb
        .exists(
          eb
            .selectFrom('licenses as l')
            .select('l.id')
            .where('l.user_id', '=', a.userId)
            .where('l.content_id', '=', a.contentId),
        )
        .as('holds'),
      eb
        .exists(
          eb
            .selectFrom('orders as o')
            .select('o.id')
            .where('o.user_id', '=', a.userId)
            .where('o.content_id', '=', a.contentId)
            .where('o.state', '=', 'awaiting_payment'),
        )
        .as('pending'),
    ])
    .where('u.id', '=', a.userId)
    .$if(isPostgres(db), (q) => q.forUpdate()),
);

/**
 * Locks the buyer's row (PostgreSQL; SQLite holds the write lock) and reads the balance, the
 * points held by waiting orders, the event sequence and whether the content is already held, so
 * the purchase's writes can be computed up front. The unique (user, content) license constraint
 * still refuses a racing double buy.
 */
export async function lockBuyer(
  db: Db,
  userId: string,
  contentId: string,
): Promise<Buyer | undefined> {
  const row = (await buyerQuery(db, { userId, contentId })).rows[0];
  return (
    row && {
      balance: row.balance,
      held: row.points_held,
      eventSeq: row.event_seq,
      holds: Boolean(row.holds),
      pending: Boolean(row.pending),
    }
  );
}

async function markOrderPaid(
  db: Db,
  order: { id: string; at: string },
  purchaseId: string,
  licenseId: string,
): Promise<void> {
  await updateOrder(db, order.id, {
    state: 'paid',
    checkout_url: null,
    purchase_id: purchaseId,
    license_id: licenseId,
    updated_at: order.at,
  });
}

export interface PurchaseWrites {
  userId: string;
  balanceAfter: number;
  lastEventSeq: number;
  purchase: PurchaseRow;
  license: LicenseRow;
  ledgerRow: LedgerRow | null;
  /** The order this purchase settles (a captured payment): marked paid with what it issued. */
  paidOrder: { id: string; at: string } | null;
  events: EventRow[];
}

/** SQLite: one statement after the other; PostgreSQL: one statement of data-modifying CTEs. */
export async function writePurchase(db: Db, engine: Engine, w: PurchaseWrites): Promise<void> {
  if (engine === 'sqlite') {
    await setUser(db, { id: w.userId, balance: w.balanceAfter, seq: w.lastEventSeq });
    await insertPurchase(db, w.purchase);
    await insertLicense(db, w.license);
    if (w.ledgerRow) await insertLedgerEntry(db, w.ledgerRow);
    if (w.paidOrder) await markOrderPaid(db, w.paidOrder, w.purchase.id, w.license.id);
    await insertEvents(db, w.events);
    return;
  }
  const parts = [
    sql`u as (update users set balance = ${w.balanceAfter}, event_seq = ${w.lastEventSeq} where id = ${w.userId})`,
    insertPart('p', 'purchases', [w.purchase]),
    insertPart('l', 'licenses', [w.license]),
    insertPart('e', 'events', w.events),
  ];
  if (w.ledgerRow) parts.push(insertPart('lg', 'ledger', [w.ledgerRow]));
  if (w.paidOrder) {
    parts.push(
      sql`o as (update orders set state = 'paid', checkout_url = null, purchase_id = ${w.purchase.id}, license_id = ${w.license.id}, updated_at = ${w.paidOrder.at} where id = ${w.paidOrder.id})`,
    );
  }
  await sql`with ${sql.join(parts)} select 1`.execute(db);
}
