import { randomUUID } from 'node:crypto';
import type { PurchaseRequest, PurchaseResponse } from '../../shared/api/purchases';
import type { purchaseRequestSchema } from '../../shared/api/purchases';
import { AppError } from '../../shared/errors';
import type { z } from 'zod';
import type { ServerContext } from '../context';
import { isCheckViolation, isUniqueViolation } from '../db/database';
import { findCatalogRow } from '../db/contents';
import { lockBuyer, writePurchase } from '../db/purchase-writes';
import type { PurchaseRow } from '../db/purchases';
import { findPurchaseByKey } from '../db/purchases';
import { iso } from '../util/clock';
import type { Caller } from './auth';
import type { EventBody } from './events';
import { eventRows } from './events';
import { returnDeadline, splitPayment } from './pricing';
import { toCatalogItem, toPolicy } from './views';

type PurchaseInput = z.infer<typeof purchaseRequestSchema>;
export type { PurchaseRequest };

export interface PurchaseOutcome {
  response: PurchaseResponse;
  /** True when this idempotency key had already bought: the first answer, again. */
  replay: boolean;
}

function replay(existing: PurchaseRow, input: PurchaseInput): PurchaseOutcome {
  if (existing.content_id !== input.contentId || existing.points_used !== input.pointsToUse) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was used for a different purchase',
    );
  }
  return { response: JSON.parse(existing.response_json) as PurchaseResponse, replay: true };
}

/**
 * Buys a content: one transaction records the purchase (the "transaction information" a buyback
 * is priced from), spends points through the ledger, issues a signed license and appends the
 * events. `purchasedAt` lets the demo seed backdate a purchase.
 */
export async function purchase(
  ctx: ServerContext,
  caller: Pick<Caller, 'userId'>,
  input: PurchaseInput,
  purchasedAt: number = ctx.clock(),
): Promise<PurchaseOutcome> {
  const { userId } = caller;
  const existing = await findPurchaseByKey(ctx.db, userId, input.idempotencyKey);
  if (existing) return replay(existing, input);

  const content = await findCatalogRow(ctx.db, input.contentId);
  if (!content) throw new AppError('NOT_FOUND', 'No such content');
  const split = splitPayment(content.price_cents, input.pointsToUse);
  if (!split) {
    throw new AppError('VALIDATION_FAILED', 'More points than the price', {
      issues: [{ path: 'pointsToUse', message: `at most the price (${content.price_cents})` }],
    });
  }
  const at = iso(purchasedAt);
  try {
    return await ctx.database.transaction(async (tx) => {
      // The buyer's row lock serialises this user's spends: the balance read here is exact,
      // and the CHECK (balance >= 0) constraint stays as the last line of defence.
      const buyer = await lockBuyer(tx, userId, content.id);
      if (!buyer) throw new AppError('UNAUTHENTICATED');
      if (buyer.holds) throw new AppError('LICENSE_ALREADY_OWNED');
      if (buyer.balance < split.points) throw new AppError('INSUFFICIENT_POINTS');
      const balance = buyer.balance - split.points;
      const lastEventSeq = buyer.eventSeq + (split.points > 0 ? 2 : 1);
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
      const deadline = returnDeadline(purchasedAt, toPolicy(content)?.windowDays ?? null);
      const response: PurchaseResponse = {
        purchase: {
          id: purchaseId,
          contentId: content.id,
          priceCents: content.price_cents,
          pointsUsed: split.points,
          moneyPaidCents: split.money,
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
      if (split.points > 0) bodies.push({ type: 'wallet.changed', balance });
      await writePurchase(tx, ctx.engine, {
        userId,
        balanceAfter: balance,
        lastEventSeq,
        purchase: {
          id: purchaseId,
          user_id: userId,
          content_id: content.id,
          price_cents: content.price_cents,
          points_used: split.points,
          money_paid_cents: split.money,
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
        ledgerRow:
          split.points > 0
            ? {
                id: randomUUID(),
                user_id: userId,
                seq: lastEventSeq,
                delta: -split.points,
                reason: 'purchase',
                reference: purchaseId,
                balance_after: balance,
                created_at: at,
              }
            : null,
        events: eventRows(userId, lastEventSeq, at, bodies),
      });
      return { response, replay: false };
    });
  } catch (error) {
    const refused =
      isUniqueViolation(error) ||
      isCheckViolation(error) ||
      (error instanceof AppError &&
        (error.code === 'LICENSE_ALREADY_OWNED' || error.code === 'INSUFFICIENT_POINTS'));
    if (!refused) throw error;
    // A concurrent request with the same key may have committed first: then this is a replay
    // (its points were spent and its license issued by the first), whatever this attempt hit.
    const winner = await findPurchaseByKey(ctx.db, userId, input.idempotencyKey);
    if (winner) return replay(winner, input);
    if (isCheckViolation(error)) throw new AppError('INSUFFICIENT_POINTS');
    if (isUniqueViolation(error)) throw new AppError('LICENSE_ALREADY_OWNED');
    throw error;
  }
}
