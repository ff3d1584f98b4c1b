import { randomUUID } from 'node:crypto';
import type { PurchaseResponse } from '../../shared/api/purchases';
import type { ServerContext } from '../context';
import type { CatalogRow } from '../db/contents';
import type { Db } from '../db/database';
import type { OrderRow } from '../db/orders';
import type { Buyer } from '../db/purchase-writes';
import { writePurchase } from '../db/purchase-writes';
import { iso } from '../util/clock';
import type { EventBody } from './events';
import { eventRows } from './events';
import { toOrder } from './order-view';
import { recountHeld } from './points-held';
import { returnDeadline } from './pricing';
import { toCatalogItem, toPolicy } from './views';

export interface IssueInput {
  userId: string;
  content: CatalogRow;
  /** Read under the buyer's row lock. */
  buyer: Buyer;
  points: number;
  money: number;
  idempotencyKey: string;
  purchasedAt: number;
  /**
   * The order whose payment was captured, or null for a points-only purchase. An order's points
   * were taken when it was placed, so only a points-only purchase spends them here.
   */
  order: OrderRow | null;
}

/**
 * Records the purchase (the "transaction information" a buyback is priced from: money captured
 * plus points spent), issues the signed license and appends the events, inside the caller's
 * transaction. The only place a license for a purchase is made.
 */
export async function issuePurchase(
  ctx: ServerContext,
  tx: Db,
  input: IssueInput,
): Promise<PurchaseResponse> {
  const { userId, content, buyer, points, money, order } = input;
  const at = iso(input.purchasedAt);
  const spendsNow = order === null && points > 0;
  const balance = spendsNow ? buyer.balance - points : buyer.balance;
  const purchaseId = randomUUID();
  const licenseId = randomUUID();
  const signed = ctx.signer.sign({
    licenseId,
    userId,
    contentId: content.id,
    productId: content.product_id,
    version: content.version,
    purchaseId,
    issuedAt: at,
  });
  const deadline = returnDeadline(input.purchasedAt, toPolicy(content)?.windowDays ?? null);
  const response: PurchaseResponse = {
    purchase: {
      id: purchaseId,
      contentId: content.id,
      priceCents: content.price_cents,
      pointsUsed: points,
      moneyPaidCents: money,
      orderId: order?.id ?? null,
      paymentProvider: order ? toOrder(order, null).provider : null,
      createdAt: at,
    },
    license: {
      licenseId,
      purchaseId,
      issuedAt: at,
      returnDeadline: deadline,
      upgradedFromReturnId: null,
      signed,
      content: toCatalogItem(content),
    },
    balance,
  };
  const bodies: EventBody[] = [{ type: 'license.issued', license: response.license }];
  if (spendsNow) bodies.push({ type: 'wallet.changed', balance });
  if (order) {
    const paid: OrderRow = {
      ...order,
      state: 'paid',
      checkout_url: null,
      purchase_id: purchaseId,
      license_id: licenseId,
      updated_at: at,
    };
    bodies.push({ type: 'order.changed', order: toOrder(paid, null) });
  }
  const lastEventSeq = buyer.eventSeq + bodies.length;
  await writePurchase(tx, ctx.engine, {
    userId,
    balanceAfter: balance,
    lastEventSeq,
    purchase: {
      id: purchaseId,
      user_id: userId,
      content_id: content.id,
      price_cents: content.price_cents,
      points_used: points,
      money_paid_cents: money,
      order_id: order?.id ?? null,
      payment_provider: order?.provider ?? null,
      idempotency_key: input.idempotencyKey,
      response_json: JSON.stringify(response),
      created_at: at,
    },
    license: {
      id: licenseId,
      user_id: userId,
      content_id: content.id,
      product_id: content.product_id,
      purchase_id: purchaseId,
      issued_at: at,
      return_deadline: deadline,
      upgraded_from_return_id: null,
      signed_json: JSON.stringify(signed),
    },
    ledgerRow: spendsNow
      ? {
          id: randomUUID(),
          user_id: userId,
          seq: lastEventSeq,
          delta: -points,
          reason: 'purchase',
          reference: purchaseId,
          balance_after: balance,
          created_at: at,
        }
      : null,
    paidOrder: order ? { id: order.id, at } : null,
    events: eventRows(userId, lastEventSeq, at, bodies),
  });
  // A captured order's points were held since it was placed: now spent, no longer held once its
  // row is marked paid (above).
  if (order) await recountHeld(ctx, tx, userId, order.id, buyer.held - order.points_held);
  return response;
}
