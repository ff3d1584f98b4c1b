import type { Db } from './database';
import { precompiled } from './precompiled';
import type { PurchasesTable } from './schema';

export type PurchaseRow = PurchasesTable;

const purchaseByKey = precompiled((db, a: { userId: string; key: string }) =>
  db
    .selectFrom('purchases')
    .select([
      'id',
      'user_id',
      'content_id',
      'price_cents',
      'points_used',
      'money_paid_cents',
      'order_id',
      'payment_provider',
      'idempotency_key',
      'response_json',
      'created_at',
    ])
    .where('user_id', '=', a.userId)
    .where('idempotency_key', '=', a.key),
);

export async function findPurchaseByKey(
  db: Db,
  userId: string,
  key: string,
): Promise<PurchaseRow | undefined> {
  return (await purchaseByKey(db, { userId, key })).rows[0];
}

export async function insertPurchase(db: Db, row: PurchaseRow): Promise<void> {
  await db.insertInto('purchases').values(row).execute();
}
