import type { PurchaseOutcomeBody, PurchaseRequest } from '../../shared/api/purchases';
import type { purchaseRequestSchema } from '../../shared/api/purchases';
import { AppError } from '../../shared/errors';
import type { z } from 'zod';
import type { ServerContext } from '../context';
import { isCheckViolation, isUniqueViolation } from '../db/database';
import { findCatalogRow } from '../db/contents';
import type { OrderRow } from '../db/orders';
import { findOrder, findOrderByKey } from '../db/orders';
import { lockBuyer } from '../db/purchase-writes';
import type { PurchaseRow } from '../db/purchases';
import { findPurchaseByKey } from '../db/purchases';
import type { Caller } from './auth';
import { orderPlaced, placeOrder } from './orders';
import { splitPayment } from './pricing';
import { issuePurchase } from './purchase-issue';

type PurchaseInput = z.infer<typeof purchaseRequestSchema>;
export type { PurchaseRequest };

export interface PurchaseOutcome {
  response: PurchaseOutcomeBody;
  /** 201 bought now; 202 an order waiting for payment; 200 a replay of the same key. */
  status: 200 | 201 | 202;
}

function sameRequest(row: { content_id: string; points: number }, input: PurchaseInput): void {
  if (row.content_id !== input.contentId || row.points !== input.pointsToUse) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was used for a different purchase',
    );
  }
}

function replayPurchase(existing: PurchaseRow, input: PurchaseInput): PurchaseOutcome {
  sameRequest({ content_id: existing.content_id, points: existing.points_used }, input);
  return { response: JSON.parse(existing.response_json) as PurchaseOutcomeBody, status: 200 };
}

async function replayOrder(
  ctx: ServerContext,
  order: OrderRow,
  input: PurchaseInput,
): Promise<PurchaseOutcome> {
  sameRequest({ content_id: order.content_id, points: order.points_held }, input);
  return { response: await orderPlaced(ctx, order), status: 200 };
}

/** The first answer for this key, if it was used: the purchase, else the order. */
async function replay(
  ctx: ServerContext,
  userId: string,
  input: PurchaseInput,
): Promise<PurchaseOutcome | undefined> {
  const purchase = await findPurchaseByKey(ctx.db, userId, input.idempotencyKey);
  if (purchase) return replayPurchase(purchase, input);
  const order = await findOrderByKey(ctx.db, userId, input.idempotencyKey);
  return order ? replayOrder(ctx, order, input) : undefined;
}

/**
 * POST /purchases. Points only: bought at once in one transaction. A money part: an order that
 * waits for the payment to be captured: a license exists only for a paid purchase
 * (docs/design.md §4.6).
 * `purchasedAt` lets the demo seed backdate a points-only purchase.
 */
export async function purchase(
  ctx: ServerContext,
  caller: Pick<Caller, 'userId'>,
  input: PurchaseInput,
  purchasedAt: number = ctx.clock(),
): Promise<PurchaseOutcome> {
  const { userId } = caller;
  const first = await replay(ctx, userId, input);
  if (first) return first;

  const content = await findCatalogRow(ctx.db, input.contentId);
  if (!content) throw new AppError('NOT_FOUND', 'No such content');
  const split = splitPayment(content.price_cents, input.pointsToUse);
  if (!split) {
    throw new AppError('VALIDATION_FAILED', 'More points than the price', {
      issues: [{ path: 'pointsToUse', message: `at most the price (${content.price_cents})` }],
    });
  }
  try {
    if (split.money > 0) {
      const { order, captured } = await placeOrder(ctx, {
        userId,
        content,
        points: split.points,
        money: split.money,
        idempotencyKey: input.idempotencyKey,
      });
      if (!captured) {
        return {
          response: await orderPlaced(ctx, (await findOrder(ctx.db, order.id)) ?? order),
          status: 202,
        };
      }
      const bought = await findPurchaseByKey(ctx.db, userId, input.idempotencyKey);
      if (!bought) throw new Error('captured order without its purchase');
      return { response: JSON.parse(bought.response_json) as PurchaseOutcomeBody, status: 201 };
    }
    const response = await ctx.database.transaction(async (tx) => {
      // The buyer's row lock serialises this user's spends: the balance read here is exact,
      // and the CHECK (balance >= 0) constraint stays as the last line of defence.
      const buyer = await lockBuyer(tx, userId, content.id);
      if (!buyer) throw new AppError('UNAUTHENTICATED');
      if (buyer.holds) throw new AppError('LICENSE_ALREADY_OWNED');
      if (buyer.pending) throw new AppError('ORDER_PENDING');
      if (buyer.balance < split.points) throw new AppError('INSUFFICIENT_POINTS');
      return issuePurchase(ctx, tx, {
        userId,
        content,
        buyer,
        points: split.points,
        money: 0,
        idempotencyKey: input.idempotencyKey,
        purchasedAt,
        order: null,
      });
    });
    return { response, status: 201 };
  } catch (error) {
    const refused =
      isUniqueViolation(error) ||
      isCheckViolation(error) ||
      (error instanceof AppError &&
        (error.code === 'LICENSE_ALREADY_OWNED' ||
          error.code === 'INSUFFICIENT_POINTS' ||
          error.code === 'ORDER_PENDING'));
    if (!refused) throw error;
    // A concurrent request with the same key may have committed first: then this is a replay
    // (its points were spent and its license issued or its order placed by the first).
    const winner = await replay(ctx, userId, input);
    if (winner) return winner;
    if (isCheckViolation(error)) throw new AppError('INSUFFICIENT_POINTS');
    if (isUniqueViolation(error)) {
      throw new AppError(split.money > 0 ? 'ORDER_PENDING' : 'LICENSE_ALREADY_OWNED');
    }
    throw error;
  }
}
